"""The processes of a step, in the order the model runs them (DESIGN §2).

Each is a plain function over the population arrays and the parameters, readable and testable on its own.
"""

from .capture import capture_data, directed_collection
from .decision import BudgetPlan, allocate, budget_plan
from .delivery import deliver_services
from .inclusion import digital_inclusion
from .needs import needs_arise
from .participation import participate
from .redress import redress
from .security import share_and_secure
from .trust import update_trust

__all__ = [
    "BudgetPlan",
    "allocate",
    "budget_plan",
    "capture_data",
    "deliver_services",
    "digital_inclusion",
    "directed_collection",
    "needs_arise",
    "participate",
    "redress",
    "share_and_secure",
    "update_trust",
]
