"""Timelines and budgets in the web app (issue 11 item 4): the app plays the scenario's events and the user's, the
`smartgov run --event` command it prints recomputes the same run, and the budget panel is the model's ledger."""

from __future__ import annotations

import shlex

import pandas as pd
import pytest

from smartgov.cli import main as cli_main
from smartgov.model.events import Timeline
from smartgov.model.params import ParameterError
from smartgov.scenarios import load
from smartgov.viz.components.budget_panel import budget_table
from smartgov.viz.components.run import Run
from smartgov.viz.components.timeline_editor import describe, event_from_form

SMALL = {"n_citizens": 200, "burn_in_weeks": 52}


def test_the_app_plays_the_scenarios_own_timeline():
    """fusion_breach_week52 breaches every vendor at week 52; the app used to build models without it."""
    run = Run(load("fusion_breach_week52"), SMALL, seed=3)
    run.step(52)
    frame = run.frame()
    assert frame["breaches"].iloc[52] >= run.params.n_vendors, frame["breaches"].iloc[48:53].tolist()


def test_a_users_event_changes_the_run_from_its_week_on():
    run = Run(load("baseline"), SMALL, seed=3, events=[{"week": 3, "set": {"service_rule": "online_only"}}])
    run.step(2)
    assert run.model.params.service_rule == "hybrid"
    run.step(1)
    assert run.model.params.service_rule == "online_only"


def test_a_bad_event_is_refused_naming_the_timeline_entry():
    with pytest.raises(ParameterError) as err:
        Run(load("baseline"), SMALL, seed=1, events=[{"week": 2, "breach": {"vendor": 0}},
                                                     {"week": 600, "capacity_cut": {"factor": 0.5, "weeks": 2}}])
    assert err.value.name == "timeline[1].week" and "520" in str(err.value)
    with pytest.raises(ParameterError) as err:
        Run(load("baseline"), SMALL, seed=1, events=[{"week": 2, "set": {"n_citizens": 500}}])
    assert err.value.name == "timeline[0].set.n_citizens"


def test_the_printed_command_recomputes_the_run_with_its_events(tmp_path):
    events = [{"week": 2, "capacity_cut": {"factor": 0.4, "weeks": 2}}, {"week": 3, "set": {"outreach_share": 0.3}}]
    run = Run(load("baseline"), {"n_citizens": 150}, seed=5, events=events)
    run.step(5)
    argv = [*shlex.split(run.cli_command())[1:], "--out", str(tmp_path / "cli")]
    assert argv.count("--event") == 2
    assert cli_main(argv) == 0
    cli = pd.read_parquet(tmp_path / "cli" / "timeseries.parquet")
    app = run.timeseries()
    pd.testing.assert_frame_equal(cli[app.columns].reset_index(drop=True), app, check_dtype=False)


def test_the_command_runs_on_to_the_last_event():
    """The CLI refuses events after a run's end; at week 0 the command still names the whole timeline."""
    run = Run(load("baseline"), SMALL, seed=1, events=[{"week": 40, "set": {"outreach_share": 0.3}}])
    assert "--steps 40" in run.cli_command()


@pytest.mark.parametrize(("form", "field"), [
    (dict(kind="set", week="x", key="outreach_share", value="0.2"), "week"),
    (dict(kind="set", week="5", key="outreach_share", value="lots"), "outreach_share"),
    (dict(kind="breach", week="5", vendor="first"), "breach.vendor"),
    (dict(kind="capacity_cut", week="5", factor="half", weeks="3"), "capacity_cut.factor"),
    (dict(kind="capacity_cut", week="5", factor="0.5", weeks="2.5"), "capacity_cut.weeks"),
])
def test_the_event_form_names_a_malformed_field(form, field):
    with pytest.raises(ParameterError) as err:
        event_from_form(**form)
    assert err.value.name == field


def test_events_are_described_in_both_languages():
    timeline = Timeline.from_data([event_from_form("set", "52", "service_rule", "online_only"),
                                   event_from_form("breach", "30", vendor="1", share="0.5"),
                                   event_from_form("capacity_cut", "40", factor="0.5", weeks="8")])
    english = [describe(event, "en") for event in timeline]
    chinese = [describe(event, "zh") for event in timeline]
    assert english == ["Week 30: breach of vendor 1 (records exposed: 50%)",
                       "Week 40: case capacity × 0.5 for 8 weeks", "Week 52: Service rule → online_only"]
    assert chinese[0].startswith("第 30 周") and "办案能力" in chinese[1] and "服务规则" in chinese[2]


def test_the_budget_table_is_the_weeks_ledger():
    run = Run(load("human_centred"), SMALL, seed=2)
    run.step(3)
    table = budget_table(run, "en")
    lines = table.iloc[:-1]
    units = lines["Budget units this week"].str.replace(",", "").astype(float)
    assert table.iloc[-1]["Budget line"] == "Total"
    assert units.sum() == pytest.approx(run.frame()["total_cost"].iloc[-1], abs=0.05 * len(units))
    assert list(units) == sorted(units, reverse=True)
    paid = dict(zip(lines["Budget line"], lines["Levers it pays for (set in this run)"], strict=True))
    assert "training_rate" in paid["Digital-skills training"]  # human_centred sets training above its default


def test_cli_event_errors_name_the_option(capsys):
    assert cli_main(["run", "--steps", "3", "--n-citizens", "100", "--event", "{week: 2, set: {service_rule: x}}",
                     "--out", "unused"]) == 2
    assert "--event[0].set.service_rule" in capsys.readouterr().err
    assert cli_main(["run", "--steps", "3", "--n-citizens", "100", "--event", "[unclosed", "--out", "unused"]) == 2
    assert "--event[0]: not valid YAML" in capsys.readouterr().err
