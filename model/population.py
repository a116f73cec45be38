"""Citizens' state as NumPy arrays (structure of arrays).

One array per attribute, indexed by citizen. Mesa ``Citizen`` agents read and write through to these arrays, so
every process of the step is a handful of vectorized operations instead of a Python loop over citizens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .params import Params

# Why excluded citizens are offline (CNNIC 49th report, Dec 2021: skills 48.4%, literacy 25.7%, device 17.5%,
# age 15.5% of non-users; several answers allowed, so the shares are normalised to sum to 1). Calibration data, not
# a parameter: a survey's answer shares, not an assumption to screen.
MAX_CAPTURES = int(np.iinfo(np.int16).max)  # captures of one need at one agency are counted in int16
REASONS = ("none", "skills", "literacy", "device", "age")
REASON_SHARES = np.array([48.4, 25.7, 17.5, 15.5]) / (48.4 + 25.7 + 17.5 + 15.5)
SKILLS, LITERACY, DEVICE, AGE = 1, 2, 3, 4
# Share of internet users who use online government services (CNNIC 55th report, Dec 2024: 90.6% of netizens).
# Calibration data, not a parameter: the initial share of included citizens with an online account in government
# records (``Population.online_account``); the excluded have none.
ONLINE_ACCOUNT_SHARE = 0.906

# Age structure (7th census, 1 Nov 2020, NBS Bulletin No. 5): 0–14 17.95%, 15–59 63.35%, 60+ 18.70% of which 65+
# 13.50%. Bands below: 0–14, 15–59, 60–64, 65–94 (ages uniform within a band, 94 an assumption: only the 60+ line
# is read by a mechanism). National figures, like the CNNIC shares they are joined with.
AGE_BANDS = np.array([[0, 14], [15, 59], [60, 64], [65, 94]])
CENSUS_AGE_SHARES = np.array([17.95, 63.35, 18.70 - 13.50, 13.50]) / 100.0
OLDER_AGE = 60
# Share aged 60+ among non-users (CNNIC 49th report, Dec 2021: 39.4%, "20.5 points above their population
# share"). Among the excluded, 60–64 vs 65+ and 0–14 vs 15–59 follow the census ratios (assumption: no published
# split); the included get the remainder, so the whole population keeps the census structure.
EXCLUDED_OLDER_SHARE = 0.394


def age_shares(excluded_share: float) -> tuple[np.ndarray, np.ndarray]:
    """Age-band shares among the excluded and among the included for a given excluded share.

    The excluded keep CNNIC's composition; the included get what the census leaves. Above an excluded share of
    0.47 the census cannot hold that composition (there are not enough older people): the included then have no
    one aged 60+ and the population is older than the census (stated in docs/model.md).
    """
    young = CENSUS_AGE_SHARES[:2] / CENSUS_AGE_SHARES[:2].sum()
    old = CENSUS_AGE_SHARES[2:] / CENSUS_AGE_SHARES[2:].sum()
    excluded = np.concatenate([(1.0 - EXCLUDED_OLDER_SHARE) * young, EXCLUDED_OLDER_SHARE * old])
    x = float(excluded_share)
    if x >= 1.0:
        return excluded, CENSUS_AGE_SHARES.copy()
    included = np.clip(CENSUS_AGE_SHARES - x * excluded, 0.0, None)
    return excluded, included / included.sum()


def draw_ages(excluded: np.ndarray, excluded_share: float, rng: np.random.Generator) -> np.ndarray:
    """Each citizen's age in years: a band from their group's shares (:func:`age_shares`), uniform within it."""
    by_excluded, by_included = age_shares(excluded_share)
    u = rng.random((2, len(excluded)))
    cumulative = np.where(excluded[:, None], np.cumsum(by_excluded), np.cumsum(by_included))
    band = np.minimum((u[0][:, None] >= cumulative).sum(axis=1), len(AGE_BANDS) - 1)
    low, high = AGE_BANDS[band, 0], AGE_BANDS[band, 1]
    return (low + np.floor(u[1] * (high - low + 1))).astype(np.int16)


def beta_with_mean(rng: np.random.Generator, mean: float, concentration: float, size: int) -> np.ndarray:
    """Beta draws with a given mean; ``concentration`` = a + b controls the spread."""
    mean = float(np.clip(mean, 1e-3, 1 - 1e-3))
    return rng.beta(mean * concentration, (1 - mean) * concentration, size)


@dataclass
class StepFlags:
    """What happened to each citizen in the current step (reset at the start of every step)."""

    excluded: np.ndarray  # group during this step (snapshot before inclusion moves anyone)
    had_need: np.ndarray  # an open need at some point this step
    visible: np.ndarray  # the open need was visible to the responsible agency when it decided
    arisen: np.ndarray  # a new need arose this step
    sought: np.ndarray  # tried to get service through some channel
    allocated: np.ndarray  # an agency allocated capacity to this citizen's need
    met: np.ndarray  # need met this step
    wait: np.ndarray  # weeks the need met this step had been open
    visited: np.ndarray  # in-person outreach visit
    contact: np.ndarray  # face-to-face contact (visit or counter)
    online_fail: np.ndarray  # tried online and failed
    exposed: np.ndarray  # own record exposed (breach or re-identification)
    heard_breach: np.ndarray  # a neighbour was exposed
    participated: np.ndarray  # took part in a consultation / gave feedback
    responded: np.ndarray  # government acted visibly on their feedback
    served_by_third_party: np.ndarray  # need met by an open-data service
    filed: np.ndarray  # filed a redress request (hotline), accepted or not (process 4a)
    ordered: np.ndarray  # held an open work order (an accepted request) at this week's delivery (process 4a)

    @classmethod
    def empty(cls, n: int) -> StepFlags:
        arrays = {name: np.zeros(n, dtype=bool) for name in cls.__dataclass_fields__ if name != "wait"}
        return cls(wait=np.zeros(n, dtype=np.int32), **arrays)

    def reset(self) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name)[:] = 0


@dataclass
class Population:
    """All citizens; attribute ``x[i]`` belongs to citizen ``i``."""

    excluded: np.ndarray  # bool: no usable internet access
    reason: np.ndarray  # int8 index into REASONS (0 for included citizens)
    literacy: np.ndarray  # digital literacy in [0, 1]
    privacy_concern: np.ndarray  # in [0, 1]
    perceived_risk: np.ndarray  # perceived risk of sharing data, in [0, 1]
    trust: np.ndarray  # trust in government, in [0, 1]
    trust_anchor: np.ndarray  # initial trust, the Friedkin–Johnsen anchor each citizen keeps returning to
    efficacy: np.ndarray  # political efficacy (feeling of having a say), in [0, 1]
    resources: np.ndarray  # time/education resources for participation, in [0, 1]
    age: np.ndarray  # int16 years; an initial draw, part of the world (no ageing: a stationary age structure)
    consent: np.ndarray  # bool: consents to data use across agencies
    consent: np.ndarray  # bool: consents to data use (capture under a binding consent rule; sharing if required)
    need_domain: np.ndarray  # int8: domain (= agency) of the open need, -1 if none
    need_severity: np.ndarray  # true severity of the open need, known to the citizen only
    need_age: np.ndarray  # int32: weeks the open need has been open
    unmet_streak: np.ndarray  # int32: consecutive weeks with an open, unmet need
    online_failures: np.ndarray  # int32: consecutive failed online attempts
    # agencies' records of the open need: seen[a, i] and its estimate / capture count at agency a
    seen: np.ndarray
    estimate: np.ndarray
    captures: np.ndarray
    online_record: np.ndarray  # bool: the open need left a digital trace (online channel)
    # captures made by channels during delivery/participation, visible from the next step on
    pending: np.ndarray
    pending_estimate: np.ndarray
    held: np.ndarray  # held[v, i]: vendor v holds a record about citizen i
    exposed_ever: np.ndarray
    initially_excluded: np.ndarray
    online_neighbours: np.ndarray  # how many of each citizen's ties are online (kept current by the model)
    # bool: government records show an active online account (the citizen has used an online government service).
    # What government can know about who is offline: set on the first successful online use, lapses on push-out.
    online_account: np.ndarray
    flags: StepFlags = field(repr=False)
    # bool: ever left a digital record (passive trace, online or proxy application); what the records show, not
    # the group. Kept by capture.directed_collection; None -> all False.
    footprint: np.ndarray | None = field(default=None, repr=False)
    # int8: weeks an accepted redress request (work order, 工单) stays open for this need, 0 = none
    # (processes/redress.py); None -> all 0.
    work_order: np.ndarray | None = field(default=None, repr=False)
    # int32 [agencies, n]: weeks since an agency's record of the open need was last captured; int32 [vendors, n]:
    # weeks a vendor's copy has sat idle (no live record behind it). Read by the retention rule
    # (processes/consent.py); None -> zeros.
    record_age: np.ndarray | None = field(default=None, repr=False)
    held_age: np.ndarray | None = field(default=None, repr=False)
    # Agencies' dependence state (model/processes/judgement.py), kept here so a burned-in world carries it:
    # judgement[a] (local knowledge, 0–1), reliance[a] (share of cases given to the algorithm) and
    # last_decision[a, i] (-1: not decided by agency a last time it decided; 0: by its algorithm; 1: by a human).
    judgement: np.ndarray | None = field(default=None, repr=False)
    reliance: np.ndarray | None = field(default=None, repr=False)
    last_decision: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.footprint is None:
            self.footprint = np.zeros(len(self.trust), dtype=bool)
        if self.work_order is None:
            self.work_order = np.zeros(len(self.trust), dtype=np.int8)
        if self.record_age is None:
            self.record_age = np.zeros(self.seen.shape, dtype=np.int32)
        if self.held_age is None:
            self.held_age = np.zeros(self.held.shape, dtype=np.int32)
        k = self.seen.shape[0]
        if self.judgement is None:
            self.judgement = np.zeros(k)
        if self.reliance is None:
            self.reliance = np.zeros(k)
        if self.last_decision is None:
            self.last_decision = np.full((k, len(self.trust)), -1, dtype=np.int8)

    @property
    def n(self) -> int:
        return len(self.trust)

    @property
    def included(self) -> np.ndarray:
        return ~self.excluded

    @property
    def older(self) -> np.ndarray:
        """Aged 60 or over (the census's older population)."""
        return self.age >= OLDER_AGE

    @property
    def has_need(self) -> np.ndarray:
        return self.need_domain >= 0

    @classmethod
    def create(cls, params: Params, rng: np.random.Generator) -> Population:
        """Draw the initial population from ``params`` (see docs/model.md, Initialization).

        Reads world parameters only, never a policy lever: the burn-in (model.py) then brings this draw to the
        present-day steady state under baseline policy, so every scenario starts from the same world.
        """
        n, k = params.n_citizens, params.n_agencies
        excluded = rng.random(n) < params.excluded_share
        reason = np.zeros(n, dtype=np.int8)
        reason[excluded] = rng.choice(np.arange(1, 5), size=int(excluded.sum()), p=REASON_SHARES)
        literacy = np.where(
            excluded,
            beta_with_mean(rng, params.excluded_literacy, 6.0, n),
            beta_with_mean(rng, params.literacy_included, 6.0, n),
        )
        trust = beta_with_mean(rng, params.initial_trust, 8.0, n)
        privacy_concern = beta_with_mean(rng, 0.5, 4.0, n)
        resources = beta_with_mean(rng, 0.5, 4.0, n)
        efficacy = beta_with_mean(rng, params.initial_efficacy, 8.0, n)  # a survey share, not the lever
        pop = cls(
            excluded=excluded,
            reason=reason,
            literacy=literacy,
            privacy_concern=privacy_concern,
            perceived_risk=np.full(n, params.base_perceived_risk),
            trust=trust,
            trust_anchor=trust.copy(),
            efficacy=efficacy,
            resources=resources,
            consent=np.zeros(n, dtype=bool),
            need_domain=np.full(n, -1, dtype=np.int8),
            need_severity=np.zeros(n),
            need_age=np.zeros(n, dtype=np.int32),
            unmet_streak=np.zeros(n, dtype=np.int32),
            online_failures=np.zeros(n, dtype=np.int32),
            seen=np.zeros((k, n), dtype=bool),
            estimate=np.zeros((k, n)),
            captures=np.zeros((k, n), dtype=np.int16),
            online_record=np.zeros(n, dtype=bool),
            pending=np.zeros((k, n), dtype=bool),
            pending_estimate=np.zeros((k, n)),
            held=np.zeros((params.n_vendors, n), dtype=bool),
            exposed_ever=np.zeros(n, dtype=bool),
            initially_excluded=excluded.copy(),
            online_neighbours=np.zeros(n),
            online_account=~excluded & (rng.random(n) < ONLINE_ACCOUNT_SHARE),
            age=draw_ages(excluded, params.excluded_share, rng),  # drawn last: earlier draws keep their place
            flags=StepFlags.empty(n),
        )
        return pop

    def record(self, agency: np.ndarray | int, who: np.ndarray, estimate: np.ndarray, *, pending: bool) -> None:
        """Store captures of ``who``'s open need at ``agency`` (now, or from the next step if ``pending``).

        Several captures of the same need at one agency are averaged: matching records checks data.
        """
        if pending:
            self.pending[agency, who] = True
            self.pending_estimate[agency, who] = estimate
            return
        count = self.captures[agency, who].astype(np.float64)
        self.estimate[agency, who] = (self.estimate[agency, who] * count + estimate) / (count + 1.0)
        # saturating count: a need open for a century still cannot wrap the int16 counter (no overflow by construction)
        self.captures[agency, who] = np.minimum(self.captures[agency, who], MAX_CAPTURES - 1) + 1
        self.seen[agency, who] = True
        self.record_age[agency, who] = 0

    def close_needs(self, who: np.ndarray) -> None:
        """Needs of ``who`` are met: clear the need and every agency's record of it."""
        self.need_domain[who] = -1
        self.need_severity[who] = 0.0
        self.need_age[who] = 0
        self.unmet_streak[who] = 0
        self.online_record[who] = False
        self.seen[:, who] = False
        self.estimate[:, who] = 0.0
        self.captures[:, who] = 0
        self.pending[:, who] = False
