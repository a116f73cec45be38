"""Process 3 — government decision: each agency ranks the needs it can see and allocates its capacity."""

from __future__ import annotations

import numpy as np

from ..budget import BudgetPlan, budget_plan
from ..ledger import Ledger
from ..params import Params
from ..population import Population
from ..rules import Algorithm, priority_score
from .judgement import ALGORITHM, HUMAN, deference, human_view, reviewer_score

# the plan lives in model/budget.py
__all__ = ["BudgetPlan", "allocate", "budget_plan", "case_capacity", "group_coverage"]


def group_coverage(pop: Population, who: np.ndarray) -> tuple[float, float]:
    """Audit estimate of how well each group is covered: its share among visible cases over its population
    share (1 = represented in proportion)."""
    share_excluded = float(pop.excluded.mean())
    if len(who) == 0 or share_excluded in (0.0, 1.0):
        return 1.0, 1.0
    seen_excluded = float(pop.excluded[who].mean())
    return (1.0 - seen_excluded) / (1.0 - share_excluded), seen_excluded / share_excluded


def allocate(
    agency: int,
    caseload: tuple[np.ndarray, np.ndarray, np.ndarray],
    pop: Population,
    params: Params,
    plan: BudgetPlan,
    rng: np.random.Generator,
    ledger: Ledger,
    *,
    reliance: float | None = None,
) -> np.ndarray:
    """Choose which visible needs ``agency`` serves this step; returns citizen indices.

    A share ``reliance`` of the case budget (default: the lever ``algorithm_reliance``; the agency's own
    decision under the adaptive rule, model/processes/judgement.py) is decided by the algorithm (see
    rules.priority_score); the rest by officials, which costs more per case (fewer cases per budget unit) and has no
    data-richness bias of its own. An official reads the record corrected toward the true need by the agency's
    judgement (local knowledge, ``pop.judgement``) and anchors on the algorithm's score, the more so the weaker that
    judgement (automation bias). Trace-based scoring makes both favour cases that leave a digital trace. Who decided
    each chosen case is written to ``pop.last_decision[agency]`` (what the agency later observes).
    """
    who, estimate, captures = caseload
    reliance = params.algorithm_reliance if reliance is None else reliance
    judgement = float(pop.judgement[agency])
    trace_bonus = 1.0 + params.trace_preference * params.trace_management * pop.online_record[who]
    score = priority_score(
        Algorithm(params.algorithm), estimate, captures, pop.excluded[who], group_coverage(pop, who)
    ) * trace_bonus
    n_algorithm = int(plan.service * reliance)
    n_human = int(plan.service * (1.0 - reliance) / (1.0 + params.human_review_cost))

    by_algorithm = _top(score, n_algorithm)
    rest = np.ones(len(who), dtype=bool)
    rest[by_algorithm] = False
    remaining = np.flatnonzero(rest)
    own = human_view(estimate[remaining], pop.need_severity[who[remaining]], judgement,
                     params.capture_noise * params.human_judgement_noise, rng) * trace_bonus[remaining]
    judged = reviewer_score(own, score[remaining], deference(params, judgement))
    by_human = remaining[_top(judged, n_human)]

    chosen = who[np.concatenate([by_algorithm, by_human])]
    last = pop.last_decision[agency]
    last[:] = -1
    last[who[by_algorithm]] = ALGORITHM
    last[who[by_human]] = HUMAN
    # No charge here: the case line is paid in full each week by the model step (model/budget.py).
    ledger.cases_allocated += len(chosen)
    ledger.service_records += len(chosen)
    ledger.allocated_severity += float(pop.need_severity[chosen].sum())
    in_domain = pop.need_severity[pop.need_domain == agency]
    best = min(len(chosen), len(in_domain))
    if best:
        ledger.oracle_severity += float(np.partition(in_domain, len(in_domain) - best)[-best:].sum())
    pop.flags.allocated[chosen] = True
    return chosen


def case_capacity(plan: BudgetPlan, params: Params, reliance: float) -> int:
    """Cases an agency can decide this week at ``reliance`` (officials' cases cost 1 + ``human_review_cost``)."""
    return int(plan.service * reliance) + int(plan.service * (1.0 - reliance) / (1.0 + params.human_review_cost))


def _top(score: np.ndarray, count: int) -> np.ndarray:
    """Positions of the ``count`` highest scores (all if fewer)."""
    if count <= 0 or len(score) == 0:
        return np.empty(0, dtype=np.int64)
    if count >= len(score):
        return np.arange(len(score))
    return np.argpartition(-score, count - 1)[:count]
