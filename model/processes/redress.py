"""Process 4a — redress: requests through the 12345 hotline (接诉即办), handled under a capacity and a response rule.

Why: the first essay names the missing institutions, "责任归属、救济方式", and the second asks government to learn
from the people (从人民群众中汲取治理的智慧). Beijing's 12345 hotline under the 接诉即办 reform (2019) is the real
instrument: anyone can call, every accepted request is dispatched to the responsible office with a deadline, and the
office is assessed on whether it resolved it. Voice follows expected success and the cost of the channel
(Hirschman 1970), with the resource model's weights (Brady, Verba & Schlozman 1995), as taking part does.

Runs between the agencies' decisions (3) and delivery (4): work orders displace cases the agency had chosen, and
the need is then served through the ordinary channels, so whether a request resolves a need is not assumed.
"""

from __future__ import annotations

import numpy as np

from ..ledger import Ledger
from ..params import Params
from ..population import Population
from ..rules import ServiceRule, has_counters
from .capture import estimation_noise
from .delivery import _take_slots, online_success
from .participation import respond, voice_logit

CHANNELS = ("phone", "online", "in_person")
PHONE, ONLINE, IN_PERSON = 0, 1, 2
WEEKS_PER_YEAR = 365.25 / 7.0  # annualises weekly per-resident rates (Beijing's figures are per year)
RESOLUTION_WINDOW = 2  # weeks a work order is followed before the call-back counts it resolved or not (at least)


def usable_channels(pop: Population, params: Params) -> np.ndarray:
    """(3, n) mask of the channels each citizen can file through.

    Phone: anyone, if the hotline takes calls (no internet needed). Online: an included citizen with an online
    account (the web form and apps of 网上12345 need one). In person: anyone, where the service rule keeps offices
    open (the counters).
    """
    n = pop.n
    return np.stack([
        np.full(n, params.hotline_phone),
        pop.included & pop.online_account,
        np.full(n, has_counters(ServiceRule(params.service_rule))),
    ])


def channel_weights(pop: Population, params: Params) -> np.ndarray:
    """(3, n) odds of filing through each usable channel: exp(voice logit + ``request_offset`` − channel effort).

    Efforts: phone 0; online ``online_request_effort`` (writing the case down; the form can still fail, by
    literacy, when it is sent); in person ``offline_effort`` (travel and time, as for taking part in person).
    Unusable channels weigh 0.
    """
    base = np.exp(voice_logit(pop) + params.request_offset)
    effort = np.array([0.0, params.online_request_effort, params.offline_effort])[:, None]
    return usable_channels(pop, params) * base[None, :] * np.exp(-effort)


def filing_probability(pop: Population, params: Params) -> np.ndarray:
    """Weekly chance a citizen files through some channel (multinomial logit, not filing = odds 1)."""
    total = channel_weights(pop, params).sum(axis=0)
    return total / (1.0 + total)


def weekly_capacity(params: Params, n: int, rng: np.random.Generator) -> int:
    """Requests the hotline can take this week: ``hotline_capacity`` per 1,000 residents, the fraction drawn."""
    expected = params.hotline_capacity * n / 1000.0
    whole = int(expected)
    return whole + int(rng.random() < expected - whole)


def redress(pop: Population, params: Params, rng: np.random.Generator, allocated: np.ndarray,
            ledger: Ledger) -> np.ndarray:
    """File, take and dispatch requests; returns this week's allocation with open work orders at its head.

    1. Work orders close: resolved if the need was met since (it is gone), expired when the follow-up window
       (``response_target`` weeks, at least ``RESOLUTION_WINDOW`` = 2, the window of the capacity calibration in
       docs/model.md submodel 3) has run out with the need still open.
    2. Citizens with a need open since last week, not allocated this week and with no open order may file, through
       a channel they can use (:func:`channel_weights`); an online form fails with the delivery's online success.
    3. The hotline takes up to its capacity, in random order; the rest meet a busy line. Taken requests are heard
       and the others ignored: the participation rule (:func:`~.participation.respond`: efficacy, and being heard
       raises trust). Taken requests become work orders. With ``request_data_feed`` (未诉先办) the request is also
       recorded at the responsible agency, seen by the allocation from next week (a phone or in-person account has
       counter accuracy, an online form a digital capture's).
    4. Response rule: for ``response_target`` weeks from intake, each open work order not already allocated takes
       a case from its agency, displacing one of the agency's own choices at random (capacity binds); it is then
       served through the ordinary delivery channels, which may still fail.
    """
    flags = pop.flags
    order = pop.work_order
    if not params.redress:
        order[:] = 0
        return allocated
    # 1. close work orders (a need can only close by being met; a new need this week means the old one was met)
    live = order > 0
    resolved = live & (~pop.has_need | flags.arisen)
    ledger.orders_resolved += int(resolved.sum())
    order[resolved] = 0
    live = order > 0
    order[live] -= 1
    expired = live & (order == 0)
    ledger.orders_expired += int(expired.sum())

    # 2. filing
    is_allocated = np.zeros(pop.n, dtype=bool)
    is_allocated[allocated] = True
    eligible = np.flatnonzero(pop.has_need & (pop.need_age >= 1) & (order == 0) & ~is_allocated)
    draws = rng.random((3, len(eligible)))
    weights = channel_weights(pop, params)[:, eligible]
    total = weights.sum(axis=0)
    files = draws[0] < total / (1.0 + total)
    cumulative = np.cumsum(weights, axis=0) / np.maximum(total, 1e-300)
    channel = (draws[1][None, :] >= cumulative).sum(axis=0).clip(0, 2)
    online_ok = draws[2] < online_success(pop.literacy[eligible])
    files &= (channel != ONLINE) | online_ok
    filers, channel = eligible[files], channel[files]
    flags.filed[filers] = True
    flags.sought[filers] = True
    ledger.requests_filed += len(filers)

    # 3. intake under capacity
    taken = rng.permutation(len(filers))[: weekly_capacity(params, pop.n, rng)]
    accepted, accepted_channel = filers[taken], channel[taken]
    busy = np.ones(len(filers), dtype=bool)
    busy[taken] = False
    respond(pop, params, _mask(pop.n, accepted), _mask(pop.n, filers[busy]))
    ledger.requests_accepted += len(accepted)
    ledger.requests_phone += int((accepted_channel == PHONE).sum())
    ledger.requests_online += int((accepted_channel == ONLINE).sum())
    ledger.requests_in_person += int((accepted_channel == IN_PERSON).sum())
    ledger.requests_excluded += int(pop.excluded[accepted].sum())
    window = max(params.response_target, RESOLUTION_WINDOW)
    order[accepted] = window
    if params.request_data_feed and len(accepted):
        online = accepted_channel == ONLINE
        noise = np.where(online, estimation_noise(params), params.capture_noise * params.counter_noise)
        estimate = np.clip(pop.need_severity[accepted] + rng.normal(0.0, 1.0, len(accepted)) * noise, 0.0, 1.0)
        pop.record(pop.need_domain[accepted].astype(np.int64), accepted, estimate, pending=True)
        pop.online_record[accepted[online]] = True
    ledger.service_records += len(accepted)

    # 4. response rule: work orders at the head of the agency's cases
    held = (order > 0) & pop.has_need
    flags.ordered[held] = True
    priority = np.flatnonzero(held & (window - order < params.response_target))  # weeks since intake < target
    new = priority[~is_allocated[priority]]
    if len(new) == 0:
        return allocated
    domains = pop.need_domain.astype(np.int64)
    own = allocated[order[allocated] == 0]  # the agency's own choices, which a work order can displace
    slots = np.bincount(domains[new], minlength=params.n_agencies)
    dropped = own[_take_slots(domains[own], slots, rng)]
    flags.allocated[dropped] = False
    flags.allocated[new] = True
    ledger.allocated_severity += float(pop.need_severity[new].sum() - pop.need_severity[dropped].sum())
    ledger.cases_allocated += len(new) - len(dropped)  # > 0 only if an agency had fewer cases than orders
    keep = np.ones(pop.n, dtype=bool)
    keep[dropped] = False
    return np.concatenate([allocated[keep[allocated]], new])


def _mask(n: int, who: np.ndarray) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[who] = True
    return mask


__all__ = ["CHANNELS", "WEEKS_PER_YEAR", "channel_weights", "filing_probability", "redress", "usable_channels",
           "weekly_capacity"]
