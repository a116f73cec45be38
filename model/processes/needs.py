"""Process 1 — needs arise."""

from __future__ import annotations

import numpy as np

from ..params import Params
from ..population import Population


def needs_arise(pop: Population, params: Params, rng: np.random.Generator) -> int:
    """Citizens without an open need develop one with probability ``need_rate``.

    The domain (= responsible agency) is uniform and the severity Beta(2, 3); both are known to the citizen only.
    Open needs age by a week. Returns the number of new needs.
    """
    pop.need_age[pop.has_need] += 1
    free = np.flatnonzero(~pop.has_need)
    new = free[rng.random(len(free)) < params.need_rate]
    pop.need_domain[new] = rng.integers(0, params.n_agencies, len(new))
    pop.need_severity[new] = rng.beta(2.0, 3.0, len(new))
    pop.need_age[new] = 0
    pop.flags.arisen[new] = True
    pop.flags.had_need[:] = pop.has_need
    return len(new)
