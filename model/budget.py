"""The cost model: every budget line, what it buys, and how the lines share a budget (issue 9, items 1 and 6).

Unit: one budget unit = the whole cost of one online case (contact plus back-office work; see ``counter_cost``).
Every line is a weekly budget paid in full whether or not it is used — counters are staffed with no visitors,
case staff are paid when the caseload is short — so efficiency (needs met per budget unit) is measured over the
whole budget, not only over the part that happened to be used.

Two modes (``budget_mode``):

* ``additive`` (default, the earlier accounting): the base budget (``capacity_ratio`` × the online cost of all
  new needs) pays counters, trace reporting and cases; outreach and every other lever line are paid on top.
* ``neutral``: the base budget is a fixed total; outreach and lever lines come out of case capacity, so levers
  compete for the same money. Parameters whose lines cannot fit in the total are refused (``ParameterError``).

Lever lines (government-wide, budget units per week) scale with what the lever does:

* training / devices: per excluded citizen reached (``rate`` × the excluded count at the start of the week) —
  the course place or device is paid when offered, whether or not the citizen then stays online;
* responses and proxy handling: staff rostered on last week's volume (responses given, proxy cases handled), so
  the line is fixed within the week like the others;
* security, oversight, vendor analytics, anonymization: a running budget proportional to the effort (0–1);
* analysis: analysts for ``analytic_capacity`` records a week (``analysis_cost`` each), only when a limit is set;
* audit, data fusion, open-data publication, graded management: running costs while the switch is on;
* the 12345 hotline: ``hotline_cost`` per request of capacity (``hotline_capacity`` per 1,000 residents), paid in
  full whether or not the lines ring (while the redress channel exists);
* vendor market (``vendor_market``, model/processes/procurement.py): ``contracts`` (the weekly prices of the data
  work contracted out; vendors' security and analytics are inside them, so the ``security`` and ``analytics``
  lines are 0), ``inhouse`` (agencies' own data work at cost, plus building capacity) and ``migration`` (switching
  costs paid this week);
* privacy: consent management while consent binds capture, a retention schedule while records age out.
Their scale is ``need_rate × n_citizens`` (the online cost of serving all new needs per week, the agency's size),
not the base budget, so a bigger case budget does not make security dearer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .params import ParameterError, Params
from .population import Population
from .rules import Algorithm, ConsentRule, DataSharing, ServiceRule, binds_capture, has_counters, publishes_open_data

CHANNEL_LINES = ("counters", "outreach", "collection", "documentation", "cases")
"""Lines of the base plan (per agency × agencies)."""
LEVER_LINES = ("proxy", "responses", "training", "devices", "security", "oversight", "audit", "data_sharing",
               "anonymization", "graded", "analytics", "analysis", "hotline", "contracts", "inhouse", "migration",
               "privacy")
"""Lever lines (government-wide)."""
LINES = CHANNEL_LINES + LEVER_LINES

LEVER_COSTS: dict[str, str] = {
    "data_sharing": "data_sharing",  # fusion_cost (+ open_data_cost) while on
    "anonymization": "anonymization",  # anonymization_cost × anonymization, only when open data is published
    "service_rule": "counters",  # counters staffed unless online_only (inclusive also targets outreach)
    "counter_share": "counters",
    "outreach_share": "outreach",
    "directed_collection": "collection",  # needs assessments of citizens with no digital footprint
    "proxy_help": "proxy",  # proxy_extra_cost per proxy case, rostered on last week's
    "responsiveness": "responses",  # response_cost per response, rostered on last week's
    "algorithm": "audit",  # audit_cost while audited
    "algorithm_reliance": "cases",  # human review costs 1 + human_review_cost per case: fewer cases per unit
    "trace_management": "documentation",
    "security_investment": "security",
    "oversight": "oversight",
    "graded_management": "graded",
    "vendor_analytics": "analytics",  # under the vendor market: in-house analytics quality, in the inhouse line
    "procurement_rule": "contracts",  # the winning bids' prices
    "vendor_liability": "contracts",  # priced into bids (expected penalties)
    "contract_term": "contracts",  # how often tenders re-price the work
    "exit_clause": "migration",  # cuts the one-off cost of switching provider
    "inhouse_investment": "inhouse",  # inhouse_cost × investment, plus in-house running costs
    "consent_rule": "privacy",  # consent_cost while consent binds capture
    "retention_limit": "privacy",  # retention_cost while records age out
    "retention_weeks": "privacy",  # the schedule's running cost does not depend on its length (assumption)
    "training_rate": "training",
    "device_subsidy": "devices",
    "analytic_capacity": "analysis",  # analysis_cost per record of capacity, only when a separate limit is set
    "open_data_lag_weeks": "data_sharing",  # publication runs on open_data_cost whatever its lag (assumption)
    "open_data_domains": "data_sharing",  # the same running cost whichever domains are opened (assumption)
    "hotline_capacity": "hotline",  # hotline_cost per request of capacity, paid in full weekly
    "hotline_phone": "hotline",  # phone intake is part of the hotline's capacity (no separate price: assumption)
    "request_data_feed": "hotline",  # feeding request records to agencies: no running cost priced (assumption)
    "response_target": "cases",  # work orders take case capacity from the agency's own choices: no new money
}
"""The budget line each lever is paid from (every ``lever=True`` parameter has one; tests check)."""


@dataclass(frozen=True)
class BudgetPlan:
    """How one agency's weekly budget is split (units: cost of one online case).

    ``levers`` is this agency's share of the lever lines as expected from the parameters (excluded share as in
    ``excluded_share``, no responses or proxies yet); the week's actual lever lines come from :func:`lever_lines`.
    """

    total: float
    counters: float
    outreach: float
    documentation: float
    service: float
    counter_slots: int
    visits: float  # community visits this agency can pay for (fractional: pooled across agencies)
    documentation_entries: float
    levers: float = 0.0
    collection: float = 0.0  # directed data collection (needs assessments), paid like outreach
    assessments: float = 0.0  # needs assessments this agency can pay for (fractional: pooled across agencies)


@dataclass(frozen=True)
class Volumes:
    """Last week's counts that size this week's rostered lines."""

    proxies: int = 0
    responses: int = 0


def scale(params: Params) -> float:
    """Online cost of serving all new needs per week (budget units): the size lever lines are expressed in."""
    return params.need_rate * params.n_citizens


def lever_lines(params: Params, excluded: int, volumes: Volumes = Volumes(),
                market: dict[str, float] | None = None) -> dict[str, float]:
    """Government-wide weekly lever lines (budget units) for ``excluded`` excluded citizens and last week's
    ``volumes``; ``market`` is this week's vendor-market lines (``Market.step``), expected ones when None."""
    s = scale(params)
    sharing = DataSharing(params.data_sharing)
    opened = publishes_open_data(sharing)
    if params.vendor_market:
        if market is None:  # expected: every agency's data work at the reference price
            from .processes.procurement import reference_price

            market = {"contracts": reference_price(params) * params.n_agencies,
                      "inhouse": params.inhouse_cost * params.inhouse_investment * s, "migration": 0.0}
        paid_apart = 0.0  # vendors' security and analytics are paid inside the contracts
    else:
        market, paid_apart = {"contracts": 0.0, "inhouse": 0.0, "migration": 0.0}, 1.0
    return {
        "proxy": params.proxy_extra_cost * volumes.proxies,
        "responses": params.response_cost * volumes.responses,
        "training": params.training_cost * params.training_rate * excluded,
        "devices": params.device_cost * params.device_subsidy * excluded,
        "security": params.security_cost * params.security_investment * s * paid_apart,
        "oversight": params.oversight_cost * params.oversight * s,
        "audit": params.audit_cost * s if Algorithm(params.algorithm) is Algorithm.AUDITED else 0.0,
        "data_sharing": (params.fusion_cost * s if sharing is not DataSharing.SILOED else 0.0)
        + (params.open_data_cost * s if opened else 0.0),
        "anonymization": params.anonymization_cost * params.anonymization * s if opened else 0.0,
        "graded": params.graded_cost * s if params.graded_management else 0.0,
        # analysts for analytic_capacity × weekly new needs records (0: no separate team, the earlier model)
        "analysis": params.analysis_cost * params.analytic_capacity * s,
        "hotline": params.hotline_cost * params.hotline_capacity * params.n_citizens / 1000.0
        if params.redress else 0.0,
        "analytics": params.analytics_cost * params.vendor_analytics * s * paid_apart,
        **market,
        "privacy": (params.consent_cost * s if binds_capture(ConsentRule(params.consent_rule)) else 0.0)
        + (params.retention_cost * s if params.retention_limit else 0.0),
    }


def check_neutral(params: Params) -> None:
    """Refuse a ``neutral`` budget whose non-case lines exceed the fixed total (called by ``Params``)."""
    budget_plan(params)


def budget_plan(params: Params) -> BudgetPlan:
    """Split an agency's budget.

    The base budget pays counters (if the rule keeps them), trace reporting, then cases. In ``additive`` mode
    outreach (在场行动), directed data collection and lever lines are paid on top of it (visiting staff are extra
    effort); in ``neutral`` mode they come out of the case budget, and parameters whose lines exceed the base are
    refused.
    """
    agencies = params.n_agencies
    base = params.capacity_ratio * scale(params) / agencies
    counters = params.counter_share * base if has_counters(ServiceRule(params.service_rule)) else 0.0
    outreach = params.outreach_share * base
    collection = params.directed_collection * base
    documentation = params.trace_management * params.trace_burden * base
    expected_excluded = round(params.excluded_share * params.n_citizens)
    levers = sum(lever_lines(params, expected_excluded).values()) / agencies
    if params.budget_mode == "neutral":
        service = base - counters - documentation - outreach - collection - levers
        if service < -1e-9:
            raise ParameterError(
                "budget_mode", "neutral",
                f"lines that fit in the fixed total: counters, trace reporting, outreach, data collection and "
                f"levers cost {base - service:.1f} budget units per agency-week but the total is {base:.1f}; lower a "
                "lever "
                "(counter_share, outreach_share, trace_management, training_rate, device_subsidy, ...) or use "
                "budget_mode='additive'")
        service = max(service, 0.0)
        total = base
    else:
        service = max(base - counters - documentation, 0.0)
        total = max(base, counters + documentation) + outreach + collection + levers
    return BudgetPlan(
        total=total,
        counters=counters,
        outreach=outreach,
        documentation=documentation,
        service=service,
        counter_slots=int(counters / params.counter_cost),
        visits=outreach / params.visit_cost,
        documentation_entries=documentation / params.documentation_cost,
        levers=levers,
        collection=collection,
        assessments=collection / params.assessment_cost,
    )


def week_plan(plan: BudgetPlan, params: Params, levers: dict[str, float]) -> BudgetPlan:
    """This week's plan: in ``neutral`` mode case capacity absorbs the difference between the week's lever lines
    and the expected ones (floored at 0: a case budget cannot be negative); ``additive`` keeps the plan."""
    actual = sum(levers.values()) / params.n_agencies
    if params.budget_mode != "neutral":
        return replace(plan, levers=actual, total=plan.total - plan.levers + actual)
    service = max(plan.service - (actual - plan.levers), 0.0)
    total = plan.counters + plan.outreach + plan.collection + plan.documentation + service + actual
    return replace(plan, service=service, levers=actual, total=total)


def weekly_lines(plan: BudgetPlan, params: Params, levers: dict[str, float]) -> dict[str, float]:
    """Every line of the week (government-wide), each paid in full: the week plan's channel lines × agencies
    plus the lever lines."""
    agencies = params.n_agencies
    channels = {"counters": plan.counters, "outreach": plan.outreach, "collection": plan.collection,
                "documentation": plan.documentation, "cases": plan.service}
    return {**{line: amount * agencies for line, amount in channels.items()}, **levers}


def excluded_count(pop: Population) -> int:
    """Excluded citizens at the start of the week (who training and device subsidies can reach)."""
    return int(pop.excluded.sum())
