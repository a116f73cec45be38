"""The replicated A/B comparison of the web app: verdict sentences, 95% bands, limits before any work, and a tiny
comparison run through the page's own task whose exports reproduce it with ``smartgov compare``."""

from __future__ import annotations

import io
import math
import shlex
import time

import ipyvuetify as v
import numpy as np
import pandas as pd
import pytest
import solara

from smartgov.cli import main as cli_main
from smartgov.experiments.summaries import mean_ci
from smartgov.model import metrics
from smartgov.scenarios import load
from smartgov.viz.components import replicated_state as rep
from smartgov.viz.components import state
from smartgov.viz.components.compare_view import CompareView
from smartgov.viz.replicate_figures import SMOOTH, band_figure, bands, difference_figure
from smartgov.viz.replicated import MAX_CITIZEN_WEEKS, limit_problem
from smartgov.viz.verdict import verdict

OUT = metrics.OUTCOMES
_contexts: list = []


@pytest.fixture(autouse=True)
def fresh_session():
    state.restore_defaults()
    rep.restore_defaults()
    yield
    while _contexts:
        _contexts.pop().close()
    state.restore_defaults()
    rep.restore_defaults()


def render(element):
    _, rc = solara.render(element, handle_error=False)
    _contexts.append(rc)
    return rc


def texts(rc, class_: str) -> list[str]:
    """The texts of the elements with ``class_`` among their classes."""
    return [str(w.children[0]) for w in rc.find(v.Html).widgets if class_ in (w.class_ or "").split()]


# -- verdicts ----------------------------------------------------------------------------------------

def test_verdict_says_direction_size_interval_runs_and_judgement_in_both_languages():
    kind, text = verdict(OUT["trust_excluded"], 0.08, 0.06, 0.10, 20, "en")
    assert kind == "better"
    assert text == "B raises “Trust, excluded citizens” by 0.080 [0.060, 0.100] over 20 paired runs — better."
    kind, text = verdict(OUT["trust_excluded"], 0.08, 0.06, 0.10, 20, "zh")
    assert kind == "better" and text == "B 使“信任（数字排斥居民）”提高 0.080 [0.060, 0.100]（20 次配对运行）——更好。"


def test_verdict_for_a_lower_is_better_outcome_and_a_decrease():
    exposed = OUT["exposed_share"]
    assert exposed.higher_is_better is False
    kind, text = verdict(exposed, -0.05, -0.07, -0.03, 10, "en")  # B lowers a bad thing: better
    assert kind == "better" and "lowers" in text and "5.0% [3.0%, 7.0%]" in text  # the size's interval, low first
    kind, text = verdict(exposed, 0.05, 0.03, 0.07, 10, "zh")
    assert kind == "worse" and "提高" in text and text.endswith("——更差。")
    kind, text = verdict(OUT["trust_sd"], 0.05, 0.03, 0.07, 10, "en")  # neither direction is better
    assert kind == "changed" and "better" not in text and "worse" not in text


def test_verdict_says_no_clear_difference_when_the_interval_includes_zero():
    # the example: one run showed −0.062; 10 paired runs give +0.034 [−0.097, +0.166]
    kind, text = verdict(OUT["exposed_share"], 0.034, -0.097, 0.166, 10, "en")
    assert kind == "unclear"
    assert text.startswith("No clear difference in “Share ever exposed” over 10 paired runs")
    assert "+3.4% [-9.7%, +16.6%]" in text
    kind, text = verdict(OUT["trust"], 0.01, -0.001, 0.02, 20, "zh")
    assert kind == "unclear" and "没有明显差异" in text and "20 次配对运行" in text
    assert verdict(OUT["trust"], math.nan, math.nan, math.nan, 1, "en").kind == "unknown"


# -- bands ---------------------------------------------------------------------------------------------

def test_bands_are_the_replicate_mean_and_its_t_interval_per_arm_and_week_with_flows_smoothed():
    rng = np.random.default_rng(3)
    rows = []
    for scenario in ("A", "B"):
        for replicate in range(5):
            for step in range(8):
                rows.append({"scenario": scenario, "replicate": replicate, "step": step,
                             "trust": rng.normal(0.5, 0.1), "participation_rate": rng.uniform()})
    frame = pd.DataFrame(rows)
    specs = [OUT["trust"], OUT["participation_rate"]]
    assert specs[1].kind == "flow"
    table = bands(frame, specs).set_index(["scenario", "step", "outcome"])
    week3 = frame[(frame["scenario"] == "B") & (frame["step"] == 3)]
    expected = mean_ci(week3["trust"].to_numpy())
    got = table.loc[("B", 3, "trust")]
    assert (got["mean"], got["ci_low"], got["ci_high"], got["n"]) == pytest.approx(
        (expected.mean, expected.ci_low, expected.ci_high, 5))
    # a flow: each run's SMOOTH-week rolling mean first, then the mean over runs
    runs_b = frame[frame["scenario"] == "B"].pivot(index="step", columns="replicate", values="participation_rate")
    smooth = runs_b.rolling(SMOOTH, min_periods=1).mean().loc[6]
    assert table.loc[("B", 6, "participation_rate"), "mean"] == pytest.approx(smooth.mean())
    assert table.loc[("B", 6, "participation_rate"), "ci_low"] == pytest.approx(mean_ci(smooth.to_numpy()).ci_low)
    figure = band_figure(bands(frame, specs), "zh", specs)
    assert len(figure.data) == 2 * 2 * 2  # per outcome and arm: the band and the mean line
    assert figure.layout.annotations[0].text.replace("<br>", "") == OUT["trust"].label_zh


def no_nan(figure) -> bool:
    """The browser parses the figure's JSON: a NaN there (not JSON) loses every trace."""
    return "NaN" not in figure.to_json()


def test_figures_send_no_nan_to_the_browser():
    frame = pd.DataFrame({"scenario": ["A", "A", "B", "B"], "replicate": 0, "step": [0, 1, 0, 1],
                          "equity_gap": [math.nan, 0.1, math.nan, 0.2]})  # a flow: undefined at step 0
    spec = OUT["equity_gap"]
    assert no_nan(band_figure(bands(frame, [spec]), "en", [spec]))  # one replicate: no interval either
    diff = {"per_pair": np.array([0.1, math.nan]), "mean": 0.1, "ci_low": math.nan, "ci_high": math.nan}
    assert no_nan(difference_figure([(spec, diff)], "zh"))


def test_difference_figure_marks_each_pair_and_the_interval():
    diff = {"per_pair": np.array([0.1, 0.2, 0.3]), "mean": 0.2, "ci_low": -0.05, "ci_high": 0.45}
    figure = difference_figure([(OUT["trust"], diff)], "en")
    dots, mean = figure.data
    assert list(dots.y) == [0.1, 0.2, 0.3] and list(mean.y) == [0.2]
    assert mean.error_y.array[0] == pytest.approx(0.25) and mean.error_y.arrayminus[0] == pytest.approx(0.25)


# -- limits ---------------------------------------------------------------------------------------------

def test_limits_name_the_field_the_value_and_what_is_allowed_in_both_languages():
    assert limit_problem(1000, 20, 104, "en") is None
    assert limit_problem(1000, 500, 104, "en") == ("replicates = 500 is not allowed; the web app accepts a whole "
                                                   "number in [2, 100]")
    assert "weeks = 'abc'" in limit_problem(1000, 20, "abc", "zh") and "[1, 520]" in limit_problem(1000, 20, 0, "zh")
    text = limit_problem(5000, 20, 104, "en")
    assert "5,000 × 20 × 104 = 10,400,000" in text and f"at most {MAX_CITIZEN_WEEKS:,}" in text
    assert "超出网页版的上限" in limit_problem(5000, 20, 104, "zh")


def test_a_refused_request_shows_why_and_starts_no_work():
    state.tab.set(1)
    rc = render(CompareView())
    assert rep.mode.value == "replicated" and state.pair.value is None  # the default view builds no live pair
    assert state.b_name() != state.scenario_name.value == "baseline"  # B defaults to another scenario
    rep.replicates_text.set("500")
    rc.find(v.Btn, class_="sg-rep-run").widget.click()
    assert "replicates = 500 is not allowed" in rc.find(v.Alert, class_="sg-rep-error").widget.children[0]
    assert rep.compute.not_called and rep.progress.value == (0, 0)
    rep.replicates_text.set("20")
    state.lang.set("zh")
    state.overrides.set({"n_citizens": 5000})
    rc.find(v.Btn, class_="sg-rep-run").widget.click()
    assert "5,000 × 20 × 104" in rep.refused.value and "超出网页版的上限" in rep.refused.value
    assert rep.compute.not_called


# -- a tiny comparison through the page -----------------------------------------------------------------

def wait_for(condition, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the comparison did not finish"
        time.sleep(0.05)


def test_a_tiny_replicated_comparison_runs_in_the_background_and_the_cli_reproduces_it(tmp_path):
    state.overrides.set({"n_citizens": 100, "service_rule": "online_only"})
    state.scenario_b.set("baseline")  # A = baseline + online only (its own edit), B = baseline
    rep.replicates_text.set("2")
    rep.weeks_text.set("6")
    rc = render(CompareView())
    assert rep.start()
    wait_for(lambda: rep.compute.finished or rep.compute.error)
    assert not rep.compute.error, rep.compute.exception
    result = rep.compute.value
    wait_for(lambda: rc.find(v.SimpleTable, class_="sg-rep-table").widgets)  # rendered after the task finished
    assert rep.progress.value == (4, 4)
    assert len(result.runs) == 4 and result.window == 3
    verdicts = texts(rc, "sg-rep-verdict")
    assert len(verdicts) == len(metrics.headline())
    assert all("2 paired runs" in text for text in verdicts)
    assert len(rc.find(v.SimpleTable, class_="sg-rep-table").widget.children[1].children) == len(metrics.summary())
    # paired: replicate r of A and of B share a seed
    seeds = result.runs.pivot(index="replicate", columns="scenario", values="seed")
    assert (seeds["A"] == seeds["B"]).all() and seeds["A"].nunique() == 2

    command = shlex.split(result.cli_command())
    files = result.scenario_files()
    assert list(files) == ["baseline_A.yaml", "baseline_B.yaml"]  # A's own edit needs a file; both named apart
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    out = tmp_path / "cli"
    args = [(str(tmp_path / a) if a.endswith(".yaml") else a) for a in command[2:]]
    args[args.index("--out") + 1] = str(out)
    assert cli_main(["compare", *args, "--no-figures", "--no-progress"]) == 0
    cli_table = pd.read_csv(out / "comparison.csv")
    app_table = pd.read_csv(io.StringIO(result.table_csv()))
    numbers = ["mean", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high", "p_value"]
    np.testing.assert_allclose(cli_table[numbers].to_numpy(float), app_table[numbers].to_numpy(float), rtol=1e-9)
    runs = pd.read_csv(io.StringIO(result.runs_csv()))
    assert set(runs["scenario"]) == {"A", "B"} and "trust" in runs


def test_cancel_stops_between_runs_and_shows_nothing_unfinished():
    state.overrides.set({"n_citizens": 100})
    rep.replicates_text.set("20")
    rep.weeks_text.set("4")
    rc = render(CompareView())
    rc.find(v.Btn, class_="sg-rep-run").widget.click()
    wait_for(lambda: rep.progress.value[0] >= 1)
    rc.find(v.Btn, class_="sg-rep-cancel").widget.click()
    wait_for(lambda: rep.compute.cancelled and rc.find(v.Alert, class_="sg-rep-cancelled").widgets)
    assert rep.compute.cancelled and rep.compute.value is None
    assert rep.progress.value[0] < 40
    assert "Cancelled after" in rc.find(v.Alert, class_="sg-rep-cancelled").widget.children[0]


def test_the_users_timeline_goes_into_a_and_into_the_command_b_only_with_the_same_edits():
    """The runner loads scenarios by name or file: A's events (the scenario's own plus the user's) travel in a saved
    scenario file, which the printed command names; B keeps its library scenario unless it takes A's edits."""
    state.overrides.set({"n_citizens": 100})
    state.events.set([{"week": 3, "set": {"service_rule": "online_only"}}])
    rep.replicates_text.set("2")
    rep.weeks_text.set("6")
    request = rep.make_request("en")
    assert load(request.a.source).events == [{"week": 3, "set": {"service_rule": "online_only"}}]
    assert request.b.source == "human_centred"
    state.b_same_edits.set(True)
    assert load(rep.make_request("en").b.source).timeline().to_data()[-1]["week"] == 3
