"""Answers to the exercises of section 3.7 (when the column kinks)."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("3.7-critical-current", name="the Kruskal–Shafranov current I_c", unit="A")
def _critical_current():
    from fluxlib.models.plasma import critical_current

    return float(critical_current(0.6, 1.8, 3.0))
