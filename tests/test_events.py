"""Policy timelines (model/events.py): events change a run exactly from their week on, shocks do what they say,
bad events get one clear error naming the field, and a run without events is bit for bit what it was.

The last tests measure the trust asymmetry after a shock (trust falls faster than it recovers) with knock-outs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import smartgov.model.model as model_module
from smartgov.cli import main
from smartgov.experiments.runner import run_one
from smartgov.experiments.single_run import run_model
from smartgov.model import GovernanceModel, Params
from smartgov.model.events import BUILD_TIME, Breach, CapacityCut, EventError, SetParameter, Timeline
from smartgov.model.processes import budget_plan
from smartgov.scenarios import ScenarioError, load, parse

HEAD = "title: {en: Mine, zh: 我的}\ndescription: {en: x, zh: 测试}\nwatch: {en: y, zh: 信任}\n"


def _run(params: Params, seed: int, steps: int, events=None) -> pd.DataFrame:
    model = GovernanceModel(params, rng=seed, events=events)
    model.run_for(steps)
    return model.outcomes()


# -- no events: nothing changes ------------------------------------------------------------------

@pytest.mark.parametrize("events", [None, [], Timeline()])
def test_no_events_is_bit_for_bit_the_run_without_timelines(events) -> None:
    params = Params(n_citizens=500, data_sharing="fusion", breach_hazard=0.5)
    plain = GovernanceModel(params, rng=4)
    plain.run_for(30)
    with_none = GovernanceModel(params, rng=4, events=events)
    with_none.run_for(30)
    pd.testing.assert_frame_equal(plain.outcomes(), with_none.outcomes(), check_exact=True)
    assert not with_none.timeline and with_none.params == params
    pd.testing.assert_frame_equal(run_model(params, 4, 30), run_model(params, 4, 30, events), check_exact=True)


# -- each kind does what it says -----------------------------------------------------------------

def test_set_parameter_takes_effect_exactly_at_its_week() -> None:
    params = Params(n_citizens=600)
    events = [{"week": 20, "set": {"service_rule": "online_only", "outreach_share": 0.0}}]
    plain, changed = _run(params, 8, 40), _run(params, 8, 40, events)
    pd.testing.assert_frame_equal(plain.loc[:19], changed.loc[:19], check_exact=True)  # weeks 0..19 untouched
    assert not plain.loc[20].equals(changed.loc[20])  # week 20 runs under the new rule

    model = GovernanceModel(params, rng=8, events=events)
    model.run_for(19)
    assert model.params == params  # not yet
    model.step()  # week 20
    assert model.params == params.replace(service_rule="online_only", outreach_share=0.0)
    assert model.plan == budget_plan(model.params) and model.plan.counters == 0 and model.plan.outreach == 0
    assert model.agencies[0].counter_slots == 0


def test_breach_exposes_records_in_its_week_through_the_breach_mechanism() -> None:
    params = Params(n_citizens=800, data_sharing="fusion", breach_hazard=0.0, n_vendors=2)  # no natural breach
    frame = _run(params, 3, 20, [{"week": 12, "breach": {"share": 0.5}}])
    assert (frame.loc[:11, ["breaches", "records_exposed", "exposed_share"]] == 0).all().all()
    assert frame.loc[12, "breaches"] == 2  # vendor: null breaches every vendor
    assert frame.loc[12, "records_exposed"] > 0 and frame.loc[12, "exposed_share"] > 0
    assert frame.loc[13:, "breaches"].eq(2).all()  # once only
    plain = _run(params, 3, 20)
    assert frame.loc[12, "trust_unexposed"] < plain.loc[12, "trust_unexposed"]  # the news spreads
    assert frame.loc[12, "consent_rate"] <= plain.loc[12, "consent_rate"]

    model = GovernanceModel(params, rng=3, events=[Breach(12, vendor=1, share=1.0)])
    model.run_for(11)
    held = model.population.held[1].copy()
    model.step()
    flags = model.population.flags
    assert model.ledger.breaches == 1 and flags.exposed.sum() == model.ledger.records_exposed
    assert held.sum() > 0 and np.array_equal(flags.exposed, model.population.held[1])  # share 1: every record
    assert flags.heard_breach.any() and not (flags.heard_breach & flags.exposed).any()


def test_capacity_cut_lasts_its_weeks_then_capacity_is_restored() -> None:
    params = Params(n_citizens=600)
    model = GovernanceModel(params, rng=2, events=[CapacityCut(10, weeks=5, factor=0.4)])
    full = budget_plan(params)
    model.run_for(9)
    assert model.plan == full
    model.step()  # week 10
    assert model.plan.service == pytest.approx(0.4 * full.service)
    assert model.plan.counters == full.counters and model.plan.outreach == full.outreach
    model.run_for(4)  # weeks 11..14
    assert model.plan.service == pytest.approx(0.4 * full.service)
    model.step()  # week 15 = 10 + 5
    assert model.plan == full
    frame = model.outcomes()
    plain = _run(params, 2, 15)
    assert frame.loc[10:14, "needs_met"].sum() < plain.loc[10:14, "needs_met"].sum()


def test_overlapping_cuts_multiply() -> None:
    params = Params(n_citizens=300)
    model = GovernanceModel(params, rng=1, events=[CapacityCut(3, 4, 0.5), CapacityCut(5, 4, 0.5)])
    model.run_for(5)
    assert model.plan.service == pytest.approx(0.25 * budget_plan(params).service)
    model.run_for(2)  # week 7: the first cut has ended
    assert model.plan.service == pytest.approx(0.5 * budget_plan(params).service)


def test_timeline_round_trips_and_sorts_by_week() -> None:
    data = [{"week": 52, "set": {"service_rule": "online_only"}}, {"week": 30, "breach": {"vendor": 0}},
            {"week": 40, "capacity_cut": {"factor": 0.5, "weeks": 8}}]
    timeline = Timeline.from_data(data)
    assert [e.week for e in timeline] == [30, 40, 52]
    assert timeline.events == (Breach(30, 0), CapacityCut(40, 8, 0.5), SetParameter(52, "service_rule", "online_only"))
    assert Timeline.from_data(timeline.to_data()) == timeline
    assert SetParameter(5, "outreach_share", 0).value == 0.0  # normalised like Params (1 and 1.0 are one value)


# -- bad events: one clear error naming the field ---------------------------------------------------

BAD = [
    ([{"week": 5, "set": {"outreach_shar": 0.1}}], "field 'events[0].set.outreach_shar' = 0.1 is not allowed; "
                                                   "expected one of the known parameters (did you mean"),
    ([{"week": 0, "set": {"outreach_share": 0.1}}], "field 'events[0].week' = 0 is not allowed; expected an "
                                                    "integer >= 1"),
    ([{"week": "52", "breach": {}}], "field 'events[0].week' = '52' is not allowed"),
    ([{"week": 5, "breach": {}}, {"week": 6, "set": {"n_citizens": 50}}],
     "field 'events[1].set.n_citizens' = 50 is not allowed; expected a parameter that may change mid-run"),
    ([{"week": 5, "set": {"network": "scale_free"}}], "'network' may not: the social network is built once"),
    ([{"week": 5, "set": {"outreach_share": 2.0}}], "field 'events[0].set.outreach_share' = 2.0 is not allowed; "
                                                    "expected a number in [0, 0.5]"),
    ([{"week": 5, "capacity_cut": {"factor": 1.5, "weeks": 3}}], "field 'events[0].capacity_cut.factor' = 1.5"),
    ([{"week": 5, "capacity_cut": {"factor": 0.5}}], "field 'events[0].capacity_cut.weeks' = None"),
    ([{"week": 5, "breach": {"vendor": 7}}], "field 'events[0].breach.vendor' = 7"),
    ([{"week": 5, "breach": {"vendors": 0}}], "field 'events[0].breach.vendors' = 0 is not allowed; expected a "
                                              "field of breach: vendor, share"),
    ([{"week": 5}], "field 'events[0]' = {'week': 5} is not allowed; expected exactly one of set, breach"),
    ([{"week": 5, "shock": 1}], "field 'events[0].shock' = 1 is not allowed"),
    (["breach at 5"], "field 'events[0]' = 'breach at 5' is not allowed; expected a mapping with 'week'"),
    ([{"week": 5, "set": "online_only"}], "field 'events[0].set' = 'online_only' is not allowed"),
    ({"week": 5}, "field 'events' = {'week': 5} is not allowed; expected a list of events"),
    ([{"week": 5, "set": {"responsiveness": 0.5}}, {"week": 5, "set": {"responsiveness": 0.6}}],
     "field 'events[1].set.responsiveness' = 0.6 is not allowed; expected one value per week (events[0]"),
]


@pytest.mark.parametrize(("events", "message"), BAD)
def test_bad_events_from_python_name_the_field(events, message: str) -> None:
    with pytest.raises(EventError) as caught:
        GovernanceModel(Params(n_citizens=50), rng=1, events=events)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_every_build_time_parameter_is_refused_and_levers_are_not() -> None:
    defaults = Params()
    for name in BUILD_TIME:
        with pytest.raises(EventError, match=f"'{name}' may not"):
            SetParameter(3, name, getattr(defaults, name))
    for name, value in defaults.to_dict().items():
        if name not in BUILD_TIME:
            assert SetParameter(3, name, value).value == value


def test_vendor_and_week_are_checked_against_the_run() -> None:
    with pytest.raises(EventError, match=r"events\[0\].breach.vendor' = 3 .*vendor number in \[0, 2\]"):
        GovernanceModel(Params(n_citizens=50), rng=1, events=[{"week": 3, "breach": {"vendor": 3}}])
    with pytest.raises(EventError, match=r"events\[1\].week' = 30 is not allowed; expected an integer in \[1, 20\]"):
        run_model(Params(n_citizens=50), 1, 20, [{"week": 3, "breach": {}}, {"week": 30, "breach": {}}])


@pytest.mark.parametrize(("events", "message"), BAD[:-2])
def test_bad_events_in_a_scenario_file_exit_2_with_one_line_and_nothing_written(
        tmp_path: Path, capsys: pytest.CaptureFixture, events, message: str) -> None:
    import yaml

    path = tmp_path / "my.yaml"
    path.write_text(HEAD + yaml.safe_dump({"events": events}, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", "--scenario", str(path), "--steps", "5", "--n-citizens", "100", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{path}: field 'events" in err and message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["my.yaml"]


def test_scenario_error_names_the_file_and_events_must_be_a_list() -> None:
    with pytest.raises(ScenarioError, match=r"^mine.yaml: field 'events\[1\].set.outreach_share' = 2.0 is not "
                                            r"allowed; expected a number in \[0, 0.5\]$"):
        parse(HEAD + "events:\n  - {week: 52, set: {service_rule: online_only}}\n"
                     "  - {week: 53, set: {outreach_share: 2.0}}\n", "mine", where="mine.yaml")
    with pytest.raises(ScenarioError, match="field 'events' = 'week 5' is not allowed; expected a list of events"):
        parse(HEAD + "events: week 5\n", "mine")
    with pytest.raises(ScenarioError, match=r"events\[0\].breach.vendor' = 3 .*vendor number in \[0, 2\]"):
        parse(HEAD + "events: [{week: 5, breach: {vendor: 3}}]\n", "mine")
    assert parse(HEAD + "events: [{week: 5, breach: {vendor: 2}}]\n", "mine").events


def test_cli_run_applies_and_checks_scenario_events(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "late.yaml"
    path.write_text(HEAD + "events: [{week: 50, breach: {}}]\n", encoding="utf-8")
    code = main(["run", "--scenario", str(path), "--steps", "5", "--n-citizens", "100", "--out", str(tmp_path / "o")])
    assert code == 2 and "events[0].week' = 50" in capsys.readouterr().err


# -- scenarios and the runner carry the timeline ----------------------------------------------------

def test_library_timeline_scenario_runs_through_the_runner() -> None:
    scenario = load("fusion_breach_week52")
    assert scenario.timeline() == Timeline((Breach(52),))
    item = {"run_id": "r0", "point": 0, "replicate": 0, "scenario": scenario.name, "seed": 5, "steps": 53,
            "values": {}, "params": scenario.params(n_citizens=300).to_dict(), "events": scenario.events}
    result = run_one(item)
    assert result["error"] is None
    frame = result["frame"].set_index("step")
    assert frame.loc[52, "breaches"] > frame.loc[51, "breaches"]
    late = run_one({**item, "steps": 40})
    assert "events[0].week' = 52 is not allowed" in late["error"]
    plain = run_one({**item, "events": None})["frame"]
    assert plain.loc[plain.step < 52].equals(result["frame"].loc[result["frame"].step < 52])


# -- trust falls faster than it recovers --------------------------------------------------------------

WEEK, WEEKS, FACTOR, SEEDS, N = 52, 13, 0.5, range(10), 1_000


def asymmetry(params: Params) -> tuple[np.ndarray, np.ndarray]:
    """Per seed: mean weekly trust drop over the K weeks of a capacity cut (× 0.5 from week 52), and mean weekly
    recovery over the K weeks after it ends, both of the paired difference shocked − unshocked (same seed), so a
    trend common to both runs cancels."""
    drops, recoveries = [], []
    events = [CapacityCut(WEEK, WEEKS, FACTOR)]
    for seed in SEEDS:
        gap = (_run(params, seed, WEEK + 2 * WEEKS, events)["trust"] - _run(params, seed, WEEK + 2 * WEEKS)["trust"])
        gap = gap.to_numpy()
        drops.append((gap[WEEK - 1] - gap[WEEK + WEEKS - 1]) / WEEKS)
        recoveries.append((gap[WEEK + 2 * WEEKS - 1] - gap[WEEK + WEEKS - 1]) / WEEKS)
    return np.array(drops), np.array(recoveries)


def _summary(drops: np.ndarray, recoveries: np.ndarray) -> tuple[float, float, float]:
    """Mean weekly drop, mean weekly recovery, and the paired difference over its standard error."""
    diff = drops - recoveries
    return float(drops.mean()), float(recoveries.mean()), float(diff.mean() / (diff.std(ddof=1) / np.sqrt(len(diff))))


@pytest.fixture(scope="module")
def default_asymmetry() -> tuple[float, float, float]:
    return _summary(*asymmetry(Params(n_citizens=N)))


@pytest.mark.slow
def test_trust_falls_faster_after_a_shock_than_it_recovers(default_asymmetry) -> None:
    """Halve agencies' case capacity for 13 weeks (N = 1,000, 10 paired seeds): trust must fall faster during the
    cut than it recovers in the 13 weeks after it. Tolerance: the paired difference (drop − recovery) is more than
    3 standard errors above 0 and the recovery is less than half the drop.

    Measured (defaults, degroot trust rule): drop 0.0034/week, recovery −0.0004/week (trust still slips; it
    recovers over roughly a hundred weeks), t = 6.6. This is *not* a consequence of loss aversion λ alone (see the
    knock-outs below): it is emergent from how experiences accrue — a citizen who sought service is blamed every
    week their need stays open (processes/trust.py, need_age ≥ 1) but credited once when it is met — so a backlog
    piles up blame fast, while recovery waits for slow, one-off good experiences.
    """
    drop, recovery, t = default_asymmetry
    assert drop > 0 and t > 3
    assert recovery < 0.5 * drop


@pytest.mark.slow
def test_knock_out_loss_aversion_does_not_remove_the_asymmetry(default_asymmetry) -> None:
    """Knock-out 1: λ = 1 (losses weigh as much as gains). Measured: drop 0.0026/week (vs 0.0034 at λ = 2),
    recovery −0.0009/week, t = 6.7: the drop is a little smaller, the asymmetry stays. (λ > 1 even speeds
    recovery — relaxation runs at α(g + λb) — visible with faster trust, trust_gain = 0.2: recovery 0.0017/week at
    λ = 2 vs 0.0008 at λ = 1.) So the claim is not a verification of λ."""
    drop, recovery, t = _summary(*asymmetry(Params(n_citizens=N, loss_aversion=1.0)))
    assert drop < default_asymmetry[0]
    assert t > 3 and recovery < 0.5 * drop


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason=(
    "finding (issue 15 merge): blaming an open need once removes most of the asymmetry but no longer all of it. "
    "Measured on the merged model (N = 1,000, seeds 0-9): default drop 0.00267/week, recovery 0.00016 (t = 24); "
    "blame once: drop 0.00050, recovery 0.00035, t = 5.0 (the second tolerance, < 1/5 of the full model's "
    "difference, holds: 0.00015 vs 0.0005). The residual goes with technology dependence and with needs that "
    "follow disadvantage: blame once plus judgement_rule = constant gives t = 0.53, plus needs_rule = uniform "
    "t = 0.68 (plus redress off 2.6, vendor market off 2.2, consent not binding 2.4). A likely path: a capacity "
    "cut means less practice, so agencies' judgement decays during the cut and rebuilds slowly after it "
    "(processes/judgement.py): a second, slower recovery clock. Not tuned; kept as a finding."))
def test_knock_out_repeated_blame_removes_the_asymmetry(monkeypatch: pytest.MonkeyPatch, default_asymmetry) -> None:
    """Knock-out 2: blame an open need once (the week it first goes unmet after seeking) instead of every week it
    stays open. Measured: drop 0.0004/week, recovery 0.0003/week (t ≈ 0.1): the asymmetry is gone. Tolerance: the
    paired difference is less than 2 standard errors from 0, and less than a fifth of the full model's."""
    from smartgov.model.processes import trust as trust_process

    update = trust_process.update_trust

    def blame_once(pop, params, network) -> None:
        age = pop.need_age.copy()
        pop.need_age[age >= 2] = 0  # older open needs are not blamed again this week
        try:
            update(pop, params, network)
        finally:
            pop.need_age[:] = age

    monkeypatch.setattr(model_module, "update_trust", blame_once)
    drops, recoveries = asymmetry(Params(n_citizens=N))
    drop, recovery, t = _summary(drops, recoveries)
    assert abs(t) < 2
    assert drop - recovery < 0.2 * (default_asymmetry[0] - default_asymmetry[1])
