"""Derivations display as written: a label typed as LaTeX reaches the page unchanged.

sympy splits a Symbol's name at ``_`` and ``^``, so ``sp.Symbol(r"\\dot Q_A + \\dot Q_B")``
displays as garbage. Every derivation the notebooks show is built here, and every step whose
side is a label must show exactly the LaTeX its author wrote.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest
import sympy as sp

import fluxlib.symbolic as symbolic
from fluxlib.symbolic import Derivation, Step


def _derivations() -> list[tuple[str, Derivation]]:
    found = []
    for info in pkgutil.iter_modules(symbolic.__path__):
        module = importlib.import_module(f"fluxlib.symbolic.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            required = [
                p
                for p in inspect.signature(fn).parameters.values()
                if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
            ]
            if required:
                continue
            out = fn()
            if isinstance(out, Derivation):
                found.append((f"{info.name}.{name}", out))
    return found


DERIVATIONS = _derivations()


def test_derivations_are_found() -> None:
    # Every chapter derives something; a broken discovery must not pass silently.
    assert len(DERIVATIONS) >= 30


@pytest.mark.parametrize("name,d", DERIVATIONS, ids=[n for n, _ in DERIVATIONS])
def test_labels_display_as_written(name: str, d: Derivation) -> None:
    for step in d.steps:
        shown = step.equation()
        if isinstance(step.lhs, str):
            assert shown.startswith(step.lhs), (name, step.lhs, shown)
        for side in (step.lhs, step.rhs):
            if isinstance(side, sp.Symbol):
                shown_sym = sp.latex(side)
                groups = re.findall(r"[_^]\{([^{}]*)\}", shown_sym)
                garbled = [g for g in groups if not re.fullmatch(r"\\?[A-Za-z0-9]+|.", g)]
                assert not garbled, f"{name}: Symbol {side.name!r} displays as {shown_sym!r}"
        if isinstance(step.rhs, str):
            assert shown.endswith(step.rhs), (name, step.rhs, shown)


def test_a_formula_wrapped_in_a_symbol_is_refused() -> None:
    with pytest.raises(TypeError, match="pass the LaTeX as a plain string"):
        Step(sp.Symbol(r"\dot Q_A + \dot Q_B"), 0)
    with pytest.raises(TypeError, match="would display as"):
        Derivation("t").step(sp.Symbol(r"\int_0^R (1 - r^2/R^2)\,dr"), 1)


def test_a_text_label_is_shown_verbatim() -> None:
    label = r"\Delta P(0^+) - \Delta P(0^-)"
    assert Step(label, sp.Integer(0)).equation().startswith(label)
