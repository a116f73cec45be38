"""``smartgov calibrate``: ABC-SMC calibration of a process against a real pattern: the inclusion process against
CNNIC's penetration curve (``--pattern inclusion``), the redress channel against Beijing's 12345 hotline
(``--pattern redress``)."""

from __future__ import annotations

import argparse

# Repeated from experiments.calibration and experiments.redress_calibration so `--help` stays fast (no NumPy);
# tests/test_calibration.py and tests/test_redress_calibration.py keep them equal.
CALIBRATABLE = ("innovation", "peer_adoption", "homophily")
DEFAULT_PARAMETERS = ("innovation", "peer_adoption")
REDRESS_CALIBRATABLE = ("request_offset", "online_request_effort", "capacity_ratio")
PATTERNS = {"inclusion": (CALIBRATABLE, DEFAULT_PARAMETERS), "redress": (REDRESS_CALIBRATABLE, REDRESS_CALIBRATABLE)}
MECHANISMS = ("bass", "turnover")
# option -> (default, lowest, highest); the defaults are the inclusion pattern's
LIMITS = {"n_citizens": (2000, 100, 100_000), "population_size": (150, 10, 10_000), "generations": (8, 1, 50),
          "seed": (2026, 0, 2**31 - 2), "workers": (1, 1, 256), "draws": (200, 10, 10_000)}
# the redress pattern runs the whole model (a burn-in per simulation): a smaller default problem
REDRESS_DEFAULTS = {"n_citizens": 1000, "population_size": 100, "generations": 6, "draws": 100}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "calibrate", help="calibrate a process to real data by ABC-SMC (pyabc): inclusion (Bass rates) to China's "
                          "internet penetration 2013–2020, or redress to Beijing's 12345 hotline 2019; --predict "
                          "forecasts what was held out",
        description="Approximate Bayesian computation (ABC-SMC, pyabc). --pattern inclusion (default): the "
                    "digital-inclusion process against CNNIC's year-end internet penetration 2014–2020 (and the "
                    "interim points of 2019–2020), starting from the December 2013 state (45.8% online); --predict "
                    "forecasts year-end 2021–2024 (never fitted). --pattern redress: the whole model's redress "
                    "channel against Beijing's 12345 hotline (2019 requests per resident and share resolved, 2020 "
                    "channel mix); --predict forecasts 2020's request volume (never fitted). Priors: uniform on "
                    "each parameter's range in Params. Writes calibration.db (pyabc history), posterior.csv/.json "
                    "(medians and 90% intervals), particles.csv, generations.csv and manifest.json to --out; with "
                    "--predict also predictive.csv (and predictive.png for inclusion). Needs the optional "
                    "dependency pyabc: pip install 'smartgov[calibrate]'.")
    d = {name: value[0] for name, value in LIMITS.items()}
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--pattern", default="inclusion",
                        help="inclusion (default: CNNIC's penetration curve) or redress (Beijing's 12345 hotline)")
    parser.add_argument("--parameters", nargs="+", default=None, metavar="NAME",
                        help=f"parameters to calibrate: for inclusion from {', '.join(CALIBRATABLE)} (default "
                             f"{' '.join(DEFAULT_PARAMETERS)}); for redress from {', '.join(REDRESS_CALIBRATABLE)} "
                             "(default all three)")
    parser.add_argument("--mechanism", default="bass",
                        help="inclusion pattern only: bass (default: process 8 as in the model) or turnover (plus "
                             "cohort turnover: deaths at NBS's 7.1‰ a year, concentrated among the excluded, "
                             "replaced by young entrants)")
    parser.add_argument("--predict", action="store_true",
                        help="also draw the posterior predictive and predict what was held out (inclusion: "
                             "year-end 2021–2024; redress: 2020's requests per resident)")
    parser.add_argument("--draws", type=int, default=None,
                        help=f"posterior draws for --predict (default {d['draws']}; redress "
                             f"{REDRESS_DEFAULTS['draws']})")
    parser.add_argument("--n-citizens", type=int, default=None,
                        help=f"simulated population (default {d['n_citizens']:,}; redress "
                             f"{REDRESS_DEFAULTS['n_citizens']:,})")
    parser.add_argument("--predict-citizens", type=int, default=None, metavar="N",
                        help="simulated population of the posterior predictive (default: --n-citizens); larger "
                             "means less of the model's finite-size noise in the interval")
    parser.add_argument("--population-size", type=int, default=None,
                        help=f"ABC particles per generation (default {d['population_size']}; redress "
                             f"{REDRESS_DEFAULTS['population_size']})")
    parser.add_argument("--generations", type=int, default=None,
                        help=f"at most this many ABC-SMC generations (default {d['generations']}; redress "
                             f"{REDRESS_DEFAULTS['generations']})")
    parser.add_argument("--seed", type=int, default=d["seed"], help=f"seed (default {d['seed']})")
    parser.add_argument("--workers", type=int, default=d["workers"],
                        help="local worker processes (default 1: this process, reproducible from --seed); with "
                             "--dask local, the number of Dask workers")
    parser.add_argument("--dask", metavar="ADDRESS", default=None,
                        help="sample on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'")
    parser.set_defaults(handler=handle)


def lo_hi(value: int, name: str) -> bool:
    return LIMITS[name][1] <= value <= LIMITS[name][2]


def check(args: argparse.Namespace) -> None:
    """Refuse bad input before anything runs: each message names the option, the value and what is allowed."""
    from smartgov.cli import UsageError
    from smartgov.experiments.results import check_output_folder

    if args.pattern not in PATTERNS:
        raise UsageError(f"--pattern = {args.pattern!r} is not allowed; expected one of "
                         + ", ".join(repr(p) for p in PATTERNS))
    allowed, default_parameters = PATTERNS[args.pattern]
    given_draws = args.draws is not None
    for name, (default, lo, hi) in LIMITS.items():
        if getattr(args, name) is None:  # not given: the pattern's default
            setattr(args, name, REDRESS_DEFAULTS.get(name, default) if args.pattern == "redress" else default)
        value = getattr(args, name)
        if not lo <= value <= hi:
            raise UsageError(f"--{name.replace('_', '-')} = {value} is not allowed; expected an integer in "
                             f"[{lo:,}, {hi:,}]")
    if args.parameters is None:
        args.parameters = list(default_parameters)
    for name in args.parameters:
        if name not in allowed:
            raise UsageError(f"--parameters = {name!r} is not allowed; expected one or more of "
                             + ", ".join(repr(c) for c in allowed))
    if len(set(args.parameters)) != len(args.parameters):
        raise UsageError(f"--parameters = {' '.join(args.parameters)} is not allowed; expected each parameter once")
    if args.mechanism not in MECHANISMS:
        raise UsageError(f"--mechanism = {args.mechanism!r} is not allowed; expected one of "
                         + ", ".join(repr(m) for m in MECHANISMS))
    if args.pattern == "redress" and args.mechanism != "bass":
        raise UsageError(f"--mechanism = {args.mechanism!r} is not allowed with --pattern redress; expected it only "
                         "with --pattern inclusion")
    if args.predict_citizens is not None and not lo_hi(args.predict_citizens, "n_citizens"):
        lo, hi = LIMITS["n_citizens"][1:]
        raise UsageError(f"--predict-citizens = {args.predict_citizens} is not allowed; expected an integer in "
                         f"[{lo:,}, {hi:,}]")
    for flag, given in (("--draws", given_draws),
                        ("--predict-citizens", args.predict_citizens is not None)):
        if given and not args.predict:
            value = args.draws if flag == "--draws" else args.predict_citizens
            raise UsageError(f"{flag} = {value} is not allowed without --predict; expected --predict as well")
    if args.dask is not None and args.dask != "local":
        from smartgov.experiments.executors import _probe

        _probe(args.dask, 5.0)  # nothing listening there: a clear error now, not Dask's retries for its timeout
    args.out = check_output_folder(args.out, "--out")


def handle(args: argparse.Namespace) -> int:
    import importlib.util
    import sys

    from smartgov.cli import UsageError

    check(args)
    if importlib.util.find_spec("pyabc") is None:
        raise UsageError("pyabc is not installed; expected the optional dependency: pip install 'smartgov[calibrate]'")
    if args.pattern == "redress":
        return _redress(args)
    from smartgov.experiments.calibration import run

    result = run(args.out, parameters=tuple(args.parameters), n_citizens=args.n_citizens,
                 population_size=args.population_size, generations=args.generations, seed=args.seed,
                 workers=args.workers, dask=args.dask, turnover=args.mechanism == "turnover",
                 predict_draws=args.draws if args.predict else 0, predict_citizens=args.predict_citizens)
    print(f"ABC-SMC ({args.mechanism}): {result['generations_run']} generations, {result['simulations']:,} "
          f"simulations, final epsilon {result['final_epsilon']:.3g}, {result['seconds']:.0f} s", file=sys.stderr)
    print("parameter      median      90% interval")
    for row in result["posterior"]:
        print(f"{row['parameter']:<14} {row['median']:<11.4g} [{row['q05']:.4g}, {row['q95']:.4g}]")
    if "prediction" in result:
        print("\ndate     kind      CNNIC   predicted (90% interval)")
        for row in result["prediction"]["rows"]:
            print(f"{row['date']}  {row['kind']:<9} {100 * row['observed']:.1f}%   {100 * row['median']:.1f}% "
                  f"[{100 * row['q05']:.1f}, {100 * row['q95']:.1f}]{'' if row['inside_90'] else '  outside'}")
    print(f"wrote {args.out}/")
    return 0


def _redress(args: argparse.Namespace) -> int:
    """The hotline calibration: run it, print the posterior and (with --predict) the 2019/2020 predictive table."""
    import sys

    from smartgov.experiments.redress_calibration import run

    result = run(args.out, parameters=tuple(args.parameters), n_citizens=args.n_citizens,
                 population_size=args.population_size, generations=args.generations, seed=args.seed,
                 workers=args.workers, dask=args.dask, predict_draws=args.draws if args.predict else 0,
                 predict_citizens=args.predict_citizens)
    print(f"ABC-SMC (redress): {result['generations_run']} generations, {result['simulations']:,} simulations, "
          f"final epsilon {result['final_epsilon']:.3g}, {result['seconds']:.0f} s", file=sys.stderr)
    print("parameter              median      90% interval")
    for row in result["posterior"]:
        print(f"{row['parameter']:<22} {row['median']:<11.4g} [{row['q05']:.4g}, {row['q95']:.4g}]")
    if "prediction" in result:
        print("\nyear  statistic               kind       Beijing   predicted (90% interval)")
        for row in result["prediction"]["rows"]:
            seen = "" if row["kind"] == "predicted" else f"{row['observed']:.3f}"
            flag = "  outside" if row["inside_90"] is False else ""
            print(f"{row['year']}  {row['statistic']:<23} {row['kind']:<10} {seen:<9} {row['median']:.3f} "
                  f"[{row['q05']:.3f}, {row['q95']:.3f}]{flag}")
    print(f"wrote {args.out}/")
    return 0
