"""Honest accounting and costed levers (issue 9, items 1 and 6): every line is paid in full whether used or not,
every lever has a line, a neutral budget holds its fixed total, comparisons report cost-effectiveness."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartgov.experiments.compare import comparison_table, format_table, per_1000_units
from smartgov.model import budget, metrics
from smartgov.model import model as model_module
from smartgov.model.model import GovernanceModel
from smartgov.model.params import ParameterError, Params, fields

SMALL = {"n_citizens": 300}


def _idle_model(monkeypatch: pytest.MonkeyPatch, **params: object) -> GovernanceModel:
    """A model where no need ever arises: no cases, no counter visitors, no proxies."""
    monkeypatch.setattr(model_module, "needs_arise", lambda pop, p, rng: None)
    m = GovernanceModel(Params(**{**SMALL, **params}), rng=3)
    m.population.has_need[:] = False
    return m


def test_every_line_is_charged_when_nothing_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    m = _idle_model(monkeypatch, outreach_share=0.1, trace_management=0.5, algorithm="audited", responsiveness=0.0)
    m.step()
    m.step()  # the second week: last week's volumes were zero too
    p, plan, lines = m.params, m.plan, m.ledger.lines
    assert m.ledger.cases_allocated == 0 and not m.population.flags.contact.any()
    assert lines["counters"] == pytest.approx(plan.counters * p.n_agencies) and lines["counters"] > 0
    assert lines["cases"] == pytest.approx(plan.service * p.n_agencies) and lines["cases"] > 0
    assert lines["outreach"] == pytest.approx(plan.outreach * p.n_agencies) and lines["outreach"] > 0
    assert lines["documentation"] == pytest.approx(plan.documentation * p.n_agencies) and lines["documentation"] > 0
    assert lines["audit"] == pytest.approx(p.audit_cost * budget.scale(p))
    assert lines["proxy"] == 0 and lines["responses"] == 0
    assert m.ledger.spending == pytest.approx(sum(lines.values()))
    assert metrics.total_cost(m) == pytest.approx(m.ledger.spending)
    assert metrics.efficiency(m) == 0.0


def test_lines_add_up_and_efficiency_is_over_the_whole_budget() -> None:
    m = GovernanceModel(Params(**SMALL, training_rate=0.05, device_subsidy=0.02), rng=1)
    for _ in range(4):
        m.step()
    assert set(m.ledger.lines) == set(budget.LINES)
    assert m.ledger.spending == pytest.approx(sum(m.ledger.lines.values()))
    assert metrics.efficiency(m) == pytest.approx(metrics.needs_met(m) / m.ledger.spending)
    parts = metrics.cost_cases(m) + metrics.cost_channels(m) + metrics.cost_reporting(m) + metrics.cost_levers(m)
    assert parts == pytest.approx(metrics.total_cost(m))


def test_reach_levers_are_paid_per_excluded_citizen_reached() -> None:
    p = Params(**SMALL, training_rate=0.1, device_subsidy=0.05)
    lines = budget.lever_lines(p, excluded=40)
    assert lines["training"] == pytest.approx(p.training_cost * 0.1 * 40)
    assert lines["devices"] == pytest.approx(p.device_cost * 0.05 * 40)
    assert budget.lever_lines(p, excluded=0)["training"] == 0.0


def test_volume_lines_are_rostered_on_last_weeks_counts() -> None:
    p = Params(**SMALL)
    lines = budget.lever_lines(p, excluded=10, volumes=budget.Volumes(proxies=4, responses=9))
    assert lines["proxy"] == pytest.approx(4 * p.proxy_extra_cost)
    assert lines["responses"] == pytest.approx(9 * p.response_cost)


def test_effort_and_switch_levers_scale_with_what_they_do() -> None:
    p = Params(**SMALL, vendor_market=False)  # security and analytics are paid apart only without the vendor market
    s = budget.scale(p)
    assert budget.lever_lines(p.replace(security_investment=1.0), 0)["security"] == pytest.approx(p.security_cost * s)
    assert budget.lever_lines(p.replace(security_investment=0.0), 0)["security"] == 0.0
    market = budget.lever_lines(Params(**SMALL, security_investment=1.0, vendor_analytics=1.0), 0)
    assert market["security"] == market["analytics"] == 0.0 < market["contracts"]  # inside the contract prices
    assert budget.lever_lines(p.replace(oversight=0.5), 0)["oversight"] == pytest.approx(0.5 * p.oversight_cost * s)
    assert budget.lever_lines(p, 0)["audit"] == 0.0
    assert budget.lever_lines(p.replace(graded_management=True), 0)["graded"] == pytest.approx(p.graded_cost * s)
    fusion = budget.lever_lines(p.replace(data_sharing="fusion"), 0)
    opened = budget.lever_lines(p.replace(data_sharing="open"), 0)
    assert fusion["data_sharing"] == pytest.approx(p.fusion_cost * s) and fusion["anonymization"] == 0.0
    assert opened["data_sharing"] == pytest.approx((p.fusion_cost + p.open_data_cost) * s)
    assert opened["anonymization"] == pytest.approx(p.anonymization_cost * p.anonymization * s)


def test_every_lever_has_a_budget_line() -> None:
    levers = {f.name for f in fields() if f.metadata["lever"]}
    assert levers == set(budget.LEVER_COSTS)
    assert set(budget.LEVER_COSTS.values()) <= set(budget.LINES)
    cost_fields = [f for f in fields() if f.metadata["group"] == "costs"]
    assert cost_fields and not any(f.metadata["lever"] for f in cost_fields)
    assert all(f.metadata["source"] for f in cost_fields)


@pytest.mark.parametrize("lever, low, high", [
    ("training_rate", 0.0, 0.1), ("device_subsidy", 0.0, 0.1), ("security_investment", 0.0, 1.0),
    ("oversight", 0.0, 1.0), ("vendor_analytics", 0.0, 1.0), ("algorithm", "black_box", "audited"),
    ("data_sharing", "siloed", "fusion"), ("graded_management", False, True), ("outreach_share", 0.0, 0.2),
    ("directed_collection", 0.0, 0.1), ("analytic_capacity", 0.0, 1.0),
])
def test_a_lever_costs_more_when_turned_up(lever: str, low: object, high: object) -> None:
    # Under the vendor market, security and analytics are what vendors bid (inside the contracts): the two levers
    # set the effort and quality paid apart only without it.
    apart = {"vendor_market": False} if lever in ("security_investment", "vendor_analytics") else {}

    def cost(value: object) -> float:
        m = GovernanceModel(Params(**SMALL, **apart, **{lever: value}), rng=5)
        m.step()
        return m.ledger.spending

    assert cost(high) > cost(low)


def test_trace_reporting_is_paid_out_of_case_capacity() -> None:
    """痕迹管理 buys reports with the base budget: the documentation line grows by what the case line loses."""
    def lines(value: float) -> dict[str, float]:
        m = GovernanceModel(Params(**SMALL, trace_management=value), rng=5)
        m.step()
        return m.ledger.lines

    off, on = lines(0.0), lines(1.0)
    assert on["documentation"] > off["documentation"] == 0.0
    assert on["cases"] == pytest.approx(off["cases"] - on["documentation"])


def test_additive_mode_keeps_outreach_and_levers_on_top_of_the_base() -> None:
    p = Params(**SMALL, outreach_share=0.1)
    plan = budget.budget_plan(p)
    base = p.capacity_ratio * budget.scale(p) / p.n_agencies
    assert plan.service == pytest.approx(base - plan.counters - plan.documentation)
    assert plan.total == pytest.approx(base + plan.outreach + plan.levers)


def test_neutral_mode_takes_levers_out_of_case_capacity() -> None:
    additive = budget.budget_plan(Params(**SMALL, training_rate=0.02))
    neutral = budget.budget_plan(Params(**SMALL, training_rate=0.02, budget_mode="neutral"))
    assert neutral.service == pytest.approx(additive.service - additive.outreach - additive.levers)
    assert neutral.total == pytest.approx(additive.total - additive.outreach - additive.levers)


LEVER_VALUES = {
    "data_sharing": st.sampled_from(["siloed", "fusion", "open"]),
    "anonymization": st.floats(0.0, 1.0),
    "service_rule": st.sampled_from(["online_only", "hybrid", "inclusive"]),
    "counter_share": st.floats(0.0, 0.8),
    "outreach_share": st.floats(0.0, 0.5),
    "proxy_help": st.floats(0.0, 1.0),
    "responsiveness": st.floats(0.0, 1.0),
    "algorithm": st.sampled_from(["black_box", "audited"]),
    "algorithm_reliance": st.floats(0.0, 1.0),
    "trace_management": st.floats(0.0, 1.0),
    "security_investment": st.floats(0.0, 1.0),
    "oversight": st.floats(0.0, 1.0),
    "graded_management": st.booleans(),
    "vendor_analytics": st.floats(0.0, 1.0),
    "training_rate": st.floats(0.0, 0.2),
    "device_subsidy": st.floats(0.0, 0.2),
    "directed_collection": st.floats(0.0, 0.5),
    "analytic_capacity": st.floats(0.0, 10.0),
    "open_data_lag_weeks": st.integers(0, 52),
    "open_data_domains": st.sampled_from(["all", "not_health", "not_health_welfare"]),
    "hotline_capacity": st.floats(0.0, 50.0),
    "response_target": st.integers(0, 4),
    "request_data_feed": st.booleans(),
    "hotline_phone": st.booleans(),
    "procurement_rule": st.sampled_from(["lowest_price", "quality_security"]),
    "vendor_liability": st.floats(0.0, 1.0),
    "contract_term": st.integers(13, 156),
    "exit_clause": st.floats(0.0, 1.0),
    "inhouse_investment": st.floats(0.0, 1.0),
    "consent_rule": st.sampled_from(["not_binding", "opt_in", "opt_out", "required"]),
    "retention_limit": st.booleans(),
    "retention_weeks": st.integers(1, 520),
}


def test_property_strategies_cover_every_lever() -> None:
    assert set(LEVER_VALUES) == {f.name for f in fields() if f.metadata["lever"]}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(levers=st.fixed_dictionaries(LEVER_VALUES), seed=st.integers(0, 2**16))
def test_neutral_budget_holds_its_fixed_total_for_every_lever_setting(levers: dict, seed: int) -> None:
    """Every accepted lever setting spends exactly the fixed total each week, unless the week's non-case lines
    alone exceed it (then case capacity is 0 and spending is those lines: nothing is hidden)."""
    try:
        p = Params(n_citizens=200, budget_mode="neutral", **levers)
    except ParameterError as err:
        assert err.name == "budget_mode"  # the only refusal: lines that cannot fit in the fixed total
        return
    fixed = p.capacity_ratio * budget.scale(p)
    m = GovernanceModel(p, rng=seed)
    for _ in range(3):
        m.step()
        non_case = m.ledger.spending - m.ledger.lines["cases"]
        assert m.ledger.spending == pytest.approx(max(fixed, non_case), rel=1e-9, abs=1e-9)
        if m.week_plan.service > 0:
            assert m.ledger.spending == pytest.approx(fixed, rel=1e-9)


def test_neutral_budget_refuses_lines_beyond_the_total_by_name() -> None:
    with pytest.raises(ParameterError, match=r"budget_mode.*fixed total"):
        Params(budget_mode="neutral", training_rate=0.2, device_subsidy=0.2)
    Params(budget_mode="additive", training_rate=0.2, device_subsidy=0.2)  # additive pays on top


@pytest.mark.parametrize("name, value", [
    ("budget_mode", "fixed"), ("training_cost", -1.0), ("device_cost", 0.0), ("security_cost", 5.0),
    ("response_cost", float("nan")), ("audit_cost", "cheap"),
])
def test_bad_cost_values_are_refused_by_name(name: str, value: object) -> None:
    with pytest.raises(ParameterError, match=name):
        Params(**{name: value})


def test_cost_outcome_is_declared_once_and_headline_outcomes_are_costed() -> None:
    cost = metrics.cost_outcome()
    assert cost is not None and cost.name == "total_cost" and cost.summary
    costed = {spec.name for spec in metrics.per_cost()}
    assert {"trust", "equity_gap", "needs_met"} <= costed
    assert all(spec.summary for spec in metrics.per_cost())


def _runs() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for scenario, extra in (("a", 0.0), ("b", 50.0), ("c", 0.5)):
        for replicate in range(5):
            row = {"scenario": scenario, "replicate": replicate, "seed": replicate}
            for name in metrics.OUTCOMES:
                row[name] = float(rng.normal(1.0, 0.01))
            row["total_cost"] = 200.0 + extra + float(rng.normal(0, 0.01))
            row["trust"] = 0.5 + extra / 1000.0
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame["scenario"] = pd.Categorical(frame["scenario"], categories=["a", "b", "c"], ordered=True)
    return frame


def test_comparison_reports_change_per_1000_budget_units() -> None:
    table = comparison_table(_runs())
    assert {"cost_diff", "per_1000_units"} <= set(table.columns)
    row = table[(table.scenario == "b") & (table.outcome == "trust")].iloc[0]
    assert row.cost_diff == pytest.approx(50.0, abs=0.05)
    assert row.per_1000_units == pytest.approx(1000 * 0.05 / row.cost_diff)
    same = table[(table.scenario == "c") & (table.outcome == "trust")].iloc[0]
    assert np.isnan(same.per_1000_units)  # 0.5 units is under 1% of 200: the same cost, no ratio
    not_costed = table[(table.scenario == "b") & (table.outcome == "efficiency")].iloc[0]
    assert np.isnan(not_costed.per_1000_units)
    assert "per 1,000 units/wk" in format_table(table)
    assert np.isnan(per_1000_units(1.0, 0.0, 200.0))


def test_additive_accounting_leaves_every_mechanism_as_it_was() -> None:
    """Costs are accounting: in additive mode no lever price changes what happens to citizens. (Without the vendor
    market: under it, ``security_cost`` is also the vendors' own cost of effort, which their bids respond to.)"""
    cheap = GovernanceModel(Params(**SMALL, training_rate=0.05, vendor_market=False), rng=9)
    dear = GovernanceModel(Params(**SMALL, training_rate=0.05, training_cost=6.0, security_cost=0.2,
                                  vendor_market=False), rng=9)
    for _ in range(5):
        cheap.step()
        dear.step()
    a, b = cheap.outcomes(), dear.outcomes()
    assert a["needs_met"].equals(b["needs_met"]) and a["trust"].equals(b["trust"])
    assert (b["total_cost"].iloc[1:] > a["total_cost"].iloc[1:]).all()


def test_week_plan_is_the_plan_in_additive_mode_apart_from_lever_lines() -> None:
    m = GovernanceModel(Params(**SMALL), rng=2)
    m.step()
    assert dataclasses.replace(m.week_plan, levers=m.plan.levers, total=m.plan.total) == m.plan


def test_a_timeline_setting_that_breaks_a_neutral_budget_is_refused_before_the_run() -> None:
    from smartgov.model.events import EventError

    events = [{"week": 3, "set": {"outreach_share": 0.1}}, {"week": 5, "set": {"training_rate": 0.2}}]
    with pytest.raises(EventError, match=r"events\[1\]\.set"):
        GovernanceModel(Params(n_citizens=200, budget_mode="neutral"), events=events, rng=1)
    GovernanceModel(Params(n_citizens=200), events=events, rng=1)  # additive: paid on top
