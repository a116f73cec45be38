"""``smartgov compare``: paired, replicated runs of several scenarios through the one runner; a table with 95% CIs
and paired differences to the first scenario, per-run Parquet files and seaborn figures."""

from __future__ import annotations

import argparse
from typing import Any

from smartgov.runner_options import (
    add_posterior_option,
    add_runner_options,
    check_runner_options,
    executor_from,
    max_runs_from,
    posterior_from,
    workers_from,
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "compare", help="compare scenarios over paired replicates (table, Parquet, figures)",
        description="Run each SCENARIO (library name or .yaml path) --replicates times with the same seeds (paired), "
                    "print end-of-run means with 95% CIs and the paired difference to the first scenario (CI, "
                    "Cohen's d_z, p), and write runs/*.parquet (one file per run, resumable), summaries.parquet, "
                    "comparison.parquet/.csv, manifest.json and figures to --out.")
    parser.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="two or more scenarios; the first is "
                        "the reference")
    parser.add_argument("--replicates", type=int, default=30, help="paired replicates per scenario (default 30)")
    parser.add_argument("--steps", type=int, default=104, help="weeks to simulate (default 104)")
    parser.add_argument("--n-citizens", type=int, default=None, help="population size (default: scenario's)")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="override a parameter in every scenario (repeatable)")
    parser.add_argument("--seed", type=int, default=1, help="master seed; replicate seeds come from "
                        "numpy SeedSequence(seed) (default 1)")
    parser.add_argument("--window", type=int, default=None,
                        help="end-of-run value = mean of the last WINDOW weeks (default 52, or half of a shorter run)")
    add_posterior_option(parser, "so the paired differences carry parameter uncertainty")
    add_runner_options(parser, default_workers=1)
    parser.add_argument("--no-figures", action="store_true", help="skip the figures")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from smartgov.cli import UsageError
    from smartgov.experiments.compare import comparison_design, comparison_table, format_table, summarize_runs, tidy
    from smartgov.experiments.results import load_results, write_folder
    from smartgov.experiments.runner import execute
    from smartgov.options import parse_overrides
    from smartgov.scenarios import load
    from smartgov.scenarios.safe_load import shorten

    check_runner_options(args)
    particles = posterior_from(args)
    for flag, value, low in (("--replicates", args.replicates, 2), ("--steps", args.steps, 1),
                             ("--seed", args.seed, 0)):
        if value < low:
            raise UsageError(f"{flag} = {value} is not allowed; expected an integer >= {low}")
    if args.window is not None and not 1 <= args.window <= args.steps:
        raise UsageError(f"--window = {args.window} is not allowed; expected an integer in [1, --steps = "
                         f"{args.steps}]")
    shown = shorten(args.scenarios, 120)
    if len(args.scenarios) < 2:
        raise UsageError(f"scenarios = {shown} is not allowed; expected two or more scenarios")
    if len(set(args.scenarios)) != len(args.scenarios):
        raise UsageError(f"scenarios = {shown} is not allowed; expected each scenario once")
    overrides = parse_overrides(args.overrides)
    if args.n_citizens is not None:
        if "n_citizens" in overrides and overrides["n_citizens"] != args.n_citizens:
            raise UsageError(f"--n-citizens = {args.n_citizens} and --set n_citizens={overrides['n_citizens']} "
                             "disagree; give the population size once")
        overrides["n_citizens"] = args.n_citizens
    design = comparison_design(args.scenarios, replicates=args.replicates, steps=args.steps,
                               master_seed=args.seed, overrides=overrides, window=args.window, posterior=particles)
    labels = design.scenario_names()
    summary, _ = execute(design, args.out, executor=executor_from(args), workers=workers_from(args),
                         resume=args.resume, max_runs=max_runs_from(args), progress=not args.no_progress)
    if summary.failed:
        print(f"smartgov compare: {summary.failed} of {summary.total} runs failed (see {args.out / 'errors'}/); "
              "rerun with --resume to try them again")
        return 1
    frame = tidy(load_results(args.out, design.run_ids()), design)
    runs = summarize_runs(frame, design.summary_window)
    table = comparison_table(runs)

    writers = {"summaries.parquet": lambda p: runs.to_parquet(p, index=False),
               "comparison.parquet": lambda p: table.to_parquet(p, index=False),
               "comparison.csv": lambda p: table.to_csv(p, index=False)}
    written = write_folder(args.out, writers)
    if not args.no_figures:
        from smartgov.viz.plots import comparison_figures

        written += comparison_figures(frame, table, args.out)
    n_citizens = load(design.scenarios[0]).params(**design.fixed).n_citizens
    print(f"smartgov compare: {', '.join(labels)}; {args.replicates} paired replicates, {n_citizens} citizens, "
          f"{args.steps} weeks on {summary.executor}; {summary.done} runs now, {summary.skipped} from before, "
          f"{summary.seconds:.1f} s")
    print(f"end-of-run = mean of the last {design.summary_window} weeks; [95% CI]; Δ = paired difference to "
          f"{labels[0]} (same seeds) with its 95% CI, d = Cohen's d_z, p = paired t-test (two-sided)")
    if design.posterior:
        print(posterior_line(design))
    print(format_table(table))
    print(f"wrote {args.out / 'runs'}/ ({summary.total} runs), " + ", ".join(str(p) for p in written))
    return 0


def posterior_line(design: Any) -> str:
    """What the runs drew from the posterior, for the printed summary."""
    entry = design.posterior
    rows = entry["rows"][:design.replicates]
    return (f"parameter uncertainty: replicate r of every scenario ran with posterior draw r of {entry['file']} "
            f"(sha256 {entry['sha256'][:12]}…; {len(rows)} draws, {len(set(rows))} distinct particles of "
            f"{', '.join(entry['columns'])}); the CIs and p-values below include it")
