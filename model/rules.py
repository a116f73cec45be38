"""Data-sharing, service/participation and allocation rules as small named strategies.

Each rule is an enum plus pure functions over arrays, so a process asks the rule a question ("which records may
this agency use?", "is there an offline counter?") instead of branching on strings.
"""

from __future__ import annotations

import math
from enum import StrEnum

import numpy as np


class DataSharing(StrEnum):
    SILOED = "siloed"  # each agency uses only what it captured itself (数据孤岛)
    FUSION = "fusion"  # consented records cross agency lines (跨部门数据融合)
    OPEN = "open"  # fusion, plus anonymized publication for third parties (数据开放)


class ServiceRule(StrEnum):
    ONLINE_ONLY = "online_only"  # digital-only delivery
    HYBRID = "hybrid"  # online plus offline counters
    INCLUSIVE = "inclusive"  # hybrid, with outreach targeted at those without a digital footprint


class Algorithm(StrEnum):
    BLACK_BOX = "black_box"  # ranks on visible data only (算法黑箱)
    AUDITED = "audited"  # reweights under-covered groups and explains decisions


class ConsentRule(StrEnum):
    """Who consents to capture and what consent binds (processes/consent.py)."""

    NOT_BINDING = "not_binding"  # capture ignores consent (the earlier model)
    OPT_IN = "opt_in"  # captured only with active consent
    OPT_OUT = "opt_out"  # captured unless actively refused
    REQUIRED = "required"  # consent is a condition of digital service


def binds_capture(rule: ConsentRule) -> bool:
    """Whether consent decides which passive traces are taken and what is kept."""
    return rule is not ConsentRule.NOT_BINDING


def consent_threshold(rule: ConsentRule, effort: float) -> float:
    """Margin of the privacy calculus a citizen needs to end up consenting under ``rule``.

    A default sticks because leaving it takes effort (Johnson & Goldstein 2003 name effort, implied endorsement and
    loss aversion): under opt-in a citizen consents only if the calculus favours sharing by more than ``effort``;
    under opt-out they refuse only if it favours refusing by more than ``effort``. Under ``required`` agreeing is
    the way into the online service, so the default is to consent, as under opt-out (assumption: the value of the
    service itself does not enter the calculus; in Obar & Oeldorf-Hirsch 2020 all 543 participants joined a
    fictitious network whatever its terms, so the model likely overstates refusers). Not binding: threshold 0,
    the calculus alone, as before.
    """
    if rule is ConsentRule.OPT_IN:
        return effort
    if rule in (ConsentRule.OPT_OUT, ConsentRule.REQUIRED):
        return -effort
    return 0.0


# -- data sharing -------------------------------------------------------------------------------

def shares_across_agencies(rule: DataSharing) -> bool:
    return rule in (DataSharing.FUSION, DataSharing.OPEN)


def publishes_open_data(rule: DataSharing) -> bool:
    return rule is DataSharing.OPEN


def shareable(consent: np.ndarray, consent_required: bool) -> np.ndarray:
    """Whose records may leave the agency that captured them."""
    return consent if consent_required else np.ones_like(consent)


def visible_records(
    rule: DataSharing,
    agency: int,
    seen: np.ndarray,
    estimate: np.ndarray,
    captures: np.ndarray,
    need_domain: np.ndarray,
    may_share: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Citizens whose open need in ``agency``'s domain the agency can see, with its fused estimate and the
    number of captures behind it.

    Siloed: only its own records. Fusion/open: its own records plus other agencies' records of citizens whose
    data may be shared; several estimates of one need are averaged (matching checks the data).
    """
    in_domain = need_domain == agency
    if not shares_across_agencies(rule):
        who = np.flatnonzero(in_domain & seen[agency])
        return who, estimate[agency, who], captures[agency, who].astype(np.float64)
    usable = seen & may_share  # other agencies' records, where consent allows
    usable[agency] = seen[agency]
    who = np.flatnonzero(in_domain & usable.any(axis=0))
    weights = usable[:, who] * captures[:, who]
    total = weights.sum(axis=0).astype(np.float64)
    fused = (weights * estimate[:, who]).sum(axis=0) / np.maximum(total, 1.0)
    return who, fused, total


def linkage_factor(rule: DataSharing, n_agencies: int) -> float:
    """How many agencies' datasets a vendor links (linking multiplies what a breach or attack can reveal)."""
    return float(n_agencies) if shares_across_agencies(rule) else 1.0


def unique_share(anonymization: float, linked_datasets: float, graded: bool) -> float:
    """Share of published records that are unique, hence re-identifiable by cross-analysis.

    Share unique ≈ exp(-1/D), with D the quasi-identifier combinations per resident. Each published attribute
    roughly halves the crowd (D = 2**(q - 8)); 15 attributes identify ~99% (Rocher et al. 2019). Anonymization
    removes attributes, linking k datasets multiplies D by k, graded management (分类分级) publishes only the
    non-sensitive half.
    """
    attributes = 15.0 * (1.0 - anonymization) * (0.5 if graded else 1.0)
    combos = 2.0 ** (attributes - 8.0) * max(linked_datasets, 1.0)
    return math.exp(-1.0 / combos)


def open_data_utility(anonymization: float, graded: bool) -> float:
    """How useful published data stay for third-party services (coarsening costs detail, not everything)."""
    return (1.0 - 0.5 * anonymization) * (0.9 if graded else 1.0)


# -- service and participation --------------------------------------------------------------------

def has_counters(rule: ServiceRule) -> bool:
    return rule is not ServiceRule.ONLINE_ONLY


def offline_participation(rule: ServiceRule) -> bool:
    """Consultations also held in person (town halls, community meetings)."""
    return rule is not ServiceRule.ONLINE_ONLY


def targets_unseen(rule: ServiceRule) -> bool:
    """Outreach visits go first to citizens with no digital footprint."""
    return rule is ServiceRule.INCLUSIVE


# -- allocation -----------------------------------------------------------------------------------

def priority_score(
    algorithm: Algorithm,
    estimate: np.ndarray,
    captures: np.ndarray,
    excluded: np.ndarray,
    coverage_by_group: tuple[float, float],
) -> np.ndarray:
    """Score used to rank visible cases.

    A black box ranks by estimated severity times its confidence in the data (more records, more confidence),
    so citizens who leave many digital traces rise. An audited algorithm drops the data-richness term and
    weights each case by the inverse of its group's estimated coverage (inverse-probability weighting).
    """
    if algorithm is Algorithm.BLACK_BOX:
        return estimate * (1.0 - np.exp(-captures))
    cov_included, cov_excluded = coverage_by_group
    weight = np.where(excluded, 1.0 / max(cov_excluded, 0.05), 1.0 / max(cov_included, 0.05))
    return estimate * weight / weight.max(initial=1.0)
