"""``smartgov robustness``: the robustness map of the validation claims over the structural constants."""

from __future__ import annotations

import argparse

from smartgov.runner_options import add_runner_options, check_runner_options, executor_from, max_runs_from

# The documented full job (experiments.robustness.FULL); repeated here so `--help` stays fast (no heavy imports).
DEFAULTS = {"n_citizens": 1000, "steps": 104, "replicates": 3, "trajectories": 6, "lhs_points": 64}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "robustness", help="robustness map: where in the structural constants' plausible ranges each validation "
                           "claim holds (Morris screen, then LHS)",
        description="Screen every validation claim's paired contrast over the structural (non-lever) parameters "
                    "with Morris, keep each claim's influential parameters (mu* >= --influence x the claim's "
                    "largest mu*), then measure on a Latin hypercube over them (others at default) the share of "
                    "points where the claim holds (mean paired contrast of the expected sign; also: one-sided "
                    "paired t-test at --alpha), with Wilson 95% intervals. Writes shares.csv, morris.csv, "
                    "effects.csv, manifest.json and report.md to --out (runs under --out/runs/, resumable). "
                    "`python -m smartgov.experiments.robustness --render-docs OUT` puts the summary in the docs.")
    d = DEFAULTS
    parser.add_argument("--trajectories", type=int, default=d["trajectories"],
                        help=f"Morris trajectories (default {d['trajectories']}; points = trajectories x "
                             "(parameters + 1))")
    parser.add_argument("--lhs-points", type=int, default=d["lhs_points"],
                        help=f"Latin hypercube points per claim (default {d['lhs_points']})")
    parser.add_argument("--replicates", type=int, default=d["replicates"],
                        help=f"paired replicates at every point (default {d['replicates']}, at least 2)")
    parser.add_argument("--n-citizens", type=int, default=d["n_citizens"],
                        help=f"population size (default {d['n_citizens']:,})")
    parser.add_argument("--steps", type=int, default=d["steps"], help=f"weeks per run (default {d['steps']})")
    parser.add_argument("--network", default="small_world", help="small_world (default) or scale_free")
    parser.add_argument("--seed", type=int, default=2026, help="master seed: samples and replicate seeds (2026)")
    parser.add_argument("--alpha", type=float, default=0.01, help="level of the per-point test (default 0.01)")
    parser.add_argument("--influence", type=float, default=0.1,
                        help="influential when mu* >= this share of the claim's largest mu* (default 0.1)")
    parser.add_argument("--parameters", nargs="+", default=None, metavar="NAME",
                        help="structural parameters to screen (default: all of them)")
    add_runner_options(parser, default_workers=None)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    import sys

    from smartgov.experiments.results import write_folder
    from smartgov.experiments.robustness import Settings, count_runs, markdown_table, robustness_map, structural

    check_runner_options(args)
    settings = Settings(n_citizens=args.n_citizens, steps=args.steps, replicates=args.replicates,
                        trajectories=args.trajectories, lhs_points=args.lhs_points, network=args.network,
                        seed=args.seed, alpha=args.alpha, influence=args.influence,
                        parameters=tuple(args.parameters or structural())).check()
    max_runs = max_runs_from(args)
    count_runs(settings)  # the designs are built (and their parameters checked) before the output folder is made
    workers = 0 if args.workers == 1 and args.dask is None else args.workers
    result = robustness_map(settings, executor=executor_from(args), workers=workers, out=args.out,
                            resume=args.resume, progress=not args.no_progress, max_runs=max_runs,
                            log=lambda line: print(line, file=sys.stderr, flush=True))
    table = markdown_table(result.shares, result.manifest)
    written = result.write(args.out)
    write_folder(args.out, {"report.md": lambda p: p.write_text(table + "\n", encoding="utf-8")})
    print(table)
    print(f"wrote {', '.join(str(p) for p in written)} and {args.out / 'report.md'}; runs in {args.out / 'runs'}/")
    return 0
