"""Process 4 — service delivery through the channels the service rule keeps open."""

from __future__ import annotations

import numpy as np

from ..ledger import Ledger
from ..network import Network
from ..params import Params
from ..population import Population
from ..rules import DataSharing, ServiceRule, has_counters, open_data_utility, publishes_open_data
from .capture import estimation_noise, noisy_estimate
from .consent import online_service
from .open_data import in_open_data


def online_success(literacy: np.ndarray) -> np.ndarray:
    """Chance an online attempt succeeds; rises with digital literacy (UTAUT effort expectancy)."""
    return 0.35 + 0.6 * literacy


def seek_probability(trust: np.ndarray) -> np.ndarray:
    """Chance a citizen with an open need actively seeks service this week; distrust keeps people away."""
    return 0.2 + 0.8 * trust


def deliver_services(
    pop: Population,
    params: Params,
    rng: np.random.Generator,
    network: Network,
    allocated: np.ndarray,
    counter_slots: int,
    ledger: Ledger,
) -> None:
    """Serve allocated needs, take new applications, and close the needs that were met.

    An allocated need is met through the first channel that works: an outreach visitor already at the door,
    online (included only; success rises with literacy), a proxy neighbour who is online (excluded only), or an
    offline counter (capacity-limited, only if the rule keeps counters); when consent is required for online service
    (``consent_rule`` = required), included refusers skip the online channel. Citizens not allocated may seek service:
    their application is recorded by the channel and seen by the agency from the next step on. Under open data,
    third-party services (apps, websites) built on published records reach a citizen online or through an online
    neighbour's help, like a proxy application (Oxford Internet Survey 2013: ~70% of non-users have a proxy user
    available; Selwyn et al. 2016, proxy internet use).
    """
    flags, n = pop.flags, pop.n
    slots = np.full(params.n_agencies, counter_slots if has_counters(ServiceRule(params.service_rule)) else 0)
    has_online_helper = pop.online_neighbours > 0
    draws = rng.random((3, n))  # online attempt, proxy availability, seeking — one draw each per citizen

    # -- allocated needs --------------------------------------------------------------------------
    met = np.zeros(n, dtype=bool)
    is_allocated = np.zeros(n, dtype=bool)
    is_allocated[allocated] = True
    met |= is_allocated & flags.visited
    online = online_service(pop, params)  # the included, minus refusers when consent is required for it
    try_online = is_allocated & ~met & online
    online_ok = try_online & (draws[0] < online_success(pop.literacy))
    met |= online_ok
    flags.online_fail |= try_online & ~online_ok
    proxy_tried = is_allocated & ~met & pop.excluded & has_online_helper & (draws[1] < params.proxy_help)
    via_proxy = proxy_tried & (rng.random(n) < params.proxy_success)
    met |= via_proxy
    ledger.proxy_cases += int(proxy_tried.sum())  # sizes next week's proxy-handling line (model/budget.py)
    wants_counter = np.flatnonzero(is_allocated & ~met)
    at_counter = wants_counter[_take_slots(pop.need_domain[wants_counter], slots, rng)]
    met[at_counter] = True
    flags.contact[at_counter] = True
    flags.sought |= is_allocated

    # -- new applications from citizens not served ------------------------------------------------
    seekers = pop.has_need & ~is_allocated & (draws[2] < seek_probability(pop.trust))
    flags.sought |= seekers
    sd = estimation_noise(params)
    applied_online = seekers & online & (draws[0] < online_success(pop.literacy))
    flags.online_fail |= seekers & online & ~applied_online
    proxy_applied = seekers & pop.excluded & has_online_helper & (draws[1] < params.proxy_help)
    wants_counter = np.flatnonzero(seekers & ~applied_online & ~proxy_applied)
    counter_applied = wants_counter[_take_slots(pop.need_domain[wants_counter], slots, rng)]
    flags.contact[counter_applied] = True
    online_like = np.flatnonzero(applied_online | proxy_applied)
    pop.record(pop.need_domain[online_like].astype(np.int64), online_like,
               noisy_estimate(pop.need_severity[online_like], sd, rng), pending=True)
    pop.online_record[online_like] = True
    pop.record(pop.need_domain[counter_applied].astype(np.int64), counter_applied,
               noisy_estimate(pop.need_severity[counter_applied], params.capture_noise * params.counter_noise, rng),
               pending=True)
    ledger.service_records += len(online_like) + len(counter_applied)

    # -- third-party services built on open data --------------------------------------------------
    if publishes_open_data(DataSharing(params.data_sharing)):
        # such a service is an app or a website: reached online, or through a neighbour who is online and helps
        # this week (the same proxy availability draw as above)
        reach = pop.included | (has_online_helper & (draws[1] < params.proxy_help))
        published = reach & ~met & in_open_data(pop, params)
        chance = params.open_data_value * open_data_utility(params.anonymization, params.graded_management)
        third_party = published & (rng.random(n) < chance)
        flags.served_by_third_party |= third_party
        met |= third_party

    # -- bookkeeping ------------------------------------------------------------------------------
    succeeded_online = online_ok | applied_online
    pop.online_failures[flags.online_fail] += 1
    pop.online_failures[succeeded_online] = 0
    pop.online_account[succeeded_online] = True  # first successful use opens the account government can see
    pop.literacy[succeeded_online] += params.literacy_gain * (1.0 - pop.literacy[succeeded_online])
    done = np.flatnonzero(met)
    flags.met[done] = True
    flags.wait[done] = pop.need_age[done]
    pop.close_needs(done)
    pop.unmet_streak[pop.has_need] += 1


def _take_slots(agency_of: np.ndarray, slots: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Random first-come order at each agency's counter; returns which candidates got a slot.

    ``slots`` (remaining slots per agency) is decremented in place.
    """
    if len(agency_of) == 0:
        return np.zeros(0, dtype=bool)
    order = np.lexsort((rng.random(len(agency_of)), agency_of))
    sorted_agency = agency_of[order]
    starts = np.searchsorted(sorted_agency, np.arange(len(slots)))
    rank = np.arange(len(order)) - starts[sorted_agency]
    granted = np.zeros(len(agency_of), dtype=bool)
    granted[order] = rank < slots[sorted_agency]
    slots -= np.bincount(agency_of[granted], minlength=len(slots))
    return granted
