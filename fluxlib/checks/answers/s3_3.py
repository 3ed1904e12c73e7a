"""Answers to the exercises of section 3.3 (inside the kidney)."""

from __future__ import annotations

from fluxlib.checks.base import answer


@answer("3.3-medulla-share", name="the medulla's share of renal flow", unit="")
def _medulla_share():
    from fluxlib.models.kidney import Kidney, kidney

    return kidney(4.0, kidney=Kidney(medulla_fraction=0.1)).medulla_share
