"""fluxlib: the numerics behind *Flux*, a textbook companion on the science of flow.

The core (finite volumes, flow networks, kinetic cycles, flux profiles) needs only
numpy and scipy. The presentation layers ``fluxlib.plotting``, ``fluxlib.widgets``,
``fluxlib.symbolic`` and ``fluxlib.checks`` are imported only when first used, so
``import fluxlib`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from fluxlib.errors import FluxInputError, InconsistentSupplyError

__version__ = "0.1.0"

# Names re-exported lazily from core modules: name -> module.
_LAZY = {
    # finite volumes
    "Grid": "fluxlib.fv",
    "Fixed": "fluxlib.fv",
    "Flux": "fluxlib.fv",
    "Robin": "fluxlib.fv",
    "solve_steady": "fluxlib.fv",
    "solve_transient": "fluxlib.fv",
    "SteadyResult": "fluxlib.fv",
    "TransientResult": "fluxlib.fv",
    # networks
    "FlowNetwork": "fluxlib.network",
    # kinetic networks
    "KineticNetwork": "fluxlib.kinetics",
}
_SUBMODULES = {
    "plotting",
    "widgets",
    "symbolic",
    "checks",
    "models",
    "fv",
    "network",
    "kinetics",
    "profiles",
    "validity",
    "tables",
}

__all__ = ["FluxInputError", "InconsistentSupplyError", "__version__", *_LAZY, *sorted(_SUBMODULES)]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = importlib.import_module(f"fluxlib.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'fluxlib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
