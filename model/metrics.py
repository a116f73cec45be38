"""Every outcome of the model, defined once.

The same functions feed Mesa's DataCollector, the experiment runner, the CLI table and the web app. Group
outcomes compare the included (online) with the digitally excluded; flow outcomes use the group a citizen
was in during the step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from .ledger import Ledger
from .population import Population

if TYPE_CHECKING:
    from .model import GovernanceModel


def _rate(numerator: np.ndarray, denominator: np.ndarray) -> float:
    """Share of ``denominator`` (a mask) where ``numerator`` (a mask) is set."""
    count = np.count_nonzero(denominator)
    return np.count_nonzero(numerator & denominator) / count if count else float("nan")


def _mean(values: np.ndarray, mask: np.ndarray) -> float:
    return float(values[mask].mean()) if mask.any() else float("nan")


# -- trust ------------------------------------------------------------------------------------------

def mean_trust(pop: Population, group: np.ndarray | None = None) -> float:
    """Mean trust in government (of a group, if given)."""
    return float(pop.trust.mean()) if group is None else _mean(pop.trust, group)


def trust_unexposed(pop: Population) -> float:
    """Mean trust of citizens whose own record has never been exposed (what breach news alone does)."""
    return _mean(pop.trust, ~pop.exposed_ever)


def trust_gap(pop: Population) -> float:
    """Mean trust of included minus excluded citizens."""
    return mean_trust(pop, pop.included) - mean_trust(pop, pop.excluded)


# -- equity -----------------------------------------------------------------------------------------

def met_rate(pop: Population, group: np.ndarray | None = None) -> float:
    """Share of citizens with an open need this step whose need was met."""
    had = pop.flags.had_need if group is None else pop.flags.had_need & group
    return _rate(pop.flags.met, had)


def equity_gap(pop: Population) -> float:
    """Need-met rate of included minus excluded citizens (0 = equal service)."""
    return met_rate(pop, ~pop.flags.excluded) - met_rate(pop, pop.flags.excluded)


def service_need_ratio(pop: Population) -> float:
    """Excluded citizens' share of needs met over their share of needs (1 = served in proportion to need)."""
    f = pop.flags
    met, had = int(f.met.sum()), int(f.had_need.sum())
    if met == 0 or had == 0 or not (f.had_need & f.excluded).any():
        return float("nan")
    return (float((f.met & f.excluded).sum()) / met) / (float((f.had_need & f.excluded).sum()) / had)


def technical_refugees(pop: Population, streak: int) -> float:
    """Share of citizens who are excluded and have gone ``streak`` weeks or more with a need unmet (技术难民)."""
    return float((pop.excluded & (pop.unmet_streak >= streak)).mean())


def excluded_share(pop: Population) -> float:
    return float(pop.excluded.mean())


# -- efficiency -------------------------------------------------------------------------------------

def needs_met(pop: Population) -> int:
    return int(pop.flags.met.sum())


def cost_per_need_met(pop: Population, ledger: Ledger) -> float:
    """Budget spent this step per need met (unit: one online case)."""
    met = needs_met(pop)
    return ledger.spending / met if met else float("nan")


def efficiency(pop: Population, ledger: Ledger) -> float:
    """Needs met per unit of budget spent (the inverse of cost per need met)."""
    return needs_met(pop) / ledger.spending if ledger.spending > 0 else float("nan")


def allocation_accuracy(ledger: Ledger) -> float:
    """True severity of the needs allocated over the best possible allocation of the same size."""
    return ledger.allocated_severity / ledger.oracle_severity if ledger.oracle_severity > 0 else float("nan")


def mean_wait(pop: Population) -> float:
    """Weeks the needs met this step had been open."""
    return _mean(pop.flags.wait.astype(np.float64), pop.flags.met)


def coverage(pop: Population, group: np.ndarray | None = None) -> float:
    """Share of open needs visible to the responsible agency when it decided (data coverage)."""
    had = pop.flags.had_need if group is None else pop.flags.had_need & group
    return _rate(pop.flags.visible, had)


def representation_bias(pop: Population) -> float:
    """Data coverage of included minus excluded citizens' needs."""
    return coverage(pop, ~pop.flags.excluded) - coverage(pop, pop.flags.excluded)


def recorded_activity(pop: Population, ledger: Ledger) -> float:
    """Logged actions per citizen this step: channel records, case actions and trace reports."""
    return (ledger.service_records + ledger.documentation_entries) / pop.n


# -- participation and privacy ----------------------------------------------------------------------

def participation_rate(pop: Population, group: np.ndarray | None = None) -> float:
    """Share of citizens who took part in a consultation or gave feedback this step."""
    return _rate(pop.flags.participated, np.ones(pop.n, dtype=bool) if group is None else group)


def representativeness(pop: Population) -> float:
    """Excluded citizens' share among participants over their share of the population (1 = representative)."""
    f = pop.flags
    took_part, share = int(f.participated.sum()), float(f.excluded.mean())
    if took_part == 0 or share == 0:
        return float("nan")
    return float((f.participated & f.excluded).sum()) / took_part / share


def consent_rate(pop: Population) -> float:
    return float(pop.consent.mean())


def exposed_share(pop: Population) -> float:
    """Share of citizens whose record has ever been exposed (breach or re-identification)."""
    return float(pop.exposed_ever.mean())


# -- the table collected every step -----------------------------------------------------------------

def reporters() -> dict[str, Callable[[GovernanceModel], float]]:
    """Model-level reporters for Mesa's DataCollector: one column per outcome (and group)."""
    return {
        "trust": lambda m: mean_trust(m.population),
        "trust_included": lambda m: mean_trust(m.population, m.population.included),
        "trust_excluded": lambda m: mean_trust(m.population, m.population.excluded),
        "trust_gap": lambda m: trust_gap(m.population),
        "trust_unexposed": lambda m: trust_unexposed(m.population),
        "need_met_rate": lambda m: met_rate(m.population),
        "need_met_included": lambda m: met_rate(m.population, ~m.population.flags.excluded),
        "need_met_excluded": lambda m: met_rate(m.population, m.population.flags.excluded),
        "equity_gap": lambda m: equity_gap(m.population),
        "service_need_ratio_excluded": lambda m: service_need_ratio(m.population),
        "technical_refugees": lambda m: technical_refugees(m.population, m.params.refugee_streak),
        "excluded_share": lambda m: excluded_share(m.population),
        "needs_arisen": lambda m: int(m.population.flags.arisen.sum()),
        "needs_met": lambda m: needs_met(m.population),
        "needs_open": lambda m: int(m.population.has_need.sum()),
        "cost_per_need_met": lambda m: cost_per_need_met(m.population, m.ledger),
        "efficiency": lambda m: efficiency(m.population, m.ledger),
        "allocation_accuracy": lambda m: allocation_accuracy(m.ledger),
        "mean_wait": lambda m: mean_wait(m.population),
        "coverage": lambda m: coverage(m.population),
        "coverage_included": lambda m: coverage(m.population, ~m.population.flags.excluded),
        "coverage_excluded": lambda m: coverage(m.population, m.population.flags.excluded),
        "representation_bias": lambda m: representation_bias(m.population),
        "participation_rate": lambda m: participation_rate(m.population),
        "participation_included": lambda m: participation_rate(m.population, ~m.population.flags.excluded),
        "participation_excluded": lambda m: participation_rate(m.population, m.population.flags.excluded),
        "representativeness": lambda m: representativeness(m.population),
        "consent_rate": lambda m: consent_rate(m.population),
        "breaches": lambda m: m.ledger.breaches_total,
        "records_exposed": lambda m: m.ledger.records_exposed_total,
        "reidentified": lambda m: m.ledger.reidentified_total,
        "exposed_share": lambda m: exposed_share(m.population),
        "recorded_activity": lambda m: recorded_activity(m.population, m.ledger),
    }


# Headline outcomes: (column, label, higher is better?) — used by the CLI table, comparisons and the UI.
HEADLINE = (
    ("trust", "trust", True),
    ("equity_gap", "equity gap (met rate incl. − excl.)", False),
    ("efficiency", "efficiency (needs met per budget unit)", True),
    ("exposed_share", "privacy: share ever exposed", False),
    ("participation_rate", "participation rate", True),
)
