"""Feedback on numeric and symbolic answers."""

from __future__ import annotations

import html
import importlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fluxlib.errors import FluxInputError


@dataclass(frozen=True)
class Feedback:
    """The outcome of a check: ``correct`` and a message a student can act on."""

    correct: bool
    message: str
    hint: str = (
        ""  # a short code: "", "unanswered", "sign", "units", "close", "dependence", "factor", "wrong"
    )

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        mark = "✔" if self.correct else "✘"
        return f"{mark} {self.message}"

    def _repr_html_(self) -> str:
        colour = "#009E73" if self.correct else ("#555555" if self.hint == "unanswered" else "#D55E00")
        mark = "✔" if self.correct else ("…" if self.hint == "unanswered" else "✘")
        return f'<div style="color:{colour}"><b>{mark}</b> {html.escape(self.message)}</div>'


def _unanswered(value: object) -> bool:
    return value is None or value is Ellipsis


def check(
    value: Any,
    expected: float,
    *,
    name: str = "your answer",
    unit: str = "",
    rtol: float = 0.02,
    atol: float = 0.0,
) -> Feedback:
    """Compare a numeric answer with the expected value and explain a miss.

    ``rtol`` is the relative tolerance (2 % by default: exercises ask for two or three
    significant figures).
    """
    u = f" {unit}" if unit else ""
    if _unanswered(value):
        return Feedback(False, f"Not answered yet: replace ... with your value for {name}.", "unanswered")
    try:
        v = float(value)
    except (TypeError, ValueError):
        return Feedback(False, f"{name} should be a number, got {value!r}.", "wrong")
    if not math.isfinite(v):
        return Feedback(False, f"{name} is {v}: a physical quantity here is finite.", "wrong")
    e = float(expected)

    def close(a: float, b: float) -> bool:
        return abs(a - b) <= atol + rtol * abs(b)

    if close(v, e):
        return Feedback(True, f"Correct: {name} = {v:.4g}{u}.")
    if e != 0 and close(-v, e):
        return Feedback(
            False,
            f"{name} has the right size but the wrong sign. Check which way positive flux points "
            "(and whether you counted flow in or flow out).",
            "sign",
        )
    if e != 0 and v != 0 and (v > 0) == (e > 0):
        ratio = v / e
        k = round(math.log10(abs(ratio)))
        if k != 0 and close(v / 10.0**k, e):
            return Feedback(
                False,
                f"{name} is off by a factor of 10^{k}. Check your units{(' (the answer is in ' + unit + ')') if unit else ''}.",
                "units",
            )
        if abs(ratio - 1) < 0.25:
            return Feedback(
                False,
                f"{name} = {v:.4g}{u} is close ({100 * (ratio - 1):+.1f} %) but outside the tolerance "
                f"of {100 * rtol:.3g} %. Check rounding in intermediate steps.",
                "close",
            )
        for f, words in ((2.0, "2"), (0.5, "1/2"), (math.pi, "π"), (1 / math.pi, "1/π")):
            if close(v / f, e):
                return Feedback(
                    False,
                    f"{name} is off by a factor of {words}: look for a missing or extra factor.",
                    "factor",
                )
    return Feedback(False, f"{name} = {v:.4g}{u} is not right. Revisit the balance you wrote down.", "wrong")


def check_expression(
    expr: Any, expected: Any, *, name: str = "your expression", samples: int = 3
) -> Feedback:
    """Compare a sympy expression with the expected one.

    If it is wrong, say which variable it depends on wrongly.
    """
    import random

    import sympy as sp

    if _unanswered(expr):
        return Feedback(
            False, f"Not answered yet: replace ... with your expression for {name}.", "unanswered"
        )
    try:
        expr = sp.sympify(expr)
    except (sp.SympifyError, TypeError):
        return Feedback(False, f"{name} could not be read as a sympy expression: {expr!r}.", "wrong")
    expected = sp.sympify(expected)
    if sp.simplify(expr - expected) == 0:
        return Feedback(True, f"Correct: {name} = {sp.sstr(expected)}.")
    extra = expr.free_symbols - expected.free_symbols
    if extra:
        names = ", ".join(sorted(str(s) for s in extra))
        return Feedback(False, f"{name} contains {names}, which the answer does not depend on.", "dependence")
    if sp.simplify(expr + expected) == 0:
        return Feedback(False, f"{name} has the wrong sign: check which way positive flux points.", "sign")
    ratio = sp.simplify(expr / expected) if expected != 0 else None
    if ratio is not None and ratio.free_symbols == set() and ratio.is_number:
        return Feedback(False, f"{name} is off by a constant factor of {sp.sstr(ratio)}.", "factor")
    rng = random.Random(0)
    syms = sorted(expected.free_symbols, key=str)
    base = {s: sp.Rational(rng.randint(11, 29), 10) for s in syms}
    for s in syms:
        ratios = set()
        for _ in range(samples):
            point = dict(base)
            point[s] = sp.Rational(rng.randint(11, 49), 10)
            a, b = expr.subs(point), expected.subs(point)
            if b == 0:
                continue
            ratios.add(sp.nsimplify(sp.N(a / b, 15), rational=True, tolerance=1e-10))
        if len(ratios) > 1:
            return Feedback(
                False, f"{name} depends on {s} in the wrong way: check how {s} enters.", "dependence"
            )
    return Feedback(False, f"{name} is not equivalent to the expected result.", "wrong")


# --- the answer registry --------------------------------------------------------------------
@dataclass(frozen=True)
class _Answer:
    key: str
    compute: Callable[[], Any]
    name: str
    unit: str
    rtol: float
    symbolic: bool


_REGISTRY: dict[str, _Answer] = {}
#: modules that register answers, imported on first look-up
ANSWER_MODULES = ["fluxlib.checks.answers"]


def answer(
    key: str, *, name: str, unit: str = "", rtol: float = 0.02, symbolic: bool = False
) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Decorator registering the function that computes the expected answer of exercise ``key``."""

    def wrap(fn: Callable[[], Any]) -> Callable[[], Any]:
        if key in _REGISTRY:
            raise FluxInputError(f"exercise key {key!r} is registered twice")
        _REGISTRY[key] = _Answer(key, fn, name, unit, rtol, symbolic)
        return fn

    return wrap


def _lookup(key: str) -> _Answer:
    for mod in ANSWER_MODULES:
        importlib.import_module(mod)
    try:
        return _REGISTRY[key]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise FluxInputError(f"no exercise with key {key!r}; known keys: {known}") from None


def expected_value(key: str) -> Any:
    """The expected answer of exercise ``key`` (for instructors and tests)."""
    return _lookup(key).compute()


def check_answer(key: str, value: Any) -> Feedback:
    """Check a student's answer to exercise ``key``."""
    a = _lookup(key)
    if a.symbolic:
        return check_expression(value, a.compute(), name=a.name)
    return check(value, a.compute(), name=a.name, unit=a.unit, rtol=a.rtol)
