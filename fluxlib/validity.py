"""Where a model stops describing the world, said in plain words in its result.

A model is a set of assumptions. When a parameter carries it past one of them (a lumped
pipe asked to change faster than its viscous time, a sink above its ceiling, a Reynolds
number past laminar), the result still holds numbers, but they no longer describe the
system the page talks about. Models record that here, and notebooks and panels show it.

A model result carries ``validity: tuple[ValidityNote, ...]`` (empty when every stated
assumption holds). Build it with :func:`notes`::

    validity = notes(
        limit("Reynolds number Re", Re, above=2000.0,
              why="past Re ~ 2000 pipe flow turns turbulent; Poiseuille's law no longer holds"),
    )
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ValidityNote", "limit", "notes", "describe"]


@dataclass(frozen=True)
class ValidityNote:
    """One assumption a result breaks: which quantity, its value, the bound and why it matters."""

    quantity: str
    value: float
    bound: float
    side: str  # "above" or "below": the value lies above (or below) the bound
    why: str

    def __str__(self) -> str:
        word = "exceeds" if self.side == "above" else "is below"
        from fluxlib.tables import fmt

        return f"{self.quantity} = {fmt(self.value)} {word} {fmt(self.bound)}: {self.why}"


def limit(
    quantity: str,
    value: float,
    *,
    above: float | None = None,
    below: float | None = None,
    why: str,
) -> ValidityNote | None:
    """A note if ``value`` lies above ``above`` or below ``below``; otherwise None."""
    v = float(value)
    if above is not None and v > above:
        return ValidityNote(quantity, v, float(above), "above", why)
    if below is not None and v < below:
        return ValidityNote(quantity, v, float(below), "below", why)
    return None


def notes(*checks: ValidityNote | None) -> tuple[ValidityNote, ...]:
    """The notes among ``checks`` that fired, in order."""
    return tuple(c for c in checks if c is not None)


def describe(
    validity: Iterable[ValidityNote],
    *,
    ok: str = "Within the model's stated validity.",
    width: int | None = 79,
) -> str:
    """One sentence per broken assumption, or ``ok`` when there is none.

    The text is wrapped to ``width`` columns (the book's code column), or left on one line
    with ``width=None`` (for a panel's sentence, which the browser wraps).
    """
    items = [str(v) for v in validity]
    if not items:
        text = ok
    elif len(items) == 1:
        text = f"Outside the model's validity: {items[0]}."
    else:
        # numbered, so that a note starting with a lower-case quantity never reads as a sentence
        # that forgot its capital ("... q(a) = 1. edge safety factor ...")
        counted = " ".join(f"({i}) {s}." for i, s in enumerate(items, start=1))
        text = f"Outside the model's validity on {len(items)} counts: {counted}"
    if width is None:
        return text
    import textwrap

    return textwrap.fill(text, width=width, break_long_words=False, break_on_hyphens=False)
