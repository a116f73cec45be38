"""Regenerate the stored results the regression guards check.

Run after a change that is meant to alter results, and record the change in CHANGELOG.md::

    .venv/bin/python tests/regression/regenerate.py

It writes, next to this file:

- ``baseline_seed20261123.json`` (``test_baseline_regression.py``): the library baseline scenario (N = 1,000
  citizens, 104 weeks, seed 20261123), every outcome column at the last step and averaged over the last 13 weeks;
- ``compare_small.json`` (``tests/test_compare.py``): the per-run window means of a small comparison (its settings
  are kept from the stored file), with the columns it stored before (new outcome columns are not added).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORED = HERE / "baseline_seed20261123.json"
SEED, STEPS, N_CITIZENS, WINDOW = 20261123, 104, 1_000, 13


def current() -> dict:
    """The baseline's end-of-run outcomes with the code as it is now."""
    from smartgov.experiments.single_run import run_model
    from smartgov.scenarios import load

    frame = run_model(load("baseline").params(n_citizens=N_CITIZENS), SEED, STEPS)
    columns = [c for c in frame.columns if c not in ("step", "seed")]

    def clean(value: float) -> float | None:
        return None if math.isnan(value) else float(value)

    return {
        "scenario": "baseline", "seed": SEED, "steps": STEPS, "n_citizens": N_CITIZENS, "window": WINDOW,
        "final": {c: clean(frame[c].iloc[-1]) for c in columns},
        "last_weeks_mean": {c: clean(frame[c].iloc[-WINDOW:].mean()) for c in columns},
    }


COMPARE = HERE / "compare_small.json"


def current_comparison() -> dict:
    """The small comparison's per-run window means with the code as it is now (settings from the stored file)."""
    from smartgov.experiments.compare import run_comparison, summarize_runs

    stored = json.loads(COMPARE.read_text(encoding="utf-8"))
    settings = stored["settings"]
    frame = run_comparison(settings["scenarios"], replicates=settings["replicates"], steps=settings["steps"],
                           master_seed=settings["master_seed"], workers=1,
                           overrides={"n_citizens": settings["n_citizens"]})
    runs = summarize_runs(frame, settings["window"])
    runs["scenario"] = runs["scenario"].astype(str)
    columns = list(stored["runs"][0])
    return {"settings": settings, "runs": runs[columns].reset_index(drop=True).to_dict(orient="records")}


if __name__ == "__main__":
    STORED.write_text(json.dumps(current(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {STORED}")
    COMPARE.write_text(json.dumps(current_comparison(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {COMPARE}")
