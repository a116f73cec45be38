"""Dependence that grows (issue 15, item 2): agencies' judgement, automation bias, reliance as a decision.

Knock-outs as parameter dicts (also in the report): ``CONSTANT`` (judgement held), ``MANDATED`` (reliance = lever),
``FLAT_BIAS`` (deference independent of judgement), ``OFF`` (the model before issue 15, bit for bit).
Tolerances were written down before any of these tests was run.
"""

from __future__ import annotations

import numpy as np
import pytest

from smartgov.experiments import dependence
from smartgov.model import GovernanceModel, Params
from smartgov.model.metrics import OUTCOMES
from smartgov.model.processes.judgement import (
    deference,
    human_view,
    next_judgement,
    practice_share,
    reviewer_score,
    wanted_reliance,
)

CONSTANT = {"judgement_rule": "constant"}
MANDATED = {"reliance_rule": "mandated"}
FLAT_BIAS = {"deference_expert": 0.75}
OFF = {"judgement_rule": "constant", "reliance_rule": "mandated", "initial_judgement": 0.0,
       "deference_novice": 0.0, "deference_expert": 0.0}


def run(steps: int, seed: int, n: int = 300, events=None, **params) -> GovernanceModel:
    model = GovernanceModel(Params(n_citizens=n, **params), rng=seed, events=events)
    for _ in range(steps):
        model.step()
    return model


# -- verification: what holds by construction ---------------------------------------------------------------------

def test_judgement_moves_toward_practice_and_halves_in_about_28_weeks_of_disuse() -> None:
    p = Params()
    assert next_judgement(p, 0.5, 1.0) > 0.5 > next_judgement(p, 0.5, 0.0)
    assert next_judgement(p, 0.5, None) == 0.5  # an idle week changes nothing
    assert next_judgement(Params(**CONSTANT), 0.5, 0.0) == 0.5
    j = 1.0
    for _ in range(28):
        j = next_judgement(p, j, 0.0)
    assert 0.45 < j < 0.55  # Tatel & Ackerman: half of accuracy gains lost after ≈ 6.5 months of non-use


def test_practice_counts_own_judgement_and_field_work_only() -> None:
    assert practice_share(0.0, 10, 0) == 0.0
    assert practice_share(5.0, 5, 0) == 0.5
    assert practice_share(0.0, 0, 4) == 1.0
    assert practice_share(0.0, 0, 0) is None


def test_weaker_judgement_defers_more_and_deference_anchors_on_the_algorithm() -> None:
    p = Params()
    assert deference(p, 0.0) == p.deference_novice > deference(p, 0.5) > deference(p, 1.0) == p.deference_expert
    own, algo = np.array([0.9, 0.1]), np.array([0.1, 0.9])
    assert np.array_equal(reviewer_score(own, algo, 0.0), own)
    assert np.array_equal(reviewer_score(own, algo, 1.0), algo)


def test_judgement_sees_past_the_records() -> None:
    estimate, severity = np.full(5000, 0.2), np.full(5000, 0.8)
    rng = np.random.default_rng(1)
    blind, local = human_view(estimate, severity, 0.0, 0.05, rng), human_view(estimate, severity, 1.0, 0.05, rng)
    assert abs(blind.mean() - 0.2) < 0.01 and abs(local.mean() - 0.8) < 0.01


def test_wanted_reliance_rises_with_backlog_and_observed_advantage() -> None:
    p = Params(algorithm_reliance=0.4)
    assert wanted_reliance(p, 0.0, 0.5) == 0.4  # no backlog, no advantage: the policy target
    assert wanted_reliance(p, 0.0, 2.0) == pytest.approx(0.4 + p.reliance_sensitivity * 0.5)
    assert wanted_reliance(p, 0.2, 1.0) > 0.4 > wanted_reliance(p, -0.2, 1.0)


def test_mandated_reliance_is_the_lever_even_when_a_policy_changes_it() -> None:
    model = run(12, 1, events=[{"week": 6, "set": {"algorithm_reliance": 0.3}}], **MANDATED)
    series = model.outcomes()["mean_reliance"].to_numpy()
    assert np.allclose(series[1:6], 0.8) and np.allclose(series[6:], 0.3)


def test_outcomes_are_registered_bilingual() -> None:
    for name in ("mean_judgement", "mean_reliance"):
        spec = OUTCOMES[name]
        assert spec.label_en and spec.label_zh and spec.kind == "stock"


def test_a_reused_world_carries_the_dependence_state() -> None:
    a, b = GovernanceModel(Params(n_citizens=200), rng=7), GovernanceModel(Params(n_citizens=200), rng=7)
    assert np.array_equal(a.population.judgement, b.population.judgement)
    assert np.array_equal(a.population.reliance, b.population.reliance)
    assert np.array_equal(a.population.last_decision, b.population.last_decision)


def test_off_switches_make_judgement_and_reliance_inert() -> None:
    """With every dependence mechanism off, judgement stays 0 and reliance is the lever."""
    model = run(10, 2, **OFF)
    frame = model.outcomes()
    assert (frame["mean_judgement"] == 0.0).all() and np.allclose(frame["mean_reliance"], 0.8)


# -- knock-outs: each claim the mechanism makes ----------------------------------------------------------------------

SEEDS = (1, 2, 3)


def _late_mean(model: GovernanceModel, column: str) -> float:
    return float(model.outcomes()[column].iloc[53:105].mean())


def test_judgement_grows_with_human_service_and_decays_under_automation() -> None:
    """Claim: practice builds judgement. Tolerance: dynamic, lever 0.2 vs 1.0 from week 1, mean judgement over weeks
    53–104 higher by > 0.02 in every seed; constant: exactly equal."""
    for seed in SEEDS:
        human = run(104, seed, events=[{"week": 1, "set": {"algorithm_reliance": 0.2}}])
        machine = run(104, seed, events=[{"week": 1, "set": {"algorithm_reliance": 1.0}}])
        assert _late_mean(human, "mean_judgement") - _late_mean(machine, "mean_judgement") > 0.02
        human_c = run(104, seed, events=[{"week": 1, "set": {"algorithm_reliance": 0.2}}], **CONSTANT)
        machine_c = run(104, seed, events=[{"week": 1, "set": {"algorithm_reliance": 1.0}}], **CONSTANT)
        assert _late_mean(human_c, "mean_judgement") == _late_mean(machine_c, "mean_judgement")


def test_agencies_rely_on_the_algorithm_beyond_the_policy_target_under_a_backlog() -> None:
    """Claim: reliance is the agency's decision, pushed up by backlog and observed performance. Tolerance: adaptive
    mean reliance over weeks 53–104 above the 0.8 target by > 0.05 in every seed; mandated: exactly 0.8."""
    for seed in SEEDS:
        assert _late_mean(run(104, seed), "mean_reliance") > 0.85
        assert _late_mean(run(104, seed, **MANDATED), "mean_reliance") == pytest.approx(0.8)


@pytest.mark.xfail(strict=True, reason=(
    "fails as specified (N = 300, seeds 1–3): flat − default equity gap −0.030, −0.016, −0.0003 (mean −0.016 < −0.01). "
    "Under human-centred service judgement only reaches ≈ 0.1, so default deference is ≈ 0.72 against 0.75 flat: "
    "the contrast is within noise at this size; the automation-bias effect itself is tested by "
    "test_automation_bias_widens_the_equity_gap_under_human_review"))
def test_automation_bias_depends_on_judgement() -> None:
    """Claim: reviewers with more judgement defer less. Under human-centred service (lever 0.2, weeks 53–104), the
    equity gap with flat deference (0.75 whatever the judgement) is not below the default's. Tolerance: mean over
    three seeds of (flat − default) > −0.01 (a check of direction with a small allowance for noise)."""
    events = [{"week": 1, "set": {"algorithm_reliance": 0.2}}]
    diffs = [_late_mean(run(104, s, events=events, **FLAT_BIAS), "equity_gap")
             - _late_mean(run(104, s, events=events), "equity_gap") for s in SEEDS]
    assert float(np.mean(diffs)) > -0.01


NO_BIAS = {"deference_novice": 0.0, "deference_expert": 0.0}


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "fails as specified: default − no-bias equity gap +0.009, 95% half-width 0.027 (per seed −0.009, +0.043, +0.016, "
    "+0.003, −0.009). Anchoring on the black box's score barely changes whom officials pick among the cases the "
    "algorithm left: a finding, not tuned away"))
def test_automation_bias_widens_the_equity_gap_under_human_review() -> None:
    """Claim: reviewers anchoring on the black box's score serve data-rich (online) cases first. Lever 0.2 from week
    1, N = 1,000, seeds 1–5, weeks 53–104. Tolerance: default − no-bias equity gap, paired, mean > 0 with the 95%
    t-interval's lower bound > 0."""
    events = [{"week": 1, "set": {"algorithm_reliance": 0.2}}]
    diffs = np.array([_late_mean(run(104, s, n=1000, events=events), "equity_gap")
                      - _late_mean(run(104, s, n=1000, events=events, **NO_BIAS), "equity_gap") for s in range(1, 6)])
    half = 2.776 * diffs.std(ddof=1) / np.sqrt(len(diffs))
    assert diffs.mean() - half > 0, (diffs.mean(), half, diffs)


# -- the question: is digital transformation path-dependent? (experiments/dependence.py) ----------------------------

@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "fails as specified (python -m smartgov.experiments.dependence, N = 1,000, seeds 1–20): equity is restored FASTER "
    "than it was lost under every rule. Default: loss share in 26 weeks 0.272 [0.199, 0.340], restore share 0.407 "
    "[0.316, 0.503], index −0.135 [−0.280, 0.001]; constant judgement −0.245 [−0.372, −0.115]; mandated reliance "
    "−0.322; both off −0.363. Dependence does slow the return relative to the knock-outs: default − constant "
    "judgement +0.110 [−0.066, 0.294] (not significant), default − mandated reliance +0.187 [0.018, 0.345], "
    "default − both off +0.228 [0.065, 0.392]; and it leaves a residual: equity gap after 3 years of return minus "
    "before automation +0.017 [0.008, 0.026] (both off +0.002 [−0.004, 0.006])"))
def test_return_to_human_service_restores_equity_more_slowly_than_it_was_lost() -> None:
    """Human-centred 2 years → automation 3 years → return 3 years (N = 1,000, 20 paired seeds). Claim: the
    hysteresis index (share of the loss made in the first 26 weeks of automation minus share restored in the first
    26 weeks of the return) is positive under the default rules, and larger than with constant judgement. Tolerance:
    the 95% bootstrap interval of the default's index lies above 0, and that of (default − constant judgement),
    paired, lies above 0."""
    seeds = range(1, 21)
    default = dependence.replicate_windows({}, seeds)
    constant = dependence.replicate_windows(CONSTANT, seeds)
    value, lo, hi = dependence.measure(default)["hysteresis"]
    assert lo > 0, (value, lo, hi)
    diff, dlo, dhi = dependence.paired_difference(default, constant)
    assert dlo > 0, (diff, dlo, dhi)


# (A test that OFF reproduced the stored pre-issue-15 baseline bit for bit ran when this mechanism was built; it was
# removed at the merge: the age draw of "needs follow disadvantage" shifts every later random draw.)
