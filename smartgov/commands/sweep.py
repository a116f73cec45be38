"""``smartgov sweep``: run an experiment design on local processes or a Dask cluster, resumably."""

from __future__ import annotations

import argparse

from smartgov.runner_options import add_runner_options, check_runner_options, executor_from, max_runs_from


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "sweep", help="run a sweep / sensitivity design (grid, LHS, Sobol, Morris) in parallel",
        description="Run every run of DESIGN (a design name from experiments/designs/ or a .yaml path) and write "
                    "one Parquet file per finished run to --out/runs/, next to manifest.json (design, seeds, "
                    "code version). A killed sweep continues with --resume.")
    parser.add_argument("design", help="design name (e.g. grid_sharing_outreach) or path to a design .yaml")
    add_runner_options(parser)
    parser.add_argument("--chunk", type=int, default=None,
                        help="runs per task (default: 1 for processes, automatic for Dask)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from smartgov.cli import UsageError
    from smartgov.experiments.design import load_design
    from smartgov.experiments.runner import execute

    check_runner_options(args)
    if args.chunk is not None and args.chunk < 1:
        raise UsageError(f"--chunk = {args.chunk} is not allowed; expected an integer >= 1")
    design = load_design(args.design, max_runs=max_runs_from(args))
    summary, _ = execute(design, args.out, executor=executor_from(args), workers=args.workers, resume=args.resume,
                         chunk=args.chunk, progress=not args.no_progress, max_runs=max_runs_from(args))
    rate = summary.done / summary.seconds * 60 if summary.seconds > 0 else float("nan")
    print(f"smartgov sweep: {design.name} ({design.method}) on {summary.executor}: {summary.done} runs done, "
          f"{summary.skipped} already done, {summary.failed} failed, of {summary.total}; "
          f"{summary.seconds:.1f} s ({rate:.0f} runs/min)")
    if summary.failed:
        print(f"failed runs are recorded in {args.out / 'errors'}/ (message and traceback); "
              "rerun with --resume to try them again")
    print(f"results: {args.out / 'runs'}/*.parquet; analyze with `smartgov analyze {args.out}`")
    return 1 if summary.failed else 0
