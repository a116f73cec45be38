"""The governance model: parameters, population, network, rules, processes, agents and metrics."""

from .agents import Citizen, DigitallyExcludedCitizen, GovernmentAgency, TechCompany
from .model import GovernanceModel
from .params import ParameterError, Params

__all__ = [
    "Citizen",
    "DigitallyExcludedCitizen",
    "GovernanceModel",
    "GovernmentAgency",
    "ParameterError",
    "Params",
    "TechCompany",
]
