"""First check of stylized facts 1 and 4 (DESIGN §2) on paired replicates.

Each fact is a one-sided paired t-test at significance 0.01 over 20 replicates (N = 1,000 citizens, 104 weeks,
outcomes averaged over the second year); pairs share a seed, so they share the initial population and network.
The full validation suite (all nine facts, larger N, both networks) is `smartgov validate`.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from smartgov.model import GovernanceModel, Params

REPLICATES = 20
ALPHA = 0.01
SEEDS = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(20261122).spawn(REPLICATES)]


@functools.cache
def second_year(**overrides) -> pd.DataFrame:
    """Mean of weeks 53–104 for each seed, one row per replicate."""
    rows = []
    for seed in SEEDS:
        model = GovernanceModel(Params(n_citizens=1000, **overrides), rng=seed)
        model.run_for(104)
        rows.append(model.outcomes().loc[53:].mean())
    return pd.DataFrame(rows)


def assert_paired(treatment: pd.DataFrame, control: pd.DataFrame, column: str, direction: str) -> None:
    diff = (treatment[column] - control[column]).to_numpy()
    alternative = "greater" if direction == "up" else "less"
    result = stats.ttest_1samp(diff, 0.0, alternative=alternative)
    assert result.pvalue < ALPHA, f"{column}: mean difference {diff.mean():+.4f}, p = {result.pvalue:.3g}"


@pytest.mark.slow
@pytest.mark.parametrize(("column", "direction"),
                         [("efficiency", "up"), ("equity_gap", "up"), ("trust_excluded", "down")])
def test_fact1_digital_only_efficient_but_unequal(column: str, direction: str) -> None:
    """Digital-only delivery raises efficiency but widens the equity gap and lowers excluded citizens' trust."""
    assert_paired(second_year(service_rule="online_only"), second_year(), column, direction)


@pytest.mark.slow
@pytest.mark.parametrize(("column", "direction"),
                         [pytest.param("coverage_excluded", "up", marks=[pytest.mark.xfail(strict=True, reason=(
                             "finding (issue 9): with capacity that binds, door-to-door outreach (0.2, hybrid rule) "
                             "no longer raises the share of the excluded's open needs that agencies see: +0.0015, "
                             "p = 0.42 (20 seeds) — under a backlog the excluded's needs stay open long enough to "
                             "be recorded through other paths anyway. Not tuned; kept as a finding."))]),
                          ("trust_excluded", "up"), ("trust", "up"), ("efficiency", "down")])
def test_fact4_outreach_buys_coverage_and_trust_at_a_cost(column: str, direction: str) -> None:
    """In-person outreach raises coverage of the excluded and trust, at a cost in efficiency."""
    assert_paired(second_year(outreach_share=0.2), second_year(), column, direction)
