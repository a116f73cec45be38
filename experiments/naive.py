"""The naive per-agent reference: the same model (docs/model.md, ODD) written the ordinary Mesa way.

Every citizen is a plain Mesa agent holding its own attributes; each process of the step is a method called on
every agent (``shuffle_do`` or a loop), looping over its neighbours in Python; agencies scan and sort their
caseload in Python; the DataCollector computes the outcomes by iterating over agents.

It is the docking reference (DESIGN §2; Axtell et al. 1996, Wilensky & Rand 2007): an *independent*
re-implementation written from the ODD and the process docstrings. It imports no helper of the fast model (no
``smartgov.model.processes``, no population arrays, no ``Network``): only ``Params``, the rule enums and pure data
(the CNNIC reasons' shares and older share of the excluded, the census age bands, and the timeline's events, which
it applies itself). The structural assumptions are
``Params`` fields (group "structural") and are read from ``p`` like every other parameter: values, not code.
``tests/test_docking.py`` checks that the two models are equivalent in distribution (two one-sided tests on the
headline outcomes, margins stated there).
Random draws are made in a different order from the fast model, so runs are not bit-identical.

Every process is here, in the fast model's order: (0) timeline events, (0b) the vendor market — in-house capacity
built, expiring contracts tendered (every vendor, and the agency's own team once it has capacity, bids quality,
security effort and price; lowest price or comprehensive scoring; rivals carry the migration cost, an incumbent
vendor prices up to the runner-up's score), vendors' security effort re-chosen from their incentives (contracts'
score value, expected penalty), then the week's bill with the contract, in-house and migration lines; (1) needs
arise — uniform or by attributes (census ages, health-and-care needs of those 60+, welfare needs by resources); (2)
capture — channel records, digital traces, outreach (random or targeted at the unseen), data-sharing rule, limited
analytic attention; (3) decision — budget plan, black-box or audited ranking, algorithm reliance vs human judgement,
trace scoring (痕迹管理); (4a) redress — the 12345 hotline: filing by usable channel, intake under capacity, work orders
at the head of the cases, request data feed; (4) delivery — visit, online, proxy, counter, applications, open-data
services (opened domains, publication lag); (5) consent, vendor holdings (the contractor's; in-house records kept in
government's systems), breaches (at each vendor's effort; government's own systems without the third-party share;
graded management, forced breaches), re-identification of open data, news; (6) trust with the three social rules;
(7) participation, responsiveness, being heard; (8) adoption and push-out.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import mesa
import networkx as nx

from smartgov.model.events import Breach, CapacityCut, SetParameter, Timeline
from smartgov.model.params import Params
from smartgov.model.population import (
    AGE_BANDS,
    CENSUS_AGE_SHARES,
    EXCLUDED_OLDER_SHARE,
    OLDER_AGE,
    ONLINE_ACCOUNT_SHARE,
    REASON_SHARES,
)
from smartgov.model.rules import Algorithm, DataSharing, ServiceRule

# -- fixed structure, written from docs/model.md; the scalar structural assumptions are Params fields, read from p --
ANALYTICS_CUT = 0.6  # vendor analytics cut digital capture error by up to this share
# how much each lever helps each reason for being offline: reason -> (training, device, peers)
# reasons: 1 skills, 2 literacy, 3 device, 4 age (CNNIC 45th/49th)
HELPS = {1: (1.0, 0.0, 1.0), 2: (0.5, 0.0, 0.5), 3: (0.0, 1.0, 0.5), 4: (0.3, 0.3, 0.5)}
SKILLS = 1
HEALTH, WELFARE = 0, 1  # needs by attributes: agency 0 serves health and care, agency 1 social welfare


class NaiveCitizen(mesa.Agent):
    """A citizen whose state lives on the agent itself."""

    def __init__(self, model: NaiveModel, excluded: bool) -> None:
        super().__init__(model)
        p, rng = model.params, model.random
        self.excluded = excluded
        self.reason = rng.choices((1, 2, 3, 4), weights=REASON_SHARES.tolist())[0] if excluded else 0
        self.literacy = rng.betavariate(*_beta(p.excluded_literacy if excluded else p.literacy_included, 6))
        self.trust = rng.betavariate(*_beta(p.initial_trust, 8))
        self.anchor = self.trust  # Friedkin–Johnsen: the initial trust each citizen keeps returning to
        self.privacy_concern = rng.betavariate(2, 2)
        self.resources = rng.betavariate(2, 2)
        self.efficacy = rng.betavariate(*_beta(p.initial_efficacy, 8))  # a survey share, not the lever
        self.perceived_risk = p.base_perceived_risk
        self.consent = self.consents()
        self.need_domain, self.severity, self.need_age, self.streak, self.online_failures = -1, 0.0, 0, 0, 0
        self.records: dict[int, list[float]] = {}  # agency -> [estimate, captures] (what agencies see now)
        self.record_age: dict[int, int] = {}  # agency -> weeks since its record was last captured
        self.pending: dict[int, float] = {}  # records made this week, seen from the next week on
        self.online_record = False  # the open need left a digital trace
        self.footprint = False  # ever left a digital record (trace, online or proxy application, online feedback)
        self.held: set[int] = set()  # vendors holding a record about this citizen
        self.held_inhouse = False  # a record kept in government's own systems (agencies working in-house)
        self.held_age: dict[int, int] = {}  # vendor -> weeks its copy has sat idle (no live record behind it)
        self.work_order = 0  # weeks an accepted redress request stays followed (0: none)
        self.exposed_ever = False
        # government records show an online account (CNNIC 55th: 90.6% of internet users use online government
        # services); what outreach can target. Opened by the first successful online use, lapses on push-out.
        self.online_account = not excluded and rng.random() < ONLINE_ACCOUNT_SHARE
        # age in years: a census band by group (CNNIC's older share among the excluded), uniform within the band
        band = rng.choices(range(len(AGE_BANDS)), weights=model.age_shares[excluded])[0]
        self.years = rng.randint(int(AGE_BANDS[band][0]), int(AGE_BANDS[band][1]))
        self.neighbours: list[NaiveCitizen] = []
        self.reset_flags()

    def reset_flags(self) -> None:
        self.was_excluded = self.excluded
        self.had_need = self.visible = self.allocated = self.met = self.sought = False
        self.visited = self.contact = self.online_fail = self.online_ok = self.exposed = self.heard = False
        self.participated = self.responded = self.third_party = False
        self.arisen = self.filed = self.ordered = False  # a new need this week; filed a request; held a work order
        self.helper_here: bool | None = None  # an online neighbour helps this week (drawn once, when first needed)
        self.wait = 0

    def consents(self) -> bool:
        """Privacy calculus: trust × benefit > privacy concern × perceived risk + the default's effort (opt-in:
        +default_effort to leave "no"; opt-out and required: −default_effort to leave "yes"; not binding: 0);
        explanations add benefit."""
        explained = self.model.params.algorithm == Algorithm.AUDITED.value
        p = self.model.params
        benefit = p.consent_benefit + (p.explained_benefit if explained else 0.0)
        effort = {"not_binding": 0.0, "opt_in": p.default_effort, "opt_out": -p.default_effort,
                  "required": -p.default_effort}[p.consent_rule]
        return self.trust * benefit > self.privacy_concern * self.perceived_risk + effort

    def binding(self) -> bool:
        return self.model.params.consent_rule != "not_binding"

    def online_service(self) -> bool:
        """Can use online service: included, and (when consent is required for it) consenting."""
        return not self.excluded and (self.consent or self.model.params.consent_rule != "required")

    def may_share(self) -> bool:
        return self.consent or not self.model.params.consent_required

    def record(self, agency: int, estimate: float) -> None:
        est, count = self.records.get(agency, (0.0, 0))[:2]
        self.records[agency] = [(est * count + estimate) / (count + 1), count + 1]
        self.record_age[agency] = 0  # weeks since this agency last captured the need (retention)

    def noisy(self, sd: float) -> float:
        return min(max(self.severity + self.model.random.gauss(0.0, sd), 0.0), 1.0)

    def digital_noise(self, agency: int | None = None) -> float:
        """Error of a digital record; a passive trace at ``agency`` has the analytics quality of whoever does that
        agency's data work under the vendor market, every other digital record the ``vendor_analytics`` lever's."""
        p = self.model.params
        quality = p.vendor_analytics if agency is None or not p.vendor_market else self.model.quality_at(agency)
        return p.capture_noise * (1 - ANALYTICS_CUT * quality)

    def close_need(self) -> None:
        self.wait = self.need_age
        self.need_domain, self.severity, self.need_age, self.streak = -1, 0.0, 0, 0
        self.records, self.pending, self.online_record, self.record_age = {}, {}, False, {}

    # 1 ------------------------------------------------------------------------------------------
    def arise(self) -> None:
        """An open need ages a week; otherwise a new one may arise, by ``needs_rule``: uniform, or by attributes
        (the model's per-domain hazards ``hazards``, computed once a week from every citizen's age and resources)."""
        m, p, rng = self.model, self.model.params, self.model.random
        if self.need_domain >= 0:
            self.need_age += 1
        elif p.needs_rule == "uniform":
            if rng.random() < p.need_rate:
                self.need_domain, self.severity, self.need_age = rng.randrange(p.n_agencies), rng.betavariate(2, 3), 0
                m.arisen += 1
                self.arisen = True
        else:
            hazards = m.hazards(self)
            total = sum(hazards)
            if rng.random() < total:
                u, domain, running = rng.random() * total, p.n_agencies - 1, 0.0
                for d, h in enumerate(hazards):  # the domain in proportion to its hazard
                    running += h
                    if u < running:
                        domain = d
                        break
                severe = domain == HEALTH and self.older() and rng.random() < p.older_severe_share
                self.need_domain, self.need_age = domain, 0
                self.severity = rng.betavariate(3, 2) if severe else rng.betavariate(2, 3)
                m.arisen += 1
                self.arisen = True
        self.had_need = self.need_domain >= 0

    def older(self) -> bool:
        return self.years >= OLDER_AGE

    @property
    def had_need_older(self) -> bool:
        return self.had_need and self.older()

    @property
    def had_need_younger(self) -> bool:
        return self.had_need and not self.older()

    # 2 ------------------------------------------------------------------------------------------
    def capture(self) -> None:
        p, rng = self.model.params, self.model.random
        for agency, estimate in self.pending.items():
            self.record(agency, estimate)
        self.pending = {}
        traceable = self.online_service() and (self.consent or not self.binding())  # binding consent: only consenters
        if self.need_domain >= 0 and traceable and rng.random() < p.digital_trace_rate:
            agency = rng.randrange(p.n_agencies)
            self.record(agency, self.noisy(self.digital_noise(agency)))
            self.leave_digital_record()

    def leave_digital_record(self) -> None:
        """The open need is on a digital record; government now knows this citizen has a digital footprint."""
        self.online_record = self.footprint = True

    def assess(self) -> None:
        """Directed data collection: an in-person needs assessment records an open need at its agency now."""
        p = self.model.params
        if self.need_domain >= 0:
            self.record(self.need_domain, self.noisy(p.capture_noise * p.in_person_noise))

    def meet_visitor(self) -> None:
        p = self.model.params
        self.visited = self.contact = True
        if self.need_domain >= 0:
            self.record(self.need_domain, self.noisy(p.capture_noise * p.in_person_noise))

    # 4a -----------------------------------------------------------------------------------------
    def file_request(self) -> int | None:
        """Redress: a need open since last week, not allocated, no open work order → may file through a usable
        channel (odds exp(voice logit + request_offset − effort) each, not filing 1); an online form goes through
        only with online success. Returns the channel (0 phone, 1 online, 2 in person) or None."""
        p, rng = self.model.params, self.model.random
        if self.need_domain < 0 or self.need_age < 1 or self.work_order > 0 or self.allocated:
            return None
        odds = math.exp(-5 + 1.5 * self.resources + 2 * self.efficacy + 1.5 * self.trust + p.request_offset)
        weights = [odds if p.hotline_phone else 0.0,
                   odds * math.exp(-p.online_request_effort) if not self.excluded and self.online_account else 0.0,
                   odds * math.exp(-p.offline_effort) if p.service_rule != ServiceRule.ONLINE_ONLY.value else 0.0]
        total = sum(weights)
        if rng.random() >= total / (1 + total):
            return None
        channel = rng.choices(range(3), weights=weights)[0]
        if channel == 1 and rng.random() >= self.online_success():
            return None  # the web form did not go through
        self.filed = self.sought = True
        return channel

    def answered(self, accepted: bool) -> None:
        """The hotline's answer, by the participation rule: taken → efficacy up and heard; busy line → down."""
        p = self.model.params
        if accepted:
            self.responded = True
            self.efficacy += p.efficacy_step * (1 - self.efficacy)
            self.trust += p.heard_gain * (1 - self.trust)
        else:
            self.efficacy -= p.efficacy_step * self.efficacy

    # 4 ------------------------------------------------------------------------------------------
    def online_success(self) -> float:
        return 0.35 + 0.6 * self.literacy

    def has_helper(self) -> bool:
        return any(not n.excluded for n in self.neighbours)

    def helped(self) -> bool:
        """An online neighbour helps this week (``proxy_help``): one availability per week, for a proxy case, a
        proxy application and reaching an open-data service alike."""
        if self.helper_here is None:
            self.helper_here = self.has_helper() and self.model.random.random() < self.model.params.proxy_help
        return self.helper_here

    def take_slot(self) -> bool:
        slots = self.model.slots
        if slots[self.need_domain] > 0:
            slots[self.need_domain] -= 1
            self.contact = True
            return True
        return False

    def be_served(self) -> None:
        """An allocated need: visitor at the door, online, proxy, counter — the first that works."""
        m, p, rng = self.model, self.model.params, self.model.random
        self.sought = True
        if self.visited:
            self.met = True
        elif self.online_service():
            self.online_ok = rng.random() < self.online_success()
            self.met, self.online_fail = self.online_ok, not self.online_ok
        if not self.met and self.excluded and self.helped():
            m.proxy_cases += 1  # handled by staff rostered next week on this week's count
            self.met = rng.random() < p.proxy_success
        if not self.met:
            self.met = self.take_slot()

    def apply(self) -> None:
        """Not allocated: seek service with probability 0.2 + 0.8·trust; the channel's record is seen next week."""
        m, p, rng = self.model, self.model.params, self.model.random
        if self.need_domain < 0 or self.allocated or rng.random() >= 0.2 + 0.8 * self.trust:
            return
        self.sought = True
        if self.online_service():
            self.online_ok = rng.random() < self.online_success()
            self.online_fail = not self.online_ok
            online_like = self.online_ok
        elif self.excluded:
            online_like = self.helped()
        else:
            online_like = False  # a refuser when consent is required: to the counter
        if online_like:
            self.pending[self.need_domain] = self.noisy(self.digital_noise())
            self.leave_digital_record()
            m.service_records += 1
        elif self.take_slot():
            self.pending[self.need_domain] = self.noisy(p.capture_noise * p.counter_noise)
            m.service_records += 1

    def open_data_service(self) -> None:
        """Under open data, a third-party service (an app, a website) may meet a published (recorded, shareable)
        need: reached online, or by the excluded only through an online neighbour who helps this week."""
        p, rng = self.model.params, self.model.random
        if self.met or not self.published():
            return
        if self.excluded and not self.helped():
            return
        utility = (1 - 0.5 * p.anonymization) * (0.9 if p.graded_management else 1.0)
        if rng.random() < p.open_data_value * utility:
            self.met = self.third_party = True

    def published(self) -> bool:
        """In the open data: an open need recorded by some agency, shareable, in an opened domain
        (``open_data_domains`` closes health and care, then social welfare), open at least ``open_data_lag_weeks``."""
        p = self.model.params
        closed = {"all": 0, "not_health": 1, "not_health_welfare": 2}[p.open_data_domains]
        return (self.need_domain >= closed and bool(self.records) and self.may_share()
                and self.need_age >= p.open_data_lag_weeks)

    def settle(self) -> None:
        """End of delivery: online failures, literacy, the online account, closing met needs, unmet streaks."""
        if self.online_fail:
            self.online_failures += 1
        elif self.online_ok:
            self.online_failures = 0
            self.online_account = True  # the first successful online use opens an account in the records
            self.literacy += self.model.params.literacy_gain * (1 - self.literacy)
        if self.met:
            self.close_need()
        elif self.need_domain >= 0:
            self.streak += 1

    # 5 ------------------------------------------------------------------------------------------
    def share(self) -> None:
        """Consent, then retention (records not re-captured for more than retention_weeks are deleted), then the
        vendors: live copies in, idle ones kept only as consent (when binding) and retention allow, idle ages."""
        m, p = self.model, self.model.params
        self.consent = self.consents()
        for agency in list(self.records):
            self.record_age[agency] = self.record_age.get(agency, 0) + 1
            if p.retention_limit and self.record_age[agency] > p.retention_weeks:
                del self.records[agency], self.record_age[agency]
                m.records_deleted += 1
        if p.vendor_market:  # the vendor holding an agency's data is its contractor (None: the agency's own team)
            providers = {a.vendor for a in m.agency_list}
            live = {m.agency_list[a].vendor for a in self.records}
            if self.records and self.may_share() and m.sharing_across():
                live |= providers  # the fused lake sits on every serving platform, and in-house systems if any
            if None in live:  # in government's own systems: kept there (no deletion rule reaches them)
                self.held_inhouse = True
            live.discard(None)
        else:
            live = {agency % p.n_vendors for agency in self.records}
            if self.records and self.may_share() and m.sharing_across():
                live.update(range(p.n_vendors))
        for vendor in sorted(self.held - live):
            keep = (self.consent or not self.binding()) and (
                not p.retention_limit or self.held_age.get(vendor, 0) < p.retention_weeks)
            if not keep:
                self.held.discard(vendor)
                self.held_age.pop(vendor, None)
                m.records_deleted += 1
        self.held |= live
        for vendor in self.held:
            self.held_age[vendor] = 0 if vendor in live else self.held_age.get(vendor, 0) + 1

    def hear_news(self) -> None:
        self.heard = not self.exposed and any(n.exposed for n in self.neighbours)
        self.exposed_ever |= self.exposed
        p = self.model.params
        r = p.base_perceived_risk + p.risk_memory * (self.perceived_risk - p.base_perceived_risk)
        if self.exposed:
            r += p.exposed_risk_jump * (1 - r)
        elif self.heard:
            r += p.news_risk_jump * (1 - r)
        self.perceived_risk = r

    # 6 ------------------------------------------------------------------------------------------
    def update_trust(self) -> None:
        p, t = self.model.params, self.trust
        explained = p.algorithm == Algorithm.AUDITED.value
        if self.met:
            t += p.trust_gain * (1 - t)
        elif self.sought and self.need_domain >= 0 and self.need_age >= 1:
            t -= p.loss_aversion * p.trust_gain * (1 - (p.transparency_damping if explained else 0.0)) * t
        if self.contact:
            t += p.contact_gain * (1 - t)
        if self.exposed:
            t -= p.breach_trust_loss * t
        if self.heard:
            t -= p.breach_news_loss * t
        self.own_trust = t

    def listen(self) -> None:
        """Social step by the trust rule, reading the neighbours' trust before anyone listened (synchronous)."""
        p, t = self.model.params, self.own_trust
        w = p.social_influence
        if w > 0:
            if p.trust_rule == "bounded_confidence":  # Hegselmann–Krause: only neighbours within ε
                heard = [n.own_trust for n in self.neighbours if abs(n.own_trust - t) <= p.confidence_bound]
            else:
                heard = [n.own_trust for n in self.neighbours]
            m = sum(heard) / len(heard) if heard else t  # nobody to listen to: one's own view
            if p.trust_rule == "friedkin_johnsen":
                s = p.trust_anchor_weight
                m = (1 - s) * m + s * self.anchor
            elif p.trust_rule not in ("degroot", "bounded_confidence"):
                raise ValueError(f"unknown trust_rule {p.trust_rule!r}")
            t = (1 - w) * t + w * m
        self.trust = min(max(t, 0.0), 1.0)

    # 7 ------------------------------------------------------------------------------------------
    def participate(self) -> None:
        m, p, rng = self.model, self.model.params, self.model.random
        if self.excluded and p.service_rule == ServiceRule.ONLINE_ONLY.value:
            return  # consultations held online only
        logit = -5 + 1.5 * self.resources + 2 * self.efficacy + 1.5 * self.trust
        logit -= p.offline_effort * self.excluded
        if rng.random() >= 1 / (1 + math.exp(-logit)):
            return
        self.participated = True
        m.service_records += 1
        if rng.random() < p.responsiveness:
            self.responded = True
            self.efficacy += p.efficacy_step * (1 - self.efficacy)
            self.trust += p.heard_gain * (1 - self.trust)  # being heard (OECD: having a say)
        else:
            self.efficacy -= p.efficacy_step * self.efficacy
        if not self.excluded:
            self.online_account = True  # an online consultation is use of an online service
        if self.need_domain >= 0:  # feedback about the open need: online form, or in person if offline
            sd = p.capture_noise * p.counter_noise if self.excluded else self.digital_noise()
            self.pending[self.need_domain] = self.noisy(sd)
            if not self.excluded:
                self.leave_digital_record()

    # 8 ------------------------------------------------------------------------------------------
    def look_around(self) -> None:
        """Read the neighbours before anyone changes group this week (adoption is synchronous)."""
        self.online_share = sum(not n.excluded for n in self.neighbours) / max(len(self.neighbours), 1)

    def adopt_or_give_up(self) -> None:
        p, rng = self.model.params, self.model.random
        if self.excluded:
            training, device, peers = HELPS[self.reason]
            chance = (p.training_rate * training + p.device_subsidy * device
                      + (p.innovation + p.peer_adoption * self.online_share) * peers)
            if rng.random() < chance:
                self.excluded, self.reason = False, 0
                self.literacy = max(self.literacy, p.new_user_literacy)
        elif (p.service_rule == ServiceRule.ONLINE_ONLY.value and self.literacy < p.pushout_literacy
              and self.online_failures >= p.pushout_failures and self.need_domain >= 0
              and rng.random() < p.pushout_rate):  # 技术难民: digital-only delivery pushes a struggling user out
            self.excluded, self.reason, self.online_failures = True, SKILLS, 0
            self.online_account = False  # dormant: the records show no recent online use


class NaiveAgency(mesa.Agent):
    """An agency that scans all citizens for visible cases and sorts them in Python."""

    def __init__(self, model: NaiveModel, domain: int) -> None:
        super().__init__(model)
        self.domain = domain
        p = model.params
        self.judgement = p.initial_judgement  # officials' local knowledge, 0–1 (technology dependence)
        self.reliance = p.algorithm_reliance  # share of the case budget the algorithm decides
        self.last_algorithm: list[NaiveCitizen] = []  # cases it last decided by algorithm / by officials
        self.last_human: list[NaiveCitizen] = []
        # its data work (vendor market): the vendor under contract (None: its own team), the week the contract is
        # tendered again (staggered over the first term), the weekly price paid, its own capacity built so far
        self.vendor: int | None = domain % p.n_vendors
        self.expires = (domain + 1) * p.contract_term // p.n_agencies
        self.price = _reference_price(p)
        self.capability = 0.0

    def own_offer(self) -> tuple[float, float, float]:
        """(price, quality, effort) of its own team: security at the lever's level, analytics at its capacity ×
        the analytics lever, at cost (running costs for its share of the work, no margin)."""
        p = self.model.params
        quality = self.capability * p.vendor_analytics
        work = p.need_rate * p.n_citizens / p.n_agencies
        return (p.security_cost * p.security_investment + p.analytics_cost * quality) * work, quality, \
            p.security_investment

    def capacity(self, reliance: float) -> int:
        """Cases it can decide this week at ``reliance`` (officials' cases cost 1 + human_review_cost)."""
        budget, p = self.model.case_budget, self.model.params
        return int(budget * reliance) + int(budget * (1 - reliance) / (1 + p.human_review_cost))

    def set_reliance(self, visible: int) -> None:
        """Mandated: the lever. Adaptive: toward the target, raised by the observed advantage of the algorithm (the
        closed share of its last cases minus the officials') and by the backlog (1 − 1/load); inertia."""
        p = self.model.params
        if p.reliance_rule == "mandated":
            self.reliance = p.algorithm_reliance
            return

        def closed(cases: list[NaiveCitizen]) -> float | None:  # no open need, or a new one arisen this week
            return sum(c.need_domain < 0 or c.need_age == 0 for c in cases) / len(cases) if cases else None

        by_algorithm, by_human = closed(self.last_algorithm), closed(self.last_human)
        advantage = 0.0 if by_algorithm is None or by_human is None else by_algorithm - by_human
        load = visible / max(self.capacity(self.reliance), 1)
        pressure = advantage + (1 - 1 / load if load > 1 else 0.0)
        wanted = min(max(p.algorithm_reliance + p.reliance_sensitivity * pressure, 0.0), 1.0)
        self.reliance += p.reliance_adjustment * (wanted - self.reliance)

    def deference(self) -> float:
        """Automation bias: weight on the algorithm's score, from novice to expert as judgement grows."""
        p = self.model.params
        return p.deference_novice + (p.deference_expert - p.deference_novice) * self.judgement

    def practise(self, deference: float) -> None:
        """Dynamic judgement: toward this week's practice share (own judged cases × (1 − deference) and field
        contacts, over all cases decided and contacts); unchanged when constant or idle."""
        m, p = self.model, self.model.params
        field = sum(c.visited and c.need_domain == self.domain for c in m.citizen_list)
        own = len(self.last_human) * (1 - deference)
        total = own + len(self.last_algorithm) + field
        if p.judgement_rule == "dynamic" and total > 0:
            self.judgement += p.judgement_rate * ((own + field) / total - self.judgement)

    def decide(self) -> None:
        m, p, rng = self.model, self.model.params, self.model.random
        cases = []  # [estimate, captures, citizen]
        for c in m.citizen_list:
            if c.need_domain != self.domain:
                continue
            usable = [(est, n) for a, (est, n) in c.records.items()
                      if a == self.domain or (m.sharing_across() and c.may_share())]
            if usable:
                count = sum(n for _, n in usable)
                cases.append((sum(e * n for e, n in usable) / count, count, c))
        limit = m.records_analysed()  # limited analytic attention: a random subset analysed, the rest unseen
        if limit and len(cases) > limit:
            cases = [cases[i] for i in sorted(rng.sample(range(len(cases)), limit))]
        for _, _, c in cases:
            c.visible = True
        self.set_reliance(len(cases))
        bonus = {c: 1 + p.trace_preference * p.trace_management * c.online_record for _, _, c in cases}
        if p.algorithm == Algorithm.AUDITED.value:  # inverse-probability weights from the caseload's make-up
            share = sum(c.excluded for c in m.citizen_list) / len(m.citizen_list)
            if cases and 0 < share < 1:
                seen = sum(c.excluded for _, _, c in cases) / len(cases)
                coverage = {False: (1 - seen) / (1 - share), True: seen / share}
            else:
                coverage = {False: 1.0, True: 1.0}
            weight = {g: 1 / max(cov, 0.05) for g, cov in coverage.items()}
            top = max([weight[c.excluded] for _, _, c in cases], default=1.0)
            scored = [(est * weight[c.excluded] / max(top, 1.0) * bonus[c], est, c) for est, _, c in cases]
        else:  # black box: confidence grows with the number of records
            scored = [(est * (1 - math.exp(-n)) * bonus[c], est, c) for est, n, c in cases]
        scored.sort(key=lambda case: case[0], reverse=True)
        n_algorithm = int(m.case_budget * self.reliance)
        n_human = int(m.case_budget * (1 - self.reliance) / (1 + p.human_review_cost))
        by_algorithm, rest = scored[:n_algorithm] if n_algorithm > 0 else [], scored[max(n_algorithm, 0):]
        sd, j, d = p.capture_noise * p.human_judgement_noise, self.judgement, self.deference()
        # an official's view: the record corrected toward the true need by judgement, plus error; anchored on the
        # algorithm's score with weight d (automation bias)
        judged = [((1 - d) * min(max(est + j * (c.severity - est) + rng.gauss(0, sd), 0.0), 1.0) * bonus[c]
                   + d * score, c) for score, est, c in rest]
        judged.sort(key=lambda case: case[0], reverse=True)
        self.last_algorithm = [c for _, _, c in by_algorithm]
        self.last_human = [c for _, c in judged[:max(n_human, 0)]]
        chosen = self.last_algorithm + self.last_human
        self.practise(d)
        for c in chosen:
            c.allocated = True
        m.service_records += len(chosen)
        m.allocated_severity += sum(c.severity for c in chosen)
        in_domain = sorted((c.severity for c in m.citizen_list if c.need_domain == self.domain), reverse=True)
        m.oracle_severity += sum(in_domain[:len(chosen)])


class NaiveVendor(mesa.Agent):
    """A technology company bidding for agencies' data work (借智): its cost types, the analytics quality it offers
    and the security effort it chooses for its platform, re-chosen every week from its incentives."""

    def __init__(self, model: NaiveModel, index: int) -> None:
        super().__init__(model)
        p, rng = model.params, model.random
        self.index = index
        self.kappa = rng.uniform(1 - p.vendor_spread, 1 + p.vendor_spread)  # security cost type
        self.omega = rng.uniform(1 - p.vendor_spread, 1 + p.vendor_spread)  # analytics cost type
        self.effort = _default("security_investment")
        self.quality = _default("vendor_analytics")

    def contracts(self) -> int:
        return sum(a.vendor == self.index for a in self.model.agency_list)

    def offer_quality(self) -> float:
        """Scoring auction (Che 1993): quality whose score value per price unit equals its marginal cost."""
        p, m = self.model.params, self.model
        w_price, w_quality, _ = _weights(p)
        value = w_quality / w_price * _reference_price(p)
        return min(max(value / (2 * m.analytics_curvature * self.omega), 0.0), 1.0)

    def best_effort(self, contracts: int, held: float) -> float:
        """Effort where the marginal cost of security equals what it earns: the score value of its contracts plus
        the expected penalty it avoids (liability × detection × hazard cut × records exposed)."""
        p, m = self.model.params, self.model
        if p.security_effort_rule == "fixed":
            return p.security_investment
        w_price, _, w_security = _weights(p)
        earned = contracts * w_security / w_price * _reference_price(p) + _penalty_avoided(p, held)
        platform = max(held, 1 / p.n_agencies)  # even a platform with few records has an agency's worth to guard
        return min(max(earned / (2 * m.security_curvature * self.kappa * platform), 0.0), 1.0)

    def cost(self, contracts: int, held: float, effort: float) -> float:
        """Weekly cost of one contract: a share of its platform's security and expected penalty, plus analytics."""
        p, m = self.model.params, self.model
        platform = max(held, 1 / p.n_agencies)
        platform_cost = (m.security_curvature * self.kappa * platform * effort ** 2
                         + _penalty_per_chance(p) * _vendor_hazard(p, held, effort) * held)
        return platform_cost / contracts + m.analytics_curvature * self.omega * self.quality ** 2


class NaiveModel(mesa.Model):
    """The same model, written one agent at a time. ``events``: the same policy timeline as GovernanceModel."""

    def __init__(self, params: Params, rng: int, events: Any = None) -> None:
        super().__init__(rng=rng)
        self.timeline = Timeline.coerce(events)
        self.timeline.check(params)
        self.params = p = _baseline_policy(params)  # the world is drawn and burned in under baseline policy
        self.age_shares = _age_shares(p.excluded_share)
        self.citizen_list = [NaiveCitizen(self, self.random.random() < p.excluded_share)
                             for _ in range(p.n_citizens)]
        graph = _network(p, [c.excluded for c in self.citizen_list], self.random)
        for i, citizen in enumerate(self.citizen_list):
            citizen.neighbours = [self.citizen_list[j] for j in graph.neighbors(i)]
        self.agency_list = [NaiveAgency(self, d) for d in range(p.n_agencies)]
        self.vendor_list = [NaiveVendor(self, v) for v in range(p.n_vendors)] if p.vendor_market else []
        self.market_week = self.migration = 0
        # cost curvatures: the reference vendor (one contract, everyone's records, average type) supplies the
        # default security and analytics under baseline incentives (calibrated at the world's baseline policy)
        w_price, w_quality, w_security = _weights(p)
        self.security_curvature = max((w_security / w_price * _reference_price(p) + _penalty_avoided(p, 1.0))
                                      / (2 * _default("security_investment")), 1e-12)
        self.analytics_curvature = max(w_quality / w_price * _reference_price(p)
                                       / (2 * _default("vendor_analytics")), 1e-12)
        self.plan = _budget_plan(p, 1.0)
        self._restart_counters()
        self._burn_in(p.burn_in_weeks)
        self.params = params  # policy starts: week 1 is the first week under the scenario's levers
        self.plan = _budget_plan(params, 1.0)
        self.case_budget = self.plan["service"]
        self.datacollector = mesa.DataCollector(model_reporters=_naive_reporters())
        self.datacollector.collect(self)

    def need_factors(self, c: NaiveCitizen) -> list[float]:
        """Needs by attributes: how much more (or less) often than average this citizen has a need in each domain
        before scaling (health and care: older_need_ratio if aged 60+; social welfare: 1 + slope × (1 − 2 ×
        resources); other domains 1)."""
        p = self.params
        factors = [1.0] * p.n_agencies
        factors[HEALTH] = p.older_need_ratio if c.older() else 1.0
        if p.n_agencies > WELFARE:
            factors[WELFARE] = 1.0 + p.welfare_need_slope * (1.0 - 2.0 * c.resources)
        return factors

    def hazards(self, c: NaiveCitizen) -> list[float]:
        """This citizen's weekly hazard of a new need in each domain: need_rate / k × factor / the factor's
        population mean (the mean rate and the split across agencies as under the uniform rule)."""
        p = self.params
        return [p.need_rate / p.n_agencies * f / max(mean, 1e-12)
                for f, mean in zip(self.need_factors(c), self.factor_means, strict=True)]

    def records_analysed(self) -> int:
        """Records each agency can analyse a week (``analytic_capacity`` × its weekly new needs, at least one);
        0: no separate limit."""
        p = self.params
        if p.analytic_capacity <= 0:
            return 0
        return max(int(p.analytic_capacity * p.need_rate * p.n_citizens / p.n_agencies), 1)

    def quality_at(self, agency: int) -> float:
        """Analytics quality of an agency's data work: its vendor's, or its own team's capacity × the lever."""
        a = self.agency_list[agency]
        return self.params.vendor_analytics * a.capability if a.vendor is None else self.vendor_list[a.vendor].quality

    def held_shares(self) -> list[float]:
        """Share of citizens each vendor holds a record about."""
        return [sum(v in c.held for c in self.citizen_list) / len(self.citizen_list)
                for v in range(self.params.n_vendors)]

    def procure(self, held: list[float] | None = None) -> dict[str, float]:
        """0b. The vendor market's week: agencies build their own capacity, contracts that end are tendered (in
        agency order), every vendor re-chooses its effort; returns the week's contracts, in-house and migration
        lines. ``held``: each vendor's share of citizens held (counted now when None)."""
        p = self.params
        held = self.held_shares() if held is None else held
        self.market_week += 1
        self.migration = 0.0
        for a in self.agency_list:
            a.capability += p.inhouse_investment / p.inhouse_build_weeks * (1 - a.capability)
        for v in self.vendor_list:
            v.quality = v.offer_quality()
        for a in self.agency_list:
            if a.expires <= self.market_week:
                self._tender(a, held)
        for v in self.vendor_list:
            v.effort = v.best_effort(v.contracts(), held[v.index])
        work = p.need_rate * p.n_citizens
        return {"contracts": sum(a.price for a in self.agency_list if a.vendor is not None),
                "inhouse": sum(a.price for a in self.agency_list if a.vendor is None)
                + p.inhouse_cost * p.inhouse_investment * work,
                "migration": self.migration}

    def _tender(self, agency: NaiveAgency, held: list[float]) -> None:
        """Every vendor bids (quality, effort, price with markup); the agency's own team too once it has capacity;
        rivals of the incumbent carry the migration cost spread over the term; highest score wins (first bidder on
        a tie); an incumbent vendor raises its price to the runner-up's score (lock-in rent)."""
        p = self.params
        w_price, w_quality, w_security = _weights(p)
        reference = _reference_price(p)
        switching = p.migration_weeks * reference * (1 - p.exit_clause)
        bids = []  # (bidder, price, quality, effort, score)
        for v in self.vendor_list:
            contracts = v.contracts() + (agency.vendor != v.index)
            effort = v.best_effort(contracts, held[v.index])
            bids.append((v.index, (1 + p.vendor_markup) * v.cost(contracts, held[v.index], effort), v.quality, effort))
        if agency.capability > 0:
            bids.append((None, *agency.own_offer()))
        scored = []
        for bidder, price, quality, effort in bids:
            paid = price + (switching / p.contract_term if bidder != agency.vendor else 0.0)
            scored.append((bidder, price, quality, effort, -w_price * paid / reference + w_quality * quality
                           + w_security * effort))
        ranked = sorted(scored, key=lambda bid: -bid[4])  # stable: the first bidder wins a tie
        (winner, price, quality, effort, _), runner_up = ranked[0], ranked[1]
        if winner is not None and winner == agency.vendor:
            price = max(price, reference / w_price * (w_quality * quality + w_security * effort - runner_up[4]))
        if winner != agency.vendor:
            self.migration += switching
        agency.vendor, agency.price, agency.expires = winner, price, self.market_week + p.contract_term

    def sharing_across(self) -> bool:
        return self.params.data_sharing in (DataSharing.FUSION.value, DataSharing.OPEN.value)

    def _burn_in(self, weeks: int) -> None:
        """``weeks`` weeks under baseline policy before week 0, with no adoption or push-out and literacy held at
        its drawn value (slow trends kept at their present-day values); then the counters restart."""
        literacy = [c.literacy for c in self.citizen_list]
        for _ in range(weeks):
            self._week({}, inclusion=False)
            for c, value in zip(self.citizen_list, literacy, strict=True):
                c.literacy = value
        self._restart_counters()
        for c in self.citizen_list:
            c.reset_flags()
            c.exposed_ever = False

    def _restart_counters(self) -> None:
        self.breaches = self.records_exposed = self.reidentified = self.proxy_cases = 0
        self.spending = self.documentation_entries = self.allocated_severity = self.oracle_severity = 0.0
        self.service_records = self.arisen = 0
        self.requests_filed = self.requests_accepted = self.requests_excluded = 0
        self.orders_resolved = self.orders_expired = 0
        self.requests_by_channel = [0, 0, 0]
        self.records_deleted = 0
        self.lines: dict[str, float] = {}

    def step(self) -> None:
        forced = self._apply_events(self.steps)  # 0: this week's settings, capacity cuts and forced breaches
        self._week(forced)
        self.datacollector.collect(self)

    def _week(self, forced: dict[int, float | None], inclusion: bool = True) -> None:
        """Processes 1–8 of one week (process 8 only if ``inclusion``: the burn-in holds who is online)."""
        p, rng = self.params, self.random
        k = p.n_agencies
        citizens = self.agents_by_type[NaiveCitizen]
        # every budget line of the week paid in full, used or not; rostered lines sized on last week's volumes
        market = self.procure() if p.vendor_market else None  # 0b: tenders and efforts, before the bill
        levers = _lever_lines(p, sum(c.excluded for c in self.citizen_list), self.proxy_cases,
                              sum(c.responded for c in self.citizen_list), market)
        self.proxy_cases = 0
        actual = sum(levers.values()) / k
        self.case_budget = self.plan["service"]
        if p.budget_mode == "neutral":  # case capacity absorbs the lever lines' departure from the expected ones
            self.case_budget = max(self.plan["service"] - (actual - self.plan["levers"]), 0.0)
        self.lines = {"counters": self.plan["counters"] * k, "outreach": self.plan["outreach"] * k,
                      "collection": self.plan["collection"] * k, "documentation": self.plan["documentation"] * k,
                      "cases": self.case_budget * k, **levers}
        self.spending = sum(self.lines.values())
        self.documentation_entries = self.plan["documentation"] / p.documentation_cost * k
        self.service_records = self.arisen = 0
        self.allocated_severity = self.oracle_severity = 0.0
        self.requests_filed = self.requests_accepted = self.requests_excluded = 0
        self.orders_resolved = self.orders_expired = 0
        self.requests_by_channel = [0, 0, 0]
        self.records_deleted = 0
        citizens.do("reset_flags")
        factors = [self.need_factors(c) for c in self.citizen_list]
        self.factor_means = [sum(f[d] for f in factors) / len(factors) for d in range(k)]
        citizens.shuffle_do("arise")  # 1
        assessments = int(self.plan["assessments"] * k)  # 2: directed collection first, so it joins the caseloads
        if assessments > 0:
            unseen = [c for c in self.citizen_list if not c.footprint and not c.records and not c.pending]
            for c in self.random.sample(unseen, min(assessments, len(unseen))):
                c.assess()
        citizens.shuffle_do("capture")
        for c in self._visited(min(int(self.plan["visits"] * k), p.n_citizens)):
            c.meet_visitor()
        for agency in self.agency_list:  # 3
            agency.decide()
        self._redress()  # 4a
        self.slots = [self.plan["counter_slots"] if p.service_rule != ServiceRule.ONLINE_ONLY.value else 0] * k
        allocated = [c for c in self.citizen_list if c.allocated]  # 4: allocated needs get counter slots first
        rng.shuffle(allocated)
        for c in allocated:
            c.be_served()
        citizens.shuffle_do("apply")
        if p.data_sharing == DataSharing.OPEN.value:
            citizens.shuffle_do("open_data_service")
        citizens.do("settle")
        citizens.shuffle_do("share")  # 5
        self._breaches(forced)
        if p.data_sharing == DataSharing.OPEN.value:
            self._reidentify()
        citizens.shuffle_do("hear_news")
        citizens.shuffle_do("update_trust")  # 6
        citizens.shuffle_do("listen")
        citizens.shuffle_do("participate")  # 7
        if inclusion:
            citizens.do("look_around")  # 8
            citizens.shuffle_do("adopt_or_give_up")

    def _redress(self) -> None:
        """4a: close work orders, file requests, take them up to the hotline's capacity, and put work orders at the
        head of their agency's cases (displacing the agency's own choices at random)."""
        p, rng = self.params, self.random
        if not p.redress:
            for c in self.citizen_list:
                c.work_order = 0
            return
        for c in self.citizen_list:  # (a) resolved if the need was met since, expired when the window ran out
            if c.work_order > 0:
                if c.need_domain < 0 or c.arisen:
                    c.work_order = 0
                    self.orders_resolved += 1
                else:
                    c.work_order -= 1
                    self.orders_expired += c.work_order == 0
        filers = []  # (b) everyone decides on this week's state before anyone is answered
        for c in self.citizen_list:
            channel = c.file_request()
            if channel is not None:
                filers.append((c, channel))
        self.requests_filed += len(filers)
        expected = p.hotline_capacity * p.n_citizens / 1000  # (c) intake: the capacity's fraction drawn
        capacity = int(expected) + (rng.random() < expected - int(expected))
        taken = set(rng.sample(range(len(filers)), min(capacity, len(filers))))
        window = max(p.response_target, 2)
        for index, (c, channel) in enumerate(filers):
            c.answered(index in taken)
            if index not in taken:
                continue
            self.requests_accepted += 1
            self.requests_by_channel[channel] += 1
            self.requests_excluded += c.excluded
            c.work_order = window
            self.service_records += 1
            if p.request_data_feed:  # (d) 未诉先办: the request is recorded at its agency, seen next week
                sd = c.digital_noise() if channel == 1 else p.capture_noise * p.counter_noise
                c.pending[c.need_domain] = c.noisy(sd)
                if channel == 1:
                    c.leave_digital_record()
        new: dict[int, list[NaiveCitizen]] = {}  # (e) response rule: orders within the target weeks since intake
        for c in self.citizen_list:
            if c.work_order > 0 and c.need_domain >= 0:
                c.ordered = True
                if window - c.work_order < p.response_target and not c.allocated:
                    new.setdefault(c.need_domain, []).append(c)
        for domain, orders in new.items():
            own = [c for c in self.citizen_list if c.allocated and c.need_domain == domain and c.work_order == 0]
            for c in rng.sample(own, min(len(orders), len(own))):
                c.allocated = False
                self.allocated_severity -= c.severity
            for c in orders:
                c.allocated = True
                self.allocated_severity += c.severity

    def _apply_events(self, week: int) -> dict[int, float | None]:
        events = [e for e in self.timeline if e.week == week]
        changes = {e.key: e.value for e in events if isinstance(e, SetParameter)}
        if changes:
            self.params = self.params.replace(**changes)
        factor = 1.0
        for e in self.timeline:
            if isinstance(e, CapacityCut) and e.week <= week < e.week + e.weeks:
                factor *= e.factor
        self.plan = _budget_plan(self.params, factor)
        forced: dict[int, float | None] = {}
        for e in events:
            if isinstance(e, Breach):
                for vendor in range(self.params.n_vendors) if e.vendor is None else [e.vendor]:
                    forced[vendor] = e.share
        return forced

    def _visited(self, visits: int) -> list[NaiveCitizen]:
        """Hosts of this week's community visits and their ties; under the inclusive rule first those the records
        show without an online account (government sees its records, not who is offline)."""
        if visits <= 0:
            return []
        if self.params.service_rule == ServiceRule.INCLUSIVE.value:
            offline = [c for c in self.citizen_list if not c.online_account]
            online = [c for c in self.citizen_list if c.online_account]
            self.random.shuffle(offline)
            self.random.shuffle(online)
            hosts = (offline + online)[:visits]
        else:
            hosts = self.random.sample(self.citizen_list, visits)
        met: dict[NaiveCitizen, None] = {}  # ordered, so the in-person draws follow the seed (a set's order would not)
        for host in hosts:
            met[host] = None
            met.update(dict.fromkeys(host.neighbours))
        return list(met)

    def _breaches(self, forced: dict[int, float | None]) -> None:
        """Each vendor is breached with its weekly hazard (under the vendor market: at the effort it chose), or by
        a forced breach; then, under the vendor market, government's own systems (one draw every week, without
        the third-party share of breaches)."""
        p, rng = self.params, self.random
        linkage = p.n_agencies if self.sharing_across() else 1
        share = p.breach_exposure * (p.graded_exposure if p.graded_management else 1.0)
        for vendor in range(p.n_vendors):
            holders = [c for c in self.citizen_list if vendor in c.held]
            if p.vendor_market:
                hazard = _vendor_hazard(p, len(holders) / p.n_citizens, self.vendor_list[vendor].effort)
            else:
                hazard = p.breach_hazard * len(holders) / p.n_citizens * (1 + 0.5 * (linkage - 1))
                hazard *= (1 - 0.8 * p.security_investment) * (1 - 0.5 * p.oversight)
                hazard *= p.graded_hazard if p.graded_management else 1.0
            natural = rng.random() < min(hazard, 1.0)
            if natural or vendor in forced:
                self.breaches += 1
                exposure = share if forced.get(vendor) is None else forced[vendor]
                for c in holders:
                    if rng.random() < exposure:
                        c.exposed = True
                        self.records_exposed += 1
        if p.vendor_market:
            own = [c for c in self.citizen_list if c.held_inhouse]
            chance = _vendor_hazard(p, len(own) / p.n_citizens, p.security_investment)
            if rng.random() < chance * (1 - p.third_party_breach_share):
                self.breaches += 1
                for c in own:
                    if rng.random() < share:
                        c.exposed = True
                        self.records_exposed += 1

    def _reidentify(self) -> None:
        """Published records (``published``) are unique with probability exp(−1/D); attackers link them."""
        p, rng = self.params, self.random
        attributes = 15 * (1 - p.anonymization) * (0.5 if p.graded_management else 1.0)
        unique = math.exp(-1 / (2 ** (attributes - 8) * p.n_agencies))  # open data links every agency's data
        for c in self.citizen_list:
            if c.published() and rng.random() < unique * p.linkage_attack_rate:
                c.exposed = True
                self.reidentified += 1


def _default(name: str) -> Any:
    """A parameter's default (the vendor market is calibrated at the default security, analytics and oversight)."""
    return next(f.default for f in dataclasses.fields(Params) if f.name == name)


def _weights(p: Params) -> tuple[float, float, float]:
    """Tender score weights (price, quality, security): lowest price weighs the price only; comprehensive scoring
    gives the price its weight and splits the rest equally."""
    if p.procurement_rule == "lowest_price":
        return 1.0, 0.0, 0.0
    return p.price_weight, (1 - p.price_weight) / 2, (1 - p.price_weight) / 2


def _reference_price(p: Params) -> float:
    """Weekly cost of one agency's data work at the default security and analytics (the price scores divide by)."""
    work = p.need_rate * p.n_citizens / p.n_agencies
    return (p.security_cost * _default("security_investment") + p.analytics_cost * _default("vendor_analytics")) * work


def _vendor_hazard(p: Params, held: float, effort: float) -> float:
    """Weekly breach chance of a platform holding a share ``held`` of citizens at security ``effort``: oversight
    acts through effort, so its direct factor stays at its default (the value breach_hazard was calibrated at)."""
    linkage = p.n_agencies if p.data_sharing in (DataSharing.FUSION.value, DataSharing.OPEN.value) else 1
    hazard = p.breach_hazard * (1 - 0.5 * _default("oversight")) * held * (1 + 0.5 * (linkage - 1))
    hazard *= 1 - 0.8 * effort
    return min(hazard * (p.graded_hazard if p.graded_management else 1.0), 1.0)


def _penalty_per_chance(p: Params) -> float:
    """Expected penalty per unit of breach chance per share held: liability × cost per record × detection
    (oversight) × records a breach of everyone's records exposes."""
    exposure = p.breach_exposure * (p.graded_exposure if p.graded_management else 1.0)
    return p.vendor_liability * p.breach_cost_per_record * p.oversight * exposure * p.n_citizens


def _penalty_avoided(p: Params, held: float) -> float:
    """Expected penalty a vendor holding ``held`` avoids per unit of effort (full effort against none)."""
    return _penalty_per_chance(p) * (_vendor_hazard(p, held, 0.0) - _vendor_hazard(p, held, 1.0)) * held


def _age_shares(excluded_share: float) -> dict[bool, list[float]]:
    """Age-band shares by group (docs/model.md, initialization): the excluded keep CNNIC's 39.4% aged 60+, the
    60+ and the under-60 split among bands by the census ratios; the included get what the census leaves (no
    negative share; above an excluded share of ≈ 0.47 the included have no one aged 60+)."""
    census = [float(s) for s in CENSUS_AGE_SHARES]
    young, old = census[0] + census[1], census[2] + census[3]
    excluded = [(1 - EXCLUDED_OLDER_SHARE) * census[0] / young, (1 - EXCLUDED_OLDER_SHARE) * census[1] / young,
                EXCLUDED_OLDER_SHARE * census[2] / old, EXCLUDED_OLDER_SHARE * census[3] / old]
    if excluded_share >= 1:
        return {True: excluded, False: census}
    rest = [max(c - excluded_share * e, 0.0) for c, e in zip(census, excluded, strict=True)]
    return {True: excluded, False: [r / sum(rest) for r in rest]}


def _baseline_policy(p: Params) -> Params:
    """The same world with every policy lever (``Params`` metadata ``lever``) at its default."""
    changes = {f.name: f.default for f in dataclasses.fields(Params)
               if f.metadata["lever"] and getattr(p, f.name) != f.default}
    return p.replace(**changes) if changes else p


def _lever_lines(p: Params, excluded: int, proxies: int, responses: int,
                 market: dict[str, float] | None = None) -> dict[str, float]:
    """Government-wide weekly lever lines (budget units): training and devices per excluded citizen now, proxy
    handling and responses rostered on last week's counts, the rest running costs scaled by need_rate × N. Under
    the vendor market security and analytics are inside the contracts; ``market``: this week's contracts, in-house
    and migration lines (None: expected — every agency's work at the reference price, nobody switching)."""
    size = p.need_rate * p.n_citizens
    apart = 0.0 if p.vendor_market else 1.0  # security and analytics paid apart from contracts
    if not p.vendor_market:
        market = {"contracts": 0.0, "inhouse": 0.0, "migration": 0.0}
    elif market is None:
        market = {"contracts": _reference_price(p) * p.n_agencies,
                  "inhouse": p.inhouse_cost * p.inhouse_investment * size, "migration": 0.0}
    shared = p.data_sharing != DataSharing.SILOED.value
    published = p.data_sharing == DataSharing.OPEN.value
    return {"proxy": p.proxy_extra_cost * proxies, "responses": p.response_cost * responses,
            "training": p.training_cost * p.training_rate * excluded,
            "devices": p.device_cost * p.device_subsidy * excluded,
            "security": p.security_cost * p.security_investment * size * apart,
            "oversight": p.oversight_cost * p.oversight * size,
            "audit": p.audit_cost * size if p.algorithm == Algorithm.AUDITED.value else 0.0,
            "data_sharing": (p.fusion_cost * size if shared else 0.0)
            + (p.open_data_cost * size if published else 0.0),
            "anonymization": p.anonymization_cost * p.anonymization * size if published else 0.0,
            "graded": p.graded_cost * size if p.graded_management else 0.0,
            "analytics": p.analytics_cost * p.vendor_analytics * size * apart, **market,
            "analysis": p.analysis_cost * p.analytic_capacity * size,
            "hotline": p.hotline_cost * p.hotline_capacity * p.n_citizens / 1000 if p.redress else 0.0,
            "privacy": (p.consent_cost * size if p.consent_rule != "not_binding" else 0.0)
            + (p.retention_cost * size if p.retention_limit else 0.0)}


def _budget_plan(p: Params, cut: float) -> dict[str, float]:
    """An agency's weekly budget: counters and trace reporting from the base, cases the rest; outreach and the
    expected lever lines on top (additive) or out of the cases (neutral: a fixed total). ``cut``: capacity cut."""
    base = p.capacity_ratio * p.need_rate * p.n_citizens / p.n_agencies
    counters = p.counter_share * base if p.service_rule != ServiceRule.ONLINE_ONLY.value else 0.0
    documentation = p.trace_management * p.trace_burden * base
    outreach = p.outreach_share * base
    collection = p.directed_collection * base  # needs assessments of citizens with no digital footprint
    levers = sum(_lever_lines(p, round(p.excluded_share * p.n_citizens), 0, 0).values()) / p.n_agencies
    if p.budget_mode == "neutral":
        service = max(base - counters - documentation - outreach - collection - levers, 0.0)
    else:
        service = max(base - counters - documentation, 0.0)
    return {"counters": counters, "documentation": documentation, "outreach": outreach, "levers": levers,
            "collection": collection, "service": service * cut, "counter_slots": int(counters / p.counter_cost),
            "visits": outreach / p.visit_cost, "assessments": collection / p.assessment_cost}


def _network(p: Params, excluded: list[bool], rng) -> nx.Graph:
    """Small-world or scale-free ties, then a share ``homophily`` of cross-group ties moved within the group
    (new end drawn in proportion to degree + 1)."""
    seed = rng.randrange(2**31 - 1)
    n = p.n_citizens
    if p.network == "small_world":
        graph = nx.watts_strogatz_graph(n, max(2, min(p.mean_degree, n - 1)), p.rewiring, seed=seed)
    else:
        graph = nx.barabasi_albert_graph(n, max(1, min(p.mean_degree // 2, n - 1)), seed=seed)
    edges = [list(e) if rng.random() >= 0.5 else [e[1], e[0]] for e in graph.edges()]
    degree = [graph.degree(i) + 1.0 for i in range(n)]
    members = {g: [i for i in range(n) if excluded[i] == g] for g in (False, True)}
    weights = {g: [degree[i] for i in members[g]] for g in (False, True)}
    for edge in edges:
        u, v = edge
        if excluded[u] != excluded[v] and rng.random() < p.homophily and len(members[excluded[u]]) >= 2:
            edge[1] = rng.choices(members[excluded[u]], weights=weights[excluded[u]])[0]
    out = nx.Graph()
    out.add_nodes_from(range(n))
    out.add_edges_from((u, v) for u, v in edges if u != v)
    return out


def _beta(mean: float, concentration: float) -> tuple[float, float]:
    mean = min(max(mean, 1e-3), 1 - 1e-3)
    return mean * concentration, (1 - mean) * concentration


def _share(citizens: list[NaiveCitizen], attr: str, where: str | None = None, negate: bool = False) -> float:
    pool = [c for c in citizens if where is None or getattr(c, where) != negate]
    return sum(getattr(c, attr) for c in pool) / len(pool) if pool else float("nan")


def _of_accepted(m: NaiveModel, count: int) -> float:
    return count / m.requests_accepted if m.requests_accepted else float("nan")


def _naive_reporters() -> dict:
    """The same outcome columns as model/metrics.py, computed by iterating over agents."""

    def group_rate(m, attr, base, excluded):
        pool = [c for c in m.citizen_list if getattr(c, base) and c.was_excluded == excluded]
        return sum(getattr(c, attr) for c in pool) / len(pool) if pool else float("nan")

    def mean_trust(m, excluded=None):
        pool = [c.trust for c in m.citizen_list if excluded is None or c.excluded == excluded]
        return sum(pool) / len(pool) if pool else float("nan")

    def met(m):
        return sum(c.met for c in m.citizen_list)

    def answer(x):  # a 0–1 value as an answer on the OECD survey's 0–10 scale (nearest integer)
        return math.floor(10 * x + 0.5)

    def trust_sd(m):
        mean = mean_trust(m)
        return math.sqrt(sum((c.trust - mean) ** 2 for c in m.citizen_list) / len(m.citizen_list))

    def high_trust_share(pool):
        return sum(answer(c.trust) >= 6 for c in pool) / len(pool) if pool else float("nan")

    def say_gap(m):  # high-trust share among those who feel they have a say (efficacy 6–10) minus 0–4
        say = [c for c in m.citizen_list if answer(c.efficacy) >= 6]
        no_say = [c for c in m.citizen_list if answer(c.efficacy) <= 4]
        return high_trust_share(say) - high_trust_share(no_say)

    def service_need_ratio(m):
        had = [c for c in m.citizen_list if c.had_need]
        n_met = met(m)
        if not n_met or not had or not any(c.was_excluded for c in had):
            return float("nan")
        return (sum(c.met and c.was_excluded for c in m.citizen_list) / n_met) / (
            sum(c.was_excluded for c in had) / len(had))

    def representativeness(m):
        took_part = sum(c.participated for c in m.citizen_list)
        share = sum(c.was_excluded for c in m.citizen_list) / len(m.citizen_list)
        if not took_part or not share:
            return float("nan")
        return sum(c.participated and c.was_excluded for c in m.citizen_list) / took_part / share

    def vendor_effort(m):  # contract-weighted effort of the vendors doing agencies' data work
        run = [m.vendor_list[a.vendor].effort for a in m.agency_list if m.vendor_list and a.vendor is not None]
        return sum(run) / len(run) if run else float("nan")

    return {
        "trust": lambda m: mean_trust(m),
        "trust_included": lambda m: mean_trust(m, False),
        "trust_excluded": lambda m: mean_trust(m, True),
        "trust_gap": lambda m: mean_trust(m, False) - mean_trust(m, True),
        "trust_unexposed": lambda m: _share(m.citizen_list, "trust", "exposed_ever", True),
        "trust_sd": trust_sd,
        "trust_high_share": lambda m: high_trust_share(m.citizen_list),
        "trust_low_share": lambda m: sum(answer(c.trust) <= 4 for c in m.citizen_list) / len(m.citizen_list),
        "trust_say_gap": say_gap,
        "need_met_rate": lambda m: _share(m.citizen_list, "met", "had_need"),
        "need_met_included": lambda m: group_rate(m, "met", "had_need", False),
        "need_met_excluded": lambda m: group_rate(m, "met", "had_need", True),
        "equity_gap": lambda m: group_rate(m, "met", "had_need", False) - group_rate(m, "met", "had_need", True),
        "service_need_ratio_excluded": service_need_ratio,
        "need_met_older": lambda m: _share(m.citizen_list, "met", "had_need_older"),
        "age_gap": lambda m: (_share(m.citizen_list, "met", "had_need_younger")
                              - _share(m.citizen_list, "met", "had_need_older")),
        "unmet_older": lambda m: 1000 * sum(c.need_domain >= 0 and c.older() for c in m.citizen_list)
        / len(m.citizen_list),
        "requests_per_resident": lambda m: m.requests_accepted / len(m.citizen_list) * 365.25 / 7,
        "requests_filed_per_resident": lambda m: m.requests_filed / len(m.citizen_list) * 365.25 / 7,
        "request_resolution": lambda m: (m.orders_resolved / (m.orders_resolved + m.orders_expired)
                                         if m.orders_resolved + m.orders_expired else float("nan")),
        "request_phone_share": lambda m: _of_accepted(m, m.requests_by_channel[0]),
        "request_online_share": lambda m: _of_accepted(m, m.requests_by_channel[1]),
        "request_in_person_share": lambda m: _of_accepted(m, m.requests_by_channel[2]),
        "request_excluded_share": lambda m: _of_accepted(m, m.requests_excluded),
        "need_met_requesters": lambda m: _share(m.citizen_list, "met", "ordered"),
        "mean_judgement": lambda m: sum(a.judgement for a in m.agency_list) / len(m.agency_list),
        "mean_reliance": lambda m: sum(a.reliance for a in m.agency_list) / len(m.agency_list),
        "technical_refugees": lambda m: sum(c.excluded and c.streak >= m.params.refugee_streak
                                            for c in m.citizen_list) / len(m.citizen_list),
        "excluded_share": lambda m: _share(m.citizen_list, "excluded"),
        "needs_arisen": lambda m: m.arisen,
        "needs_met": met,
        "needs_open": lambda m: sum(c.need_domain >= 0 for c in m.citizen_list),
        "total_cost": lambda m: m.spending,
        "cost_cases": lambda m: m.lines.get("cases", 0.0),
        "cost_channels": lambda m: sum(m.lines.get(k, 0.0) for k in ("counters", "outreach", "collection",
                                                                      "proxy", "hotline")),
        "cost_reporting": lambda m: m.lines.get("documentation", 0.0),
        "cost_levers": lambda m: sum(v for k, v in m.lines.items()
                                     if k not in ("cases", "counters", "outreach", "collection", "proxy",
                                                  "documentation", "hotline")),
        "cost_per_need_met": lambda m: m.spending / met(m) if met(m) else float("nan"),
        "efficiency": lambda m: met(m) / m.spending if m.spending else float("nan"),
        "allocation_accuracy": lambda m: (m.allocated_severity / m.oracle_severity if m.oracle_severity
                                          else float("nan")),
        "mean_wait": lambda m: _share(m.citizen_list, "wait", "met"),
        "coverage": lambda m: _share(m.citizen_list, "visible", "had_need"),
        "coverage_included": lambda m: group_rate(m, "visible", "had_need", False),
        "coverage_excluded": lambda m: group_rate(m, "visible", "had_need", True),
        "representation_bias": lambda m: (group_rate(m, "visible", "had_need", False)
                                          - group_rate(m, "visible", "had_need", True)),
        "participation_rate": lambda m: _share(m.citizen_list, "participated"),
        "participation_included": lambda m: _share(m.citizen_list, "participated", "was_excluded", True),
        "participation_excluded": lambda m: _share(m.citizen_list, "participated", "was_excluded"),
        "representativeness": representativeness,
        "consent_rate": lambda m: _share(m.citizen_list, "consent"),
        "vendor_effort": vendor_effort,
        "breaches": lambda m: m.breaches,
        "records_exposed": lambda m: m.records_exposed,
        "reidentified": lambda m: m.reidentified,
        "exposed_share": lambda m: _share(m.citizen_list, "exposed_ever"),
        "recorded_activity": lambda m: (m.service_records + m.documentation_entries) / len(m.citizen_list),
    }
