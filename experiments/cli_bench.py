"""Start-up cost of the ``smartgov`` command: wall time and peak memory of fresh processes.

A timed test would be flaky on a shared machine, so this is a benchmark script: it runs each command several
times in a new process (what a user pays on every call) and prints the median wall time, CPU time (user + system;
less affected than wall time when other work shares the machine) and peak resident set size (RSS) of the child,
read from ``resource.getrusage(RUSAGE_CHILDREN)``.

    python -m smartgov.experiments.cli_bench            # or: python experiments/cli_bench.py
    python experiments/cli_bench.py --repeats 7 --smartgov .venv/bin/smartgov
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

# Limits of issue 8 ("A fast CLI"), in seconds.
TARGETS = {"help": 0.5, "run": 1.5}


def _measure_once(argv: Sequence[str]) -> tuple[float, float, float]:
    """Run ``argv`` once and return (wall seconds, CPU seconds, peak RSS in MB).

    ``RUSAGE_CHILDREN`` keeps the maximum over all children ever waited for, so each measurement runs under its
    own short-lived helper that waits for that one child only.
    """
    helper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "wall = time.perf_counter() - t\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(wall, use.ru_utime + use.ru_stime, use.ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", helper, *argv], check=True, capture_output=True, text=True)
    wall, cpu, maxrss_kb = out.stdout.split()
    return float(wall), float(cpu), int(maxrss_kb) / 1024  # Linux reports KB


def measure(argv: Sequence[str], repeats: int) -> tuple[float, float, float]:
    """Medians of wall time (s), CPU time (s) and peak RSS (MB) of ``argv`` over ``repeats`` fresh processes."""
    runs = [_measure_once(argv) for _ in range(repeats)]
    return tuple(statistics.median(column) for column in zip(*runs, strict=True))  # type: ignore[return-value]


def _default_smartgov() -> str:
    """The ``smartgov`` script next to this interpreter (the venv's), else the one on PATH."""
    beside = Path(sys.executable).with_name("smartgov")
    if beside.exists():
        return str(beside)
    found = shutil.which("smartgov")
    if found is None:
        raise SystemExit("cli_bench: no `smartgov` command found; pass --smartgov PATH")
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="fresh processes per command (default 5)")
    parser.add_argument("--smartgov", default=None, help="path of the smartgov script (default: this venv's)")
    args = parser.parse_args(argv)
    exe = args.smartgov or _default_smartgov()
    print(f"smartgov: {exe}; median of {args.repeats} fresh processes; load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "help": [exe, "--help"],
            "run": [exe, "run", "--steps", "1", "--n-citizens", "100", "--out", str(Path(tmp) / "run")],
        }
        measure(commands["help"], 1)  # warm the file cache: the first call also compiles .pyc files
        failed = False
        for name, cmd in commands.items():
            wall, cpu, mb = measure(cmd, args.repeats)
            ok = wall <= TARGETS[name]
            failed |= not ok
            shown = " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd)).replace(tmp, "<tmp>")
            print(f"{shown:<58} {wall:5.2f} s wall  {cpu:5.2f} s CPU  {mb:6.1f} MB peak RSS  "
                  f"(target <= {TARGETS[name]} s wall: {'ok' if ok else 'MISSED'})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
