"""Process 1 — needs arise, uniformly or following disadvantage (``needs_rule``)."""

from __future__ import annotations

import numpy as np

from ..params import Params
from ..population import Population

HEALTH, WELFARE = 0, 1
"""Named domains under ``needs_rule = "by_attributes"``: agency 0 serves health and care (医疗、养老), agency 1
social welfare (社会救助); any further agency serves needs that do not depend on age or resources."""
DOMAIN_NAMES = {HEALTH: ("health and care", "医疗照护"), WELFARE: ("social welfare", "社会救助")}


def domain_hazards(pop: Population, params: Params) -> np.ndarray:
    """Weekly chance of a new need in each domain for each citizen, shape (agencies, citizens).

    Each domain's hazard is ``need_rate / agencies`` times a factor scaled to mean 1 over the population, so the
    population-mean need rate and the split of needs across agencies stay what they are under the uniform rule;
    only who has which need changes. Health and care: citizens aged 60+ have ``older_need_ratio`` times the rate of
    younger ones (chronic disease, NHC 2019 / NHSS 2018). Social welfare: 1 + ``welfare_need_slope`` ×
    (1 − 2 × resources), higher for low-resource households (means-tested assistance). Other domains: flat.
    """
    k = params.n_agencies
    factor = np.ones((k, pop.n))
    factor[HEALTH] = np.where(pop.older, params.older_need_ratio, 1.0)
    if k > WELFARE:
        factor[WELFARE] = 1.0 + params.welfare_need_slope * (1.0 - 2.0 * pop.resources)
    factor /= np.maximum(factor.mean(axis=1, keepdims=True), 1e-12)
    return params.need_rate / k * factor


def needs_arise(pop: Population, params: Params, rng: np.random.Generator) -> int:
    """Citizens without an open need develop one; returns the number of new needs.

    Uniform rule (the earlier model): chance ``need_rate``, domain uniform, severity Beta(2, 3). By attributes:
    chance and domain from :func:`domain_hazards`; a health-and-care need of a citizen aged 60+ is severe
    (Beta(3, 2)) with chance ``older_severe_share``, every other need Beta(2, 3). Severity is known to the citizen
    only. Open needs age by a week.
    """
    pop.need_age[pop.has_need] += 1
    free = np.flatnonzero(~pop.has_need)
    if params.needs_rule == "uniform":
        new = free[rng.random(len(free)) < params.need_rate]
        pop.need_domain[new] = rng.integers(0, params.n_agencies, len(new))
        pop.need_severity[new] = rng.beta(2.0, 3.0, len(new))
    else:
        hazards = domain_hazards(pop, params)[:, free]
        cumulative = np.cumsum(hazards, axis=0)
        new_at = rng.random(len(free)) < cumulative[-1]
        new = free[new_at]
        share = cumulative[:, new_at] / cumulative[-1, new_at]
        domain = np.minimum((rng.random(len(new)) >= share).sum(axis=0), params.n_agencies - 1)
        pop.need_domain[new] = domain
        severe = (domain == HEALTH) & pop.older[new] & (rng.random(len(new)) < params.older_severe_share)
        pop.need_severity[new] = np.where(severe, rng.beta(3.0, 2.0, len(new)), rng.beta(2.0, 3.0, len(new)))
    pop.need_age[new] = 0
    pop.flags.arisen[new] = True
    pop.flags.had_need[:] = pop.has_need
    return len(new)
