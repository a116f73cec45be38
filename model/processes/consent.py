"""Consent that binds capture, and records that age out (issue 15, items 4 and 6).

Why: [Z] 部分社会公众因信息安全问题不愿将自己的信息共享于智慧治理的网络中 — citizens who refuse must be able to stay out
of the data, so refusals cost coverage; [Y] 海量数据不少仍"安睡"在硬盘和云端 and 一些被反复使用的数据、表面看来无效
的数据等往往被视为垃圾，束之高阁…很可能处于失于管控的状态，也容易引发泄密事件 — data kept after their use stay
exposed until deleted. The rule in force (``consent_rule``) decides who consents and what consent binds:

* ``not_binding`` (knock-out: the model before issue 15): capture ignores consent (statutory-duty basis, PIPL 2021
  Art. 13(3)); consent only gates cross-agency use and publication (``consent_required``).
* ``opt_in`` (default): passive digital traces are taken only of citizens who actively consent (PIPL Art. 13(1),
  14: consent voluntary, explicit, informed); leaving the default "no" takes effort.
* ``opt_out``: traces are taken unless the citizen actively refuses; leaving the default "yes" takes effort.
* ``required``: consent is a condition of digital service (bundled consent, the case PIPL Art. 16 allows only
  where processing is necessary for the service): agreeing is the default way in, as under opt-out; refusers forgo
  the online channel, apply in person (counters, visits, proxies are not for them) and leave no passive trace.

Under every binding rule a vendor keeps a refuser's record only while an agency holds a live record of their open
need (the case's purpose; PIPL Art. 47: delete when the purpose is achieved or consent is withdrawn).
Retention (``retention_limit``, ``retention_weeks``; PIPL Art. 19: the shortest period necessary) deletes an
agency's record of an open need not re-captured for more than ``retention_weeks`` weeks, and a vendor's copy
once it has not been live for more than ``retention_weeks`` weeks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..ledger import Ledger
from ..params import Params
from ..population import Population
from ..rules import ConsentRule, DataSharing, binds_capture, shareable, shares_across_agencies

if TYPE_CHECKING:
    from .procurement import Market


def traces_allowed(pop: Population, params: Params) -> np.ndarray:
    """Citizens whose online activity may be captured as a passive trace (all of them if consent does not bind)."""
    if not binds_capture(ConsentRule(params.consent_rule)):
        return np.ones(pop.n, dtype=bool)
    return pop.consent


def online_service(pop: Population, params: Params) -> np.ndarray:
    """Citizens who can use online service: the included, except refusers when consent is required for it."""
    if ConsentRule(params.consent_rule) is ConsentRule.REQUIRED:
        return pop.included & pop.consent
    return pop.included


def live_holdings(pop: Population, params: Params, market: Market | None = None) -> np.ndarray:
    """live[v, i]: vendor v now holds a record in use about citizen i (an agency it serves has a record of i's open
    need, or, under fusion/open data, any agency has one that may be shared). The agencies a vendor serves are its
    contracts under the vendor market (a vendor with none hosts no part of the fused lake), else agency a runs on
    vendor a mod V."""
    live = np.zeros_like(pop.held)
    anywhere = pop.seen.any(axis=0)
    fused = anywhere & shareable(pop.consent, params.consent_required)
    across = shares_across_agencies(DataSharing(params.data_sharing))
    for vendor in range(params.n_vendors):
        if market is None:
            served = np.arange(vendor, params.n_agencies, params.n_vendors)
        else:
            served = np.flatnonzero(market.contractor == vendor)
        live[vendor] = pop.seen[served].any(axis=0)
        if across and (market is None or len(served)):  # the fused data lake sits on every serving platform
            live[vendor] |= fused
    return live


def expire_records(pop: Population, params: Params, ledger: Ledger) -> None:
    """Age agencies' records of open needs by a week and delete those past the retention period."""
    pop.record_age[pop.seen] += 1
    if not params.retention_limit:
        return
    expired = pop.seen & (pop.record_age > params.retention_weeks)
    if expired.any():
        ledger.records_deleted += int(expired.sum())
        pop.seen[expired] = False
        pop.estimate[expired] = 0.0
        pop.captures[expired] = 0


def update_holdings(pop: Population, params: Params, ledger: Ledger, market: Market | None = None) -> None:
    """Vendors take in the live records, keep idle copies only as consent and retention allow, and age them.

    Not binding and no retention limit: holdings only grow (the model before issue 15).
    """
    live = live_holdings(pop, params, market)
    keep = live.copy()
    idle_ok = np.ones_like(live)
    if binds_capture(ConsentRule(params.consent_rule)):
        idle_ok &= pop.consent[None, :]
    if params.retention_limit:
        idle_ok &= pop.held_age < params.retention_weeks
    keep |= idle_ok
    deleted = pop.held & ~keep
    if deleted.any():
        ledger.records_deleted += int(deleted.sum())
        pop.held &= keep
    pop.held |= live
    pop.held_age[live] = 0
    idle = pop.held & ~live
    pop.held_age[idle] += 1
