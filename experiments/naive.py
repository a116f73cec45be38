"""A naive reference written the ordinary Mesa way, for the benchmark only.

Every citizen is a plain Mesa agent holding its own attributes; each process of the step is a method called on
every agent (``shuffle_do``), looping over its neighbours in Python; agencies sort their caseload in Python; the
DataCollector computes the same outcomes by iterating over agents. Same rules, constants and order as the
vectorized model, so the benchmark compares two implementations of one model. Not used for results.

It is also the docking reference (DESIGN §2): when a process gains a rule, this file gains it too, written
independently (per-agent loops, none of the fast model's helpers), and ``tests/test_trust_rules.py`` checks that
the two agree. The trust rules (DeGroot, Friedkin–Johnsen, bounded confidence) and being heard are docked.
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from smartgov.model.network import build_network
from smartgov.model.params import Params
from smartgov.model.population import BASE_PERCEIVED_RISK, EXCLUDED_LITERACY, REASON_SHARES
from smartgov.model.processes import capture, decision, delivery, inclusion, participation, security
from smartgov.model.rules import (
    Algorithm,
    DataSharing,
    ServiceRule,
    has_counters,
    offline_participation,
    shares_across_agencies,
)


class NaiveCitizen(mesa.Agent):
    """A citizen whose state lives on the agent itself."""

    def __init__(self, model: NaiveModel, excluded: bool) -> None:
        super().__init__(model)
        p, rng = model.params, model.random
        self.excluded = excluded
        self.reason = rng.choices((1, 2, 3, 4), weights=REASON_SHARES.tolist())[0] if excluded else 0
        self.literacy = rng.betavariate(*_beta(EXCLUDED_LITERACY if excluded else p.literacy_included, 6))
        self.trust = rng.betavariate(*_beta(p.initial_trust, 8))
        self.anchor = self.trust  # Friedkin–Johnsen: the initial trust each citizen keeps returning to
        self.privacy_concern = rng.betavariate(2, 2)
        self.resources = rng.betavariate(2, 2)
        self.efficacy = rng.betavariate(*_beta(p.responsiveness, 8))
        self.perceived_risk = BASE_PERCEIVED_RISK
        self.consent = self.trust * security.CONSENT_BENEFIT > self.privacy_concern * self.perceived_risk
        self.need_domain, self.severity, self.age, self.streak, self.online_failures = -1, 0.0, 0, 0, 0
        self.records: dict[int, list[float]] = {}  # agency -> [estimate, captures]
        self.pending: dict[int, float] = {}
        self.online_record = False
        self.held: set[int] = set()
        self.exposed_ever = False
        self.neighbours: list[NaiveCitizen] = []
        self.reset_flags()

    def reset_flags(self) -> None:
        self.was_excluded = self.excluded
        self.had_need = self.visible = self.allocated = self.met = self.sought = False
        self.visited = self.contact = self.online_fail = self.exposed = self.heard = self.participated = False
        self.responded = False
        self.wait = 0

    def record(self, agency: int, estimate: float) -> None:
        est, count = self.records.get(agency, (0.0, 0))
        self.records[agency] = [(est * count + estimate) / (count + 1), count + 1]

    def noisy(self, sd: float) -> float:
        return min(max(self.severity + self.model.random.gauss(0.0, sd), 0.0), 1.0)

    # 1 ------------------------------------------------------------------------------------------
    def arise(self) -> None:
        p, rng = self.model.params, self.model.random
        if self.need_domain >= 0:
            self.age += 1
        elif rng.random() < p.need_rate:
            self.need_domain, self.severity, self.age = rng.randrange(p.n_agencies), rng.betavariate(2, 3), 0
        self.had_need = self.need_domain >= 0

    # 2 ------------------------------------------------------------------------------------------
    def capture(self) -> None:
        p, rng = self.model.params, self.model.random
        for agency, estimate in self.pending.items():
            self.record(agency, estimate)
        self.pending = {}
        if self.need_domain >= 0 and not self.excluded and rng.random() < p.digital_trace_rate:
            self.record(rng.randrange(p.n_agencies), self.noisy(capture.estimation_noise(p)))
            self.online_record = True

    def meet_visitor(self) -> None:
        self.visited = self.contact = True
        if self.need_domain >= 0:
            self.record(self.need_domain, self.noisy(self.model.params.capture_noise * capture.IN_PERSON_NOISE))

    # 4 ------------------------------------------------------------------------------------------
    def seek_service(self) -> None:
        m, p, rng = self.model, self.model.params, self.model.random
        if self.need_domain < 0:
            return
        helper = any(not n.excluded for n in self.neighbours)
        online_ok = rng.random() < delivery.online_success(self.literacy)
        proxy = self.excluded and helper and rng.random() < p.proxy_help
        if self.allocated:
            self.sought = True
            if self.visited:
                self.met = True
            elif not self.excluded:
                self.met = online_ok
                self.online_fail = not online_ok
            if not self.met and proxy:
                m.spending += delivery.PROXY_EXTRA_COST
                self.met = rng.random() < delivery.PROXY_SUCCESS
            if not self.met and m.slots[self.need_domain] > 0:
                m.slots[self.need_domain] -= 1
                self.met = self.contact = True
        elif rng.random() < delivery.seek_probability(self.trust):
            self.sought = True
            if (not self.excluded and online_ok) or proxy:
                self.pending[self.need_domain] = self.noisy(capture.estimation_noise(p))
                self.online_record = True
            else:
                self.online_fail = not self.excluded
                if m.slots[self.need_domain] > 0:
                    m.slots[self.need_domain] -= 1
                    self.contact = True
                    self.pending[self.need_domain] = self.noisy(p.capture_noise * capture.COUNTER_NOISE)
        if self.online_fail:
            self.online_failures += 1
        elif not self.excluded and (self.met or self.pending):
            self.online_failures = 0
            self.literacy += delivery.LITERACY_GAIN * (1 - self.literacy)
        if self.met:
            self.wait = self.age
            self.need_domain, self.severity, self.age, self.streak = -1, 0.0, 0, 0
            self.records, self.pending, self.online_record = {}, {}, False
        else:
            self.streak += 1

    # 5 ------------------------------------------------------------------------------------------
    def share(self) -> None:
        m, p = self.model, self.model.params
        self.consent = self.trust * security.CONSENT_BENEFIT > self.privacy_concern * self.perceived_risk
        for agency in self.records:
            self.held.add(agency % p.n_vendors)
        if self.records and (self.consent or not p.consent_required) and m.sharing_across:
            self.held.update(range(p.n_vendors))
        self.exposed = any(v in m.breached for v in self.held) and m.random.random() < m.exposure_share

    def hear_news(self) -> None:
        self.heard = not self.exposed and any(n.exposed for n in self.neighbours)
        self.exposed_ever |= self.exposed
        r = BASE_PERCEIVED_RISK + security.RISK_MEMORY * (self.perceived_risk - BASE_PERCEIVED_RISK)
        if self.exposed:
            r += security.EXPOSED_RISK_JUMP * (1 - r)
        elif self.heard:
            r += security.NEWS_RISK_JUMP * (1 - r)
        self.perceived_risk = r

    # 6 ------------------------------------------------------------------------------------------
    def update_trust(self) -> None:
        p, t = self.model.params, self.trust
        explained = p.algorithm == Algorithm.AUDITED.value
        if self.met:
            t += p.trust_gain * (1 - t)
        elif self.sought and self.need_domain >= 0 and self.age >= 1:
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
        if self.excluded and not offline_participation(ServiceRule(p.service_rule)):
            return
        logit = -5 + 1.5 * self.resources + 2 * self.efficacy + 1.5 * self.trust
        logit -= participation.OFFLINE_EFFORT * self.excluded
        if rng.random() >= 1 / (1 + math.exp(-logit)):
            return
        self.participated = True
        m.service_records += 1
        step = participation.EFFICACY_STEP
        if rng.random() < p.responsiveness:
            self.responded = True
            self.efficacy += step * (1 - self.efficacy)
            self.trust += p.heard_gain * (1 - self.trust)  # being heard (OECD: having a say)
        else:
            self.efficacy -= step * self.efficacy
        if self.need_domain >= 0:
            self.pending[self.need_domain] = self.noisy(capture.estimation_noise(p))

    # 8 ------------------------------------------------------------------------------------------
    def adopt(self) -> None:
        p, rng = self.model.params, self.model.random
        if not self.excluded:
            return
        share = sum(not n.excluded for n in self.neighbours) / max(len(self.neighbours), 1)
        r = self.reason
        chance = (p.training_rate * inclusion.TRAINING_HELPS[r] + p.device_subsidy * inclusion.DEVICE_HELPS[r]
                  + (inclusion.INNOVATION + p.peer_adoption * share) * inclusion.PEERS_HELP[r])
        if rng.random() < chance:
            self.excluded, self.reason = False, 0
            self.literacy = max(self.literacy, inclusion.NEW_USER_LITERACY)


class NaiveAgency(mesa.Agent):
    """An agency that scans all citizens for visible cases and sorts them in Python."""

    def __init__(self, model: NaiveModel, domain: int) -> None:
        super().__init__(model)
        self.domain = domain

    def decide(self) -> None:
        m, p = self.model, self.model.params
        cases = []
        for c in m.citizen_list:
            if c.need_domain != self.domain:
                continue
            usable = [(est, n) for a, (est, n) in c.records.items()
                      if a == self.domain or (m.sharing_across and (c.consent or not p.consent_required))]
            if usable:
                count = sum(n for _, n in usable)
                estimate = sum(e * n for e, n in usable) / count
                c.visible = True
                cases.append((estimate * (1 - math.exp(-count)), c))
        cases.sort(key=lambda case: case[0], reverse=True)
        n_algorithm = int(m.plan.service * p.algorithm_reliance)
        n_human = int(m.plan.service * (1 - p.algorithm_reliance) / (1 + p.human_review_cost))
        by_algorithm, rest = cases[:n_algorithm], cases[n_algorithm:]
        sd = p.capture_noise * decision.HUMAN_JUDGEMENT_NOISE
        judged = sorted(((c.records.get(self.domain, [0.0])[0] + m.random.gauss(0, sd), c) for _, c in rest),
                        key=lambda case: case[0], reverse=True)[:n_human]
        for _, c in by_algorithm + judged:
            c.allocated = True
        m.spending += len(by_algorithm) + len(judged) * (1 + p.human_review_cost)
        m.service_records += len(by_algorithm) + len(judged)


class NaiveModel(mesa.Model):
    """The same model, written one agent at a time."""

    def __init__(self, params: Params, rng: int) -> None:
        super().__init__(rng=rng)
        self.params = p = params
        self.plan = decision.budget_plan(p)
        self.sharing_across = shares_across_agencies(DataSharing(p.data_sharing))
        self.citizen_list = [NaiveCitizen(self, self.random.random() < p.excluded_share)
                             for _ in range(p.n_citizens)]
        excluded = np.array([c.excluded for c in self.citizen_list])
        network = build_network(p.network, p.n_citizens, p.mean_degree, p.rewiring, p.homophily, excluded, self.rng)
        graph = network.to_networkx()
        for i, citizen in enumerate(self.citizen_list):
            citizen.neighbours = [self.citizen_list[j] for j in graph.neighbors(i)]
        self.agency_list = [NaiveAgency(self, d) for d in range(p.n_agencies)]
        self.breaches = 0
        self.spending = 0.0
        self.service_records = 0
        self.datacollector = mesa.DataCollector(model_reporters=_naive_reporters())
        self.datacollector.collect(self)

    def step(self) -> None:
        p, rng = self.params, self.random
        citizens = self.agents_by_type[NaiveCitizen]
        self.spending = (self.plan.counters + self.plan.outreach + self.plan.documentation) * p.n_agencies
        self.service_records = 0
        citizens.do("reset_flags")
        citizens.shuffle_do("arise")
        citizens.shuffle_do("capture")
        for host in rng.sample(self.citizen_list, int(self.plan.visits * p.n_agencies)):
            for c in {host, *host.neighbours}:
                c.meet_visitor()
        self.agency_list_do("decide")
        slots = self.plan.counter_slots if has_counters(ServiceRule(p.service_rule)) else 0
        self.slots = [slots] * p.n_agencies
        citizens.shuffle_do("seek_service")
        self.breached = set()
        for vendor in range(p.n_vendors):
            share = sum(vendor in c.held for c in self.citizen_list) / p.n_citizens
            if rng.random() < security.breach_hazard(p, share):
                self.breached.add(vendor)
                self.breaches += 1
        self.exposure_share = p.breach_exposure
        citizens.shuffle_do("share")
        citizens.shuffle_do("hear_news")
        citizens.shuffle_do("update_trust")
        citizens.shuffle_do("listen")
        citizens.shuffle_do("participate")
        citizens.shuffle_do("adopt")
        self.datacollector.collect(self)

    def agency_list_do(self, method: str) -> None:
        for agency in self.agency_list:
            getattr(agency, method)()


def _beta(mean: float, concentration: float) -> tuple[float, float]:
    mean = min(max(mean, 1e-3), 1 - 1e-3)
    return mean * concentration, (1 - mean) * concentration


def _share(citizens: list[NaiveCitizen], attr: str, where: str | None = None, negate: bool = False) -> float:
    pool = [c for c in citizens if where is None or getattr(c, where) != negate]
    return sum(getattr(c, attr) for c in pool) / len(pool) if pool else float("nan")


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

    return {
        "trust": lambda m: mean_trust(m),
        "trust_included": lambda m: mean_trust(m, False),
        "trust_excluded": lambda m: mean_trust(m, True),
        "trust_gap": lambda m: mean_trust(m, False) - mean_trust(m, True),
        "need_met_rate": lambda m: _share(m.citizen_list, "met", "had_need"),
        "need_met_included": lambda m: group_rate(m, "met", "had_need", False),
        "need_met_excluded": lambda m: group_rate(m, "met", "had_need", True),
        "equity_gap": lambda m: group_rate(m, "met", "had_need", False) - group_rate(m, "met", "had_need", True),
        "technical_refugees": lambda m: sum(c.excluded and c.streak >= m.params.refugee_streak
                                            for c in m.citizen_list) / len(m.citizen_list),
        "excluded_share": lambda m: _share(m.citizen_list, "excluded"),
        "needs_met": met,
        "needs_open": lambda m: sum(c.need_domain >= 0 for c in m.citizen_list),
        "efficiency": lambda m: met(m) / m.spending if m.spending else float("nan"),
        "mean_wait": lambda m: _share(m.citizen_list, "wait", "met"),
        "coverage": lambda m: _share(m.citizen_list, "visible", "had_need"),
        "coverage_included": lambda m: group_rate(m, "visible", "had_need", False),
        "coverage_excluded": lambda m: group_rate(m, "visible", "had_need", True),
        "participation_rate": lambda m: _share(m.citizen_list, "participated"),
        "participation_included": lambda m: _share(m.citizen_list, "participated", "was_excluded", True),
        "participation_excluded": lambda m: _share(m.citizen_list, "participated", "was_excluded"),
        "consent_rate": lambda m: _share(m.citizen_list, "consent"),
        "breaches": lambda m: m.breaches,
        "exposed_share": lambda m: _share(m.citizen_list, "exposed_ever"),
        "recorded_activity": lambda m: m.service_records / len(m.citizen_list),
    }
