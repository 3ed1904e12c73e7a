"""Errors that speak the physics.

Every input check in fluxlib raises one of these, with a message that names the
quantity, the offending value and, where it helps, what the physics would do with it.
They subclass :class:`ValueError`, so ``except ValueError`` still catches them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "FluxInputError",
    "InconsistentSupplyError",
    "check_finite",
    "check_positive",
    "check_nonnegative",
    "check_length",
]


class FluxInputError(ValueError):
    """An input that the physics cannot accept (negative conductance, NaN, ...)."""


class InconsistentSupplyError(FluxInputError):
    """External supplies of a connected part of a network do not sum to zero.

    ``imbalances`` maps a representative node of each offending part to the net
    supply of that part (positive: more enters than leaves, flow would accumulate).
    """

    def __init__(self, message: str, imbalances: dict | None = None):
        super().__init__(message)
        self.imbalances = dict(imbalances or {})


def _describe(value: Any) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0:
        return f"{arr.item()!r}"
    return f"array of shape {arr.shape}"


def check_finite(name: str, value: Any, *, what: str = "") -> np.ndarray:
    """Return ``value`` as a float array, or raise if it holds NaN or infinity."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise FluxInputError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    bad = ~np.isfinite(arr)
    if bad.any():
        where = "" if arr.ndim == 0 else f" at index {int(np.flatnonzero(bad.ravel())[0])}"
        first = arr.ravel()[bad.ravel()][0]
        raise FluxInputError(f"{name} must be finite, got {first}{where}{(': ' + what) if what else ''}")
    return arr


def check_positive(name: str, value: Any, *, what: str = "") -> np.ndarray:
    """Return ``value`` as a float array, or raise if any entry is not > 0."""
    arr = check_finite(name, value, what=what)
    bad = arr <= 0
    if bad.any():
        first = arr.ravel()[bad.ravel()][0]
        where = "" if arr.ndim == 0 else f" at index {int(np.flatnonzero(bad.ravel())[0])}"
        tail = f": {what}" if what else ""
        raise FluxInputError(f"{name} must be positive, got {first:g}{where}{tail}")
    return arr


def check_nonnegative(name: str, value: Any, *, what: str = "") -> np.ndarray:
    """Return ``value`` as a float array, or raise if any entry is < 0."""
    arr = check_finite(name, value, what=what)
    bad = arr < 0
    if bad.any():
        first = arr.ravel()[bad.ravel()][0]
        where = "" if arr.ndim == 0 else f" at index {int(np.flatnonzero(bad.ravel())[0])}"
        tail = f": {what}" if what else ""
        raise FluxInputError(f"{name} must not be negative, got {first:g}{where}{tail}")
    return arr


def check_length(name: str, value: Any, n: int, *, of: str) -> np.ndarray:
    """Raise unless ``value`` is a 1-D array of length ``n`` (``of`` says what n counts)."""
    arr = np.asarray(value)
    if arr.ndim != 1 or arr.shape[0] != n:
        raise FluxInputError(f"{name} must have one value per {of} ({n}), got {_describe(value)}")
    return arr
