"""Limited analytic attention: an agency analyses only so many of its records a week (``analytic_capacity``).

[Y] 海量数据不少仍“安睡”在硬盘和云端，尚未得到有效分析和合理利用: records held but not analysed inform no
decision. Part of process 2 (data capture), after the data-sharing rule has decided which records each agency may
use and before the decision ranks them.
"""

from __future__ import annotations

import numpy as np

from ..params import Params

Caseload = tuple[np.ndarray, np.ndarray, np.ndarray]


def records_analysed(params: Params) -> int:
    """Records each agency can analyse per week (0: no separate limit)."""
    if params.analytic_capacity <= 0:
        return 0
    return max(int(params.analytic_capacity * params.need_rate * params.n_citizens / params.n_agencies), 1)


def limit_attention(caseloads: list[Caseload], params: Params, rng: np.random.Generator) -> list[Caseload]:
    """Keep, at each agency, a random ``records_analysed`` of the records it may use; the rest wait unanalysed.

    Which records get analysed is random (assumption): an agency cannot triage records it has not analysed.
    Unanalysed records stay held (they can be analysed in a later week, and stay exposed to breaches) but are
    not ranked this week, so they count as not visible. No limit: caseloads unchanged and no draw is made.
    """
    limit = records_analysed(params)
    if limit == 0:
        return caseloads
    kept = []
    for who, estimate, captures in caseloads:  # one loop step per agency, not per citizen
        if len(who) > limit:
            pick = np.sort(rng.choice(len(who), size=limit, replace=False))
            who, estimate, captures = who[pick], estimate[pick], captures[pick]
        kept.append((who, estimate, captures))
    return kept
