"""Mesa agents. Citizens keep their state in the population arrays, so steps stay vectorized; agencies and
companies are few and hold their own small state."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from .processes import allocate
from .processes.decision import case_capacity
from .processes.judgement import (
    ALGORITHM,
    HUMAN,
    deference,
    next_judgement,
    next_reliance,
    practice_share,
)

if TYPE_CHECKING:
    from .model import GovernanceModel


class Citizen(mesa.Agent):
    """A resident with usable internet access; state lives in ``model.population`` at ``index``."""

    model: GovernanceModel

    def __init__(self, model: GovernanceModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def trust(self) -> float:
        return float(self.model.population.trust[self.index])

    @trust.setter
    def trust(self, value: float) -> None:
        self.model.population.trust[self.index] = min(max(float(value), 0.0), 1.0)

    @property
    def literacy(self) -> float:
        return float(self.model.population.literacy[self.index])

    @property
    def privacy_concern(self) -> float:
        return float(self.model.population.privacy_concern[self.index])

    @property
    def efficacy(self) -> float:
        return float(self.model.population.efficacy[self.index])

    @property
    def consents(self) -> bool:
        return bool(self.model.population.consent[self.index])

    @property
    def need_domain(self) -> int | None:
        """Domain (agency) of the open need, or None."""
        domain = int(self.model.population.need_domain[self.index])
        return None if domain < 0 else domain

    @property
    def unmet_streak(self) -> int:
        return int(self.model.population.unmet_streak[self.index])

    @property
    def neighbours(self) -> list[int]:
        """Indices of this citizen's social ties."""
        adjacency = self.model.network.adjacency
        return adjacency.indices[adjacency.indptr[self.index]: adjacency.indptr[self.index + 1]].tolist()

    @property
    def is_excluded(self) -> bool:
        return bool(self.model.population.excluded[self.index])


class DigitallyExcludedCitizen(Citizen):
    """A resident without usable internet access (技术难民 when needs go unmet): reachable only offline."""

    @property
    def reason(self) -> str:
        from .population import REASONS

        return REASONS[int(self.model.population.reason[self.index])]


class GovernmentAgency(mesa.Agent):
    """An agency responsible for one service domain; decides each week whom to serve."""

    model: GovernanceModel

    def __init__(self, model: GovernanceModel, domain: int, vendor: int) -> None:
        super().__init__(model)
        self.domain = domain
        self.vendor = vendor
        self.caseload: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.allocated = np.empty(0, dtype=np.int64)

    def decide(self) -> np.ndarray:
        """Set this week's reliance on the algorithm, rank the visible caseload and allocate this week's case
        budget, then let the week's practice move the agency's judgement (process 3; processes/judgement.py)."""
        assert self.caseload is not None, "capture_data must run before decide"
        m = self.model
        pop, p, a = m.population, m.params, self.domain
        load = len(self.caseload[0]) / max(case_capacity(m.week_plan, p, float(pop.reliance[a])), 1)
        pop.reliance[a] = next_reliance(p, float(pop.reliance[a]), pop, a, load)
        judgement = float(pop.judgement[a])
        self.allocated = allocate(a, self.caseload, pop, p, m.week_plan, m.rng, m.ledger,
                                  reliance=float(pop.reliance[a]))
        last = pop.last_decision[a]
        own_judged = np.count_nonzero(last == HUMAN) * (1.0 - deference(p, judgement))
        field = np.count_nonzero(pop.flags.visited & (pop.need_domain == a))
        practice = practice_share(own_judged, np.count_nonzero(last == ALGORITHM), field)
        pop.judgement[a] = next_judgement(p, judgement, practice)
        return self.allocated

    @property
    def judgement(self) -> float:
        """Human judgement (local knowledge, 0–1): how far officials see past the records."""
        return float(self.model.population.judgement[self.domain])

    @property
    def reliance(self) -> float:
        """Share of this agency's case budget decided by the algorithm this week (its own decision when adaptive)."""
        return float(self.model.population.reliance[self.domain])

    @property
    def visible_cases(self) -> int:
        """Open needs in this agency's domain it could see when it last decided."""
        return 0 if self.caseload is None else len(self.caseload[0])

    @property
    def weekly_budget(self) -> float:
        """Budget per week in online-case units: this agency's share of every line (model/budget.py)."""
        return self.model.week_plan.total

    @property
    def counter_slots(self) -> int:
        """Offline counter visits per week (0 under digital-only delivery)."""
        return self.model.plan.counter_slots if self.model.plan.counters > 0 else 0

    @property
    def records(self) -> int:
        """Citizens whose open need this agency has on record."""
        return int(self.model.population.seen[self.domain].sum())


class TechCompany(mesa.Agent):
    """A vendor running platforms and analytics for some agencies (借智); holds citizens' records."""

    model: GovernanceModel

    def __init__(self, model: GovernanceModel, vendor: int) -> None:
        super().__init__(model)
        self.vendor = vendor

    @property
    def records_held(self) -> int:
        return int(self.model.population.held[self.vendor].sum())

    @property
    def analytics_quality(self) -> float:
        """Quality it offers in tenders (vendor market), else the fixed ``vendor_analytics``."""
        market = self.model.market
        return self.model.params.vendor_analytics if market is None else float(market.quality[self.vendor])

    @property
    def security_investment(self) -> float:
        """Security effort it chose this week (vendor market), else the fixed ``security_investment``."""
        market = self.model.market
        return self.model.params.security_investment if market is None else float(market.effort[self.vendor])

    @property
    def agencies(self) -> list[int]:
        """Agencies whose data work it runs (its contracts under the vendor market)."""
        market = self.model.market
        if market is None:
            return list(range(self.vendor, self.model.params.n_agencies, self.model.params.n_vendors))
        return [int(a) for a in (market.contractor == self.vendor).nonzero()[0]]
