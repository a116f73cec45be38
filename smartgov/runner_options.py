"""Options shared by the subcommands that run designs through the one runner (sweep, compare, validate)."""

from __future__ import annotations

import argparse
from typing import Any


def add_runner_options(parser: argparse.ArgumentParser, default_workers: int | None = None) -> None:
    """--out, --workers, --dask, --resume, --no-progress."""
    parser.add_argument("--out", required=True, help="output folder (runs are saved as they finish)")
    parser.add_argument("--max-runs", type=int, default=None, metavar="N",
                        help="refuse designs of more than N runs (default 100,000), counted before anything runs")
    shown = "one per CPU" if default_workers is None else str(default_workers)
    parser.add_argument("--workers", type=int, default=default_workers,
                        help=f"local worker processes (default: {shown}; 0 or 1 = run in this process); with "
                             "--dask local, the number of Dask workers. Results do not depend on it")
    parser.add_argument("--dask", metavar="ADDRESS", default=None,
                        help="run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'")
    parser.add_argument("--resume", action="store_true", help="continue in --out, skipping finished runs")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def add_posterior_option(parser: argparse.ArgumentParser, what: str) -> None:
    """--posterior FILE: run over a calibration's weighted particles (compare, validate)."""
    parser.add_argument("--posterior", default=None, metavar="FILE",
                        help="run over a calibration's posterior: a particles CSV (one column per calibrated "
                             "parameter and 'weight', e.g. docs/calibration/bass/particles.csv); replicate r of "
                             f"every scenario takes draw r (drawn by weight from --seed), {what}")


def posterior_from(args: argparse.Namespace) -> Any:
    """The particles --posterior names, loaded and checked before any run (None without it); a bad file is
    refused naming the option, the value and what is allowed (exit code 2)."""
    if args.posterior is None:
        return None
    from smartgov.cli import UsageError
    from smartgov.experiments.posterior import PosteriorError, load_particles
    from smartgov.scenarios.safe_load import shorten

    try:
        return load_particles(args.posterior)
    except PosteriorError as err:
        detail = str(err).removeprefix(f"{err.where}: ") if err.where else str(err)
        if "expected" not in detail:
            detail += "; expected a particles CSV file (one column per calibrated parameter and 'weight')"
        raise UsageError(f"--posterior = {shorten(args.posterior)} is not allowed: {detail}") from None


def check_runner_options(args: argparse.Namespace) -> None:
    """Refuse impossible combinations before anything runs."""
    from smartgov.cli import UsageError

    if args.workers is not None and args.workers < 0:
        raise UsageError(f"--workers = {args.workers} is not allowed; expected an integer >= 0")
    if args.dask is not None and args.workers == 0:
        raise UsageError("--workers = 0 is not allowed with --dask; expected the number of Dask workers (>= 1)")
    from smartgov.experiments import limits
    from smartgov.experiments.results import check_output_folder

    if args.workers is not None:
        limits.check_int("--workers", args.workers, 0, limits.MAX_WORKERS, "worker processes")
    if args.max_runs is not None:
        limits.check_int("--max-runs", args.max_runs, 1, 10**12, "runs in one design")
    args.out = check_output_folder(args.out, "--out")


def max_runs_from(args: argparse.Namespace) -> int:
    from smartgov.experiments import limits

    return args.max_runs if args.max_runs is not None else limits.MAX_RUNS


def executor_from(args: argparse.Namespace) -> Any:
    """The executor the options ask for: a Dask address or 'local', else None (process pool or serial)."""
    return args.dask


def workers_from(args: argparse.Namespace) -> int | None:
    """Workers for the runner: 1 means this process (0), more a process pool; None one per CPU."""
    return 0 if args.workers == 1 and args.dask is None else args.workers
