"""Sweep throughput benchmark: runs per minute with 1 and 2 local workers, parallel efficiency, and the per-run
overhead of a Dask cluster against the process pool. A benchmark, not a test: it reports, it does not judge.

    python -m smartgov.experiments.sweep_bench                  # N = 2,000 citizens, 104 weeks, 24 runs
    python -m smartgov.experiments.sweep_bench --runs 40 --json bench.json

Other processes on the machine distort the figures: the load average is printed before and after; repeat when
it was high.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from smartgov.experiments.design import Design, parse_design
from smartgov.experiments.runner import sweep

DESIGN = """
scenario: baseline
method: grid
parameters:
  outreach_share: {{levels: [0.05, 0.1]}}
fixed: {{n_citizens: {n}}}
replicates: {replicates}
steps: {steps}
outcomes: [trust]
seed: 1
"""


def bench_design(runs: int, n: int, steps: int) -> Design:
    return parse_design(DESIGN.format(n=n, steps=steps, replicates=max(1, runs // 2)), name=f"bench_n{n}")


def timed_sweep(design: Design, **options: Any) -> dict[str, float]:
    """Wall time of a whole sweep, and the steady rate between its first and last result (no start-up)."""
    stamps: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        summary = sweep(design, Path(folder) / "out", progress=False,
                        on_result=lambda _: stamps.append(time.perf_counter()), **options)
        wall = time.perf_counter() - start
    assert summary.failed == 0 and summary.complete, summary
    steady = (len(stamps) - 1) / (stamps[-1] - stamps[0]) * 60 if len(stamps) > 1 else float("nan")
    return {"runs": summary.total, "wall_s": wall, "runs_per_min": summary.total / wall * 60,
            "steady_runs_per_min": steady}


def throughput(runs: int, n: int, steps: int) -> dict[str, Any]:
    """Runs per minute in this process, and on a pool of 1 and of 2 workers; efficiency of 2 over 1."""
    design = bench_design(runs, n, steps)
    timed_sweep(bench_design(2, 10, 1), workers=2)  # start the fork server once, so no pool pays for it alone
    result: dict[str, Any] = {"n_citizens": n, "steps": steps}
    for label, workers in (("serial", 0), ("pool_1", 1), ("pool_2", 2)):
        result[label] = timed_sweep(design, workers=workers)
    for key in ("runs_per_min", "steady_runs_per_min"):
        result[f"efficiency_{key}"] = result["pool_2"][key] / (2 * result["pool_1"][key])
    return result


def overhead(tiny_runs: int) -> dict[str, Any]:
    """Per-run cost of the executor on tiny runs (10 citizens, 1 week), 2 workers each, one run per task.

    overhead = wall per run × workers − compute per run (from the serial sweep): the executor's share.
    """
    from distributed import Client, LocalCluster

    design = bench_design(tiny_runs, 10, 1)
    serial = timed_sweep(design, workers=0)
    compute = serial["wall_s"] / serial["runs"]
    pool = timed_sweep(design, workers=2, chunk=1)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as cluster, Client(cluster) as client:
        client.submit(sum, [1]).result()  # workers up and connected before timing
        dask_1 = timed_sweep(design, dask=client, chunk=1)
        dask_auto = timed_sweep(design, dask=client)
    out: dict[str, Any] = {"tiny_runs": tiny_runs, "compute_ms_per_run": compute * 1e3}
    for label, res in (("pool_chunk1", pool), ("dask_chunk1", dask_1), ("dask_auto_chunk", dask_auto)):
        per_run = res["wall_s"] / res["runs"]
        out[label] = {"wall_ms_per_run": per_run * 1e3, "overhead_ms_per_run": (per_run * 2 - compute) * 1e3}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=24, help="runs per throughput measurement (default 24)")
    parser.add_argument("--n", type=int, default=2000, help="citizens per run (default 2,000)")
    parser.add_argument("--steps", type=int, default=104, help="weeks per run (default 104)")
    parser.add_argument("--tiny", type=int, default=200, help="tiny runs for the overhead measurement (default 200)")
    parser.add_argument("--skip-overhead", action="store_true", help="throughput only")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {"cpus": os.cpu_count(), "load_before": os.getloadavg()}
    print(f"load average before: {report['load_before'][0]:.2f} (1 min), {os.cpu_count()} CPUs")
    t = report["throughput"] = throughput(args.runs, args.n, args.steps)
    for label in ("serial", "pool_1", "pool_2"):
        r = t[label]
        print(f"{label:8} {r['runs']} runs N={args.n:,} steps={args.steps}: {r['runs_per_min']:6.1f} runs/min "
              f"(wall {r['wall_s']:.1f} s incl. start-up; steady {r['steady_runs_per_min']:6.1f} runs/min)")
    print(f"parallel efficiency 2 vs 1 worker: {t['efficiency_runs_per_min']:.0%} overall, "
          f"{t['efficiency_steady_runs_per_min']:.0%} steady")
    if not args.skip_overhead:
        o = report["overhead"] = overhead(args.tiny)
        print(f"tiny runs: compute {o['compute_ms_per_run']:.2f} ms/run in this process")
        for label in ("pool_chunk1", "dask_chunk1", "dask_auto_chunk"):
            print(f"{label:16} wall {o[label]['wall_ms_per_run']:6.2f} ms/run, executor overhead "
                  f"{o[label]['overhead_ms_per_run']:6.2f} ms/run (2 workers)")
    report["load_after"] = os.getloadavg()
    print(f"load average after: {report['load_after'][0]:.2f} (1 min)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
