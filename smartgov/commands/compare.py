"""``smartgov compare``: paired, replicated runs of several scenarios; a table with 95% CIs and paired
differences to the first scenario, tidy Parquet and seaborn figures."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tqdm import tqdm

from smartgov.cli import UsageError
from smartgov.experiments.compare import (
    DEFAULT_WINDOW,
    comparison_table,
    format_table,
    manifest,
    run_comparison,
    summarize_runs,
    write_outputs,
)
from smartgov.options import parse_overrides
from smartgov.scenarios import load


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "compare", help="compare scenarios over paired replicates (table, Parquet, figures)",
        description="Run each SCENARIO (library name or .yaml path) --replicates times with the same seeds (paired), "
                    "print end-of-run means with 95% CIs and the paired difference to the first scenario (CI, "
                    "Cohen's d_z, p), and write timeseries.parquet, runs.parquet, comparison.parquet/.csv, "
                    "manifest.json and figures to --out.")
    parser.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="two or more scenarios; the first is "
                        "the reference")
    parser.add_argument("--replicates", type=int, default=30, help="paired replicates per scenario (default 30)")
    parser.add_argument("--steps", type=int, default=104, help="weeks to simulate (default 104)")
    parser.add_argument("--n-citizens", type=int, default=None, help="population size (default: scenario's)")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="override a parameter in every scenario (repeatable)")
    parser.add_argument("--seed", type=int, default=1, help="master seed; replicate seeds come from "
                        "numpy SeedSequence(seed) (default 1)")
    parser.add_argument("--window", type=int, default=DEFAULT_WINDOW,
                        help=f"end-of-run value = mean of the last WINDOW weeks (default {DEFAULT_WINDOW})")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (results do not depend on it)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--no-figures", action="store_true", help="skip the figures")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.set_defaults(handler=handle)


def _check(args: argparse.Namespace) -> None:
    for flag, value, low in (("--replicates", args.replicates, 2), ("--steps", args.steps, 1),
                             ("--window", args.window, 1), ("--workers", args.workers, 1), ("--seed", args.seed, 0)):
        if value < low:
            raise UsageError(f"{flag} = {value} is not allowed; expected an integer >= {low}")
    if args.window > args.steps:
        raise UsageError(f"--window = {args.window} is not allowed; expected an integer <= --steps ({args.steps})")
    if len(args.scenarios) < 2:
        raise UsageError(f"scenarios = {args.scenarios} is not allowed; expected two or more scenarios")
    if len(set(args.scenarios)) != len(args.scenarios):
        raise UsageError(f"scenarios = {args.scenarios} is not allowed; expected each scenario once")
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out = {args.out} is not allowed; expected a folder (a file has that name)")


def handle(args: argparse.Namespace) -> int:
    _check(args)
    scenarios = [load(s) for s in args.scenarios]
    overrides = parse_overrides(args.overrides)
    if args.n_citizens is not None:
        overrides["n_citizens"] = args.n_citizens
    params = [s.params(**overrides) for s in scenarios]  # every value checked before the first run
    labels = [s.name for s in scenarios]
    if len(set(labels)) != len(labels):
        raise UsageError(f"scenarios = {args.scenarios} is not allowed; expected scenarios with distinct names")
    total = len(scenarios) * args.replicates
    start = time.perf_counter()
    with tqdm(total=total, desc="runs", unit="run", disable=args.no_progress) as bar:
        frame = run_comparison(scenarios, replicates=args.replicates, steps=args.steps, master_seed=args.seed,
                               workers=args.workers, overrides=overrides, progress=bar.update)
    runs = summarize_runs(frame, args.window)
    table = comparison_table(runs)
    meta = manifest(scenarios, params, seed=args.seed, replicates=args.replicates, steps=args.steps,
                    window=args.window, overrides={k: v for k, v in overrides.items()},
                    seeds=sorted(set(runs["seed"].tolist()), key=runs["seed"].tolist().index))

    def draw(folder: Path) -> list[Path]:
        if args.no_figures:
            return []
        from smartgov.viz.plots import comparison_figures
        return comparison_figures(frame, table, folder)

    written = write_outputs(args.out, {"timeseries": frame, "runs": runs, "comparison": table}, meta, draw)
    print(f"smartgov compare: {', '.join(labels)}; {args.replicates} paired replicates, "
          f"{params[0].n_citizens} citizens, {args.steps} weeks, {time.perf_counter() - start:.1f} s")
    print(f"end-of-run = mean of the last {args.window} weeks; [95% CI]; Δ = paired difference to {labels[0]} "
          "(same seeds) with its 95% CI, d = Cohen's d_z, p = paired t-test (two-sided)")
    print(format_table(table))
    print("wrote " + ", ".join(str(p) for p in written))
    return 0
