"""Paired, replicated comparisons: seeds, pairing, worker-independence, the statistics and the CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from smartgov.cli import main
from smartgov.experiments.compare import (
    comparison_table,
    replicate_seeds,
    run_comparison,
    summarize_runs,
)
from smartgov.experiments.results import load_results
from smartgov.experiments.summaries import mean_ci, paired_difference

SMALL = {"n_citizens": 200}


def test_replicate_seeds_come_from_the_master_seed() -> None:
    seeds = replicate_seeds(7, 5)
    assert seeds == replicate_seeds(7, 5)
    assert seeds[:3] == replicate_seeds(7, 3)  # adding replicates keeps the earlier ones
    assert len(set(seeds)) == 5 and seeds != replicate_seeds(8, 5)
    assert seeds == [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(7).spawn(5)]
    for bad in (-1, 1.5, True):
        with pytest.raises(ValueError, match="seed"):
            replicate_seeds(bad, 2)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="replicates = 0"):
        replicate_seeds(1, 0)


@pytest.fixture(scope="module")
def small_frame() -> pd.DataFrame:
    return run_comparison(["baseline", "digital_only"], replicates=3, steps=10, master_seed=3, overrides=SMALL)


def test_runs_are_paired_and_record_their_seed(small_frame: pd.DataFrame) -> None:
    frame = small_frame
    assert list(frame["scenario"].cat.categories) == ["baseline", "digital_only"]
    assert len(frame) == 2 * 3 * 11
    seeds = frame.groupby(["scenario", "replicate"], observed=True)["seed"].unique()
    assert all(len(s) == 1 for s in seeds)
    assert list(seeds.loc["baseline"].map(lambda s: s[0])) == replicate_seeds(3, 3)
    assert list(seeds.loc["digital_only"].map(lambda s: s[0])) == replicate_seeds(3, 3)
    # the service rule does not touch the initial world: step 0 is identical within a pair
    start = frame[frame["step"] == 0].set_index(["scenario", "replicate"])
    pd.testing.assert_frame_equal(start.loc["baseline"], start.loc["digital_only"])
    later = frame[frame["step"] == 10].set_index(["scenario", "replicate"])
    assert not later.loc["baseline"]["efficiency"].equals(later.loc["digital_only"]["efficiency"])


def test_one_worker_and_two_workers_give_identical_results(small_frame: pd.DataFrame) -> None:
    parallel = run_comparison(["baseline", "digital_only"], replicates=3, steps=10, master_seed=3, overrides=SMALL,
                              workers=2)
    pd.testing.assert_frame_equal(small_frame, parallel)


def test_table_means_and_paired_differences(small_frame: pd.DataFrame) -> None:
    runs = summarize_runs(small_frame, window=5)
    assert len(runs) == 6
    tail = small_frame[small_frame["step"] > 5]
    expected = tail[(tail["scenario"] == "digital_only") & (tail["replicate"] == 1)]["trust"].mean()
    got = runs[(runs["scenario"] == "digital_only") & (runs["replicate"] == 1)]["trust"].item()
    assert got == pytest.approx(expected)
    table = comparison_table(runs, ["trust", "efficiency"]).set_index(["scenario", "outcome"])
    assert math.isnan(table.loc[("baseline", "trust"), "diff"])
    a = runs[runs["scenario"] == "digital_only"].sort_values("replicate")["efficiency"].to_numpy()
    b = runs[runs["scenario"] == "baseline"].sort_values("replicate")["efficiency"].to_numpy()
    row = table.loc[("digital_only", "efficiency")]
    assert row["mean"] == pytest.approx(a.mean())
    assert row["diff"] == pytest.approx((a - b).mean())
    assert row["p_value"] == pytest.approx(stats.ttest_rel(a, b).pvalue)
    assert row["effect_size"] == pytest.approx((a - b).mean() / (a - b).std(ddof=1))


def test_mean_ci_and_paired_difference_match_scipy() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(1.0, 2.0, 25)
    est = mean_ci(x)
    lo, hi = stats.t.interval(0.95, 24, loc=x.mean(), scale=stats.sem(x))
    assert (est.ci_low, est.ci_high) == (pytest.approx(lo), pytest.approx(hi))
    assert mean_ci([1.0, float("nan"), 3.0]).n == 2
    d = paired_difference(x)
    assert d.p_greater == pytest.approx(stats.ttest_1samp(x, 0, alternative="greater").pvalue)
    assert d.p_less == pytest.approx(stats.ttest_1samp(x, 0, alternative="less").pvalue)
    assert d.p_value("up") == d.p_greater
    flat = paired_difference([0.5, 0.5, 0.5])
    assert flat.p_greater == 0.0 and flat.p_less == 1.0 and flat.effect_size == math.inf
    with pytest.raises(ValueError, match="direction"):
        d.p_value("sideways")


def test_bad_arguments_are_rejected_before_any_run() -> None:
    with pytest.raises(ValueError, match="unknown scenario 'nope'"):
        run_comparison(["baseline", "nope"], replicates=2, steps=2)
    with pytest.raises(ValueError, match="outreach_share"):
        run_comparison(["baseline"], replicates=2, steps=2, overrides={"outreach_share": 2.0})
    with pytest.raises(ValueError, match="workers = 0"):
        run_comparison(["baseline"], replicates=2, steps=2, workers=0)


@pytest.mark.slow
def test_cli_compare_writes_tables_and_figures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cmp"
    code = main(["compare", "baseline", "digital_only", "human_centred", "--replicates", "3", "--steps", "12",
                 "--window", "4", "--n-citizens", "300", "--seed", "5", "--workers", "2", "--out", str(out),
                 "--no-progress"])
    assert code == 0
    text = capsys.readouterr().out
    assert "digital_only" in text and "Δ" in text and "(reference)" in text and "d=" in text
    names = {p.name for p in out.iterdir()}
    assert {"runs", "summaries.parquet", "comparison.parquet", "comparison.csv", "manifest.json",
            "timeseries.png", "timeseries_by_group.png", "tradeoff.png"} <= names
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no staging folder left behind"
    assert not list(out.rglob(".*.tmp"))
    frame = load_results(out)
    assert set(frame["seed"]) == set(replicate_seeds(5, 3)) and len(frame) == 3 * 3 * 13
    meta = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert meta["replicate_seeds"] == replicate_seeds(5, 3)
    assert meta["parameters"]["digital_only"]["service_rule"] == "online_only"
    assert meta["code"]["smartgov"] and meta["code"]["numpy"] and "git_commit" in meta["code"]
    table = pd.read_parquet(out / "comparison.parquet")
    assert set(table["scenario"]) == {"baseline", "digital_only", "human_centred"}
    for png in ("timeseries.png", "tradeoff.png"):
        assert (out / png).read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(("args", "needle"), [
    (["baseline", "nope"], "unknown scenario 'nope'"),
    (["baseline"], "two or more scenarios"),
    (["baseline", "baseline"], "each scenario once"),
    (["baseline", "digital_only", "--replicates", "1"], "--replicates = 1"),
    (["baseline", "digital_only", "--set", "outreach_share=2"], "'outreach_share'"),
    (["baseline", "digital_only", "--set", "nonsense=1"], "'nonsense'"),
    (["baseline", "digital_only", "--n-citizens", "5"], "'n_citizens'"),
    (["baseline", "digital_only", "--steps", "4", "--window", "8"], "--window = 8"),
    (["baseline", "digital_only", "--workers", "-1"], "--workers = -1"),
    (["baseline", "digital_only", "--n-citizens", "300", "--set", "n_citizens=400"], "disagree"),
])
def test_cli_bad_input_exits_2_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  args: list[str], needle: str) -> None:
    out = tmp_path / "cmp"
    assert main(["compare", *args, "--steps", "4", "--window", "2", "--out", str(out), "--no-progress"]
                if "--steps" not in args else ["compare", *args, "--out", str(out), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1, err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_users_scenario_file_can_be_compared(tmp_path: Path) -> None:
    path = tmp_path / "my_policy.yaml"
    path.write_text("title: {en: Mine, zh: 我的}\ndescription: {en: More outreach., zh: 更多走访。}\n"
                    "watch: {en: Trust., zh: 信任。}\nparameters: {outreach_share: 0.3}\n", encoding="utf-8")
    frame = run_comparison(["baseline", str(path)], replicates=2, steps=3, overrides=SMALL)
    assert list(frame["scenario"].cat.categories) == ["baseline", "my_policy"]


def test_same_results_as_before_the_one_runner() -> None:
    """Comparisons moved onto the one runner: the per-run numbers stored from the old comparison code (same seeds,
    tests/regression/compare_small.json) come out unchanged, serially and on a process pool."""
    stored = json.loads((Path(__file__).parent / "regression" / "compare_small.json").read_text(encoding="utf-8"))
    settings = stored["settings"]
    expected = pd.DataFrame(stored["runs"])
    for workers in (1, 2):
        frame = run_comparison(settings["scenarios"], replicates=settings["replicates"], steps=settings["steps"],
                               master_seed=settings["master_seed"], workers=workers,
                               overrides={"n_citizens": settings["n_citizens"]})
        runs = summarize_runs(frame, settings["window"])
        runs["scenario"] = runs["scenario"].astype(str)
        pd.testing.assert_frame_equal(runs[expected.columns].reset_index(drop=True), expected, check_dtype=False,
                                      rtol=1e-12)


def test_compare_resumes_after_an_interruption(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A comparison is a design in a result folder: a second call with --resume only runs what is missing."""
    out = tmp_path / "cmp"
    args = ["compare", "baseline", "digital_only", "--replicates", "2", "--steps", "6", "--n-citizens", "150",
            "--out", str(out), "--no-progress", "--no-figures"]
    assert main([*args, "--workers", "0"]) == 0
    whole = load_results(out)
    first = sorted((out / "runs").iterdir())[0]
    first.unlink()  # as if the run had not finished
    capsys.readouterr()
    assert main([*args, "--resume"]) == 0
    assert "1 runs now, 3 from before" in capsys.readouterr().out
    pd.testing.assert_frame_equal(load_results(out), whole, check_exact=True)
