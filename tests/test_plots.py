"""Report figures (viz/plots.py, viz/sensitivity_plots.py) are library code: importing or drawing changes no global
setting (backend, rcParams, seaborn theme, pyplot figures), figures come back as Figure objects, nothing is written
until asked, and what is drawn comes from the outcome registry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from smartgov.experiments.analysis import Analysis, Discovery
from smartgov.experiments.compare import comparison_table
from smartgov.model import metrics
from smartgov.viz import plots, sensitivity_plots

HERE = Path(__file__).parent
PNG = b"\x89PNG\r\n\x1a\n"


def comparison_data(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two scenarios, three paired replicates, eight weeks, every registered outcome: (time series, tidy table)."""
    rng = np.random.default_rng(seed)
    rows = [{"scenario": scenario, "replicate": replicate, "step": step,
             **{name: float(rng.random()) for name in metrics.OUTCOMES}}
            for scenario in ("baseline", "digital_only") for replicate in range(3) for step in range(9)]
    frame = pd.DataFrame(rows)
    runs = frame[frame["step"] > 4].groupby(["scenario", "replicate"], as_index=False)[list(metrics.OUTCOMES)].mean()
    return frame, comparison_table(runs)


def sensitivity_analysis() -> Analysis:
    """An Analysis with a two-factor grid, Morris and Sobol tables and a PRIM box (made-up numbers)."""
    outcomes = ("trust", "equity_gap")
    grid = pd.DataFrame([{"point": i * 2 + j, "a": a, "b": b, "outcome": o, "mean": a + b, "sd": 0.1, "n": 3,
                          "ci_low": a + b - 0.1, "ci_high": a + b + 0.1}
                         for i, a in enumerate((0.1, 0.5)) for j, b in enumerate((1.0, 2.0)) for o in outcomes])
    morris = pd.DataFrame([{"outcome": o, "parameter": p, "mu_star": m, "sigma": m / 2, "mu_star_conf": 0.01}
                           for o in outcomes for p, m in (("a", 0.3), ("b", 0.1))])
    sobol = pd.DataFrame([{"outcome": o, "parameter": p, "S1": s, "S1_conf": 0.05, "ST": s + 0.1, "ST_conf": 0.05}
                          for o in outcomes for p, s in (("a", 0.6), ("b", 0.2))])
    trajectory = pd.DataFrame({"step": [0, 1, 2], "coverage": [1.0, 0.8, 0.6], "density": [0.3, 0.6, 0.9],
                               "res_dim": [0, 1, 2], "mass": [1.0, 0.5, 0.2], "chosen": [False, True, False]})
    box = pd.DataFrame([{"parameter": "a", "kind": "float", "min": 0.1, "max": 0.3, "levels": "", "qp_value": 0.01}])
    discovery = Discovery("trust", "trust < 0.4", 5, 20, box, trajectory, 0.8, 0.6)
    factors = (SimpleNamespace(name="a"), SimpleNamespace(name="b"))
    design = SimpleNamespace(method="grid", factors=factors, outcomes=outcomes, replicates=3)
    return Analysis(design=design, runs=pd.DataFrame(), points=grid, morris=morris, sobol=sobol,
                    discovery=discovery)


def draw_everything() -> dict[str, Figure]:
    """Every figure both modules make."""
    frame, table = comparison_data()
    return {**plots.comparison_figure_set(frame, table), **sensitivity_plots.draw_all(sensitivity_analysis())}


PROBE = """
import json, sys
import matplotlib

def snapshot():  # every setting but the backend (reading it would choose one)
    return {k: repr(matplotlib.rcParams[k]) for k in matplotlib.rcParams if k != "backend"}

before = snapshot()
import smartgov.experiments.analysis, smartgov.viz.plots, smartgov.viz.sensitivity_plots
backend_after_import = matplotlib.get_backend(auto_select=False)  # None: still undecided
after_import = snapshot()
matplotlib.use("svg")  # the caller's own backend (a notebook's inline backend, say)
import seaborn as sns
sns.set_theme(style="ticks", context="talk", palette="deep")  # and the caller's own seaborn theme
import matplotlib.pyplot as plt
themed = snapshot()
sys.path.insert(0, sys.argv[1])
import test_plots
figures = test_plots.draw_everything()
print(json.dumps({
    "backend_after_import": backend_after_import,
    "changed_on_import": sorted(k for k in before if before[k] != after_import[k]),
    "backend": matplotlib.get_backend(),
    "changed_by_drawing": sorted(k for k in themed if themed[k] != snapshot()[k]),
    "pyplot_figures": plt.get_fignums(),
    "figures": sorted({type(f).__module__ + "." + type(f).__name__ for f in figures.values()}),
}))
"""


def test_importing_and_drawing_change_no_global_setting(tmp_path: Path):
    """In a fresh interpreter: importing picks no backend and changes no rcParam; drawing every figure keeps the
    caller's backend and seaborn theme, registers no pyplot figure and writes no file."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    done = subprocess.run([sys.executable, "-c", PROBE, str(HERE)], capture_output=True, text=True, cwd=tmp_path,
                          env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["backend_after_import"] is None
    assert result["changed_on_import"] == []
    assert result["backend"] == "svg"
    assert result["changed_by_drawing"] == []
    assert result["pyplot_figures"] == []
    assert result["figures"] == ["matplotlib.figure.Figure"]
    assert list(tmp_path.iterdir()) == []  # drawing wrote nothing


def test_figures_are_returned_and_written_only_when_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    figures = draw_everything()
    assert set(figures) == {"timeseries.png", "timeseries_by_group.png", "tradeoff.png", "heatmap_trust.png",
                            "heatmap_equity_gap.png", "morris.png", "sobol.png", "prim.png"}
    assert all(isinstance(f, Figure) for f in figures.values())
    assert list(tmp_path.iterdir()) == []
    paths = plots.save_figures(figures, tmp_path / "out")
    assert sorted(p.name for p in paths) == sorted(figures)
    assert all(p.read_bytes()[:8] == PNG for p in paths)


def test_comparison_figures_keeps_its_signature_and_writes_three_pngs(tmp_path: Path):
    frame, table = comparison_data()
    paths = plots.comparison_figures(frame, table, tmp_path)
    assert [p.name for p in paths] == ["timeseries.png", "timeseries_by_group.png", "tradeoff.png"]
    assert all(p.parent == tmp_path and p.read_bytes()[:8] == PNG for p in paths)


def test_figures_draw_the_registry_outcomes_with_their_labels():
    frame, table = comparison_data()
    panels = [ax for ax in plots.timeseries_figure(frame).axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == [spec.label_en for spec in metrics.headline()]
    by_group = [ax.get_title() for ax in plots.group_timeseries_figure(frame).axes if ax.get_title()]
    families = dict.fromkeys(spec.family for spec in metrics.OUTCOMES.values() if spec.group)
    assert by_group == [f"{metrics.OUTCOMES[family].label_en} by group" for family in families]
    assert len(by_group) >= 3
    tradeoff = plots.tradeoff_figure(table).axes
    assert tradeoff[0].get_xlabel().startswith(metrics.OUTCOMES["efficiency"].label_en)
    assert tradeoff[0].get_ylabel() == f"{metrics.OUTCOMES['equity_gap'].label_en} (lower is better)"
    heatmap = sensitivity_plots.heatmaps(sensitivity_analysis())["heatmap_trust.png"]
    assert heatmap.axes[0].get_title().startswith("Trust in government")


def test_a_new_outcome_gets_a_panel():
    metrics.outcome(name="test_outcome", label_en="Test outcome", label_zh="测试指标", unit="0–1",
                    higher_is_better=True, kind="stock", headline=True)(lambda model: 0.5)
    try:
        frame, _ = comparison_data()
        titles = [ax.get_title() for ax in plots.timeseries_figure(frame).axes]
    finally:
        metrics.remove_outcome("test_outcome")
    assert "Test outcome" in titles
