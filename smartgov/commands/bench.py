"""``smartgov bench``: speed and memory of the model next to a naive per-agent Mesa reference."""

from __future__ import annotations

import argparse
import os


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("bench", help="measure citizen-steps/s and memory vs a naive Mesa reference")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--naive-sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--steps", type=int, default=104, help="steps per vectorized run (default 104)")
    parser.add_argument("--naive-steps", type=int, default=10, help="steps per naive run (default 10)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the measurements (each in a fresh process, one BLAS/OpenMP thread) and print them with the speed-ups."""
    from smartgov.experiments import limits
    from smartgov.experiments.bench import run_benchmark, speedups
    from smartgov.model.params import Params

    for flag, sizes in (("--sizes", args.sizes), ("--naive-sizes", args.naive_sizes)):
        for n in sizes:  # checked here, before any measuring process starts
            Params.from_mapping({"n_citizens": n}, source=flag)
    limits.check_int("--steps", args.steps, 1, limits.MAX_STEPS, "weeks per run")
    limits.check_int("--naive-steps", args.naive_steps, 1, limits.MAX_STEPS, "weeks per run")
    print("smartgov bench: each figure from a fresh process on one core; whole model incl. data collection")
    results = run_benchmark(args.sizes, args.naive_sizes, args.steps, args.naive_steps)
    settings = list(dict.fromkeys(m.threads for m in results))  # normally one setting for every measurement
    for setting in settings:
        print(f"threads (threadpoolctl): {setting} (this machine: {os.cpu_count()} CPUs)")
    for n, ratio in speedups(results).items():
        print(f"speed-up at N={n:,}: {ratio:,.0f}× the docked naive per-agent Mesa reference (same ODD)")
    return 0
