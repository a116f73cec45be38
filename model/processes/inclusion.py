"""Process 8 — digital inclusion: adoption by reason of exclusion, and push-out by digital-only service."""

from __future__ import annotations

import numpy as np

from ..network import Network
from ..params import Params
from ..population import AGE, DEVICE, LITERACY, SKILLS, Population
from ..rules import ServiceRule, has_counters

# How much each lever helps each reason for being offline (CNNIC 45th/49th: skills, literacy, device, age).
# A documented table, not parameters: the 0 and 1 entries say which lever addresses which reason (structure), and
# each column's scale is already a parameter (training_rate, device_subsidy, peer_adoption); see docs/model.md,
# "Structural assumptions". The scalar assumptions of this process (innovation, new_user_literacy,
# pushout_literacy, pushout_failures) are Params fields, group "structural".
TRAINING_HELPS = {SKILLS: 1.0, LITERACY: 0.5, DEVICE: 0.0, AGE: 0.3}
DEVICE_HELPS = {SKILLS: 0.0, LITERACY: 0.0, DEVICE: 1.0, AGE: 0.3}
PEERS_HELP = {SKILLS: 1.0, LITERACY: 0.5, DEVICE: 0.5, AGE: 0.5}


def adoption_probability(pop: Population, params: Params, network: Network) -> np.ndarray:
    """Weekly chance each citizen comes online (0 for the included).

    Bass (1969): p + q × share of online neighbours, scaled by how much peers can help with the citizen's reason;
    plus training and device subsidies, each helping the reasons it addresses.
    """
    online_share = pop.online_neighbours / np.maximum(network.degree, 1)
    lookup = np.zeros((3, 5))
    for reason in (SKILLS, LITERACY, DEVICE, AGE):
        lookup[:, reason] = TRAINING_HELPS[reason], DEVICE_HELPS[reason], PEERS_HELP[reason]
    r = pop.reason
    p = (params.training_rate * lookup[0, r] + params.device_subsidy * lookup[1, r]
         + (params.innovation + params.peer_adoption * online_share) * lookup[2, r])
    return np.where(pop.excluded, np.clip(p, 0.0, 1.0), 0.0)


def digital_inclusion(
    pop: Population, params: Params, rng: np.random.Generator, network: Network
) -> tuple[np.ndarray, np.ndarray]:
    """Move excluded citizens online and, under digital-only service, push struggling users out.

    Returns (newly included, newly excluded) citizen indices so the model can swap their Mesa agents.
    """
    draws = rng.random((2, pop.n))
    joins = np.flatnonzero(draws[0] < adoption_probability(pop, params, network))
    leaves = np.empty(0, dtype=np.int64)
    if not has_counters(ServiceRule(params.service_rule)):
        struggling = (pop.included & (pop.literacy < params.pushout_literacy)
                      & (pop.online_failures >= params.pushout_failures) & pop.has_need)
        leaves = np.flatnonzero(struggling & (draws[1] < params.pushout_rate))
    pop.excluded[joins] = False
    pop.reason[joins] = 0
    pop.literacy[joins] = np.maximum(pop.literacy[joins], params.new_user_literacy)
    pop.excluded[leaves] = True
    pop.reason[leaves] = SKILLS
    pop.online_failures[leaves] = 0
    pop.online_account[leaves] = False  # the account falls dormant: records show no recent online use
    return joins, leaves
