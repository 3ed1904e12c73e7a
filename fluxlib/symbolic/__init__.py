"""Derivations in sympy, as functions returning sympy objects the notebooks display.

sympy is imported only when this subpackage is used. A :class:`Derivation` is a chain of
displayed steps (``lhs = rhs``, with a short note for each), whose final right-hand side is
``.result``; tests compare ``.result`` with the expected closed form by
``sympy.simplify(derived - expected) == 0``.
"""

from __future__ import annotations

from fluxlib.symbolic.base import Derivation, Step

__all__ = ["Derivation", "Step"]
