"""A naive reference written the ordinary Mesa way, for the benchmark only.

One ``Agent.step`` per citizen, looping over its neighbours in Python, with the same need, application,
allocation, delivery and trust-diffusion logic as the vectorized model (no data sharing, breaches,
participation or inclusion). It shows what the structure-of-arrays design buys; it is not used for results.
"""

from __future__ import annotations

import mesa
import networkx as nx

from smartgov.model.params import Params


class NaiveCitizen(mesa.Agent):
    def __init__(self, model: NaiveModel, excluded: bool, literacy: float, trust: float) -> None:
        super().__init__(model)
        self.excluded = excluded
        self.literacy = literacy
        self.trust = trust
        self.need_domain = -1
        self.severity = 0.0
        self.age = 0
        self.recorded = False
        self.allocated = False
        self.met = False
        self.contact = False
        self.neighbours: list[NaiveCitizen] = []

    def step(self) -> None:
        m, p, rng = self.model, self.model.params, self.model.random
        self.met = self.contact = False
        if self.need_domain < 0:
            if rng.random() < p.need_rate:
                self.need_domain = rng.randrange(p.n_agencies)
                self.severity = rng.betavariate(2.0, 3.0)
                self.age = 0
        else:
            self.age += 1
        sought = False
        if self.need_domain >= 0 and self.allocated:
            sought = True
            helper = any(not n.excluded for n in self.neighbours)
            if not self.excluded and rng.random() < 0.35 + 0.6 * self.literacy:
                self.met = True
            elif self.excluded and helper and rng.random() < p.proxy_help * 0.8:
                self.met = True
            elif m.counter_slots[self.need_domain] > 0:
                m.counter_slots[self.need_domain] -= 1
                self.met = self.contact = True
        elif self.need_domain >= 0 and rng.random() < 0.2 + 0.8 * self.trust:
            sought = True
            if not self.excluded and rng.random() < 0.35 + 0.6 * self.literacy:
                self.recorded = True
            elif m.counter_slots[self.need_domain] > 0:
                m.counter_slots[self.need_domain] -= 1
                self.recorded = self.contact = True
        self.allocated = False
        t = self.trust
        if self.met:
            t += p.trust_gain * (1 - t)
            self.need_domain, self.recorded = -1, False
        elif sought and self.age >= 1:
            t -= p.loss_aversion * p.trust_gain * t
        if self.contact:
            t += p.contact_gain * (1 - t)
        if self.neighbours:
            mean = sum(n.trust for n in self.neighbours) / len(self.neighbours)
            t = (1 - p.social_influence) * t + p.social_influence * mean
        self.trust = min(max(t, 0.0), 1.0)


class NaiveAgency(mesa.Agent):
    def __init__(self, model: NaiveModel, domain: int, capacity: int) -> None:
        super().__init__(model)
        self.domain, self.capacity = domain, capacity

    def step(self) -> None:
        cases = [c for c in self.model.citizen_list if c.recorded and c.need_domain == self.domain]
        cases.sort(key=lambda c: c.severity, reverse=True)
        for c in cases[: self.capacity]:
            c.allocated = True


class NaiveModel(mesa.Model):
    def __init__(self, params: Params, rng: int) -> None:
        super().__init__(rng=rng)
        self.params = p = params
        graph = nx.watts_strogatz_graph(p.n_citizens, p.mean_degree, p.rewiring, seed=rng)
        self.citizen_list = [
            NaiveCitizen(self, self.random.random() < p.excluded_share, self.random.random(), p.initial_trust)
            for _ in range(p.n_citizens)
        ]
        for i, citizen in enumerate(self.citizen_list):
            citizen.neighbours = [self.citizen_list[j] for j in graph.neighbors(i)]
        per_agency = p.capacity_ratio * p.need_rate * p.n_citizens / p.n_agencies
        self.slots_per_agency = int(p.counter_share * per_agency / p.counter_cost)
        self.agency_list = [NaiveAgency(self, d, int(per_agency * (1 - p.counter_share)))
                            for d in range(p.n_agencies)]
        self.datacollector = mesa.DataCollector(model_reporters={
            "trust": lambda m: sum(c.trust for c in m.citizen_list) / len(m.citizen_list),
            "needs_met": lambda m: sum(c.met for c in m.citizen_list),
        })

    def step(self) -> None:
        self.counter_slots = [self.slots_per_agency] * self.params.n_agencies
        for agency in self.agency_list:
            agency.step()
        self.agents_by_type[NaiveCitizen].shuffle_do("step")
        self.datacollector.collect(self)
