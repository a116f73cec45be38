"""Process 3, dependence — agencies' human judgement (local knowledge) and their reliance on the algorithm.

[Z] 智慧治理越发展，基层治理主体愈发依赖技术，技术逐步吞噬基层治理主体的决策和执行的自主性，容易陷入"靠数据说话"的
技术理性占主导的惯性思维，将基层治理的权力由"人"交付给"技术". Three small rules, each with a knock-out:

* judgement grows with practice (cases officials decide on their own judgement, field visits) and decays with
  disuse (skill decay: Arthur et al. 1998; Tatel & Ackerman); ``judgement_rule = "constant"`` holds it;
* a reviewer anchors on the algorithm's score, the more so the weaker their judgement (automation bias:
  Parasuraman & Manzey 2010; Goddard et al. 2012; Dratsch et al. 2023); ``deference_expert = deference_novice``
  makes it independent of judgement, both 0 removes it;
* reliance is each agency's decision, moved toward the policy target (the lever ``algorithm_reliance``) and by what
  it observes in its own records: whether its algorithm's cases close more often than its officials', and its
  backlog (Parasuraman & Manzey 2010: reliance grows with workload and experienced reliability);
  ``reliance_rule = "mandated"`` makes it the lever.

Pure functions of small per-agency arrays; the citizen side stays vectorized.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np

from ..params import Params
from ..population import Population

ALGORITHM, HUMAN = 0, 1  # codes in ``Population.last_decision`` (-1: not decided by that agency)


class JudgementRule(StrEnum):
    DYNAMIC = "dynamic"  # grows with practice, decays with disuse
    CONSTANT = "constant"  # held at initial_judgement (knock-out)


class RelianceRule(StrEnum):
    ADAPTIVE = "adaptive"  # the agency's decision, toward the policy target and what it observes
    MANDATED = "mandated"  # exactly the policy lever (knock-out)


def deference(params: Params, judgement: float) -> float:
    """Weight a reviewer gives the algorithm's score over their own view: high for a novice, lower for an expert
    (linear in judgement between ``deference_novice`` and ``deference_expert``; the linear form is an assumption)."""
    return params.deference_novice + (params.deference_expert - params.deference_novice) * judgement


def human_view(estimate: np.ndarray, severity: np.ndarray, judgement: float, sd: float,
               rng: np.random.Generator) -> np.ndarray:
    """An official's reading of cases: the record's estimate, corrected toward the true need by the share
    ``judgement`` of local knowledge (knowing the household), plus their own error ``sd``, clipped to [0, 1].

    With judgement 0 this is the record plus noise (the model before issue 15)."""
    view = estimate + judgement * (severity - estimate)
    return np.clip(view + rng.normal(0.0, sd, len(view)), 0.0, 1.0)


def reviewer_score(own: np.ndarray, algorithm: np.ndarray, weight: float) -> np.ndarray:
    """What a reviewer ranks by: their own view anchored on the algorithm's score with ``weight``."""
    return (1.0 - weight) * own + weight * algorithm


def observed_resolution(pop: Population, agency: int) -> tuple[float | None, float | None]:
    """Share of the cases ``agency`` last decided by algorithm and by officials that are now closed in its records
    (a need met leaves the records; a new one arising since has age 0). None when it decided none that way.

    What the agency can see: only cases it had on record, never the needs it never saw (biased data)."""
    last = pop.last_decision[agency]
    closed = ~pop.has_need | (pop.need_age == 0)
    rates: list[float | None] = []
    for method in (ALGORITHM, HUMAN):
        decided = last == method
        rates.append(float(closed[decided].mean()) if decided.any() else None)
    return rates[0], rates[1]


def wanted_reliance(params: Params, advantage: float, load: float) -> float:
    """Reliance the agency wants: the policy target, raised by the observed advantage of the algorithm and by the
    backlog (``load`` = visible cases per case it can decide; pressure = the share of visible cases it cannot reach
    this week, 1 − 1/load, 0 without a backlog), clipped to [0, 1]."""
    pressure = advantage + (1.0 - 1.0 / load if load > 1.0 else 0.0)
    return min(max(params.algorithm_reliance + params.reliance_sensitivity * pressure, 0.0), 1.0)


def next_reliance(params: Params, reliance: float, pop: Population, agency: int, load: float) -> float:
    """This week's reliance of ``agency`` (before it decides): the lever when mandated, otherwise last week's moved
    by ``reliance_adjustment`` toward what it wants (inertia: practice changes gradually, 惯性思维)."""
    if RelianceRule(params.reliance_rule) is RelianceRule.MANDATED:
        return params.algorithm_reliance
    by_algorithm, by_human = observed_resolution(pop, agency)
    advantage = 0.0 if by_algorithm is None or by_human is None else by_algorithm - by_human
    wanted = wanted_reliance(params, advantage, load)
    return reliance + params.reliance_adjustment * (wanted - reliance)


def practice_share(own_judged: float, algorithm: int, field: int) -> float | None:
    """Share of this week's work done on officials' own judgement: cases they decided (times the share not deferred
    to the algorithm: out-of-the-loop work is not practice) and field contacts, over all decisions and contacts.
    None when the agency did nothing this week."""
    total = own_judged + algorithm + field
    return None if total <= 0 else (own_judged + field) / total


def next_judgement(params: Params, judgement: float, practice: float | None) -> float:
    """Judgement after a week: toward the practice share at ``judgement_rate`` (learning by use when above it, decay
    by disuse when below: J += r·u·(1 − J) − r·(1 − u)·J = r·(u − J)); unchanged when constant or idle."""
    if JudgementRule(params.judgement_rule) is JudgementRule.CONSTANT or practice is None:
        return judgement
    return judgement + params.judgement_rate * (practice - judgement)
