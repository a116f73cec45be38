"""Compare and validate over posterior draws (issue 10, item 4): loading and checking a particles file, draws
reproducible from the seed and following the weights, replicate r of every scenario taking draw r, the manifest
recording file, hash and draws, the validation report saying it ran across the posterior, and the CLI refusing a
bad --posterior before any run (exit code 2, one line naming the option)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartgov.cli import main
from smartgov.experiments.compare import comparison_design, run_comparison
from smartgov.experiments.design import Design, DesignError
from smartgov.experiments.posterior import PosteriorError, applied, load_particles
from smartgov.experiments.runner import work_items
from smartgov.experiments.validation import FACTS, fact_summary, markdown_report, run_validation

BASS = Path(__file__).parents[1] / "docs" / "calibration" / "bass" / "particles.csv"
TINY = {"n_citizens": 50, "burn_in_weeks": 4}  # a few weeks of burn-in: these tests check plumbing, not outcomes


def write(tmp_path: Path, text: str, name: str = "particles.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- loading and checking ---------------------------------------------------------------------------------

def test_the_shipped_bass_particles_load() -> None:
    particles = load_particles(BASS)
    assert particles.columns == ("innovation", "peer_adoption")
    assert len(particles.values) == 150 and particles.weights.sum() == pytest.approx(1.0)
    assert len(particles.sha256) == 64


@pytest.mark.parametrize(("text", "named"), [
    ("innovation,weight\n0.0005,1\n", None),  # fine
    ("innovaton,weight\n0.0005,1\n", "'innovaton'"),  # a typo: named, with the close match
    ("innovation\n0.0005\n", "'weight'"),
    ("weight\n1\n", "parameter column"),
    ("innovation,innovation,weight\n0.0005,0.0005,1\n", "given twice"),
    ("service_rule,weight\nonline_only,1\n", "numeric parameter"),
    ("innovation,weight\n0.5,1\n", "column 'innovation' = '0.5'"),  # outside [0.00025, 0.001]
    ("innovation,weight\nabc,1\n", "column 'innovation' = 'abc'"),
    ("innovation,weight\nnan,1\n", "column 'innovation' = 'nan'"),
    ("innovation,weight\n0.0005,-1\n", "column 'weight' = '-1'"),
    ("innovation,weight\n0.0005,0\n0.0006,0\n", "not all zero"),
    ("innovation,weight\n0.0005\n", "line 2 has 1 cells"),
    ("n_citizens,weight\n50.5,1\n", "column 'n_citizens' = '50.5'"),  # an int field takes whole numbers
    ("innovation,weight\n", "no particles"),
    ("", "no particles"),
])
def test_a_bad_particles_file_is_refused_naming_file_column_and_value(tmp_path: Path, text: str,
                                                                      named: str | None) -> None:
    path = write(tmp_path, text)
    if named is None:
        assert load_particles(path).row(0) == {"innovation": 0.0005}
        return
    with pytest.raises(PosteriorError) as caught:
        load_particles(path)
    message = str(caught.value)
    assert str(path) in message and named in message and "expected" in message and "\n" not in message


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    for path, why in ((tmp_path / "missing.csv", "no such"), (tmp_path, "not a regular file")):
        with pytest.raises(PosteriorError, match=why):
            load_particles(path)


def test_unknown_column_names_what_is_allowed(tmp_path: Path) -> None:
    with pytest.raises(PosteriorError, match=r"did you mean innovation"):
        load_particles(write(tmp_path, "innovaton,weight\n0.0005,1\n"))


# -- draws ----------------------------------------------------------------------------------------------

def test_draws_are_reproducible_from_the_seed_and_extend_like_replicate_seeds() -> None:
    particles = load_particles(BASS)
    assert particles.draw_rows(20, 7) == particles.draw_rows(20, 7)
    assert particles.draw_rows(20, 7) != particles.draw_rows(20, 8)
    assert particles.draw_rows(30, 7)[:20] == particles.draw_rows(20, 7)  # more replicates keep the earlier draws


def test_a_particle_of_weight_one_is_always_drawn(tmp_path: Path) -> None:
    path = write(tmp_path, "innovation,peer_adoption,weight\n0.0003,0.01,0\n0.0007,0.05,1\n0.0009,0.1,0\n")
    particles = load_particles(path)
    for seed in range(5):
        assert particles.draws(50, seed) == [{"innovation": 0.0007, "peer_adoption": 0.05}] * 50


def test_draws_follow_the_weights(tmp_path: Path) -> None:
    """Two particles weighted 1:3: the share of the second in 4,000 draws is 0.75 ± 0.03 (≈ 4 standard errors,
    tolerance fixed before looking)."""
    particles = load_particles(write(tmp_path, "innovation,weight\n0.0003,1\n0.0009,3\n"))
    rows = np.array(particles.draw_rows(4000, 2026))
    assert abs(rows.mean() - 0.75) < 0.03


# -- who wins when a scenario or the design also sets a drawn parameter -----------------------------------

def test_design_settings_and_scenario_levers_win_and_a_scenario_world_parameter_is_refused() -> None:
    draw = {"innovation": 0.0007, "outreach_share": 0.3, "breach_hazard": 0.01}
    assert applied(draw, "s", {}, pinned=()) == draw
    assert applied(draw, "s", {}, pinned=("innovation",)) == {"outreach_share": 0.3, "breach_hazard": 0.01}
    assert applied(draw, "s", {"outreach_share": 0.2}, pinned=()) == {"innovation": 0.0007, "breach_hazard": 0.01}
    with pytest.raises(PosteriorError, match=r"scenario s: parameter 'breach_hazard'.*posterior"):
        applied(draw, "s", {"breach_hazard": 0.02}, pinned=())


def test_a_scenario_setting_a_drawn_world_parameter_is_refused_before_any_run(tmp_path: Path) -> None:
    path = write(tmp_path, "breach_hazard,weight\n0.001,1\n")  # vendor_breach sets breach_hazard itself
    with pytest.raises(DesignError, match=r"vendor_breach.*breach_hazard"):
        comparison_design(["baseline", "vendor_breach"], replicates=2, steps=2, overrides=TINY, posterior=path)


# -- compare over the posterior -------------------------------------------------------------------------

def test_replicate_r_of_every_scenario_takes_draw_r() -> None:
    design = comparison_design(["baseline", "digital_only", "human_centred"], replicates=4, steps=2,
                               overrides=TINY, posterior=BASS)
    runs = design.runs()
    items = work_items(design, runs)
    drawn = pd.DataFrame([{"scenario": r.scenario, "replicate": r.replicate, "seed": r.seed,
                           "innovation": item["params"]["innovation"],
                           "peer_adoption": item["params"]["peer_adoption"]} for r, item in zip(runs, items,
                                                                                                strict=True)])
    per_replicate = drawn.groupby("replicate")[["seed", "innovation", "peer_adoption"]].nunique()
    assert (per_replicate == 1).all().all()  # one seed and one draw per replicate, whatever the scenario
    first = drawn[drawn["scenario"] == "baseline"]
    assert first["innovation"].nunique() > 1  # the draws differ across replicates
    assert [r.draw for r in runs[:4]] == design.posterior["draws"]
    assert design.posterior["rows"] == load_particles(BASS).draw_rows(4, design.seed)


def test_the_pinned_parameter_comes_from_the_design_not_the_posterior() -> None:
    design = comparison_design(["baseline", "digital_only"], replicates=3, steps=2,
                               overrides={**TINY, "innovation": 0.0004}, posterior=BASS)
    items = work_items(design, design.runs())
    assert {item["params"]["innovation"] for item in items} == {0.0004}
    assert len({item["params"]["peer_adoption"] for item in items}) > 1


def test_the_digest_follows_the_draws_not_the_path_and_survives_the_manifest(tmp_path: Path) -> None:
    copy = write(tmp_path, BASS.read_text(encoding="utf-8"))
    a = comparison_design(["baseline", "digital_only"], replicates=3, steps=2, overrides=TINY, posterior=BASS)
    b = comparison_design(["baseline", "digital_only"], replicates=3, steps=2, overrides=TINY, posterior=copy)
    plain = comparison_design(["baseline", "digital_only"], replicates=3, steps=2, overrides=TINY)
    other_seed = comparison_design(["baseline", "digital_only"], replicates=3, steps=2, overrides=TINY,
                                   posterior=BASS, master_seed=2)
    assert a.digest() == b.digest() != plain.digest()
    assert other_seed.digest() != a.digest()
    again = Design.from_dict(json.loads(json.dumps(a.to_dict())), digest=a.digest())
    assert [r.parameters for r in again.runs()] == [r.parameters for r in a.runs()]
    assert "posterior" not in plain.to_dict()  # designs without one keep their old digests


def test_a_comparison_over_the_posterior_runs_with_the_drawn_parameters(tmp_path: Path) -> None:
    """Replicate 0 over the posterior is bit for bit the run with draw 0 set by hand (same seed); a particle far
    from the default changes the outcomes."""
    path = write(tmp_path, "peer_adoption,weight\n0.2,1\n")
    over = run_comparison(["baseline", "digital_only"], replicates=2, steps=2, overrides=TINY, posterior=path)
    by_hand = run_comparison(["baseline", "digital_only"], replicates=2, steps=2,
                             overrides={**TINY, "peer_adoption": 0.2})
    plain = run_comparison(["baseline", "digital_only"], replicates=2, steps=2, overrides=TINY)
    pd.testing.assert_frame_equal(over, by_hand)
    assert not over["excluded_share"].equals(plain["excluded_share"])


def test_the_manifest_records_file_hash_and_each_runs_draw(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_comparison(["baseline", "digital_only"], replicates=2, steps=1, overrides=TINY, posterior=BASS, out=out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["design"]["posterior"]
    assert entry["file"] == str(BASS) and entry["sha256"] == load_particles(BASS).sha256
    assert len(entry["rows"]) == 2
    assert [r["draw"] for r in manifest["runs"]] == entry["draws"] * 2


# -- validation over the posterior ----------------------------------------------------------------------

def test_the_validation_report_says_it_ran_across_the_posterior() -> None:
    report, _ = run_validation(n_citizens=50, replicates=3, networks=("small_world",), steps=2, facts=FACTS[:1],
                               posterior=BASS)
    assert report.attrs["posterior"]["draws"] == 3
    text = markdown_report(report)
    assert text.startswith(f"Across 3 posterior draws of {BASS}") and "holds across the posterior" in text
    assert fact_summary(report).attrs["posterior"]["file"] == str(BASS)
    plain, _ = run_validation(n_citizens=50, replicates=3, networks=("small_world",), steps=2, facts=FACTS[:1])
    assert markdown_report(plain).startswith("| fact |")


# -- command line ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["compare", "validate"])
@pytest.mark.parametrize("bad", ["missing.csv", "unknown_column", "folder", ""])
def test_cli_refuses_a_bad_posterior_before_any_run(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    command: str, bad: str) -> None:
    value = {"missing.csv": str(tmp_path / "missing.csv"), "folder": str(tmp_path), "": "",
             "unknown_column": str(write(tmp_path, "innovaton,weight\n0.0005,1\n"))}[bad]
    out = tmp_path / "out"
    argv = ([command, "baseline", "digital_only"] if command == "compare" else [command, "--quick"])
    code = main([*argv, "--posterior", value, "--out", str(out), "--workers", "0", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"smartgov {command}: error: --posterior = ")
    assert "expected" in err
    assert not out.exists()


def test_cli_compare_over_the_posterior(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(["compare", "baseline", "digital_only", "--replicates", "2", "--steps", "1", "--n-citizens", "50",
                 "--set", "burn_in_weeks=4", "--posterior", str(BASS), "--out", str(out), "--workers", "0",
                 "--no-progress", "--no-figures"])
    assert code == 0
    assert "posterior draw r of" in capsys.readouterr().out
    assert "posterior" in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["design"]
