"""``smartgov run``: one scenario, one seed; an end-of-run table by group and the time series on disk."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import TYPE_CHECKING

from smartgov.cli import UsageError
from smartgov.options import add_model_options, scenario_params

if TYPE_CHECKING:
    import pandas as pd

# (label, overall column, included column, excluded column)
TABLE_ROWS = (
    ("trust", "trust", "trust_included", "trust_excluded"),
    ("need met rate (equity)", "need_met_rate", "need_met_included", "need_met_excluded"),
    ("data coverage", "coverage", "coverage_included", "coverage_excluded"),
    ("participation rate", "participation_rate", "participation_included", "participation_excluded"),
    ("efficiency: needs met per budget unit", "efficiency", None, None),
    ("cost per need met", "cost_per_need_met", None, None),
    ("allocation accuracy", "allocation_accuracy", None, None),
    ("mean wait (weeks)", "mean_wait", None, None),
    ("technical refugees (share)", "technical_refugees", None, None),
    ("excluded share", "excluded_share", None, None),
    ("privacy: share ever exposed", "exposed_share", None, None),
    ("breaches (total)", "breaches", None, None),
    ("re-identifications (total)", "reidentified", None, None),
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="run one scenario and write its time series",
                            description="Run one scenario with one seed; print end-of-run outcomes by group and "
                                        "write timeseries.parquet, timeseries.csv and manifest.json to --out.")
    add_model_options(parser)
    parser.add_argument("--seed", type=int, default=1, help="random seed (one seed fixes a run bit for bit)")
    parser.add_argument("--out", type=Path, default=Path("runs/latest"), help="output folder")
    parser.set_defaults(handler=handle)


def end_of_run_table(frame: pd.DataFrame, window: int = 13) -> pd.DataFrame:
    """Mean over the last ``window`` steps (a quarter) of the headline outcomes, overall and by group."""
    import pandas as pd

    tail = frame[frame["step"] > 0].tail(window).mean(numeric_only=True)
    rows = []
    for label, overall, included, excluded in TABLE_ROWS:
        rows.append({
            "outcome": label,
            "all": tail[overall],
            "included": tail[included] if included else math.nan,
            "excluded": tail[excluded] if excluded else math.nan,
        })
    return pd.DataFrame(rows).set_index("outcome")


def handle(args: argparse.Namespace) -> int:
    """Run, print the table, write the files; the model and pandas are imported here, not at start-up."""
    from smartgov.experiments.single_run import manifest, run_model, write_run

    if args.steps < 1:
        raise UsageError(f"--steps = {args.steps} is not allowed; expected an integer >= 1")
    params = scenario_params(args.scenario, args.overrides, n_citizens=args.n_citizens)
    frame = run_model(params, args.seed, args.steps)
    meta = manifest(params, args.seed, args.steps, scenario=args.scenario, overrides=list(args.overrides))
    written = write_run(frame, meta, args.out)
    table = end_of_run_table(frame)
    print(f"smartgov run: scenario {args.scenario}, seed {args.seed}, {params.n_citizens} citizens, "
          f"{args.steps} weeks (table: mean of the last 13 weeks)")
    print(table.to_string(float_format=lambda v: f"{v:8.3f}", na_rep="       –"))
    print("wrote " + ", ".join(str(p) for p in written))
    return 0
