"""Needs that follow disadvantage, limited analytic attention, open data with a lag and chosen domains (issue 15,
items 5 and 6).

Verification tests check what holds by construction (age structure, hazards' means, the switches' neutral
settings). Knock-out tests check each mechanism's claim on paired replicates. Set-up and tolerances fixed before
any result of this file was seen (one 30-week run of seed 1 had been looked at while writing the code): N = 1,000,
small world, 104 weeks, outcomes = mean of weeks 53–104, seeds 0..REPS−1; "holds" = mean paired difference in the
claimed direction with a one-sided paired t-test p < 0.05.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from smartgov.model import GovernanceModel, budget, worlds
from smartgov.model.params import Params
from smartgov.model.population import CENSUS_AGE_SHARES, EXCLUDED_OLDER_SHARE, Population, age_shares
from smartgov.model.processes.attention import limit_attention, records_analysed
from smartgov.model.processes.needs import HEALTH, WELFARE, domain_hazards, needs_arise
from smartgov.model.processes.open_data import in_open_data, opened_domains

KNOCKOUT_NEEDS = {"needs_rule": "uniform"}
KNOCKOUT_ATTENTION = {"analytic_capacity": 0.0}
KNOCKOUT_LAG = {"open_data_lag_weeks": 0}
KNOCKOUT_DOMAINS = {"open_data_domains": "all"}
DIGITAL_ONLY = {"service_rule": "online_only"}
REPS = 10
ALPHA = 0.05


def population(n: int = 100_000, seed: int = 0, **overrides) -> tuple[Population, Params]:
    params = Params(n_citizens=n, **overrides)
    return Population.create(params, np.random.default_rng(seed)), params


# -- verification: ages ----------------------------------------------------------------------------

def test_age_shares_keep_the_census_and_cnnic_composition() -> None:
    excluded, included = age_shares(0.21)
    assert excluded[2:].sum() == pytest.approx(EXCLUDED_OLDER_SHARE)
    assert 0.21 * excluded + 0.79 * included == pytest.approx(CENSUS_AGE_SHARES)
    assert np.all(included >= 0) and included.sum() == pytest.approx(1.0)


def test_drawn_ages_follow_the_shares() -> None:
    pop, _ = population()
    # binomial sd at N = 100,000 is ≤ 0.0016 for any share here; tolerance 0.01
    assert pop.older.mean() == pytest.approx(0.187, abs=0.01)
    assert pop.older[pop.excluded].mean() == pytest.approx(EXCLUDED_OLDER_SHARE, abs=0.01)
    assert (pop.age < 15).mean() == pytest.approx(0.1795, abs=0.01)
    assert pop.age.min() >= 0 and pop.age.max() <= 94


def test_age_is_part_of_the_world() -> None:
    """Same seed, different levers: same ages (the burn-in cache key holds the world); a world parameter moves it."""
    worlds.clear()
    a = GovernanceModel(Params(n_citizens=200, burn_in_weeks=5), rng=3)
    b = GovernanceModel(Params(n_citizens=200, burn_in_weeks=5, service_rule="online_only"), rng=3)
    worlds.clear()
    c = GovernanceModel(Params(n_citizens=200, burn_in_weeks=5, service_rule="online_only"), rng=3)
    assert np.array_equal(a.population.age, b.population.age) and np.array_equal(a.population.age, c.population.age)
    d = GovernanceModel(Params(n_citizens=200, burn_in_weeks=5, excluded_share=0.4), rng=3)
    assert not np.array_equal(a.population.age, d.population.age)
    assert worlds.key(3, a.params)[1].needs_rule != worlds.key(3, Params(needs_rule="uniform"))[1].needs_rule


# -- verification: needs -------------------------------------------------------------------------

def test_hazards_keep_the_mean_rate_and_the_domain_split() -> None:
    pop, params = population(need_rate=0.08)
    hazards = domain_hazards(pop, params)
    assert hazards.sum(axis=0).mean() == pytest.approx(0.08)
    assert hazards.mean(axis=1) == pytest.approx(np.full(3, 0.08 / 3))
    older, younger = hazards[HEALTH, pop.older], hazards[HEALTH, ~pop.older]
    assert older.mean() / younger.mean() == pytest.approx(params.older_need_ratio)
    poor, rich = pop.resources < 0.3, pop.resources > 0.7
    assert hazards[WELFARE, poor].mean() > hazards[WELFARE, rich].mean()


def test_by_attributes_needs_fall_on_the_old_and_the_excluded_uniform_needs_do_not() -> None:
    for rule, heavier in (("by_attributes", True), ("uniform", False)):
        pop, params = population(needs_rule=rule, need_rate=0.1)
        new = needs_arise(pop, params, np.random.default_rng(1))
        assert new == pytest.approx(0.1 * pop.n, rel=0.03)  # binomial sd ≈ 0.3%
        arisen = pop.flags.arisen
        ratio = arisen[pop.excluded].mean() / arisen[pop.included].mean()
        health_old = (pop.need_domain[pop.older & arisen] == HEALTH).mean()
        # sd of the ratio ≈ sqrt(1/2,100 + 1/7,900) ≈ 0.025 (≈ 2,100 new needs among the excluded), of health_old
        # ≈ 0.011; tolerances 3 sd (a first tolerance of 0.04 for the ratio was under 2 sd: miscomputed, widened)
        if heavier:
            assert ratio > 1.05 and health_old > 0.5  # expected ≈ 1.13 and ≈ 0.72
        else:
            assert ratio == pytest.approx(1.0, abs=0.075) and health_old == pytest.approx(1 / 3, abs=0.035)
        domains = np.bincount(pop.need_domain[arisen], minlength=3) / new
        assert domains == pytest.approx(np.full(3, 1 / 3), abs=0.02)


def test_older_health_needs_are_more_severe_under_by_attributes_only() -> None:
    pop, params = population(needs_rule="by_attributes", need_rate=0.5)
    needs_arise(pop, params, np.random.default_rng(2))
    old_health = pop.older & (pop.need_domain == HEALTH)
    others = pop.has_need & ~old_health
    # mixture mean 0.4 + 0.16 × 0.2 = 0.432 vs 0.4; sd of means ≈ 0.003
    assert pop.need_severity[old_health].mean() == pytest.approx(0.432, abs=0.01)
    assert pop.need_severity[others].mean() == pytest.approx(0.4, abs=0.01)


# -- verification: attention and open data ---------------------------------------------------------

def test_no_limit_leaves_caseloads_and_the_generator_alone() -> None:
    params = Params(n_citizens=1000)
    rng = np.random.default_rng(0)
    state = rng.bit_generator.state
    caseloads = [(np.arange(50), np.zeros(50), np.ones(50))]
    assert limit_attention(caseloads, params, rng) is caseloads
    assert rng.bit_generator.state == state and budget.lever_lines(params, 0)["analysis"] == 0.0


def test_a_limit_keeps_only_what_can_be_analysed_and_is_paid_for() -> None:
    params = Params(n_citizens=1000, analytic_capacity=0.5)
    limit = records_analysed(params)
    assert limit == int(0.5 * 0.08 * 1000 / 3)
    who = np.arange(100) * 3
    kept = limit_attention([(who, who / 300.0, np.ones(100))], params, np.random.default_rng(0))[0]
    assert len(kept[0]) == limit and set(kept[0]) <= set(who) and np.allclose(kept[1], kept[0] / 300.0)
    assert budget.lever_lines(params, 0)["analysis"] == pytest.approx(0.1 * 0.5 * 80)


def test_open_data_lag_and_domains_select_what_is_published() -> None:
    pop, params = population(1000, need_rate=0.5)
    needs_arise(pop, params, np.random.default_rng(0))
    pop.seen[0, pop.has_need] = True
    pop.consent[:] = True
    pop.need_age[pop.has_need] = np.arange(pop.has_need.sum()) % 6
    base = in_open_data(pop, params)
    assert np.array_equal(base, pop.has_need)
    lagged = in_open_data(pop, params.replace(open_data_lag_weeks=3))
    assert np.array_equal(lagged, base & (pop.need_age >= 3))
    assert list(opened_domains(params.replace(open_data_domains="not_health"))) == [False, True, True]
    closed = in_open_data(pop, params.replace(open_data_domains="not_health_welfare"))
    assert np.array_equal(closed, base & (pop.need_domain == 2))


# -- knock-outs (paired replicates) ---------------------------------------------------------------

def _paired(default: dict, knockout: dict, outcome: str, n: int = 1000, reps: int = REPS) -> np.ndarray:
    """Paired differences default − knock-out of the mean of weeks 53–104."""
    diffs = []
    for seed in range(reps):
        values = []
        for overrides in (default, knockout):
            model = GovernanceModel(Params(n_citizens=n, **overrides), rng=seed)
            for _ in range(104):
                model.step()
            values.append(float(model.outcomes().loc[53:104, outcome].mean()))
        diffs.append(values[0] - values[1])
    return np.array(diffs)


def _holds(diffs: np.ndarray, direction: float) -> bool:
    return bool(stats.ttest_1samp(direction * diffs, 0.0, alternative="greater").pvalue < ALPHA)


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "finding (issue 15 item 5): needs that follow disadvantage do not widen the digital-only equity gap: "
    "by_attributes − uniform −0.0008 ± 0.0061 (N = 1,000, 20 paired reps) and −0.0011 ± 0.0046 (N = 10,000, 5); "
    "the excluded get ≈ 13% more new needs, but the open-need stock of citizens 60+ rises (+9.7 per 1,000) "
    "while the need-met *rate* the gap compares does not move; resources are independent of exclusion and "
    "agency budgets follow average demand (simplifications that may hide the channel)"))
def test_needs_following_disadvantage_widen_the_equity_gap_under_digital_only() -> None:
    """Claim (issue 15 item 5): with needs following disadvantage the equity gap under digital-only service is
    larger than with uniform needs (knock-out KNOCKOUT_NEEDS)."""
    diffs = _paired(DIGITAL_ONLY, {**DIGITAL_ONLY, **KNOCKOUT_NEEDS}, "equity_gap")
    assert _holds(diffs, +1.0), f"equity gap by_attributes − uniform: {diffs.mean():+.4f} (sd {diffs.std():.4f})"


@pytest.mark.slow
def test_unanalysed_records_help_no_one() -> None:
    """Claim (item 6): a binding analytic capacity lowers needs met (knock-out KNOCKOUT_ATTENTION: no limit)."""
    diffs = _paired({"analytic_capacity": 0.5}, KNOCKOUT_ATTENTION, "needs_met", reps=5)
    assert _holds(diffs, -1.0), f"needs met, capacity 0.5 − no limit: {diffs.mean():+.3f}"


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "finding (issue 15 merge): at this fixed set-up (N = 1,000, 5 paired seeds) the lag effect is no longer "
    "significant on the merged model: lag 4 − lag 0 needs met per week −1.065 (sd 1.656; per seed +0.02, −3.94, "
    "−1.00, −0.12, −0.29), one-sided p = 0.11 (measured −2.19 on the needs branch before the merge). Same sign, "
    "half the size; a likely path (not isolated): consent now binds capture (opt-in default) and retention deletes "
    "stale records, so fewer records are open to publish at all and a lag matters less. Not tuned; the set-up is "
    "kept as it was fixed."))
def test_late_open_data_serve_fewer_needs() -> None:
    """Claim (item 6): open data published late meet fewer needs through third parties (knock-out KNOCKOUT_LAG)."""
    open_data = {"data_sharing": "open"}
    diffs = _paired({**open_data, "open_data_lag_weeks": 4}, {**open_data, **KNOCKOUT_LAG}, "needs_met", reps=5)
    assert _holds(diffs, -1.0), f"needs met, lag 4 − lag 0: {diffs.mean():+.3f}"


@pytest.mark.slow
def test_health_data_kept_closed_serve_fewer_needs() -> None:
    """Claim (item 6): not opening health-and-care data (the essay's thin health data) meets fewer needs
    (knock-out KNOCKOUT_DOMAINS: all domains open)."""
    open_data = {"data_sharing": "open"}
    diffs = _paired({**open_data, "open_data_domains": "not_health"}, {**open_data, **KNOCKOUT_DOMAINS},
                    "needs_met", reps=5)
    assert _holds(diffs, -1.0), f"needs met, not_health − all: {diffs.mean():+.3f}"
