"""Docking (Axtell et al. 1996; Wilensky & Rand 2007): the naive per-agent reference (``experiments/naive.py``),
an independent re-implementation of the ODD, is the same model in distribution as the vectorized one.

Fast checks: the naive file imports none of the fast model's helpers; it reads the structural assumptions from
``Params`` (no copies) and what it still writes out equals the fast model's; it applies policy timelines
(settings, capacity cuts, forced breaches) at the same week; the decision step allocates exactly the same cases
from the same state (also under limited analytic attention, where each model draws which records are analysed: the
naive agencies analyse exactly as many, and given the fast model's draw allocate the same cases); the first week's
bill (every budget line, additive and neutral, with and without a capacity cut, analysis, hotline and vendor-market
lines included) is the same to rounding; procurement, which draws no random number, gives exactly the same winners,
prices, efforts, qualities and budget lines from the same state (``test_procurement_docks_exactly``), and holdings
follow contracts exactly (``test_holdings_under_contracts_dock_exactly``: in-house records, a switched contract).

The equivalence test (slow) compares end-of-run means (``window_mean`` over weeks 27–52 after a 104-week burn-in,
``DOCK_BURN_IN``, N = 300) of twelve outcomes — the five headline outcomes (trust, equity_gap, efficiency,
participation_rate, exposed_share) plus coverage_excluded, need_met_rate, total_cost and, with issue 15,
unmet_older (open needs of citizens aged 60+ per 1,000: needs by attributes), requests_filed_per_resident (the
redress channel's filing) and mean_reliance (agencies' own reliance on the algorithm: dependence) and, with the
vendor market, vendor_effort (the security effort vendors choose from their incentives) — between 200
fast runs (seeds 0–199) and 100 naive runs (seeds 0–99) in five settings, with two one-sided Welch t-tests (TOST,
Schuirmann 1987): equivalent when both one-sided p < 0.05, i.e. the 90% interval of the difference lies inside
±δ. An outcome whose pilot SD is 0 (fixed by the parameters) is compared for equality instead.

**Margins, chosen before any naive-vs-fast comparison was run** (and not changed after; those of total_cost and of
the fourth setting, added with issue 9, by the same rule from a second pilot of the merged model, run before any
comparison of it; all of them again with issue 15, from a third pilot of the model with its mechanisms, before any
comparison of it): δ = 0.5 × the fast
model's between-seed SD of the same window mean in the same setting (a standardized difference d = 0.5, a
"medium" effect — Lakens 2017 for standardized equivalence bounds), from a pilot of the fast model alone (seeds
10000–10099, N = 300, 52 weeks), rounded to two significant figures. Reason: docking asks whether the two codes
could be told apart by what a modeller looks at; half of the run-to-run spread at this size is a difference
nobody could see in one run, yet a fraction of every validated policy effect except the smallest
equity-gap ones. Against the validation suite's smallest
claimed effects (docs/scenarios.md, N = 10,000): δ is below half the smallest effect on trust (0.053),
efficiency (0.038), exposed_share (0.074), coverage_excluded (0.083) and below the smallest need-met effect
(≈0.03) (figures from before issue 15; its δ are of the same size); for equity_gap δ (0.012–0.016; 0.004–0.017
with issue 15) is *larger* than the two smallest claims (audit −0.004 to −0.007, digital-only +0.004 to +0.015),
so this test does not vouch for those two claims at N = 300; participation_rate has no validated claim.
Replicates: with these δ, 200 + 100 runs give a standard error ≈ 0.12 SD, so an exactly
equivalent pair passes each assertion with probability ≈ 0.98 (the seeds are fixed: the test is deterministic).

Settings (each exercises branches the naive model lacked before this test existed):

* ``defaults`` — siloed data, black box with 80% reliance, hybrid service, DeGroot.
* ``audited_open_trace_outreach`` — audited algorithm (reweighting + explanations + explained consent benefit),
  open data with weak anonymization (third-party services, reached by the excluded through a helping neighbour;
  re-identification), trace scoring (痕迹管理) 0.5, inclusive outreach targeted at citizens without an online
  account with outreach_share 0.5, directed data collection 0.3. (Outreach was 0.15 until issue 9: at N = 300 and
  visit_cost 8 that bought int(0.9) = 0 visits a week, so outreach was never exercised; 0.5 buys 2 visits and 0.3
  of collection 2 assessments a week.)
* ``digital_only_breach_timeline`` — digital-only delivery with push-out (pushout_rate 0.2), fusion over three
  vendors, graded management, weak security and a high breach hazard, consent not required, training and device
  subsidies, responsiveness 0.5 with being heard (0.05), Friedkin–Johnsen; and a timeline: week 15 switch to the
  audited algorithm and proxy help 0.7, week 25 a forced breach of vendor 1 (half its records), weeks 30–39 case
  capacity halved.
* ``neutral_budget_timeline`` (added with issue 9) — a budget-neutral total (lever lines out of case capacity,
  rostered response and proxy lines moving it every week), responsiveness 0.5, proxy help 0.7, training 0.01,
  fusion, security 0.8, DeGroot (no longer the default); week 20 back to siloed data (lines fall, cases rise),
  weeks 30–35 capacity × 0.7.
* ``issue15_levers`` (added with issue 15) — the new mechanisms' non-default levers: limited analytic attention
  (analytic_capacity 2: 16 records per agency-week at N = 300, binding), open data published with a 4-week lag and
  health-and-care records closed, then from week 20 an 8-week lag with social welfare closed too; the hotline's
  request data feed (未诉先办), a 2-week response target and capacity 12 per 1,000; opt-out consent with an 8-week
  retention period; agencies' judgement starting at 0.5; from week 20 a reliance target of 0.3.

Issue 15's mechanisms whose defaults are on are exercised by every setting: needs by attributes (census ages,
health-and-care and welfare hazards), the redress channel (the 12345 hotline: filing by usable channel, intake
under capacity, work orders heading the cases), opt-in consent binding passive traces with 26-week retention
(agency records and idle vendor copies), and technology dependence (adaptive reliance, judgement from practice,
automation bias). Beyond the defaults: ``digital_only_breach_timeline`` takes the hotline's phone line away (only
online filing is left); ``audited_open_trace_outreach`` makes consent a condition of online service (required);
``neutral_budget_timeline`` runs the dependence knock-outs (mandated reliance, constant judgement). The vendor
market (tenders under comprehensive scoring, security effort from incentives, lock-in, contract prices in the
budget) is on in every setting; ``digital_only_breach_timeline`` tenders at the lowest price (with no oversight,
vendors then choose no security), ``issue15_levers`` builds in-house capacity (in-house bids and government's own
systems' breaches), with an exit clause of 0.5, full vendor liability and 26-week contracts.
"""

from __future__ import annotations

import ast
import functools
import math
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from smartgov.experiments import naive
from smartgov.experiments.naive import NaiveModel
from smartgov.experiments.summaries import window_mean
from smartgov.model import GovernanceModel, Params
from smartgov.model.params import fields
from smartgov.model.population import AGE, DEVICE, LITERACY, SKILLS
from smartgov.model.processes import attention, capture, decision, inclusion

N, WEEKS, WINDOW = 300, 52, 26
# Both implementations burn in for 104 weeks here, not the default 988: docking asks whether two codes of the same
# ODD agree, and the burn-in runs the same weekly processes as the policy period (the burn-in code path is still
# run, with its frozen inclusion and restored literacy). The default length made the naive burn-ins most of this
# test's time (≈ 10 of CI's 25 minutes at 832 weeks). Set when the default went to 988 weeks; the margins below
# were re-derived for this set-up by their rule, from a fast-only pilot, before any comparison of it.
DOCK_BURN_IN = 104
R_FAST, R_NAIVE = 200, 100
ALPHA = 0.05
OUTCOMES = ("trust", "equity_gap", "efficiency", "participation_rate", "exposed_share", "coverage_excluded",
            "need_met_rate", "total_cost", "unmet_older", "requests_filed_per_resident", "mean_reliance",
            "vendor_effort")

SETTINGS: dict[str, tuple[dict, list | None]] = {
    "defaults": ({}, None),
    "audited_open_trace_outreach": (dict(algorithm="audited", data_sharing="open", anonymization=0.2,
                                         trace_management=0.5, service_rule="inclusive", outreach_share=0.5,
                                         directed_collection=0.3, consent_rule="required"), None),
    "digital_only_breach_timeline": (
        dict(service_rule="online_only", pushout_rate=0.2, data_sharing="fusion", n_vendors=3,
             graded_management=True, security_investment=0.05, oversight=0.0, breach_hazard=0.08,
             consent_required=False, training_rate=0.05, device_subsidy=0.03, responsiveness=0.5, heard_gain=0.05,
             trust_rule="friedkin_johnsen", hotline_phone=False, procurement_rule="lowest_price"),
        [{"week": 15, "set": {"algorithm": "audited", "proxy_help": 0.7}},
         {"week": 25, "breach": {"vendor": 1, "share": 0.5}},
         {"week": 30, "capacity_cut": {"factor": 0.5, "weeks": 10}}]),
    "neutral_budget_timeline": (
        dict(budget_mode="neutral", responsiveness=0.5, proxy_help=0.7, training_rate=0.01, data_sharing="fusion",
             security_investment=0.8, trust_rule="degroot", reliance_rule="mandated", judgement_rule="constant"),
        [{"week": 20, "set": {"data_sharing": "siloed"}}, {"week": 30, "capacity_cut": {"factor": 0.7, "weeks": 6}}]),
    "issue15_levers": (
        dict(data_sharing="open", analytic_capacity=2.0, open_data_lag_weeks=4, open_data_domains="not_health",
             request_data_feed=True, response_target=2, hotline_capacity=12.0, consent_rule="opt_out",
             retention_weeks=8, initial_judgement=0.5, inhouse_investment=1.0, exit_clause=0.5,
             vendor_liability=1.0, contract_term=26),
        [{"week": 20, "set": {"open_data_domains": "not_health_welfare", "open_data_lag_weeks": 8,
                              "algorithm_reliance": 0.3}}]),
}

# δ = 0.5 × between-seed SD of the fast model (pilot, seeds 10000–10099, N = 300, 52 weeks after the 104-week
# docking burn-in), two significant figures, fixed before any comparison. This pilot (the fourth): the issue-15
# model with the vendor market ON in every setting (it was off in the third pilot), procurement levers in two
# settings (digital_only_breach_timeline: lowest price; issue15_levers: in-house investment 1, exit clause 0.5,
# vendor liability 1, 26-week contracts) and vendor_effort added to the outcomes; run on 2026-12-01 before any
# naive-vs-fast comparison with the market on. (The earlier margins are in git history.)
MARGINS: dict[str, dict[str, float]] = {
    "defaults": dict(trust=0.0050, equity_gap=0.0097, efficiency=0.0069, participation_rate=0.0014,
                     exposed_share=0.0035, coverage_excluded=0.032, need_met_rate=0.0079, total_cost=0.15,
                     unmet_older=7.2, requests_filed_per_resident=0.065, mean_reliance=0.0061,
                     vendor_effort=0.032),
    "audited_open_trace_outreach": dict(trust=0.0054, equity_gap=0.013, efficiency=0.0060, participation_rate=0.0015,
                                        exposed_share=0.019, coverage_excluded=0.016, need_met_rate=0.0071,
                                        total_cost=0.23, unmet_older=7.2, requests_filed_per_resident=0.084,
                                        mean_reliance=0.0021, vendor_effort=0.045),
    "digital_only_breach_timeline": dict(trust=0.0055, equity_gap=0.019, efficiency=0.0079,
                                         participation_rate=0.0016, exposed_share=0.023, coverage_excluded=0.043,
                                         need_met_rate=0.0059, total_cost=0.87, unmet_older=6.0,
                                         requests_filed_per_resident=0.030, mean_reliance=0.0052,
                                         vendor_effort=0.0),
    "neutral_budget_timeline": dict(trust=0.0020, equity_gap=0.0039, efficiency=0.0040, participation_rate=0.0011,
                                    exposed_share=0.012, coverage_excluded=0.016, need_met_rate=0.00092,
                                    total_cost=0.0, unmet_older=9.7, requests_filed_per_resident=0.067,
                                    mean_reliance=0.0, vendor_effort=0.033),
    "issue15_levers": dict(trust=0.0049, equity_gap=0.0064, efficiency=0.0039, participation_rate=0.0013,
                           exposed_share=0.0082, coverage_excluded=0.016, need_met_rate=0.0045, total_cost=0.16,
                           unmet_older=7.8, requests_filed_per_resident=0.068, mean_reliance=0.0096,
                           vendor_effort=0.031),
}
# A margin of 0: the pilot's SD was 0 (to rounding: mandated reliance's was 6e-17), the outcome is fixed by the
# parameters (a neutral budget's total is the fixed total every week; mandated reliance is the lever; under lowest
# price with no oversight a vendor gains nothing from security, so its effort is 0), so the two models' means must
# be equal (to rounding) instead of equivalent within a margin.

# (setting, outcome) -> reason: outcomes found NOT equivalent after careful re-implementation (findings).
# A TOST with ≈ 0.98 power per assertion fails at least one of 31 with probability ≈ 0.5 (of 60, with the vendor
# market, ≈ 0.7). Earlier entries were chance failures at the old set-ups' fixed seeds (defaults efficiency,
# +0.0030 with margin 0.0057; audited_open_trace_outreach exposed_share; neutral_budget_timeline coverage_excluded,
# −0.0076 with margin 0.014, p_lower 0.0504, with the vendor market off) that replications with fresh seeds did not
# repeat (git history); each new set-up (the 104-week docking burn-in; the vendor market on) removed them before it
# was first compared.
NOT_EQUIVALENT: dict[tuple[str, str], str] = {}


# -- fast checks --------------------------------------------------------------------------------------------------

FORBIDDEN = ("smartgov.model.processes", "smartgov.model.network", "smartgov.model.agents", "smartgov.model.model",
             "smartgov.model.metrics", "smartgov.model.ledger")


def test_naive_imports_no_helper_of_the_fast_model() -> None:
    """Independence: only Params, rule enums, the events' data classes and pure data (CNNIC reason shares, online
    account share and older share of the excluded; the census age bands and shares)."""
    tree = ast.parse(Path(naive.__file__).read_text(encoding="utf-8"))
    imported = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported[node.module] = {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            imported.update({alias.name: set() for alias in node.names})
    assert not [m for m in imported if m.startswith(FORBIDDEN)], imported
    assert imported.get("smartgov.model.population", set()) <= {"ONLINE_ACCOUNT_SHARE", "REASON_SHARES", "AGE_BANDS",
                                                                "CENSUS_AGE_SHARES", "EXCLUDED_OLDER_SHARE",
                                                                "OLDER_AGE"}
    assert imported.get("smartgov.model.rules", set()) <= {"Algorithm", "DataSharing", "ServiceRule"}
    assert imported.get("smartgov.model.events", set()) <= {"Breach", "CapacityCut", "SetParameter", "Timeline"}


def test_naive_reads_the_structural_assumptions_from_params() -> None:
    """The former structural constants are ``Params`` fields (group "structural"): naive.py keeps no copy of them and
    reads each one from the parameters, so a changed value reaches both models. What naive.py still writes out (the
    analytics cut, the reason × lever table, the budget plan) must equal the fast model's."""
    structural = [f.name for f in fields() if f.metadata["group"] == "structural"]
    tree = ast.parse(Path(naive.__file__).read_text(encoding="utf-8"))
    module_names = {target.id for node in tree.body if isinstance(node, ast.Assign) for target in node.targets
                    if isinstance(target, ast.Name)}
    assert not {name.upper() for name in structural} & module_names
    read = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert set(structural) <= read, sorted(set(structural) - read)
    changed = Params(n_citizens=100, base_perceived_risk=0.7, burn_in_weeks=0)  # the initial draw
    model = NaiveModel(changed, rng=1)
    assert {c.perceived_risk for c in model.citizen_list} == {0.7}

    p = Params(capture_noise=0.4, vendor_analytics=0.7)
    assert p.capture_noise * (1 - naive.ANALYTICS_CUT * p.vendor_analytics) == pytest.approx(
        capture.estimation_noise(p))
    assert naive.SKILLS == SKILLS
    for reason in (SKILLS, LITERACY, DEVICE, AGE):
        assert naive.HELPS[reason] == (inclusion.TRAINING_HELPS[reason], inclusion.DEVICE_HELPS[reason],
                                       inclusion.PEERS_HELP[reason])
    for over in PLANS:
        p = Params(n_citizens=500, **over)
        fast, slow = decision.budget_plan(p), naive._budget_plan(p, 1.0)
        for key in ("counters", "documentation", "outreach", "service", "counter_slots", "visits", "levers",
                    "collection", "assessments"):
            assert slow[key] == pytest.approx(getattr(fast, key)), key


PLANS = [{}, {"service_rule": "online_only", "trace_management": 0.7, "outreach_share": 0.3},
         {"trace_management": 0.7, "trace_burden": 0.5, "documentation_cost": 0.4},
         {"budget_mode": "neutral", "algorithm": "audited", "data_sharing": "open", "anonymization": 0.3,
          "graded_management": True, "security_investment": 0.8, "oversight": 0.4, "outreach_share": 0.1},
         {"budget_mode": "neutral", "training_rate": 0.03, "device_subsidy": 0.02, "data_sharing": "fusion",
          "redress": False},  # with the hotline line these levers no longer fit a neutral total
         {"directed_collection": 0.3, "assessment_cost": 3.0},
         {"budget_mode": "neutral", "directed_collection": 0.2, "outreach_share": 0.1},
         {"analytic_capacity": 1.5, "data_sharing": "open", "open_data_lag_weeks": 4},
         {"budget_mode": "neutral", "analytic_capacity": 0.5, "open_data_domains": "not_health"},
         {"hotline_capacity": 20.0, "request_data_feed": True}, {"budget_mode": "neutral", "redress": False},
         {"budget_mode": "neutral", "hotline_capacity": 12.0, "response_target": 3},
         {"consent_rule": "not_binding", "retention_limit": False},
         {"budget_mode": "neutral", "consent_rule": "opt_out"},
         {"inhouse_investment": 0.5, "procurement_rule": "lowest_price", "exit_clause": 0.5, "n_vendors": 2},
         {"budget_mode": "neutral", "inhouse_investment": 0.2, "vendor_liability": 1.0},
         {"vendor_market": False}, {"budget_mode": "neutral", "vendor_market": False, "security_investment": 0.8}]


@pytest.mark.parametrize("over", PLANS)
def test_first_week_cost_docks_exactly(over: dict) -> None:
    """Every line paid in full: in week 1 (no proxies or responses last week) the whole bill is fixed by the
    parameters and the excluded count, so the two models' total_cost must agree to rounding (additive and neutral,
    with and without a capacity cut)."""
    for events in (None, [{"week": 1, "capacity_cut": {"factor": 0.5, "weeks": 2}}]):
        p = Params(n_citizens=300, burn_in_weeks=0, **over)
        fast = GovernanceModel(p, rng=2, events=events)
        fast.run_for(1)
        slow = NaiveModel(p, rng=2, events=events)
        for c, excluded in zip(slow.citizen_list, fast.population.flags.excluded, strict=True):
            c.excluded = bool(excluded)  # the same excluded count (training and devices are paid per head)
            c.reason = (c.reason or 1) if c.excluded else 0
        slow.step()
        row = slow.datacollector.get_model_vars_dataframe().iloc[1]
        expected = fast.outcomes().iloc[1]
        for column in ("total_cost", "cost_cases", "cost_channels", "cost_reporting", "cost_levers"):
            assert row[column] == pytest.approx(expected[column]), column


MARKETS = [{}, {"procurement_rule": "lowest_price"}, {"vendor_liability": 1.0, "oversight": 0.8},
           {"vendor_liability": 0.0, "price_weight": 0.7}, {"exit_clause": 1.0}, {"inhouse_investment": 1.0},
           {"n_vendors": 2}, {"security_effort_rule": "fixed", "security_investment": 0.7},
           {"inhouse_investment": 1.0, "procurement_rule": "lowest_price", "exit_clause": 0.5, "n_vendors": 2},
           {"data_sharing": "fusion", "graded_management": True, "inhouse_investment": 0.6, "vendor_spread": 0.6},
           {"inhouse_investment": 1.0, "exit_clause": 1.0, "security_investment": 0.2, "vendor_analytics": 1.0}]


@pytest.mark.parametrize("over", MARKETS)
def test_procurement_docks_exactly(over: dict) -> None:
    """Procurement draws no random number: from the same state (vendors' cost types, contracts, prices, expiry
    weeks, in-house capacity — with an in-house incumbent when capacity is being built —, the records each vendor
    holds), 78 weeks of the naive market (contracts of 13 weeks from the first tender on: every agency tenders at
    least twice) give exactly the fast market's winners, prices, expiry weeks, capacities, efforts and qualities,
    and the same contracts, in-house and migration lines and lever lines, week after week."""
    from smartgov.model.budget import Volumes, lever_lines
    from smartgov.model.processes.procurement import INHOUSE

    p = Params(n_citizens=300, burn_in_weeks=20, contract_term=13, **over)
    fast = GovernanceModel(p, rng=7)
    fast.run_for(2)
    market, pop = fast.market, fast.population
    if p.inhouse_investment > 0:  # in-house bids seldom win from a young capacity: start agency 0 in-house
        market.capability[:] = 0.9
        market.contractor[0], market.price[0] = INHOUSE, market.inhouse_offer(p, 0)[0]
    slow = NaiveModel(p.replace(burn_in_weeks=0), rng=0)  # a twin whose market state is overwritten below
    for v, vendor in enumerate(slow.vendor_list):
        vendor.kappa, vendor.omega = float(market.kappa[v]), float(market.omega[v])
    for a, agency in enumerate(slow.agency_list):
        agency.vendor = None if market.contractor[a] == INHOUSE else int(market.contractor[a])
        agency.expires, agency.price = int(market.expires[a]), float(market.price[a])
        agency.capability = float(market.capability[a])
    slow.market_week = market.week
    held = [float(share) for share in pop.held.mean(axis=1)]
    for _ in range(78):
        expected, lines = market.step(pop, p), slow.procure(held)
        assert lines == pytest.approx(expected, rel=1e-12)
        assert [a.vendor for a in slow.agency_list] == [None if c == INHOUSE else int(c) for c in market.contractor]
        assert [a.price for a in slow.agency_list] == pytest.approx(market.price.tolist(), rel=1e-12)
        assert [a.expires for a in slow.agency_list] == market.expires.tolist()
        assert [a.capability for a in slow.agency_list] == pytest.approx(market.capability.tolist(), rel=1e-12)
        assert [v.effort for v in slow.vendor_list] == pytest.approx(market.effort.tolist(), rel=1e-12)
        assert [v.quality for v in slow.vendor_list] == pytest.approx(market.quality.tolist(), rel=1e-12)
        assert [slow.quality_at(a) for a in range(p.n_agencies)] == pytest.approx(
            market.quality_by_agency(p).tolist(), rel=1e-12)
        assert naive._lever_lines(p, 30, 2, 5, lines) == pytest.approx(lever_lines(p, 30, Volumes(2, 5), expected))
    assert market.tenders_total >= 2 * p.n_agencies


@pytest.mark.parametrize("over", [{}, {"data_sharing": "fusion"}, {"data_sharing": "open", "consent_rule": "opt_out",
                                                        "retention_weeks": 4}])
def test_holdings_under_contracts_dock_exactly(over: dict) -> None:
    """Same state (agencies' records and their ages, vendors' copies and their ages, consent's inputs, one agency
    working in-house, a switched contract) → after process 5's consent, retention and holdings update the naive
    citizens are held by exactly the vendors the fast model's contracts give them, and kept in government's own
    systems exactly when the fast model keeps them there (breach draws aside: the hazard is 0)."""
    from smartgov.model.ledger import Ledger
    from smartgov.model.processes.consent import expire_records, update_holdings
    from smartgov.model.processes.procurement import INHOUSE
    from smartgov.model.processes.security import _inhouse_breach, consent_decision
    from smartgov.model.rules import shareable

    p = Params(n_citizens=300, burn_in_weeks=30, inhouse_investment=1.0, breach_hazard=0.0, **over)
    fast = GovernanceModel(p, rng=8)
    fast.run_for(3)
    pop, market = fast.population, fast.market
    market.contractor[:2] = [INHOUSE, 2]  # agency 0 in-house, agency 1 moved to vendor 2 (vendor 1 serves none)
    slow = NaiveModel(p.replace(burn_in_weeks=0), rng=0)
    for a, agency in enumerate(slow.agency_list):
        agency.vendor = None if market.contractor[a] == INHOUSE else int(market.contractor[a])
    for i, c in enumerate(slow.citizen_list):
        c.trust, c.privacy_concern, c.perceived_risk = (float(pop.trust[i]), float(pop.privacy_concern[i]),
                                                        float(pop.perceived_risk[i]))
        c.records = {a: [float(pop.estimate[a, i]), int(pop.captures[a, i])] for a in range(p.n_agencies)
                     if pop.seen[a, i]}
        c.record_age = {a: int(pop.record_age[a, i]) for a in c.records}
        c.held = {v for v in range(p.n_vendors) if pop.held[v, i]}
        c.held_age = {v: int(pop.held_age[v, i]) for v in c.held}
        c.held_inhouse = bool(market.held_inhouse[i])
    ledger = Ledger()
    pop.consent[:] = consent_decision(pop, p)
    expire_records(pop, p, ledger)
    lake = pop.seen.any(axis=0) & shareable(pop.consent, p.consent_required)
    update_holdings(pop, p, ledger, market)
    _inhouse_breach(pop, p, fast.rng, ledger, market, lake)
    for c in slow.citizen_list:
        c.share()
    assert [c.consent for c in slow.citizen_list] == pop.consent.tolist()
    for v in range(p.n_vendors):
        assert [v in c.held for c in slow.citizen_list] == pop.held[v].tolist(), v
    assert [c.held_inhouse for c in slow.citizen_list] == market.held_inhouse.tolist()
    assert market.held_inhouse.any() and pop.held[1].any()  # in-house records; vendor 1 keeps idle copies
    assert slow.records_deleted == ledger.records_deleted


def test_naive_applies_the_timeline_at_the_same_week() -> None:
    """Settings from their week on, capacity cut for its weeks, a forced breach in its week — as GovernanceModel."""
    events = [{"week": 3, "set": {"data_sharing": "fusion"}}, {"week": 4, "breach": {"vendor": 0, "share": 1.0}},
              {"week": 5, "capacity_cut": {"factor": 0.5, "weeks": 2}}]
    params = Params(n_citizens=200, breach_hazard=0.0)  # no natural breach: one forced breach
    model = NaiveModel(params, rng=3, events=events)
    services = []
    for week in range(1, 9):
        model.step()
        assert model.params.data_sharing == ("fusion" if week >= 3 else "siloed")
        services.append(model.plan["service"])
        if week == 3:
            assert model.breaches == 0
    assert model.breaches == 1
    assert services[4] == services[5] == pytest.approx(0.5 * services[0]) and services[6] == services[0]
    frame = model.datacollector.get_model_vars_dataframe()
    assert frame["exposed_share"].iloc[3] == 0 and frame["exposed_share"].iloc[4] > 0
    fast = GovernanceModel(params, rng=3, events=events)
    fast.run_for(8)
    assert fast.outcomes()["breaches"].iloc[4] == 1 == frame["breaches"].iloc[4]


DECISIONS = [{}, {"algorithm": "audited"}, {"algorithm": "audited", "trace_management": 0.5, "data_sharing": "open"},
             {"trace_management": 0.8, "data_sharing": "fusion", "consent_required": False},
             {"analytic_capacity": 1.0}, {"analytic_capacity": 2.0, "data_sharing": "fusion", "algorithm": "audited"}]


# the ranking itself is checked with dependence off (the lever decides the reliance, no judgement or deference);
# test_dependence_updates_dock_exactly checks dependence's own updates
DEPENDENCE_OFF = dict(judgement_rule="constant", reliance_rule="mandated", initial_judgement=0.0,
                      deference_novice=0.0, deference_expert=0.0)


@pytest.mark.parametrize("over", DECISIONS)
def test_decision_step_docks_exactly(over: dict) -> None:
    """Same state (needs, records, consent, traces, groups) → the naive agencies allocate exactly the cases the fast
    ``allocate`` does (algorithm only, scarce capacity so the ranking matters; black box and audited, trace
    scoring, fusion). Under limited analytic attention the analysed records are a random draw in each model: the
    naive agencies first show they analyse exactly ``records_analysed`` of the records they may use (or all, if
    fewer), then, given only the records the fast agencies analysed, allocate exactly the same cases."""
    from smartgov.model.ledger import Ledger
    from smartgov.model.processes import allocate, capture_data, needs_arise

    p = Params(n_citizens=400, algorithm_reliance=1.0, capacity_ratio=0.6, **DEPENDENCE_OFF, **over)
    fast = GovernanceModel(p, rng=5)
    fast.run_for(20)
    pop, rng = fast.population, fast.rng
    pop.flags.reset()
    needs_arise(pop, p, rng)
    caseloads = capture_data(pop, p, rng, fast.network, visits=int(fast.plan.visits * p.n_agencies))
    slow = NaiveModel(p.replace(burn_in_weeks=0), rng=0)  # a twin whose state is overwritten below
    for i, c in enumerate(slow.citizen_list):
        c.reset_flags()
        c.excluded, c.need_domain = bool(pop.excluded[i]), int(pop.need_domain[i])
        c.severity, c.online_record, c.consent = float(pop.need_severity[i]), bool(pop.online_record[i]), bool(
            pop.consent[i])
        c.records = {a: [float(pop.estimate[a, i]), int(pop.captures[a, i])] for a in range(p.n_agencies)
                     if pop.seen[a, i]}
    if p.analytic_capacity > 0:
        limit, bound = attention.records_analysed(p), 0
        for agency, naive_agency in enumerate(slow.agency_list):
            usable = {i for i, c in enumerate(slow.citizen_list) if c.need_domain == agency and any(
                a == agency or (slow.sharing_across() and c.may_share()) for a in c.records)}
            naive_agency.decide()
            seen = {i for i, c in enumerate(slow.citizen_list) if c.visible and c.need_domain == agency}
            assert seen <= usable and len(seen) == min(limit, len(usable))
            assert len(caseloads[agency][0]) == min(limit, len(usable))  # the fast agencies too
            bound += len(usable) > limit
        assert bound  # the limit bound somewhere
        analysed = {int(i) for who, _, _ in caseloads for i in who}
        for i, c in enumerate(slow.citizen_list):
            c.reset_flags()
            if i not in analysed:
                c.records = {}  # only what the fast agencies analysed: the naive limit then cannot bind
    ranked = 0
    for agency, naive_agency in enumerate(slow.agency_list):
        chosen = set(allocate(agency, caseloads[agency], pop, p, fast.plan, rng, Ledger()).tolist())
        naive_agency.decide()
        assert chosen == {i for i, c in enumerate(slow.citizen_list) if c.allocated and c.need_domain == agency}
        assert {i for i, c in enumerate(slow.citizen_list) if c.visible and c.need_domain == agency} == set(
            caseloads[agency][0].tolist())
        ranked += len(caseloads[agency][0]) > len(chosen) > 0
    assert ranked  # capacity was short somewhere: the ranking decided


@pytest.mark.parametrize("over", [{"algorithm_reliance": 0.5}, {"initial_judgement": 0.6, "algorithm_reliance": 0.2,
                                                               "outreach_share": 0.3, "service_rule": "inclusive"}])
def test_dependence_updates_dock_exactly(over: dict) -> None:
    """Same state (needs, records, visits, each agency's judgement, reliance and last decisions) → the naive agencies
    set the same reliance (observed advantage, backlog, inertia) and, after deciding, the same judgement (practice
    share: own cases net of deference, field contacts) as the fast agencies. Which cases officials pick involves
    each model's own noise; how many they decide, and so every update, does not."""
    from smartgov.model.processes import capture_data, needs_arise

    p = Params(n_citizens=400, burn_in_weeks=30, **over)
    fast = GovernanceModel(p, rng=6)
    fast.run_for(10)
    pop, rng = fast.population, fast.rng
    pop.flags.reset()
    needs_arise(pop, p, rng)
    caseloads = capture_data(pop, p, rng, fast.network, visits=int(fast.plan.visits * p.n_agencies))
    slow = NaiveModel(p.replace(burn_in_weeks=0), rng=0)
    slow.case_budget = fast.week_plan.service
    for i, c in enumerate(slow.citizen_list):
        c.reset_flags()
        c.excluded, c.need_domain, c.need_age = bool(pop.excluded[i]), int(pop.need_domain[i]), int(pop.need_age[i])
        c.severity, c.online_record, c.consent = float(pop.need_severity[i]), bool(pop.online_record[i]), bool(
            pop.consent[i])
        c.visited = bool(pop.flags.visited[i])
        c.records = {a: [float(pop.estimate[a, i]), int(pop.captures[a, i])] for a in range(p.n_agencies)
                     if pop.seen[a, i]}
    decided = 0
    for a, (agency, naive_agency) in enumerate(zip(fast.agencies, slow.agency_list, strict=True)):
        naive_agency.judgement, naive_agency.reliance = float(pop.judgement[a]), float(pop.reliance[a])
        naive_agency.last_algorithm = [c for i, c in enumerate(slow.citizen_list) if pop.last_decision[a, i] == 0]
        naive_agency.last_human = [c for i, c in enumerate(slow.citizen_list) if pop.last_decision[a, i] == 1]
        agency.caseload = caseloads[a]
        agency.decide()
        naive_agency.decide()
        assert naive_agency.reliance == pytest.approx(float(pop.reliance[a]), abs=1e-12)
        assert len(naive_agency.last_human) == int((pop.last_decision[a] == 1).sum())
        assert len(naive_agency.last_algorithm) == int((pop.last_decision[a] == 0).sum())
        assert naive_agency.judgement == pytest.approx(float(pop.judgement[a]), abs=1e-12)
        decided += len(naive_agency.last_human) > 0
    assert decided  # officials decided cases somewhere (judgement and deference acted)


def test_naive_run_is_fixed_by_its_seed() -> None:
    """One seed fixes a naive run bit for bit too (community visits met in a fixed order, not a set's)."""
    p = Params(n_citizens=200, burn_in_weeks=20, service_rule="inclusive", outreach_share=0.5,
               directed_collection=0.3, data_sharing="open")
    frames = []
    for _ in range(2):
        model = NaiveModel(p, rng=4)
        model.run_for(6)
        frames.append(model.datacollector.get_model_vars_dataframe())
    assert frames[0].equals(frames[1])


def test_naive_runs_every_setting() -> None:
    """Smoke test, burn-in included (N = 200: at much smaller N the floor on whole cases leaves agencies with
    almost no case capacity after the calibrated capacity_ratio, and no need may be met in a given week)."""
    for over, events in SETTINGS.values():
        model = NaiveModel(Params(n_citizens=200, **over), rng=1, events=events)
        model.run_for(40 if events else 5)
        frame = model.datacollector.get_model_vars_dataframe()
        row = frame.iloc[-1]
        assert 0 <= row["trust"] <= 1 and 0 <= row["exposed_share"] <= 1 and row["total_cost"] > 0
        assert frame["needs_met"].iloc[1:].sum() > 0


# -- the equivalence test -----------------------------------------------------------------------------------------

def _one_run(job: tuple[str, str, int]) -> dict[str, float]:
    kind, setting, seed = job
    from smartgov.experiments.threads import limit_threads

    limit_threads(1)
    over, events = SETTINGS[setting]
    params = Params(n_citizens=N, burn_in_weeks=DOCK_BURN_IN, **over)
    if kind == "fast":
        model = GovernanceModel(params, rng=seed, events=events)
    else:
        model = NaiveModel(params, rng=seed, events=events)
    model.run_for(WEEKS)
    frame = model.datacollector.get_model_vars_dataframe()
    frame.index.name = "step"
    return window_mean(frame.reset_index(), WINDOW, by=(), outcomes=list(OUTCOMES)).iloc[0].to_dict()


@functools.cache
def _runs(setting: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    jobs = [("naive", setting, s) for s in range(R_NAIVE)] + [("fast", setting, s) for s in range(R_FAST)]
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
        rows = list(pool.map(_one_run, jobs, chunksize=4))
    return pd.DataFrame(rows[R_NAIVE:]), pd.DataFrame(rows[:R_NAIVE])


def pilot(seeds: range = range(10000, 10100)) -> dict[str, dict[str, float]]:
    """The margins' pilot: 0.5 × the fast model's between-seed SD of each window mean (fast runs only; round to two
    significant figures by hand). ``python -c "import tests.test_docking as t; print(t.pilot())"``."""
    out = {}
    for setting in SETTINGS:
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            rows = pd.DataFrame(list(pool.map(_one_run, [("fast", setting, s) for s in seeds], chunksize=4)))
        out[setting] = {o: 0.5 * float(rows[o].std(ddof=1)) for o in OUTCOMES}
    return out


def tost(fast: np.ndarray, slow: np.ndarray, margin: float) -> dict[str, float]:
    """Welch TOST of naive − fast against ±margin: the difference, its 90% interval and both one-sided p."""
    var_f, var_n = fast.var(ddof=1) / len(fast), slow.var(ddof=1) / len(slow)
    se = math.sqrt(var_f + var_n)
    df = (var_f + var_n) ** 2 / (var_f ** 2 / (len(fast) - 1) + var_n ** 2 / (len(slow) - 1))
    diff = float(slow.mean() - fast.mean())
    half = stats.t.ppf(1 - ALPHA, df) * se
    return {"fast": float(fast.mean()), "naive": float(slow.mean()), "diff": diff, "ci_low": diff - half,
            "ci_high": diff + half, "margin": margin, "p_lower": float(stats.t.sf((diff + margin) / se, df)),
            "p_upper": float(stats.t.cdf((diff - margin) / se, df))}


CASES = [pytest.param(setting, outcome, id=f"{setting}-{outcome}",
                      marks=[pytest.mark.xfail(strict=True, reason=NOT_EQUIVALENT[(setting, outcome)])]
                      if (setting, outcome) in NOT_EQUIVALENT else [])
         for setting in SETTINGS for outcome in OUTCOMES]


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize(("setting", "outcome"), CASES)
def test_naive_and_fast_models_are_equivalent(setting: str, outcome: str) -> None:
    fast, slow = _runs(setting)
    margin = MARGINS[setting][outcome]
    if margin == 0:
        assert slow[outcome].mean() == pytest.approx(fast[outcome].mean(), rel=1e-9), (slow[outcome].mean(),
                                                                                     fast[outcome].mean())
        return
    result = tost(fast[outcome].dropna().to_numpy(), slow[outcome].dropna().to_numpy(), margin)
    shown = ", ".join(f"{k} {v:.4g}" for k, v in result.items())
    print(f"{setting} {outcome}: {shown}")
    assert result["p_lower"] < ALPHA and result["p_upper"] < ALPHA, shown
