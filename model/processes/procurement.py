"""Process 0b — procurement: vendors bid for agencies' data work; security effort follows incentives (借智).

[Y] 政府 … 必然需要向大数据产业公司“借智” and 大数据技术公司运营风险 … 评估采购硬件设备和软件的安全防护水平，监督企业;
[Z] 资金短缺、人才资源支撑力不足. Vendors are few, so this module loops over them; citizens are never looped over.

* **Tender.** When an agency's contract ends (every ``contract_term`` weeks, staggered) every vendor bids: an
  analytics quality q, a security effort e and a price. Under ``lowest_price`` the agency takes the lowest
  effective price; under ``quality_security`` (comprehensive scoring) it maximises
  S = −w_p·price/p_ref + w_q·q + w_s·e. As in a scoring auction (Che 1993), each vendor offers the q and e that
  maximise the score's price-equivalent value net of its cost: with convex costs C·q², C·e² the offer is
  q* = λ_q/(2 C_a ω), λ_q = (w_q/w_p)·p_ref (zero under lowest price).
* **Security effort from incentives.** A vendor's effort is one effort for its whole platform, re-chosen every
  week to maximise profit: the score value of the contracts it holds (renewal is scored on delivered effort) plus
  the expected penalty it avoids, liability × detection × breach chance × records exposed (Becker 1968:
  expected sanction = sanction × detection; detection probability = ``oversight``). The breach chance is the
  calibrated one: ``breach_hazard`` × (1 − 0.8 e) × the oversight factor frozen at its calibration value, so the
  hazard is the old one at effort 0.5. The cost curvature C_s is set so that the reference vendor (one contract,
  every citizen's record, average cost type) chooses 0.5 under baseline incentives: the calibrated hazard is the
  hazard at baseline incentives. ``security_effort_rule = "fixed"`` (knock-out): effort = ``security_investment``.
* **Lock-in.** The incumbent holds the data: a rival's or in-house bid carries the migration cost
  (``migration_weeks`` × p_ref × (1 − ``exit_clause``), spread over the term); the incumbent, when it wins,
  raises its price until its score equals the runner-up's (Farrell & Klemperer 2007: switching costs let the
  incumbent price above cost). A switch pays the migration cost once; the old vendor keeps the records it holds.
* **In-house.** ``inhouse_investment`` builds each agency's own capacity k (time constant
  ``inhouse_build_weeks``); with k > 0 the agency bids too, at cost (no margin, no liability premium), with
  quality k × ``vendor_analytics`` and effort ``security_investment``; data kept in-house lose the breaches that
  come through a third party (``third_party_breach_share``, Verizon DBIR).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..params import Params, baseline_policy
from ..population import Population
from ..rules import DataSharing, linkage_factor

INHOUSE = -1  # contractor code of an agency doing its data work itself
EFFORT_CUT = 0.8  # hazard falls by this share at full security effort (security.breach_hazard)


def _default(name: str) -> float:
    return Params.__dataclass_fields__[name].default


def hazard_slope(params: Params) -> float:
    """Weekly breach chance of a vendor holding every record at zero effort, oversight's direct factor frozen at
    the value the calibration of ``breach_hazard`` used (oversight now acts through effort)."""
    return params.breach_hazard * (1.0 - 0.5 * _default("oversight"))


def exposure_share(params: Params) -> float:
    return params.breach_exposure * (params.graded_exposure if params.graded_management else 1.0)


def hazard(params: Params, held_share: float, effort: float) -> float:
    """Weekly breach chance of a platform holding ``held_share`` of citizens at security ``effort``."""
    linkage = linkage_factor(DataSharing(params.data_sharing), params.n_agencies)
    h = hazard_slope(params) * held_share * (1.0 + 0.5 * (linkage - 1.0)) * (1.0 - EFFORT_CUT * effort)
    return min(h * (params.graded_hazard if params.graded_management else 1.0), 1.0)


def weights(params: Params) -> tuple[float, float, float]:
    """(price, quality, security) weights of the score; lowest price weighs price only."""
    if params.procurement_rule == "lowest_price":
        return 1.0, 0.0, 0.0
    rest = (1.0 - params.price_weight) / 2.0
    return params.price_weight, rest, rest


def reference_price(params: Params) -> float:
    """p_ref: weekly cost of one agency's data work at the default security and analytics (the earlier model's
    security and analytics lines per agency)."""
    s = params.need_rate * params.n_citizens
    return (params.security_cost * _default("security_investment")
            + params.analytics_cost * _default("vendor_analytics")) * s / params.n_agencies


def penalty_rate(params: Params) -> float:
    """Expected penalty per unit of (breach chance / held share) per held share: liability × cost per record ×
    detection × records exposed per breach of a platform holding everyone."""
    return (params.vendor_liability * params.breach_cost_per_record * params.oversight
            * exposure_share(params) * params.n_citizens)


def liability_benefit(params: Params, held_share: float) -> float:
    """Marginal expected penalty avoided per unit of effort (budget units per week) at ``held_share``."""
    h1 = hazard(params, held_share, 0.0) - hazard(params, held_share, 1.0)  # = slope × 0.8 unless capped
    return penalty_rate(params) * h1 * held_share


@dataclass(frozen=True)
class Curvature:
    """Cost curvatures of effort and quality (budget units per week at level 1, average vendor), derived from the
    baseline incentives so that the reference vendor supplies the defaults (security 0.5, analytics 0.5)."""

    security: float
    analytics: float

    @classmethod
    def of(cls, params: Params) -> Curvature:
        base = baseline_policy(params)
        p_ref = reference_price(base)
        w_p, w_q, w_s = weights(base)
        e0, q0 = _default("security_investment"), _default("vendor_analytics")
        security = ((w_s / w_p) * p_ref + liability_benefit(base, 1.0)) / (2.0 * e0)
        analytics = (w_q / w_p) * p_ref / (2.0 * q0)
        return cls(max(security, 1e-12), max(analytics, 1e-12))


@dataclass
class Market:
    """The vendor market's state: vendors' cost types, contracts, efforts, in-house capacity and holdings."""

    kappa: np.ndarray  # vendor's security cost type (× curvature)
    omega: np.ndarray  # vendor's analytics cost type
    contractor: np.ndarray  # per agency: vendor index, or INHOUSE
    expires: np.ndarray  # per agency: market week at which the contract is tendered again
    price: np.ndarray  # per agency: weekly price paid (in-house: its running cost)
    capability: np.ndarray  # per agency: in-house data capacity k in [0, 1]
    effort: np.ndarray  # per vendor: security effort this week
    quality: np.ndarray  # per vendor: analytics quality offered and delivered
    held_inhouse: np.ndarray  # per citizen: a record kept in government's own systems
    week: int = 0
    switches: int = 0  # contracts moved to another provider this week
    migration: float = 0.0  # migration cost paid this week
    switches_total: int = 0
    tenders_total: int = 0
    curvature: Curvature = field(default_factory=lambda: Curvature(1.0, 1.0))

    @classmethod
    def create(cls, params: Params, n_citizens: int, rng: np.random.Generator) -> Market:
        v, k = params.n_vendors, params.n_agencies
        spread = params.vendor_spread
        kappa = rng.uniform(1.0 - spread, 1.0 + spread, v)
        omega = rng.uniform(1.0 - spread, 1.0 + spread, v)
        return cls(
            kappa=kappa, omega=omega,
            contractor=np.arange(k) % v,
            expires=np.array([(a + 1) * params.contract_term // k for a in range(k)], dtype=np.int64),
            price=np.full(k, reference_price(params)),
            capability=np.zeros(k),
            effort=np.full(v, _default("security_investment")),
            quality=np.full(v, _default("vendor_analytics")),
            held_inhouse=np.zeros(n_citizens, dtype=bool),
            curvature=Curvature.of(params),
        )

    # -- offers -------------------------------------------------------------------------------
    def offered_quality(self, params: Params) -> np.ndarray:
        """Analytics quality each vendor offers: q* = λ_q / (2 C_a ω) (0 under lowest price), in [0, 1]."""
        w_p, w_q, _ = weights(params)
        lam = (w_q / w_p) * reference_price(params)
        return np.clip(lam / (2.0 * self.curvature.analytics * self.omega), 0.0, 1.0)

    def chosen_effort(self, params: Params, vendor: int, contracts: int, held_share: float) -> float:
        """Profit-maximising platform effort: (score value of ``contracts`` + liability benefit) / (2 C_s κ m)."""
        if params.security_effort_rule == "fixed":
            return params.security_investment
        w_p, _, w_s = weights(params)
        score_value = contracts * (w_s / w_p) * reference_price(params)
        size = max(held_share, 1.0 / params.n_agencies)  # the data it must protect (a platform has a minimum)
        benefit = liability_benefit(params, held_share)
        return float(np.clip((score_value + benefit) / (2.0 * self.curvature.security * self.kappa[vendor] * size),
                             0.0, 1.0))

    def contract_cost(self, params: Params, vendor: int, contracts: int, held_share: float, effort: float) -> float:
        """A vendor's weekly cost of one contract: its share of platform security and expected penalty, plus
        analytics."""
        size = max(held_share, 1.0 / params.n_agencies)
        security = self.curvature.security * self.kappa[vendor] * size * effort**2
        penalty = penalty_rate(params) * hazard(params, held_share, effort) * held_share
        analytics = self.curvature.analytics * self.omega[vendor] * self.quality[vendor] ** 2
        return (security + penalty) / contracts + analytics

    def inhouse_offer(self, params: Params, agency: int) -> tuple[float, float, float]:
        """(price, quality, effort) of the agency's own team: running cost of security and analytics, at cost."""
        s = params.need_rate * params.n_citizens / params.n_agencies
        quality = self.capability[agency] * params.vendor_analytics
        effort = params.security_investment
        return (params.security_cost * effort + params.analytics_cost * quality) * s, quality, effort

    # -- the week -----------------------------------------------------------------------------
    def step(self, pop: Population, params: Params) -> dict[str, float]:
        """Build in-house capacity, tender expiring contracts, re-choose efforts; returns this week's budget lines
        (``contracts``, ``inhouse``, ``migration``)."""
        self.week += 1
        self.switches, self.migration = 0, 0.0
        self.capability += params.inhouse_investment / params.inhouse_build_weeks * (1.0 - self.capability)
        self.quality = self.offered_quality(params)
        held = pop.held.mean(axis=1)
        for agency in np.flatnonzero(self.expires <= self.week).tolist():
            self._tender(agency, params, held)
        for vendor in range(params.n_vendors):
            self.effort[vendor] = self.chosen_effort(params, vendor, self.contracts(vendor), float(held[vendor]))
        vendor_run = self.contractor != INHOUSE
        s = params.need_rate * params.n_citizens
        return {"contracts": float(self.price[vendor_run].sum()),
                "inhouse": float(self.price[~vendor_run].sum()) + params.inhouse_cost * params.inhouse_investment * s,
                "migration": self.migration}

    def contracts(self, vendor: int) -> int:
        return int((self.contractor == vendor).sum())

    def _tender(self, agency: int, params: Params, held: np.ndarray) -> None:
        """Run one tender: every vendor (and the agency's own team if it has capacity) bids; award; price."""
        w_p, w_q, w_s = weights(params)
        p_ref = reference_price(params)
        incumbent = int(self.contractor[agency])
        switch_cost = params.migration_weeks * p_ref * (1.0 - params.exit_clause)
        bidders, prices, scores, offers = [], [], [], []
        for vendor in range(params.n_vendors):
            contracts = self.contracts(vendor) + (0 if incumbent == vendor else 1)
            effort = self.chosen_effort(params, vendor, contracts, float(held[vendor]))
            price = (1.0 + params.vendor_markup) * self.contract_cost(params, vendor, contracts, float(held[vendor]),
                                                                      effort)
            bidders.append(vendor)
            prices.append(price)
            offers.append((float(self.quality[vendor]), effort))
        if self.capability[agency] > 0.0:
            price, quality, effort = self.inhouse_offer(params, agency)
            bidders.append(INHOUSE)
            prices.append(price)
            offers.append((quality, effort))
        for bidder, price, (quality, effort) in zip(bidders, prices, offers, strict=True):
            effective = price + (0.0 if bidder == incumbent else switch_cost / params.contract_term)
            scores.append(-w_p * effective / p_ref + w_q * quality + w_s * effort)
        order = np.argsort(-np.asarray(scores), kind="stable")
        win, runner_up = int(order[0]), int(order[1])
        winner, price = bidders[win], prices[win]
        if winner == incumbent and winner != INHOUSE:  # lock-in rent: price up to the runner-up's score
            quality, effort = offers[win]
            price = max(price, p_ref / w_p * (w_q * quality + w_s * effort - scores[runner_up]))
        if winner != incumbent:
            self.switches += 1
            self.switches_total += 1
            self.migration += switch_cost
        self.tenders_total += 1
        self.contractor[agency] = winner
        self.price[agency] = price
        self.expires[agency] = self.week + params.contract_term

    def quality_by_agency(self, params: Params) -> np.ndarray:
        """Analytics quality each agency's data work runs with this week."""
        vendor_run = self.contractor != INHOUSE
        quality = np.empty(len(self.contractor))
        quality[vendor_run] = self.quality[self.contractor[vendor_run]]
        quality[~vendor_run] = self.capability[~vendor_run] * params.vendor_analytics
        return quality

    def restart_counters(self) -> None:
        """After the burn-in: cumulative counts describe the policy period only."""
        self.switches = self.switches_total = self.tenders_total = 0
        self.migration = 0.0
