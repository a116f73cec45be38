"""The redress channel (process 4a, 12345 hotline / 接诉即办): verification by construction, then one knock-out per
claim on paired replicates.

Tolerances were written down before any result was looked at: each claim needs the paired mean difference in the
stated direction with its 95% t interval excluding 0 (N = 300, 10 seeds, mean of weeks 1–52 after the burn-in);
the "only when" claim needs the difference without the feed to be above −0.01 (no narrowing worth the name).
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from scipy import stats

from smartgov.model import budget
from smartgov.model.model import GovernanceModel
from smartgov.model.params import Params
from smartgov.model.processes.redress import filing_probability, usable_channels

redress_module = importlib.import_module("smartgov.model.processes.redress")  # the module, not the function

SMALL = {"n_citizens": 300}
SEEDS = range(1, 11)

# the knock-out of each claim (reported to the lead as these dicts)
KNOCKOUT_MECHANISM = {"redress": False}
KNOCKOUT_PRIORITY = {"response_target": 0}  # claim 1: the response rule raises needs met for those who file
KNOCKOUT_FEED = {"request_data_feed": False}  # claim 2: records correction narrows the visibility gap via the feed
KNOCKOUT_PHONE = {"hotline_phone": False}  # claim 3: the phone channel lets the digitally excluded file


def _model(**params: object) -> GovernanceModel:
    return GovernanceModel(Params(**{**SMALL, **params}), rng=7)


# -- verification: what holds by construction ----------------------------------------------------------

def test_off_means_no_requests_no_orders_and_no_hotline_cost() -> None:
    m = _model(**KNOCKOUT_MECHANISM)
    for _ in range(5):
        m.step()
        assert m.ledger.requests_filed == m.ledger.requests_accepted == 0
        assert m.ledger.lines["hotline"] == 0.0
        assert not m.population.work_order.any() and not m.population.flags.filed.any()


def test_hotline_line_is_paid_in_full_and_intake_never_exceeds_capacity() -> None:
    p = Params(**SMALL)
    m = GovernanceModel(p, rng=7)
    expected = p.hotline_cost * p.hotline_capacity * p.n_citizens / 1000.0
    cap = p.hotline_capacity * p.n_citizens / 1000.0
    for _ in range(10):
        m.step()
        assert m.ledger.lines["hotline"] == pytest.approx(expected)
        assert m.ledger.requests_accepted <= int(cap) + 1
        assert m.ledger.requests_accepted <= m.ledger.requests_filed
        channels = m.ledger.requests_phone + m.ledger.requests_online + m.ledger.requests_in_person
        assert channels == m.ledger.requests_accepted
    assert budget.lever_lines(p.replace(hotline_capacity=12.0), 0)["hotline"] > budget.lever_lines(p, 0)["hotline"]


def test_channels_follow_access() -> None:
    """Online needs an included citizen with an account; phone anyone; in person only where offices are open."""
    m = _model()
    pop = m.population
    usable = usable_channels(pop, m.params)
    assert usable[0].all() and not usable[1][pop.excluded].any() and usable[2].all()
    shut = usable_channels(pop, m.params.replace(hotline_phone=False, service_rule="online_only"))
    assert not shut[:, pop.excluded].any()  # no phone, no office: the excluded cannot file at all


def test_excluded_cannot_file_without_phone_or_offices() -> None:
    m = _model(hotline_phone=False, service_rule="online_only")
    for _ in range(8):
        m.step()
        assert not (m.population.flags.filed & m.population.flags.excluded).any()
        assert m.ledger.requests_phone == m.ledger.requests_in_person == 0


def test_filing_rises_with_efficacy_and_trust() -> None:
    m = _model()
    pop = m.population
    before = filing_probability(pop, m.params)
    pop.efficacy[:] = np.minimum(pop.efficacy + 0.2, 1.0)
    pop.trust[:] = np.minimum(pop.trust + 0.2, 1.0)
    after = filing_probability(pop, m.params)
    assert ((before > 0) & (before < 1)).all() and (after > before).all()


def test_online_effort_scales_only_the_online_odds() -> None:
    """``online_request_effort`` e multiplies the online channel's odds by exp(−e) and leaves phone and in person."""
    m = _model()
    before = redress_module.channel_weights(m.population, m.params)
    after = redress_module.channel_weights(m.population, m.params.replace(online_request_effort=2.0))
    np.testing.assert_allclose(after[1], before[1] * np.exp(-2.0))
    np.testing.assert_array_equal(after[[0, 2]], before[[0, 2]])


def test_work_orders_head_the_agency_cases_without_adding_capacity() -> None:
    """Every work order within its response target (here: taken this week) is allocated, and as many of the
    agency's own choices are displaced."""
    m = _model()
    calls = []
    original = redress_module.redress

    def spy(pop, params, rng, allocated, ledger):
        out = original(pop, params, rng, allocated, ledger)
        fresh = pop.flags.ordered & (pop.work_order == max(params.response_target, redress_module.RESOLUTION_WINDOW))
        calls.append((len(allocated), len(out), fresh, pop.flags.allocated.copy()))
        return out

    import smartgov.model.model as model_module
    model_module.redress = spy
    try:
        for _ in range(10):
            m.step()
    finally:
        model_module.redress = original
    assert any(ordered.any() for _, _, ordered, _ in calls)
    for before, after, ordered, allocated in calls:
        assert after == before  # capacity binds at the default: one own case displaced per work order
        assert allocated[ordered].all()


def test_request_data_feed_records_requests_at_the_responsible_agency() -> None:
    """Called on its own after a week: with the feed every accepted request, and nothing else, is pending at the
    agency of its need; without it the hotline records nothing the allocation reads."""
    for feed in (False, True):
        m = _model(request_data_feed=feed)
        m.step()
        pop = m.population
        pop.pending[:] = False
        pop.work_order[:] = 0
        pop.flags.reset()
        redress_module.redress(pop, m.params, m.rng, np.empty(0, dtype=np.int64), m.ledger)
        accepted = np.flatnonzero(pop.work_order > 0)
        assert len(accepted)
        if feed:
            assert pop.pending[pop.need_domain[accepted].astype(np.int64), accepted].all()
            assert pop.pending.sum() == len(accepted)
        else:
            assert not pop.pending.any()


def test_being_heard_or_meeting_a_busy_line_moves_efficacy() -> None:
    """Accepted requests are answered (efficacy up, being heard); with no capacity every filer meets a busy line."""
    m = _model(hotline_capacity=0.0, responsiveness=0.0)  # no consultation answers either: only the busy line acts
    m.step()
    pop = m.population
    assert pop.flags.filed.any() and not pop.flags.responded.any()
    m2 = _model(responsiveness=0.0)
    m2.step()
    assert (m2.population.flags.responded & m2.population.flags.filed).any()


def test_a_run_is_fixed_by_its_seed() -> None:
    a, b = _model(request_data_feed=True), _model(request_data_feed=True)
    for _ in range(6):
        a.step()
        b.step()
    np.testing.assert_array_equal(a.outcomes().to_numpy(dtype=float, na_value=-1.0),
                                  b.outcomes().to_numpy(dtype=float, na_value=-1.0))


# -- knock-outs: one per claim, paired seeds ------------------------------------------------------------

def _mean(setting: dict, seed: int, name: str, weeks: int = 52) -> float:
    m = GovernanceModel(Params(**{**SMALL, **setting}), rng=seed)
    for _ in range(weeks):
        m.step()
    return float(np.nanmean(m.outcomes()[name].to_numpy(dtype=float)[1:]))


def _excluded_requests(setting: dict, seed: int, weeks: int = 52) -> float:
    m = GovernanceModel(Params(**{**SMALL, **setting}), rng=seed)
    total = 0
    for _ in range(weeks):
        m.step()
        total += m.ledger.requests_excluded
    return total / weeks


def _interval(diffs: list[float]) -> tuple[float, float, float]:
    d = np.asarray(diffs)
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    return float(d.mean()), float(d.mean() - half), float(d.mean() + half)


@pytest.mark.slow
def test_claim_the_response_rule_raises_needs_met_for_those_who_file() -> None:
    diffs = [_mean({}, s, "need_met_requesters") - _mean(KNOCKOUT_PRIORITY, s, "need_met_requesters") for s in SEEDS]
    mean, lo, hi = _interval(diffs)
    assert lo > 0, (mean, lo, hi)


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "finding, not tuned: at this test's design (N = 300, 10 seeds, weeks 1-52) feed on - off in representation bias "
    "is -0.013 [-0.046, +0.020], the interval includes 0; at N = 1,000, 20 seeds, weeks 53-104 it is -0.021 "
    "[-0.040, -0.002] and redress on - off without the feed -0.0045 [-0.020, +0.011] "
    "(experiments/redress_effects.py)"))
def test_claim_records_correction_narrows_the_visibility_gap_only_with_the_feed() -> None:
    feed = {"request_data_feed": True}
    with_feed = [_mean(feed, s, "representation_bias") - _mean({**feed, **KNOCKOUT_FEED}, s, "representation_bias")
                 for s in SEEDS]
    mean, lo, hi = _interval(with_feed)
    assert hi < 0, ("feed on − off", mean, lo, hi)
    without = [_mean({}, s, "representation_bias") - _mean(KNOCKOUT_MECHANISM, s, "representation_bias")
               for s in SEEDS]
    mean, lo, hi = _interval(without)
    assert mean > -0.01, ("redress on − off, no feed", mean, lo, hi)


@pytest.mark.slow
def test_claim_the_phone_channel_lets_the_excluded_file() -> None:
    diffs = [_excluded_requests({}, s) - _excluded_requests(KNOCKOUT_PHONE, s) for s in SEEDS]
    mean, lo, hi = _interval(diffs)
    assert lo > 0, (mean, lo, hi)
