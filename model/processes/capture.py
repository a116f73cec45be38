"""Process 2 — data capture: what government gets to see of citizens' needs."""

from __future__ import annotations

import numpy as np

from ..network import Network
from ..params import Params
from ..population import Population
from ..rules import DataSharing, ServiceRule, shareable, targets_unseen, visible_records
from .attention import limit_attention
from .consent import online_service, traces_allowed


def estimation_noise(params: Params, quality: np.ndarray | float | None = None) -> np.ndarray | float:
    """Error of a digital capture: vendor analytics improve need estimation (借智). ``quality`` (per agency, from
    the vendor market) replaces the fixed ``vendor_analytics`` when given."""
    quality = params.vendor_analytics if quality is None else quality
    return params.capture_noise * (1.0 - 0.6 * quality)


def noisy_estimate(severity: np.ndarray, sd: float | np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A recorded estimate of a need's severity: the truth plus Gaussian error, clipped to [0, 1]."""
    if np.isscalar(sd) and sd <= 0:
        return severity.copy()
    return np.clip(severity + rng.normal(0.0, sd, len(severity)), 0.0, 1.0)


def capture_data(
    pop: Population, params: Params, rng: np.random.Generator, network: Network, visits: int,
    quality: np.ndarray | None = None,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Fold new data into agencies' records and return each agency's caseload.

    Sources, in order: last step's channel and feedback records (decisions run on yesterday's data); passive
    digital traces of included citizens at a random agency's platform; ``visits`` in-person community visits
    (走村入户: a visit meets a citizen and their social ties).
    Excluded citizens leave no digital trace, so they are visible only through offline paths: that is where
    data bias comes from. Under a binding consent rule only consenting citizens leave a passive trace (refusers are
    seen only when they apply, give feedback or are visited). The data-sharing rule then decides which records each
    agency may use. ``quality``: analytics quality per agency (vendor market); a trace at agency a has that agency's
    error.
    """
    k = params.n_agencies
    for agency in range(k):
        who = np.flatnonzero(pop.pending[agency])
        if len(who):
            pop.record(agency, who, pop.pending_estimate[agency, who], pending=False)
    pop.pending[:] = False

    sd = estimation_noise(params)
    # passive traces: only of citizens whose consent allows it under a binding consent rule (processes/consent.py)
    traced = np.flatnonzero(pop.has_need & online_service(pop, params) & traces_allowed(pop, params)
                            & (rng.random(pop.n) < params.digital_trace_rate))
    if len(traced):
        at = rng.integers(0, k, len(traced))
        if quality is not None:
            sd = estimation_noise(params, quality)[at]
        pop.record(at, traced, noisy_estimate(pop.need_severity[traced], sd, rng), pending=False)
        pop.online_record[traced] = True

    visited = community_reach(network, outreach_targets(pop, ServiceRule(params.service_rule), visits, rng))
    pop.flags.visited[visited] = True
    pop.flags.contact[visited] = True
    needy = visited[pop.has_need[visited]]
    if len(needy):
        estimate = noisy_estimate(pop.need_severity[needy], params.capture_noise * params.in_person_noise, rng)
        pop.record(pop.need_domain[needy].astype(np.int64), needy, estimate, pending=False)

    rule = DataSharing(params.data_sharing)
    may_share = shareable(pop.consent, params.consent_required)
    caseloads = [
        visible_records(rule, agency, pop.seen, pop.estimate, pop.captures, pop.need_domain, may_share)
        for agency in range(k)
    ]
    caseloads = limit_attention(caseloads, params, rng)  # records not analysed this week inform no decision
    for who, _, _ in caseloads:
        pop.flags.visible[who] = True
    return caseloads


def outreach_targets(pop: Population, rule: ServiceRule, visits: int, rng: np.random.Generator) -> np.ndarray:
    """Citizens visited in person this step (the hosts; :func:`community_reach` adds their ties).

    Under the inclusive rule, staff go first to those without a digital footprint in government records (no
    online account: ``pop.online_account``), in random order; otherwise door to door at random. Government cannot
    see who is offline (``pop.excluded``), only its own records, so targeting reads the records alone: included
    citizens who never used an online service are visited too, and the excluded are found only as far as the
    records tell them apart.
    """
    visits = min(visits, pop.n)
    if visits <= 0:
        return np.empty(0, dtype=np.int64)
    if not targets_unseen(rule):
        return rng.choice(pop.n, size=visits, replace=False)
    first = rng.permutation(np.flatnonzero(~pop.online_account))
    if visits <= len(first):
        return first[:visits]
    rest = rng.permutation(np.flatnonzero(pop.online_account))[: visits - len(first)]
    return np.concatenate([first, rest])


def community_reach(network: Network, hosts: np.ndarray) -> np.ndarray:
    """Everyone met on community visits to ``hosts``: the host and their social ties (family, village)."""
    if len(hosts) == 0:
        return hosts
    adjacency = network.adjacency
    starts, ends = adjacency.indptr[hosts], adjacency.indptr[hosts + 1]
    ties = np.concatenate([adjacency.indices[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)])
    return np.unique(np.concatenate([hosts, ties]))


def directed_collection(pop: Population, params: Params, rng: np.random.Generator, assessments: int) -> np.ndarray:
    """In-person needs assessments of citizens the records show no digital footprint for; returns who was assessed.

    An audit that finds a group under-covered can close the gap at its source by collecting data on it (Chen,
    Johansson & Sontag 2018; [Z] 加强数据搜集分析能力，提供更加科学和准确的决策数据). Government knows whom its
    records hold, not who is offline: the footprint is every citizen who ever left a digital record (a passive trace,
    an online or proxy application: ``online_record``), so targets are drawn, at random, among citizens with no
    footprint and no current record or application at any agency. The true group never enters. An assessed
    citizen's open need is recorded at the responsible agency with in-person accuracy; a citizen with no open need
    yields nothing (the cost is paid all the same). An assessment collects data only: it delivers no service and is
    not counted as contact.
    """
    pop.footprint |= pop.online_record
    assessments = int(assessments)
    if assessments <= 0:
        return np.empty(0, dtype=np.int64)
    unseen = np.flatnonzero(~pop.footprint & ~pop.seen.any(axis=0) & ~pop.pending.any(axis=0))
    assessed = rng.permutation(unseen)[:assessments]
    needy = assessed[pop.has_need[assessed]]
    if len(needy):
        estimate = noisy_estimate(pop.need_severity[needy], params.capture_noise * params.in_person_noise, rng)
        pop.record(pop.need_domain[needy].astype(np.int64), needy, estimate, pending=False)
    return assessed
