"""One unit test (or a few) per process of the step, on small hand-set populations."""

from __future__ import annotations

import numpy as np
import pytest

from smartgov.model.ledger import Ledger
from smartgov.model.network import Network, _to_csr, build_network
from smartgov.model.params import Params
from smartgov.model.population import AGE, DEVICE, SKILLS, Population
from smartgov.model.processes import (
    allocate,
    budget_plan,
    capture_data,
    deliver_services,
    digital_inclusion,
    needs_arise,
    participate,
    share_and_secure,
    update_trust,
)
from smartgov.model.rules import Algorithm, priority_score, unique_share


def world(n: int = 200, seed: int = 0, **overrides) -> tuple[Population, Params, Network, np.random.Generator]:
    params = Params(n_citizens=n, **overrides)
    rng = np.random.default_rng(seed)
    pop = Population.create(params, rng)
    net = build_network(params.network, n, params.mean_degree, params.rewiring, params.homophily, pop.excluded, rng)
    pop.online_neighbours[:] = net.neighbour_count(pop.included)
    return pop, params, net, rng


def give_needs(pop: Population, who: np.ndarray, domain: int = 0, severity: float = 0.5) -> None:
    pop.need_domain[who] = domain
    pop.need_severity[who] = severity
    pop.flags.had_need[who] = True


# 1 -- needs arise ---------------------------------------------------------------------------------

def test_needs_arise_only_for_free_citizens_at_the_given_rate() -> None:
    pop, params, _, rng = world(20_000, need_rate=0.1)
    give_needs(pop, np.arange(5000), domain=1, severity=0.9)
    new = needs_arise(pop, params, rng)
    assert np.all(pop.need_domain[:5000] == 1) and np.all(pop.need_severity[:5000] == 0.9)
    assert np.all(pop.need_age[:5000] == 1)
    assert new == pytest.approx(0.1 * 15_000, rel=0.1)  # binomial sd ≈ 37, i.e. 2.5%
    assert set(np.unique(pop.need_domain[pop.flags.arisen])) == {0, 1, 2}
    assert pop.flags.had_need.sum() == 5000 + new


# 2 -- data capture --------------------------------------------------------------------------------

def test_siloed_agency_sees_only_its_own_captures() -> None:
    pop, params, net, rng = world(100, data_sharing="siloed", digital_trace_rate=0.0, outreach_share=0.0)
    who = np.arange(10)
    give_needs(pop, who, domain=0)
    pop.consent[:] = True
    pop.record(1, who, np.full(10, 0.5), pending=False)  # agency 1 captured domain-0 needs
    caseloads = capture_data(pop, params, rng, net, visits=0)
    assert len(caseloads[0][0]) == 0
    pop.record(0, who[:3], np.full(3, 0.5), pending=False)
    caseloads = capture_data(pop, params, rng, net, visits=0)
    assert list(caseloads[0][0]) == [0, 1, 2]


def test_fusion_shares_only_consented_records() -> None:
    pop, params, net, rng = world(100, data_sharing="fusion", digital_trace_rate=0.0, outreach_share=0.0)
    who = np.arange(10)
    give_needs(pop, who, domain=0)
    pop.record(1, who, np.full(10, 0.5), pending=False)
    pop.consent[:] = False
    assert len(capture_data(pop, params, rng, net, visits=0)[0][0]) == 0  # no consent: nothing shared
    pop.consent[:5] = True
    assert list(capture_data(pop, params, rng, net, visits=0)[0][0]) == [0, 1, 2, 3, 4]
    unrestricted = params.replace(consent_required=False)
    assert len(capture_data(pop, unrestricted, rng, net, visits=0)[0][0]) == 10


def test_fusion_averages_estimates_across_agencies() -> None:
    pop, params, net, rng = world(50, data_sharing="fusion", digital_trace_rate=0.0)
    give_needs(pop, np.array([0]), domain=0)
    pop.consent[:] = True
    pop.record(0, np.array([0]), np.array([0.2]), pending=False)
    pop.record(2, np.array([0]), np.array([0.6]), pending=False)
    who, estimate, captures = capture_data(pop, params, rng, net, visits=0)[0]
    assert list(who) == [0] and estimate[0] == pytest.approx(0.4) and captures[0] == 2


def test_excluded_citizens_leave_no_digital_trace() -> None:
    # consent not binding: every included citizen may leave a trace (consent's own tests are in test_consent.py)
    pop, params, net, rng = world(2000, digital_trace_rate=1.0, outreach_share=0.0, consent_rule="not_binding")
    give_needs(pop, np.arange(2000))
    capture_data(pop, params, rng, net, visits=0)
    assert pop.seen[:, pop.included].any(axis=0).all()
    assert not pop.seen[:, pop.excluded].any()
    assert not pop.online_record[pop.excluded].any()


def test_channel_records_are_seen_from_the_next_step() -> None:
    pop, params, net, rng = world(50, digital_trace_rate=0.0)
    give_needs(pop, np.array([3]), domain=2)
    pop.record(2, np.array([3]), np.array([0.7]), pending=True)
    assert not pop.seen.any()
    who, estimate, _ = capture_data(pop, params, rng, net, visits=0)[2]
    assert list(who) == [3] and estimate[0] == pytest.approx(0.7) and not pop.pending.any()


def test_outreach_makes_excluded_needs_visible() -> None:
    pop, params, net, rng = world(1000, digital_trace_rate=0.0, service_rule="inclusive")
    give_needs(pop, np.flatnonzero(pop.excluded), domain=0)
    before = capture_data(pop, params, rng, net, visits=0)[0][0]
    assert len(before) == 0
    after = capture_data(pop, params, rng, net, visits=20)[0][0]
    assert len(after) > 20 and pop.excluded[after].all()
    assert pop.flags.visited.sum() >= len(after)


# 3 -- government decision -------------------------------------------------------------------------

def test_budget_plan_online_only_moves_counter_money_to_cases() -> None:
    hybrid = budget_plan(Params(service_rule="hybrid"))
    online = budget_plan(Params(service_rule="online_only"))
    assert online.counter_slots == 0 and hybrid.counter_slots > 0
    assert online.service == pytest.approx(hybrid.service + hybrid.counters)
    more_outreach = budget_plan(Params(outreach_share=0.3))
    assert more_outreach.service == pytest.approx(hybrid.service)  # outreach is paid on top
    assert more_outreach.total > hybrid.total
    traces = budget_plan(Params(trace_management=1.0))
    assert traces.service < hybrid.service and traces.documentation_entries > 0


def test_black_box_favours_data_rich_cases_audit_reweights_groups() -> None:
    estimate = np.array([0.5, 0.5])
    captures = np.array([1.0, 4.0])
    excluded = np.array([True, False])
    black_box = priority_score(Algorithm.BLACK_BOX, estimate, captures, excluded, (1.2, 0.4))
    audited = priority_score(Algorithm.AUDITED, estimate, captures, excluded, (1.2, 0.4))
    assert black_box[1] > black_box[0]
    assert audited[0] > audited[1]


def test_allocation_takes_the_highest_scores_within_budget() -> None:
    pop, params, _, rng = world(1000, algorithm_reliance=1.0, capacity_ratio=0.1)
    plan = budget_plan(params)
    who = np.arange(100)
    give_needs(pop, who, domain=0, severity=0.5)
    estimate = np.linspace(0, 1, 100)
    chosen = allocate(0, (who, estimate, np.ones(100)), pop, params, plan, rng, Ledger())
    assert len(chosen) == int(plan.service)
    assert set(chosen) == set(range(100 - len(chosen), 100))
    assert pop.flags.allocated[chosen].all()


def test_trace_scoring_favours_cases_with_digital_traces() -> None:
    pop, params, _, rng = world(1000, algorithm_reliance=1.0, capacity_ratio=0.1, trace_management=1.0)
    plan = budget_plan(params)
    who = np.arange(100)
    give_needs(pop, who, domain=0)
    pop.online_record[50:] = True
    estimate = np.where(who < 50, 0.8, 0.5)  # untraced cases are more severe
    chosen = allocate(0, (who, estimate, np.ones(100)), pop, params, plan, rng, Ledger())
    assert (chosen >= 50).all()


# 4 -- service delivery ----------------------------------------------------------------------------

def test_excluded_citizen_never_uses_the_online_channel() -> None:
    pop, params, net, rng = world(2000, service_rule="online_only", proxy_help=0.0)
    give_needs(pop, np.arange(2000), domain=0)
    allocated = np.arange(2000)
    pop.flags.allocated[allocated] = True
    ledger = Ledger()
    excluded = pop.excluded.copy()
    deliver_services(pop, params, rng, net, allocated, counter_slots=0, ledger=ledger)
    assert not pop.flags.met[excluded].any()
    assert pop.flags.met[~excluded].mean() > 0.5
    assert not pop.flags.online_fail[excluded].any()


def test_counters_and_proxies_serve_the_excluded() -> None:
    pop, params, net, rng = world(2000, proxy_help=1.0)
    give_needs(pop, np.arange(2000), domain=0)
    allocated = np.flatnonzero(pop.excluded)
    excluded = pop.excluded.copy()
    deliver_services(pop, params, rng, net, allocated, counter_slots=15, ledger=Ledger())
    met_excluded = pop.flags.met & excluded
    assert met_excluded.sum() > 0.5 * excluded.sum()
    assert (pop.flags.contact & met_excluded).sum() == 15  # counter slots are a hard limit


def test_met_needs_are_closed_and_unmet_streaks_grow() -> None:
    pop, params, net, rng = world(500, service_rule="online_only", proxy_help=0.0)
    give_needs(pop, np.arange(500), domain=1)
    pop.literacy[:] = 1.0
    pop.seen[1, :] = True
    deliver_services(pop, params, rng, net, np.arange(500), counter_slots=0, ledger=Ledger())
    met = pop.flags.met
    assert (pop.need_domain[met] == -1).all() and not pop.seen[:, met].any()
    assert (pop.unmet_streak[~met] == 1).all() and (pop.need_domain[~met] == 1).all()


# 5 -- data sharing and security -------------------------------------------------------------------

def test_breaches_expose_only_held_records_and_spread_news() -> None:
    pop, params, net, rng = world(3000, breach_hazard=1.0, security_investment=0.0, oversight=0.0,
                                  breach_exposure=0.5)
    pop.seen[0, :1500] = True  # vendor 0 runs every agency (n_vendors = 1)
    ledger = Ledger()
    for _ in range(30):  # hazard 0.5 a week when half the population is held: P(no breach) = 2**-30
        share_and_secure(pop, params, rng, net, ledger)
        if ledger.breaches:
            break
    assert ledger.breaches == 1
    assert pop.flags.exposed[:1500].mean() == pytest.approx(0.5, abs=0.05)
    assert not pop.flags.exposed[1500:].any()
    assert pop.flags.heard_breach.any() and not (pop.flags.heard_breach & pop.flags.exposed).any()
    assert (pop.perceived_risk[pop.flags.exposed] > pop.perceived_risk[~pop.flags.exposed].max() - 1e-9).all()


def test_no_hazard_no_breach() -> None:
    pop, params, net, rng = world(500, breach_hazard=0.0)
    pop.seen[:] = True
    ledger = Ledger()
    for _ in range(50):
        share_and_secure(pop, params, rng, net, ledger)
    assert ledger.breaches == 0 and not pop.exposed_ever.any()


def test_unique_share_follows_anonymization_linkage_and_grading() -> None:
    assert unique_share(0.0, 1, False) > 0.99  # 15 attributes: almost everyone unique
    assert unique_share(0.9, 1, False) < 1e-6
    assert unique_share(0.5, 3, False) > unique_share(0.5, 1, False)
    assert unique_share(0.3, 1, True) < unique_share(0.3, 1, False)


def test_consent_follows_the_privacy_calculus() -> None:
    pop, params, net, rng = world(1000, breach_hazard=0.0)
    pop.trust[:] = 1.0
    pop.privacy_concern[:] = 0.1
    share_and_secure(pop, params, rng, net, Ledger())
    assert pop.consent.all()
    pop.privacy_concern[:] = 1.0
    share_and_secure(pop, params, rng, net, Ledger())
    assert not pop.consent.any()


# 6 -- trust ---------------------------------------------------------------------------------------

def test_trust_update_is_asymmetric_and_transparency_softens_blame() -> None:
    for algorithm, blame in (("black_box", 1.0), ("audited", 0.5)):
        pop, params, net, _ = world(10, social_influence=0.0, algorithm=algorithm)
        pop.trust[:] = 0.5
        give_needs(pop, np.array([1]))
        pop.need_age[1] = 2
        pop.flags.met[0] = True
        pop.flags.sought[[0, 1]] = True
        update_trust(pop, params, net)
        alpha, lam = params.trust_gain, params.loss_aversion
        assert pop.trust[0] == pytest.approx(0.5 + alpha * 0.5)
        assert pop.trust[1] == pytest.approx(0.5 - lam * alpha * blame * 0.5)
        assert pop.trust[2] == pytest.approx(0.5)


def test_breach_news_lowers_trust_of_neighbours_not_only_the_exposed() -> None:
    pop, params, net, _ = world(10, social_influence=0.0)
    pop.trust[:] = 0.6
    pop.flags.exposed[0] = True
    pop.flags.heard_breach[1] = True
    update_trust(pop, params, net)
    assert pop.trust[0] == pytest.approx(0.6 * (1 - params.breach_trust_loss))
    assert pop.trust[1] == pytest.approx(0.6 * (1 - params.breach_news_loss))
    assert pop.trust[2] == pytest.approx(0.6)


def test_social_influence_pulls_towards_neighbours() -> None:
    edges = np.array([[0, 1], [1, 2]])
    net = _to_csr(edges, 3)
    pop, params, _, _ = world(10, social_influence=0.5, trust_rule="degroot")
    pop.trust[:3] = [0.0, 1.0, 0.0]
    update_trust(pop, params, net if pop.n == 3 else _to_csr(edges, pop.n))
    assert pop.trust[0] == pytest.approx(0.5)
    assert pop.trust[1] == pytest.approx(0.5)


# 7 -- participation -------------------------------------------------------------------------------

def test_online_only_consultations_shut_out_the_excluded() -> None:
    pop, params, _, rng = world(5000, service_rule="online_only")
    pop.efficacy[:] = 1.0
    pop.trust[:] = 1.0
    for _ in range(5):
        participate(pop, params, rng, Ledger())
    assert not pop.flags.participated[pop.excluded].any()
    assert pop.flags.participated[pop.included].any()
    pop2, params2, _, rng2 = world(5000, service_rule="hybrid")
    pop2.efficacy[:] = 1.0
    pop2.trust[:] = 1.0
    participate(pop2, params2, rng2, Ledger())
    assert pop2.flags.participated[pop2.excluded].any()


def test_responsiveness_moves_efficacy_and_feedback_becomes_data() -> None:
    for responsiveness, direction in ((1.0, 1), (0.0, -1)):
        pop, params, _, rng = world(3000, responsiveness=responsiveness)
        give_needs(pop, np.arange(3000), domain=2)
        pop.efficacy[:] = 0.5
        before = pop.efficacy.copy()
        participate(pop, params, rng, Ledger())
        took_part = pop.flags.participated
        assert took_part.any()
        assert (np.sign(pop.efficacy[took_part] - before[took_part]) == direction).all()
        assert pop.pending[2, took_part].all() and not pop.pending[2, ~took_part].any()


# 8 -- digital inclusion ---------------------------------------------------------------------------

def test_training_and_devices_help_different_reasons() -> None:
    pop, params, net, rng = world(20_000, excluded_share=0.5, peer_adoption=0.0, training_rate=0.2)
    reason = pop.reason.copy()
    joins, leaves = digital_inclusion(pop, params, rng, net)
    assert len(leaves) == 0
    assert np.mean(reason[joins] == DEVICE) < 0.02  # only Bass innovation reaches device-less citizens
    assert np.mean(reason[joins] == SKILLS) > 0.6
    assert not pop.excluded[joins].any() and (pop.reason[joins] == 0).all()
    pop2, params2, net2, rng2 = world(20_000, excluded_share=0.5, peer_adoption=0.0, device_subsidy=0.2)
    reason2 = pop2.reason.copy()
    joins2, _ = digital_inclusion(pop2, params2, rng2, net2)
    assert set(np.unique(reason2[joins2])) <= {DEVICE, AGE, SKILLS, 2}
    assert np.mean(reason2[joins2] == DEVICE) > 0.6


def test_digital_only_pushes_struggling_users_out_hybrid_does_not() -> None:
    for rule, expect_leavers in (("online_only", True), ("hybrid", False)):
        pop, params, net, rng = world(5000, service_rule=rule, pushout_rate=0.5, peer_adoption=0.0)
        pop.literacy[:] = 0.1
        pop.online_failures[:] = 5
        give_needs(pop, np.arange(5000))
        was_included = pop.included.copy()
        _, leaves = digital_inclusion(pop, params, rng, net)
        assert (len(leaves) > 0) == expect_leavers
        assert was_included[leaves].all() and pop.excluded[leaves].all()
