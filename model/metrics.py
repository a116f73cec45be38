"""Every outcome of the model, declared once in the outcome registry.

Each outcome is one function of the model, decorated with :func:`outcome`: its column name, English and Chinese
label, unit, whether higher is better, and whether it is a *stock* (a state, read at the end of a step: trust, a
share) or a *flow* (what happened during the week: needs met, efficiency). Mesa's DataCollector, the experiment
runner, design validation, the CLI tables, comparisons, KPI cards, charts and translations all read
:data:`OUTCOMES`; adding an outcome here is all it takes for it to appear everywhere. Group outcomes compare the
included (online) with the digitally excluded; flow outcomes use the group a citizen was in during the step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .ledger import Ledger
from .population import Population

if TYPE_CHECKING:
    from .model import GovernanceModel

KINDS = ("stock", "flow")
GROUPS = ("included", "excluded")


@dataclass(frozen=True)
class Outcome:
    """One outcome column and what every reader needs to show it."""

    name: str
    function: Callable[[GovernanceModel], float]
    label_en: str
    label_zh: str
    unit: str
    higher_is_better: bool | None  # None: neither direction is better (e.g. a count of needs arising)
    kind: str  # "stock" or "flow"
    headline: bool = False  # KPI cards, default design outcomes, first rows of every table
    summary: bool = False  # rows of the CLI and comparison tables (headline outcomes always are)
    family: str | None = None  # the overall outcome this one splits by group (e.g. trust_excluded -> trust)
    group: str | None = None  # "included" or "excluded" for group outcomes
    fmt: str = ".3f"  # Python format spec for one value
    doc: str = ""
    per_cost: bool = False  # comparisons report its change per 1,000 budget units of change in the cost outcome
    cost: bool = False  # the cost outcome (one only): total budget units per week, every line

    def label(self, lang: str = "en") -> str:
        return self.label_zh if lang == "zh" else self.label_en

    def format(self, value: float) -> str:
        return "–" if value != value else format(value, self.fmt)


OUTCOMES: dict[str, Outcome] = {}
"""Every outcome, in declaration order (the DataCollector's column order)."""


def outcome(*, label_en: str, label_zh: str, unit: str, higher_is_better: bool | None, kind: str,
            name: str | None = None, headline: bool = False, summary: bool = False, family: str | None = None,
            group: str | None = None, fmt: str = ".3f", per_cost: bool = False,
            cost: bool = False) -> Callable[[Callable], Callable]:
    """Declare ``function(model) -> float`` as an outcome (its name is the function's unless ``name`` is given).

    ``per_cost``: comparisons also report the paired change per 1,000 budget units of change in the ``cost``
    outcome (cost-effectiveness vs the reference scenario; one definition, :func:`cost_outcome`)."""
    if kind not in KINDS:
        raise ValueError(f"kind = {kind!r} is not allowed; expected one of {', '.join(KINDS)}")
    if group not in (None, *GROUPS):
        raise ValueError(f"group = {group!r} is not allowed; expected None or one of {', '.join(GROUPS)}")

    def register(function: Callable[[GovernanceModel], float]) -> Callable[[GovernanceModel], float]:
        column = name or function.__name__
        if column in OUTCOMES:
            raise ValueError(f"outcome {column!r} is declared twice")
        if cost and any(spec.cost for spec in OUTCOMES.values()):
            raise ValueError(f"outcome {column!r}: only one outcome can be the cost outcome")
        OUTCOMES[column] = Outcome(column, function, label_en, label_zh, unit, higher_is_better, kind,
                                   headline, summary or headline or per_cost or cost, family, group, fmt,
                                   (function.__doc__ or "").strip(), per_cost, cost)
        return function

    return register


def remove_outcome(name: str) -> None:
    """Take an outcome out of the registry (tests that declare a temporary outcome clean up with this)."""
    OUTCOMES.pop(name, None)


def reporters() -> dict[str, Callable[[GovernanceModel], float]]:
    """Model-level reporters for Mesa's DataCollector: one column per registered outcome."""
    return {name: spec.function for name, spec in OUTCOMES.items()}


def headline() -> list[Outcome]:
    """The headline outcomes (KPI cards, default outcomes of a design), in declaration order."""
    return [spec for spec in OUTCOMES.values() if spec.headline]


def summary() -> list[Outcome]:
    """Outcomes shown in tables: headline first, then the other summary outcomes."""
    rest = [spec for spec in OUTCOMES.values() if spec.summary and not spec.headline]
    return [*headline(), *rest]


def by_group(family: str) -> dict[str, Outcome]:
    """The group outcomes of ``family`` ({"included": ..., "excluded": ...}); empty if it has none."""
    return {spec.group: spec for spec in OUTCOMES.values() if spec.family == family and spec.group}


def cost_outcome() -> Outcome | None:
    """The outcome cost-effectiveness is measured against (total budget units per week), if declared."""
    return next((spec for spec in OUTCOMES.values() if spec.cost), None)


def per_cost() -> list[Outcome]:
    """Outcomes whose change comparisons report per 1,000 budget units."""
    return [spec for spec in OUTCOMES.values() if spec.per_cost]


def higher_is_better(name: str) -> bool | None:
    spec = OUTCOMES.get(name)
    return None if spec is None else spec.higher_is_better


# -- measures (shared by several outcomes) ------------------------------------------------------------

def _rate(numerator: np.ndarray, denominator: np.ndarray) -> float:
    """Share of ``denominator`` (a mask) where ``numerator`` (a mask) is set."""
    count = np.count_nonzero(denominator)
    return np.count_nonzero(numerator & denominator) / count if count else float("nan")


def _mean(values: np.ndarray, mask: np.ndarray) -> float:
    return float(values[mask].mean()) if mask.any() else float("nan")


def _met_rate(pop: Population, group: np.ndarray | None = None) -> float:
    """Share of citizens with an open need this step whose need was met."""
    had = pop.flags.had_need if group is None else pop.flags.had_need & group
    return _rate(pop.flags.met, had)


def _coverage(pop: Population, group: np.ndarray | None = None) -> float:
    """Share of open needs visible to the responsible agency when it decided (data coverage)."""
    had = pop.flags.had_need if group is None else pop.flags.had_need & group
    return _rate(pop.flags.visible, had)


def _participation(pop: Population, group: np.ndarray | None = None) -> float:
    return _rate(pop.flags.participated, np.ones(pop.n, dtype=bool) if group is None else group)


def _spending(ledger: Ledger) -> float:
    return ledger.spending


# -- trust ------------------------------------------------------------------------------------------

@outcome(label_en="Trust in government", label_zh="对政府的信任", unit="0–1", higher_is_better=True, kind="stock",
         headline=True, per_cost=True)
def trust(model: GovernanceModel) -> float:
    """Mean trust in government."""
    return float(model.population.trust.mean())


@outcome(label_en="Trust, online citizens", label_zh="信任（上网居民）", unit="0–1", higher_is_better=True,
         kind="stock", family="trust", group="included")
def trust_included(model: GovernanceModel) -> float:
    """Mean trust of digitally included citizens."""
    return _mean(model.population.trust, model.population.included)


@outcome(label_en="Trust, excluded citizens", label_zh="信任（数字排斥居民）", unit="0–1", higher_is_better=True,
         kind="stock", family="trust", group="excluded", summary=True)
def trust_excluded(model: GovernanceModel) -> float:
    """Mean trust of digitally excluded citizens."""
    return _mean(model.population.trust, model.population.excluded)


@outcome(label_en="Trust gap (online − excluded)", label_zh="信任差距（上网 − 数字排斥）", unit="0–1 difference",
         higher_is_better=False, kind="stock", fmt="+.3f")
def trust_gap(model: GovernanceModel) -> float:
    """Mean trust of included minus excluded citizens."""
    return trust_included(model) - trust_excluded(model)


@outcome(label_en="Trust of never-exposed citizens", label_zh="数据从未暴露居民的信任", unit="0–1",
         higher_is_better=True, kind="stock")
def trust_unexposed(model: GovernanceModel) -> float:
    """Mean trust of citizens whose own record has never been exposed (what breach news alone does)."""
    return _mean(model.population.trust, ~model.population.exposed_ever)


def _survey_answer(trust: np.ndarray) -> np.ndarray:
    """Trust as an answer on the OECD Trust Survey's 0–10 scale (nearest integer of 10·T; the mapping from the
    model's 0–1 trust to survey answers is an assumption, to be fitted in calibration)."""
    return np.floor(10.0 * trust + 0.5)


@outcome(label_en="Spread of trust (SD)", label_zh="信任的离散程度（标准差）", unit="0–1", higher_is_better=None,
         kind="stock")
def trust_sd(model: GovernanceModel) -> float:
    """Standard deviation of trust across citizens: whether opinions stay heterogeneous or collapse to consensus."""
    return float(model.population.trust.std())


@outcome(label_en="High or moderately high trust (6–10 of 10)", label_zh="高或较高信任（10分制6–10分）",
         unit="share of citizens", higher_is_better=True, kind="stock", fmt=".1%")
def trust_high_share(model: GovernanceModel) -> float:
    """Share answering 6–10 on the OECD Trust Survey scale (OECD, Drivers of Trust 2024: 39% for national
    government, 2023)."""
    return float((_survey_answer(model.population.trust) >= 6).mean())


@outcome(label_en="Low or no trust (0–4 of 10)", label_zh="低信任或不信任（10分制0–4分）", unit="share of citizens",
         higher_is_better=False, kind="stock", fmt=".1%")
def trust_low_share(model: GovernanceModel) -> float:
    """Share answering 0–4 on the OECD Trust Survey scale (OECD, Drivers of Trust 2024: 44%, 2023)."""
    return float((_survey_answer(model.population.trust) <= 4).mean())


@outcome(label_en="High-trust gap by having a say (efficacy high − low)",
         label_zh="按“有发言权”分的高信任差距（效能感高 − 低）", unit="difference in share", higher_is_better=None,
         kind="stock", fmt="+.3f")
def trust_say_gap(model: GovernanceModel) -> float:
    """Share with high trust (6–10) among citizens who feel they have a say minus among those who feel they do not
    (efficacy answered 6–10 vs 0–4 on the same 0–10 mapping as trust): the model's analogue of OECD's 43-point
    gap (Society at a Glance 2024). NaN when either group is empty."""
    pop = model.population
    say = _survey_answer(pop.efficacy)
    high_trust = _survey_answer(pop.trust) >= 6
    return _rate(high_trust, say >= 6) - _rate(high_trust, say <= 4)


# -- equity -----------------------------------------------------------------------------------------

@outcome(label_en="Need met rate", label_zh="需求满足率", unit="share of open needs", higher_is_better=True,
         kind="flow", summary=True)
def need_met_rate(model: GovernanceModel) -> float:
    """Share of citizens with an open need this step whose need was met."""
    return _met_rate(model.population)


@outcome(label_en="Need met, online citizens", label_zh="需求满足率（上网居民）", unit="share of open needs",
         higher_is_better=True, kind="flow", family="need_met_rate", group="included")
def need_met_included(model: GovernanceModel) -> float:
    return _met_rate(model.population, ~model.population.flags.excluded)


@outcome(label_en="Need met, excluded citizens", label_zh="需求满足率（数字排斥居民）", unit="share of open needs",
         higher_is_better=True, kind="flow", family="need_met_rate", group="excluded", summary=True)
def need_met_excluded(model: GovernanceModel) -> float:
    return _met_rate(model.population, model.population.flags.excluded)


@outcome(label_en="Equity gap (need met: online − offline)", label_zh="公平差距（需求满足率：上网 − 不上网）",
         unit="difference in share", higher_is_better=False, kind="flow", headline=True, fmt="+.3f", per_cost=True)
def equity_gap(model: GovernanceModel) -> float:
    """Need-met rate of included minus excluded citizens (0 = equal service)."""
    return need_met_included(model) - need_met_excluded(model)


@outcome(label_en="Need met, citizens aged 60+", label_zh="需求满足率（60岁及以上居民）", unit="share of open needs",
         higher_is_better=True, kind="flow")
def need_met_older(model: GovernanceModel) -> float:
    """Share of citizens aged 60+ with an open need this step whose need was met (census older population)."""
    return _met_rate(model.population, model.population.older)


@outcome(label_en="Age gap (need met: under 60 − 60+)", label_zh="年龄差距（需求满足率：60岁以下 − 60岁及以上）",
         unit="difference in share", higher_is_better=False, kind="flow", fmt="+.3f")
def age_gap(model: GovernanceModel) -> float:
    """Need-met rate of citizens under 60 minus those aged 60+ (0 = equal service)."""
    pop = model.population
    return _met_rate(pop, ~pop.older) - _met_rate(pop, pop.older)


@outcome(label_en="Unmet needs of citizens aged 60+", label_zh="60岁及以上居民的未满足需求",
         unit="needs per 1,000 citizens", higher_is_better=False, kind="stock", fmt=".1f")
def unmet_older(model: GovernanceModel) -> float:
    """Open needs of citizens aged 60+ at the end of the step, per 1,000 citizens (older needs left waiting)."""
    pop = model.population
    return 1000.0 * float((pop.has_need & pop.older).sum()) / pop.n


@outcome(label_en="Service/need ratio, excluded citizens", label_zh="服务与需求之比（数字排斥居民）",
         unit="ratio (1 = in proportion)", higher_is_better=True, kind="flow")
def service_need_ratio_excluded(model: GovernanceModel) -> float:
    """Excluded citizens' share of needs met over their share of needs (1 = served in proportion to need)."""
    f = model.population.flags
    met, had = int(f.met.sum()), int(f.had_need.sum())
    if met == 0 or had == 0 or not (f.had_need & f.excluded).any():
        return float("nan")
    return (float((f.met & f.excluded).sum()) / met) / (float((f.had_need & f.excluded).sum()) / had)


@outcome(label_en="Technical refugees (share)", label_zh="技术难民（比例）", unit="share of citizens",
         higher_is_better=False, kind="stock", summary=True, fmt=".1%")
def technical_refugees(model: GovernanceModel) -> float:
    """Share of citizens who are excluded and have gone ``refugee_streak`` weeks or more with a need unmet
    (技术难民)."""
    pop = model.population
    return float((pop.excluded & (pop.unmet_streak >= model.params.refugee_streak)).mean())


@outcome(label_en="Digitally excluded share", label_zh="数字排斥人口比例", unit="share of citizens",
         higher_is_better=False, kind="stock", summary=True, fmt=".1%")
def excluded_share(model: GovernanceModel) -> float:
    return float(model.population.excluded.mean())


# -- efficiency -------------------------------------------------------------------------------------

@outcome(label_en="Needs arising", label_zh="新出现的需求", unit="needs per week", higher_is_better=None,
         kind="flow", fmt=".1f")
def needs_arisen(model: GovernanceModel) -> int:
    return int(model.population.flags.arisen.sum())


@outcome(label_en="Needs met", label_zh="满足的需求", unit="needs per week", higher_is_better=True, kind="flow",
         fmt=".1f", per_cost=True)
def needs_met(model: GovernanceModel) -> int:
    return int(model.population.flags.met.sum())


@outcome(label_en="Open needs", label_zh="未解决的需求", unit="needs", higher_is_better=False, kind="stock",
         fmt=".1f")
def needs_open(model: GovernanceModel) -> int:
    return int(model.population.has_need.sum())


@outcome(label_en="Total cost", label_zh="总成本", unit="budget units per week", higher_is_better=None, kind="flow",
         fmt=".1f", cost=True)
def total_cost(model: GovernanceModel) -> float:
    """Budget spent this week over every line, each paid in full whether used or not (model/budget.py; unit: one
    online case)."""
    return _spending(model.ledger)


def _lines(model: GovernanceModel, *names: str) -> float:
    return float(sum(model.ledger.lines.get(name, 0.0) for name in names))


@outcome(label_en="Cost of case handling", label_zh="办案成本", unit="budget units per week", higher_is_better=None,
         kind="flow", fmt=".1f")
def cost_cases(model: GovernanceModel) -> float:
    """The case line: capacity for deciding and serving cases, paid in full."""
    return _lines(model, "cases")


@outcome(label_en="Cost of offline channels", label_zh="线下渠道成本", unit="budget units per week",
         higher_is_better=None, kind="flow", fmt=".1f")
def cost_channels(model: GovernanceModel) -> float:
    """Counters, community visits (outreach), directed needs assessments, proxy handling and the 12345 hotline."""
    return _lines(model, "counters", "outreach", "collection", "proxy", "hotline")


@outcome(label_en="Cost of trace reporting", label_zh="留痕成本", unit="budget units per week", higher_is_better=None,
         kind="flow", fmt=".1f")
def cost_reporting(model: GovernanceModel) -> float:
    """Reports written for trace-based scoring (痕迹管理)."""
    return _lines(model, "documentation")


@outcome(label_en="Cost of other levers", label_zh="其他政策工具成本", unit="budget units per week",
         higher_is_better=None, kind="flow", fmt=".1f")
def cost_levers(model: GovernanceModel) -> float:
    """Responses, training, devices, security, oversight, audit, data sharing, anonymization, graded management,
    vendor analytics, analytic attention, the vendor market (contracts, in-house data work, migration) and privacy
    (consent management, retention schedule)."""
    return _lines(model, "responses", "training", "devices", "security", "oversight", "audit", "data_sharing",
                  "anonymization", "graded", "analytics", "analysis", "contracts", "inhouse", "migration", "privacy")


@outcome(label_en="Cost per need met", label_zh="每满足一项需求的成本", unit="budget units per need",
         higher_is_better=False, kind="flow", summary=True)
def cost_per_need_met(model: GovernanceModel) -> float:
    """Budget spent this step over every line per need met (unit: one online case)."""
    met = needs_met(model)
    return _spending(model.ledger) / met if met else float("nan")


@outcome(label_en="Efficiency (needs met per budget unit)", label_zh="效率（每单位预算满足的需求）",
         unit="needs per budget unit", higher_is_better=True, kind="flow", headline=True)
def efficiency(model: GovernanceModel) -> float:
    """Needs met per unit of budget spent over every line (the inverse of cost per need met)."""
    spending = _spending(model.ledger)
    return needs_met(model) / spending if spending > 0 else float("nan")


@outcome(label_en="Allocation accuracy", label_zh="分配准确度", unit="share of best possible", higher_is_better=True,
         kind="flow", summary=True)
def allocation_accuracy(model: GovernanceModel) -> float:
    """True severity of the needs allocated over the best possible allocation of the same size."""
    ledger = model.ledger
    return ledger.allocated_severity / ledger.oracle_severity if ledger.oracle_severity > 0 else float("nan")


@outcome(label_en="Mean wait", label_zh="平均等待", unit="weeks", higher_is_better=False, kind="flow", fmt=".2f")
def mean_wait(model: GovernanceModel) -> float:
    """Weeks the needs met this step had been open."""
    return _mean(model.population.flags.wait.astype(np.float64), model.population.flags.met)


@outcome(label_en="Data coverage", label_zh="数据覆盖率", unit="share of open needs", higher_is_better=True,
         kind="flow")
def coverage(model: GovernanceModel) -> float:
    """Share of open needs visible to the responsible agency when it decided (data coverage)."""
    return _coverage(model.population)


@outcome(label_en="Data coverage, online citizens", label_zh="数据覆盖率（上网居民）", unit="share of open needs",
         higher_is_better=True, kind="flow", family="coverage", group="included")
def coverage_included(model: GovernanceModel) -> float:
    return _coverage(model.population, ~model.population.flags.excluded)


@outcome(label_en="Data coverage, excluded citizens", label_zh="数据覆盖率（数字排斥居民）",
         unit="share of open needs", higher_is_better=True, kind="flow", family="coverage", group="excluded",
         summary=True)
def coverage_excluded(model: GovernanceModel) -> float:
    return _coverage(model.population, model.population.flags.excluded)


@outcome(label_en="Representation bias (coverage online − excluded)", label_zh="代表性偏差（覆盖率：上网 − 数字排斥）",
         unit="difference in share", higher_is_better=False, kind="flow", fmt="+.3f")
def representation_bias(model: GovernanceModel) -> float:
    """Data coverage of included minus excluded citizens' needs."""
    return coverage_included(model) - coverage_excluded(model)


# -- participation and privacy ----------------------------------------------------------------------

@outcome(label_en="Participation rate", label_zh="参与率", unit="share of citizens per week", higher_is_better=True,
         kind="flow", headline=True)
def participation_rate(model: GovernanceModel) -> float:
    """Share of citizens who took part in a consultation or gave feedback this step."""
    return _participation(model.population)


@outcome(label_en="Participation, online citizens", label_zh="参与率（上网居民）", unit="share of citizens per week",
         higher_is_better=True, kind="flow", family="participation_rate", group="included")
def participation_included(model: GovernanceModel) -> float:
    return _participation(model.population, ~model.population.flags.excluded)


@outcome(label_en="Participation, excluded citizens", label_zh="参与率（数字排斥居民）",
         unit="share of citizens per week", higher_is_better=True, kind="flow", family="participation_rate",
         group="excluded")
def participation_excluded(model: GovernanceModel) -> float:
    return _participation(model.population, model.population.flags.excluded)


@outcome(label_en="Representativeness of participants", label_zh="参与者的代表性", unit="ratio (1 = representative)",
         higher_is_better=True, kind="flow")
def representativeness(model: GovernanceModel) -> float:
    """Excluded citizens' share among participants over their share of the population (1 = representative)."""
    f = model.population.flags
    took_part, share = int(f.participated.sum()), float(f.excluded.mean())
    if took_part == 0 or share == 0:
        return float("nan")
    return float((f.participated & f.excluded).sum()) / took_part / share


@outcome(label_en="Consent to data use", label_zh="同意数据使用的比例", unit="share of citizens",
         higher_is_better=None, kind="stock")
def consent_rate(model: GovernanceModel) -> float:
    return float(model.population.consent.mean())


@outcome(label_en="Data breaches (total)", label_zh="数据泄露（累计）", unit="count", higher_is_better=False,
         kind="stock", summary=True, fmt=".0f")
def breaches(model: GovernanceModel) -> float:
    return model.ledger.breaches_total


@outcome(label_en="Records exposed (total)", label_zh="暴露的记录（累计）", unit="count", higher_is_better=False,
         kind="stock", fmt=".0f")
def records_exposed(model: GovernanceModel) -> float:
    return model.ledger.records_exposed_total


@outcome(label_en="Re-identifications (total)", label_zh="重新识别（累计）", unit="count", higher_is_better=False,
         kind="stock", fmt=".0f")
def reidentified(model: GovernanceModel) -> float:
    return model.ledger.reidentified_total


@outcome(label_en="Share ever exposed", label_zh="数据曾暴露的比例", unit="share of citizens",
         higher_is_better=False, kind="stock", headline=True, fmt=".1%")
def exposed_share(model: GovernanceModel) -> float:
    """Share of citizens whose record has ever been exposed (breach or re-identification)."""
    return float(model.population.exposed_ever.mean())


@outcome(label_en="Recorded activity per citizen", label_zh="人均留痕记录", unit="logged actions per citizen",
         higher_is_better=None, kind="flow")
def recorded_activity(model: GovernanceModel) -> float:
    """Logged actions per citizen this step: channel records, case actions and trace reports."""
    ledger = model.ledger
    return (ledger.service_records + ledger.documentation_entries) / model.population.n


# -- redress (12345 hotline, process 4a) ------------------------------------------------------------

def _per_resident_year(count: int, model: GovernanceModel) -> float:
    """A weekly count per resident, annualised (× 365.25 / 7): Beijing's figures are per resident per year."""
    from .processes.redress import WEEKS_PER_YEAR

    return count / model.population.n * WEEKS_PER_YEAR


@outcome(label_en="Redress requests accepted per resident-year", label_zh="每位居民每年受理的诉求数",
         unit="requests per resident per year", higher_is_better=None, kind="flow", summary=True)
def requests_per_resident(model: GovernanceModel) -> float:
    """Requests the hotline took this week per resident, annualised (Beijing 12345 2019: 2.52 m accepted / 21.536 m
    residents = 0.117 a year)."""
    return _per_resident_year(model.ledger.requests_accepted, model)


@outcome(label_en="Redress requests filed per resident-year", label_zh="每位居民每年提出的诉求数",
         unit="requests per resident per year", higher_is_better=None, kind="flow")
def requests_filed_per_resident(model: GovernanceModel) -> float:
    """Requests filed this week (taken or met by a busy line) per resident, annualised: demand for redress."""
    return _per_resident_year(model.ledger.requests_filed, model)


@outcome(label_en="Requests resolved", label_zh="诉求解决率", unit="share of closed work orders",
         higher_is_better=True, kind="flow", summary=True)
def request_resolution(model: GovernanceModel) -> float:
    """Work orders closed this week with the need met within the response window, over all closed (resolved or
    expired; Beijing 12345 2019: 75% of requests resolved). NaN when none closed."""
    ledger = model.ledger
    closed = ledger.orders_resolved + ledger.orders_expired
    return ledger.orders_resolved / closed if closed else float("nan")


def _channel_share(model: GovernanceModel, count: int) -> float:
    accepted = model.ledger.requests_accepted
    return count / accepted if accepted else float("nan")


@outcome(label_en="Requests by phone (share)", label_zh="电话诉求占比", unit="share of accepted requests",
         higher_is_better=None, kind="flow", fmt=".1%")
def request_phone_share(model: GovernanceModel) -> float:
    """Share of accepted requests that came by phone (Beijing 12345 2020: 90.7% of contacts)."""
    return _channel_share(model, model.ledger.requests_phone)


@outcome(label_en="Requests online (share)", label_zh="网上诉求占比", unit="share of accepted requests",
         higher_is_better=None, kind="flow", fmt=".1%")
def request_online_share(model: GovernanceModel) -> float:
    """Share of accepted requests filed online (Beijing 12345 2020: 9.3% of contacts)."""
    return _channel_share(model, model.ledger.requests_online)


@outcome(label_en="Requests in person (share)", label_zh="现场诉求占比", unit="share of accepted requests",
         higher_is_better=None, kind="flow", fmt=".1%")
def request_in_person_share(model: GovernanceModel) -> float:
    """Share of accepted requests made in person at an office."""
    return _channel_share(model, model.ledger.requests_in_person)


@outcome(label_en="Requests from excluded citizens (share)", label_zh="数字排斥居民诉求占比",
         unit="share of accepted requests", higher_is_better=None, kind="flow", fmt=".1%")
def request_excluded_share(model: GovernanceModel) -> float:
    """Share of accepted requests that came from digitally excluded citizens (compare their population share)."""
    return _channel_share(model, model.ledger.requests_excluded)


@outcome(label_en="Need met, citizens with an open request", label_zh="需求满足率（有在办诉求的居民）",
         unit="share of open work orders", higher_is_better=True, kind="flow")
def need_met_requesters(model: GovernanceModel) -> float:
    """Share of citizens holding an open work order this week whose need was met this week."""
    f = model.population.flags
    return _rate(f.met, f.ordered)
# -- vendors (model/processes/procurement.py; NaN when vendor_market is off) ---------------------------

@outcome(label_en="Vendors' security effort", label_zh="企业安全投入", unit="0–1", higher_is_better=True,
         kind="stock")
def vendor_effort(model: GovernanceModel) -> float:
    """Security effort of the vendors running agencies' data work, weighted by their contracts (NaN without the
    vendor market or when every agency works in-house)."""
    market = model.market
    if market is None:
        return float("nan")
    run = market.contractor[market.contractor >= 0]
    return float(market.effort[run].mean()) if len(run) else float("nan")


@outcome(label_en="Contract spending", label_zh="合同支出", unit="budget units per week", higher_is_better=None,
         kind="flow", fmt=".1f")
def contract_price(model: GovernanceModel) -> float:
    """Weekly prices of the data work contracted out to vendors (the ``contracts`` budget line)."""
    return _lines(model, "contracts") if model.market is not None else float("nan")


@outcome(label_en="Provider switches (total)", label_zh="更换承接方次数（累计）", unit="count", higher_is_better=None,
         kind="stock", fmt=".0f")
def contract_switches(model: GovernanceModel) -> float:
    """Tenders won by another provider than the incumbent since week 0 (each pays the migration cost)."""
    return float(model.market.switches_total) if model.market is not None else float("nan")


@outcome(label_en="Agencies working in-house", label_zh="自行承担数据业务的部门比例", unit="share of agencies",
         higher_is_better=None, kind="stock", fmt=".1%")
def inhouse_share(model: GovernanceModel) -> float:
    """Share of agencies doing their data work with their own team instead of a vendor."""
    return float((model.market.contractor < 0).mean()) if model.market is not None else float("nan")


@outcome(label_en="Analytics quality of agencies' data work", label_zh="部门数据业务的分析能力", unit="0–1",
         higher_is_better=True, kind="stock")
def analytics_quality(model: GovernanceModel) -> float:
    """Mean analytics quality the agencies' data work runs with (sets the error of digital captures)."""
    if model.market is None:
        return float(model.params.vendor_analytics)
    return float(model.market.quality_by_agency(model.params).mean())


@outcome(label_en="Expected breaches per week (vendors)", label_zh="每周预期泄露次数（企业）", unit="per week",
         higher_is_better=False, kind="stock", fmt=".4f")
def vendor_breach_chance(model: GovernanceModel) -> float:
    """Sum over vendors of this week's breach chance given their holdings and security effort (the hazard the
    incentives produce, without the noise of rare breach draws; NaN without the vendor market)."""
    market = model.market
    if market is None:
        return float("nan")
    from .processes.procurement import hazard

    held = model.population.held.mean(axis=1)
    return float(sum(hazard(model.params, float(h), float(e)) for h, e in zip(held, market.effort, strict=True)))


# -- consent and retention (processes/consent.py) ---------------------------------------------------

@outcome(label_en="Vendor records held per citizen", label_zh="企业持有的人均记录数", unit="records per citizen",
         higher_is_better=False, kind="stock")
def records_held(model: GovernanceModel) -> float:
    """Records about citizens held on vendors' platforms (live and idle), per citizen: what a breach can expose."""
    return float(model.population.held.sum()) / model.population.n


@outcome(label_en="Idle share of held records (安睡)", label_zh="闲置记录占持有记录的比例（“安睡”的数据）",
         unit="share of held records", higher_is_better=False, kind="stock", fmt=".1%")
def idle_records_share(model: GovernanceModel) -> float:
    """Share of vendors' records with no live agency record behind them: kept after use, still exposed
    ([Y] 海量数据不少仍"安睡"在硬盘和云端). NaN when nothing is held."""
    from .processes.consent import live_holdings

    pop = model.population
    held = int(pop.held.sum())
    if held == 0:
        return float("nan")
    return float((pop.held & ~live_holdings(pop, model.params)).sum()) / held


@outcome(label_en="Expected breach exposure", label_zh="预期泄露暴露", unit="share of citizens per week",
         higher_is_better=False, kind="stock", fmt=".4%")
def breach_exposure_expected(model: GovernanceModel) -> float:
    """Expected share of citizens whose record a breach exposes per week, from what vendors now hold: the sum over
    vendors of breach hazard × share exposed × records held, over N. Breaches are rare, so this expectation measures
    the privacy side of the trade-off with far less noise than the realised counts."""
    from .processes.security import breach_hazard

    pop, params = model.population, model.params
    share = params.breach_exposure * (params.graded_exposure if params.graded_management else 1.0)
    held = pop.held.sum(axis=1)
    return float(sum(breach_hazard(params, h / pop.n) * share * h for h in held.tolist())) / pop.n


@outcome(label_en="Agency records held with consent", label_zh="经本人同意的部门记录比例",
         unit="share of agency records", higher_is_better=None, kind="stock", fmt=".1%")
def records_consented_share(model: GovernanceModel) -> float:
    """Share of agencies' records of open needs that belong to citizens who consent (the rest come from their own
    applications, feedback and visits, or, when consent does not bind, from traces taken regardless)."""
    pop = model.population
    return _rate(np.broadcast_to(pop.consent, pop.seen.shape), pop.seen)


@outcome(label_en="Records deleted", label_zh="删除的记录", unit="records per week", higher_is_better=None,
         kind="flow", fmt=".1f")
def records_deleted(model: GovernanceModel) -> float:
    """Agency records and vendor copies deleted this week by the retention rule or for lack of consent."""
    return float(model.ledger.records_deleted)
# -- technology dependence (model/processes/judgement.py) ----------------------------------------------

@outcome(label_en="Agencies' human judgement (mean)", label_zh="部门人工判断力（均值）", unit="0–1",
         higher_is_better=None, kind="stock", summary=True)
def mean_judgement(model: GovernanceModel) -> float:
    """Mean over agencies of officials' local knowledge: how far their reading of a case corrects the record toward
    the true need, and how little they defer to the algorithm (grows with practice, decays with disuse)."""
    return float(model.population.judgement.mean())


@outcome(label_en="Reliance on the algorithm (mean)", label_zh="对算法的依赖（均值）", unit="share of case budget",
         higher_is_better=None, kind="stock", summary=True)
def mean_reliance(model: GovernanceModel) -> float:
    """Mean over agencies of the share of the case budget decided by the algorithm this week (each agency's own
    decision under the adaptive rule; the lever under the mandated rule)."""
    return float(model.population.reliance.mean())
