"""The governance model: parameters, population, network, rules, processes, agents and metrics.

The names below are imported on first use (PEP 562), so ``smartgov.model.params`` or ``smartgov.model.events``
load without Mesa, networkx and SciPy: validating a scenario file or refusing a bad option stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .agents import Citizen, DigitallyExcludedCitizen, GovernmentAgency, TechCompany
    from .model import GovernanceModel
    from .params import ParameterError, Params

_WHERE = {
    "Citizen": "agents",
    "DigitallyExcludedCitizen": "agents",
    "GovernmentAgency": "agents",
    "TechCompany": "agents",
    "GovernanceModel": "model",
    "ParameterError": "params",
    "Params": "params",
}
__all__ = ["Citizen", "DigitallyExcludedCitizen", "GovernanceModel", "GovernmentAgency", "ParameterError", "Params",
           "TechCompany"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
