"""Process 3 — government decision: each agency ranks the needs it can see and allocates its capacity."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..ledger import Ledger
from ..params import Params
from ..population import Population
from ..rules import Algorithm, ServiceRule, has_counters, priority_score


@dataclass(frozen=True)
class BudgetPlan:
    """How one agency's weekly budget is split (units: cost of one online case)."""

    total: float
    counters: float
    outreach: float
    documentation: float
    service: float
    counter_slots: int
    visits: float  # community visits this agency can pay for (fractional: pooled across agencies)
    documentation_entries: float
    collection: float = 0.0  # directed data collection (needs assessments), paid on top like outreach
    assessments: float = 0.0  # needs assessments this agency can pay for (fractional: pooled across agencies)


def budget_plan(params: Params) -> BudgetPlan:
    """Split an agency's budget.

    The base budget pays counters (if the rule keeps them), trace reporting, then cases. Outreach (在场行动) is
    paid on top of it: visiting staff are extra effort, which is why outreach costs efficiency. Directed data
    collection (needs assessments of citizens with no digital footprint) is paid on top in the same way.
    """
    expected_new_needs = params.need_rate * params.n_citizens / params.n_agencies
    base = params.capacity_ratio * expected_new_needs
    counters = params.counter_share * base if has_counters(ServiceRule(params.service_rule)) else 0.0
    outreach = params.outreach_share * base
    collection = params.directed_collection * base
    documentation = params.trace_management * params.trace_burden * base
    service = max(base - counters - documentation, 0.0)
    return BudgetPlan(
        total=base + outreach + collection,
        counters=counters,
        outreach=outreach,
        documentation=documentation,
        service=service,
        counter_slots=int(counters / params.counter_cost),
        visits=outreach / params.visit_cost,
        documentation_entries=documentation / params.documentation_cost,
        collection=collection,
        assessments=collection / params.assessment_cost,
    )


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
) -> np.ndarray:
    """Choose which visible needs ``agency`` serves this step; returns citizen indices.

    A share ``algorithm_reliance`` of the case budget is decided by the algorithm (see rules.priority_score);
    the rest by officials' judgement, which costs more per case but has no data-richness bias. Trace-based
    scoring makes both favour cases that leave a digital trace.
    """
    who, estimate, captures = caseload
    trace_bonus = 1.0 + params.trace_preference * params.trace_management * pop.online_record[who]
    score = priority_score(
        Algorithm(params.algorithm), estimate, captures, pop.excluded[who], group_coverage(pop, who)
    ) * trace_bonus
    n_algorithm = int(plan.service * params.algorithm_reliance)
    n_human = int(plan.service * (1.0 - params.algorithm_reliance) / (1.0 + params.human_review_cost))

    by_algorithm = _top(score, n_algorithm)
    rest = np.ones(len(who), dtype=bool)
    rest[by_algorithm] = False
    remaining = np.flatnonzero(rest)
    judged = np.clip(
        estimate[remaining] + rng.normal(0.0, params.capture_noise * params.human_judgement_noise, len(remaining)), 0, 1
    ) * trace_bonus[remaining]
    by_human = remaining[_top(judged, n_human)]

    chosen = who[np.concatenate([by_algorithm, by_human])]
    ledger.spending += len(by_algorithm) + len(by_human) * (1.0 + params.human_review_cost)
    ledger.cases_allocated += len(chosen)
    ledger.service_records += len(chosen)
    ledger.allocated_severity += float(pop.need_severity[chosen].sum())
    in_domain = pop.need_severity[pop.need_domain == agency]
    best = min(len(chosen), len(in_domain))
    if best:
        ledger.oracle_severity += float(np.partition(in_domain, len(in_domain) - best)[-best:].sum())
    pop.flags.allocated[chosen] = True
    return chosen


def _top(score: np.ndarray, count: int) -> np.ndarray:
    """Positions of the ``count`` highest scores (all if fewer)."""
    if count <= 0 or len(score) == 0:
        return np.empty(0, dtype=np.int64)
    if count >= len(score):
        return np.arange(len(score))
    return np.argpartition(-score, count - 1)[:count]
