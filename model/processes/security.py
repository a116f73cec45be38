"""Process 5 — data sharing and security: consent, vendor holdings, breaches, re-identification."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from ..ledger import Ledger
from ..network import Network
from ..params import Params
from ..population import Population
from ..rules import (
    Algorithm,
    ConsentRule,
    DataSharing,
    consent_threshold,
    linkage_factor,
    publishes_open_data,
    shareable,
    shares_across_agencies,
    unique_share,
)
from . import procurement
from .open_data import in_open_data

if TYPE_CHECKING:
    from .procurement import Market
from .consent import expire_records, update_holdings


def consent_decision(pop: Population, params: Params) -> np.ndarray:
    """Privacy calculus (Dinev & Hart 2006): consent when trust × benefit outweighs concern × perceived risk by
    more than the threshold of the consent rule's default (processes/consent.py: leaving a default takes effort)."""
    explained = Algorithm(params.algorithm) is Algorithm.AUDITED
    benefit = params.consent_benefit + (params.explained_benefit if explained else 0.0)
    threshold = consent_threshold(ConsentRule(params.consent_rule), params.default_effort)
    return pop.trust * benefit > pop.privacy_concern * pop.perceived_risk + threshold


def breach_hazard(params: Params, held_share: float) -> float:
    """Weekly breach chance of one vendor: grows with records held and linkage, falls with security,
    oversight and graded management."""
    linkage = linkage_factor(DataSharing(params.data_sharing), params.n_agencies)
    hazard = params.breach_hazard * held_share * (1.0 + 0.5 * (linkage - 1.0))
    hazard *= (1.0 - 0.8 * params.security_investment) * (1.0 - 0.5 * params.oversight)
    if params.graded_management:
        hazard *= params.graded_hazard
    return min(hazard, 1.0)


def share_and_secure(
    pop: Population, params: Params, rng: np.random.Generator, network: Network, ledger: Ledger,
    forced: Mapping[int, float | None] | None = None, market: Market | None = None,
) -> None:
    """Update consent, delete what retention and consent no longer allow, update what each vendor holds, draw
    breaches and re-identifications, spread the news.

    ``forced`` maps vendor -> share for breaches a policy timeline imposes this week (model/events.py): such a
    vendor is breached whatever its hazard, through the same code as a natural breach; ``share`` None exposes
    records as a natural breach does. The hazard draw is made either way, as in a run without the event.
    """
    rule = DataSharing(params.data_sharing)
    pop.consent[:] = consent_decision(pop, params)
    may_share = shareable(pop.consent, params.consent_required)
    expire_records(pop, params, ledger)  # retention: stale records of open needs are deleted
    anywhere = pop.seen.any(axis=0)
    update_holdings(pop, params, ledger, market)  # live records in; idle ones kept as consent and retention allow

    exposed = np.zeros(pop.n, dtype=bool)
    for vendor in range(params.n_vendors):
        held = pop.held[vendor]
        if market is None:
            natural = rng.random() < breach_hazard(params, float(held.mean()))
        else:
            natural = rng.random() < procurement.hazard(params, float(held.mean()), float(market.effort[vendor]))
        if natural or (forced is not None and vendor in forced):
            share = params.breach_exposure * (params.graded_exposure if params.graded_management else 1.0)
            if forced is not None and forced.get(vendor) is not None:
                share = forced[vendor]
            hit = held & (rng.random(pop.n) < share)
            ledger.breaches += 1
            ledger.records_exposed += int(hit.sum())
            exposed |= hit

    if market is not None:
        exposed |= _inhouse_breach(pop, params, rng, ledger, market, anywhere & may_share)

    if publishes_open_data(rule):
        published = in_open_data(pop, params)  # same records third parties use (process 4)
        ledger.published += int(published.sum())
        risk = unique_share(params.anonymization, linkage_factor(rule, params.n_agencies), params.graded_management)
        reidentified = published & (rng.random(pop.n) < risk * params.linkage_attack_rate)
        ledger.reidentified += int(reidentified.sum())
        exposed |= reidentified

    heard = (network.neighbour_count(exposed) > 0) & ~exposed if exposed.any() else np.zeros(pop.n, dtype=bool)
    pop.flags.exposed |= exposed
    pop.flags.heard_breach |= heard
    pop.exposed_ever |= exposed
    risk = pop.perceived_risk
    base = params.base_perceived_risk
    risk[:] = base + params.risk_memory * (risk - base)
    risk[exposed] += params.exposed_risk_jump * (1.0 - risk[exposed])
    risk[heard] += params.news_risk_jump * (1.0 - risk[heard])


def _inhouse_breach(pop: Population, params: Params, rng: np.random.Generator, ledger: Ledger, market: Market,
                    lake: np.ndarray) -> np.ndarray:
    """Records of agencies working in-house sit in government's own systems: their hazard has no third-party
    share (Verizon DBIR) and follows ``security_investment``. One draw every week, used or not."""
    own = np.flatnonzero(market.contractor == procurement.INHOUSE)
    held = market.held_inhouse
    held |= pop.seen[own].any(axis=0)
    if len(own) and shares_across_agencies(DataSharing(params.data_sharing)):
        held |= lake
    chance = procurement.hazard(params, float(held.mean()), params.security_investment)
    if rng.random() >= chance * (1.0 - params.third_party_breach_share):
        return np.zeros(pop.n, dtype=bool)
    hit = held & (rng.random(pop.n) < procurement.exposure_share(params))
    ledger.breaches += 1
    ledger.records_exposed += int(hit.sum())
    return hit
