"""Analysis of real sweeps: tables with CIs, Morris and Sobol indices (SALib), PRIM boxes, figures, bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartgov.cli import main
from smartgov.experiments.analysis import analyze, discover, parse_rule
from smartgov.experiments.design import DesignError, parse_design
from smartgov.experiments.results import load_manifest, load_results
from smartgov.experiments.runner import sweep

# Under the baseline's siloed data nothing is published, so the model never reads `anonymization`:
# its sensitivity indices must be exactly zero (paired seeds make the runs identical), a known answer.
SENSITIVITY = """
scenario: baseline
method: {method}
parameters:
  responsiveness:
  anonymization:
  outreach_share:
samples: {samples}
fixed: {{n_citizens: 300, data_sharing: siloed}}
replicates: 1
steps: 12
summary_window: 6
outcomes: [participation_rate, trust, coverage_excluded]
seed: 99
"""

GRID = """
scenario: baseline
method: grid
parameters:
  service_rule: {levels: [online_only, hybrid]}
  outreach_share: {levels: [0.0, 0.3]}
fixed: {n_citizens: 300}
replicates: 3
steps: 8
outcomes: [trust_excluded, equity_gap]
seed: 5
discovery: {outcome: trust_excluded, below: 0.41}  # inside the runs' range, 0.398–0.422 after issue 15 (wiring only)
"""


def run_sweep(folder: Path, text: str) -> Path:
    path = folder / "design.yaml"
    path.write_text(text, encoding="utf-8")
    from smartgov.experiments.design import load_design

    sweep(load_design(path), folder / "out", workers=0, progress=False)
    return folder / "out"


@pytest.fixture(scope="module")
def morris_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_sweep(tmp_path_factory.mktemp("morris"), SENSITIVITY.format(method="morris", samples=6))


@pytest.fixture(scope="module")
def sobol_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_sweep(tmp_path_factory.mktemp("sobol"), SENSITIVITY.format(method="sobol", samples=8))


@pytest.fixture(scope="module")
def grid_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_sweep(tmp_path_factory.mktemp("grid"), GRID)


def test_morris_indices_from_salib(morris_dir: Path) -> None:
    result = analyze(load_results(morris_dir), load_manifest(morris_dir))
    table = result.morris
    assert set(table["parameter"]) == {"responsiveness", "anonymization", "outreach_share"}
    assert set(table["outcome"]) == {"participation_rate", "trust", "coverage_excluded"}
    ignored = table[table["parameter"] == "anonymization"]
    assert (ignored[["mu", "mu_star", "sigma"]] == 0).all().all()
    part = table[table["outcome"] == "participation_rate"].set_index("parameter")
    assert part.loc["responsiveness", "mu_star"] > 0 and part["mu_star_conf"].notna().all()
    assert len(result.runs) == 6 * 4 and result.sobol is None


def test_sobol_indices_with_confidence_intervals(sobol_dir: Path) -> None:
    result = analyze(load_results(sobol_dir), load_manifest(sobol_dir))
    table = result.sobol
    assert len(result.runs) == 8 * (3 + 2)
    ignored = table[table["parameter"] == "anonymization"]
    assert (ignored[["S1", "ST"]].abs() < 1e-12).all().all()
    part = table[table["outcome"] == "participation_rate"].set_index("parameter")
    assert part.loc["responsiveness", "ST"] > 0.1
    assert (table[["S1_conf", "ST_conf"]] >= 0).all().all()


def test_grid_tables_have_confidence_intervals(grid_dir: Path) -> None:
    result = analyze(load_results(grid_dir), load_manifest(grid_dir))
    runs, points = result.runs, result.points
    assert len(runs) == 12 and len(points) == 4 * 2
    row = points[(points["service_rule"] == "hybrid") & (points["outreach_share"] == 0.3)
                 & (points["outcome"] == "equity_gap")].iloc[0]
    values = runs[(runs["service_rule"] == "hybrid") & (runs["outreach_share"] == 0.3)]["equity_gap"]
    assert row["n"] == 3 and row["mean"] == pytest.approx(values.mean())
    assert row["ci_low"] < row["mean"] < row["ci_high"]
    frame = load_results(grid_dir)  # the run summary is the mean of the last weeks of the time series
    one = frame[(frame["run_id"] == runs["run_id"].iloc[0]) & (frame["step"] > 8 - 8)]
    assert runs["trust_excluded"].iloc[0] == pytest.approx(one["trust_excluded"].mean())


def test_prim_finds_a_known_box() -> None:
    design = parse_design("""
scenario: baseline
method: lhs
parameters: {anonymization: , data_sharing: , graded_management: }
samples: 600
outcomes: [trust]
seed: 3
""")
    runs = pd.DataFrame(design.points())
    inside = (runs["anonymization"] > 0.6) & (runs["data_sharing"] != "siloed")
    runs["trust"] = np.where(inside, 0.3, 0.7)
    found = discover(runs, design, {"outcome": "trust", "below": 0.5})
    assert found.cases == inside.sum() and found.total == 600
    assert found.coverage >= 0.8 and found.density >= 0.9
    box = found.box.set_index("parameter")
    assert 0.55 <= box.loc["anonymization", "min"] <= 0.65
    assert box.loc["data_sharing", "levels"] == "fusion, open"
    assert "graded_management" not in box.index  # irrelevant switches stay unrestricted
    assert discover(runs, design, {"outcome": "trust", "below": 0.1}) is None


def test_analyze_cli_writes_tables_and_figures(grid_dir: Path, morris_dir: Path, sobol_dir: Path,
                                               capsys: pytest.CaptureFixture) -> None:
    assert main(["analyze", str(grid_dir)]) == 0
    out = grid_dir / "analysis"
    names = {p.name for p in out.iterdir()}
    assert {"runs.csv", "points.csv", "heatmap_trust_excluded.png", "heatmap_equity_gap.png", "prim.png",
            "prim_box.csv", "prim_trajectory.csv", "notes.txt"} <= names
    assert "PRIM box for trust_excluded < 0.41" in capsys.readouterr().out
    assert main(["analyze", str(morris_dir), "--out", str(morris_dir / "a")]) == 0
    assert {"morris.csv", "morris.png"} <= {p.name for p in (morris_dir / "a").iterdir()}
    assert main(["analyze", str(sobol_dir), "--prim", "participation_rate>0.05"]) == 0
    printed = capsys.readouterr().out
    assert "Sobol ST (S1)" in printed and "participation_rate > 0.05" in printed
    assert {"sobol.csv", "sobol.png"} <= {p.name for p in (sobol_dir / "analysis").iterdir()}
    for folder in (grid_dir, morris_dir, sobol_dir):
        assert not [p for p in folder.rglob(".analysis.*")]  # no staging leftovers
    assert (grid_dir / "analysis" / "heatmap_trust_excluded.png").read_bytes()[:4] == b"\x89PNG"


def test_incomplete_sensitivity_sweep_is_explained(morris_dir: Path, tmp_path: Path) -> None:
    frame = load_results(morris_dir)
    partial = frame[frame["point"] != 3]
    result = analyze(partial, load_manifest(morris_dir))
    assert result.morris is None
    assert any("needs every design point" in note and "--resume" in note for note in result.notes)


def test_bad_analyze_input(tmp_path: Path, grid_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["analyze", str(tmp_path)]) == 2
    assert "not a smartgov result folder (no manifest.json)" in capsys.readouterr().err
    assert main(["analyze", str(grid_dir), "--prim", "happiness<3", "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "--prim = 'happiness<3' is not allowed; expected OUTCOME<VALUE" in err and err.count("\n") == 1
    assert not (tmp_path / "x").exists()
    with pytest.raises(DesignError):
        parse_rule("trust=3", ("trust",))
