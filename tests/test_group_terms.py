"""Group terms: group differences come from channels and records, never from reading the true label directly.

Outreach targets what government can know (its records of online accounts), open-data services reach excluded
citizens only through an online tie, and the extra cost of taking part in person falls on whoever takes part in
person. See docs/model.md, "Group terms".
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from smartgov.model import GovernanceModel
from smartgov.model.ledger import Ledger
from smartgov.model.network import Network, build_network
from smartgov.model.params import Params
from smartgov.model.population import ONLINE_ACCOUNT_SHARE, Population
from smartgov.model.processes import deliver_services, digital_inclusion
from smartgov.model.processes.capture import outreach_targets
from smartgov.model.processes.participation import in_person, participation_probability
from smartgov.model.rules import ServiceRule


def world(n: int = 500, seed: int = 0, **overrides) -> tuple[Population, Params, Network, np.random.Generator]:
    params = Params(n_citizens=n, **overrides)
    rng = np.random.default_rng(seed)
    pop = Population.create(params, rng)
    net = build_network(params.network, n, params.mean_degree, params.rewiring, params.homophily, pop.excluded, rng)
    pop.online_neighbours[:] = net.neighbour_count(pop.included)
    return pop, params, net, rng


# -- what government can know: online accounts in its records ----------------------------------------

def test_initial_accounts_follow_cnnic_among_the_included_and_the_excluded_have_none() -> None:
    """N = 20,000: the share among the included is 0.906 ± 0.01 (binomial SD ≈ 0.0023, so ±4 SD)."""
    pop, *_ = world(20_000, seed=3)
    assert not pop.online_account[pop.excluded].any()
    assert pop.online_account[pop.included].mean() == pytest.approx(ONLINE_ACCOUNT_SHARE, abs=0.01)


@pytest.mark.parametrize("visits", [10, 150, 400])
def test_outreach_never_reads_the_true_label(visits: int) -> None:
    """Permuting who is excluded, with the records held fixed, leaves the visited hosts unchanged (same draws)."""
    pop, *_ = world(500, seed=1)
    first = outreach_targets(pop, ServiceRule.INCLUSIVE, visits, np.random.default_rng(7))
    pop.excluded[:] = np.random.default_rng(2).permutation(pop.excluded)
    second = outreach_targets(pop, ServiceRule.INCLUSIVE, visits, np.random.default_rng(7))
    np.testing.assert_array_equal(first, second)


def test_inclusive_outreach_goes_first_to_citizens_without_an_account() -> None:
    pop, *_ = world(500, seed=4)
    without = np.flatnonzero(~pop.online_account)
    hosts = outreach_targets(pop, ServiceRule.INCLUSIVE, len(without) // 2, np.random.default_rng(0))
    assert not pop.online_account[hosts].any()
    hosts = outreach_targets(pop, ServiceRule.INCLUSIVE, len(without) + 10, np.random.default_rng(0))
    assert set(without) <= set(hosts.tolist()) and len(np.unique(hosts)) == len(hosts)


def test_included_citizens_without_an_account_are_visited_like_the_excluded() -> None:
    """Records cannot tell an included non-user of online services from an excluded citizen."""
    pop, *_ = world(2000, seed=5)
    hosts = outreach_targets(pop, ServiceRule.INCLUSIVE, int((~pop.online_account).sum()), np.random.default_rng(0))
    assert pop.included[hosts].any() and pop.excluded[hosts].any()


def test_an_account_opens_on_first_online_success_and_lapses_on_push_out() -> None:
    pop, params, net, rng = world(2000, seed=6, service_rule="online_only", proxy_help=0.0, pushout_rate=0.5)
    pop.online_account[:] = False
    pop.need_domain[:] = 0
    pop.need_severity[:] = 0.5
    pop.flags.had_need[:] = True
    allocated = np.arange(pop.n)
    excluded = pop.excluded.copy()
    deliver_services(pop, params, rng, net, allocated, counter_slots=0, ledger=Ledger())
    succeeded = pop.flags.met & ~excluded
    assert succeeded.any()
    np.testing.assert_array_equal(pop.online_account, succeeded)
    # push-out: struggling users with an account leave the internet, and their account falls dormant
    pop.online_account[pop.included] = True
    pop.need_domain[:] = 0
    pop.literacy[:] = 0.0
    pop.online_failures[:] = params.pushout_failures
    _, leaves = digital_inclusion(pop, params, rng, net)
    assert len(leaves) and not pop.online_account[leaves].any()
    assert not pop.online_account[pop.excluded].any()


def test_whole_runs_keep_accounts_to_the_online() -> None:
    """No one offline holds an active account, at any week, under the rule that pushes people out."""
    model = GovernanceModel(Params(n_citizens=400, service_rule="online_only", pushout_rate=0.2), rng=3)
    for _ in range(30):
        model.step()
        assert not model.population.online_account[model.population.excluded].any()


# -- open data: an app or website, reached online or through an online tie -------------------------

def open_data_world(proxy_help: float) -> tuple[Population, Params, Network, np.random.Generator]:
    pop, params, net, rng = world(3000, seed=8, data_sharing="open", open_data_value=1.0, anonymization=0.0,
                                  graded_management=False, consent_required=False, service_rule="online_only",
                                  proxy_help=proxy_help)
    pop.need_domain[:] = 0
    pop.need_severity[:] = 0.5
    pop.flags.had_need[:] = True
    pop.seen[0, :] = True
    return pop, params, net, rng


def test_open_data_reaches_an_excluded_citizen_only_through_an_online_tie() -> None:
    pop, params, net, rng = open_data_world(proxy_help=1.0)
    excluded, helper = pop.excluded.copy(), pop.online_neighbours > 0
    assert (excluded & helper).any() and (excluded & ~helper).any()
    deliver_services(pop, params, rng, net, np.empty(0, dtype=np.int64), counter_slots=0, ledger=Ledger())
    served = pop.flags.served_by_third_party
    assert served[~excluded].all()
    assert served[excluded & helper].all()
    assert not served[excluded & ~helper].any()


def test_no_help_from_ties_means_no_open_data_service_for_the_excluded() -> None:
    pop, params, net, rng = open_data_world(proxy_help=0.0)
    excluded = pop.excluded.copy()
    deliver_services(pop, params, rng, net, np.empty(0, dtype=np.int64), counter_slots=0, ledger=Ledger())
    assert not pop.flags.served_by_third_party[excluded].any()
    assert pop.flags.served_by_third_party[~excluded].all()


# -- participation: the in-person cost is a channel cost -------------------------------------------

def test_taking_part_in_person_is_the_channel_of_those_offline() -> None:
    pop, *_ = world(500, seed=9)
    np.testing.assert_array_equal(in_person(pop), pop.excluded)


def test_without_the_in_person_cost_the_group_does_not_matter() -> None:
    """Same resources, efficacy and trust under a rule that holds consultations in person: the included all have
    one chance whatever offline_effort is, and the excluded differ from it by exactly offline_effort on the logit
    scale: the cost of the in-person channel is the only group difference."""
    pop, params, *_ = world(500, seed=10, service_rule="hybrid")
    pop.resources[:], pop.efficacy[:], pop.trust[:] = 0.5, 0.4, 0.6
    free = participation_probability(pop, dataclasses.replace(params, offline_effort=0.25))
    costly = participation_probability(pop, dataclasses.replace(params, offline_effort=1.0))
    assert np.ptp(free[pop.included]) == 0.0 and np.ptp(costly[pop.included]) == 0.0
    np.testing.assert_allclose(free[pop.included], costly[pop.included])
    assert (costly[pop.excluded] < free[pop.excluded]).all() and (free[pop.excluded] < free[pop.included][0]).all()
    # the only difference left is the channel cost on the logit scale
    logit = np.log(free / (1.0 - free))
    np.testing.assert_allclose(logit[pop.included][0] - logit[pop.excluded], 0.25)
