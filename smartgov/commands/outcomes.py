"""``smartgov outcomes``: every outcome of the registry with its unit, kind and which direction is better."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("outcomes", help="list the outcome columns (the outcome registry)",
                            description="Every outcome a run records, one per line: column name, stock (a state) "
                                        "or flow (this week), unit, whether higher is better, and its label.")
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from smartgov.model import metrics

    better = {True: "higher better", False: "lower better", None: "—"}
    for spec in metrics.OUTCOMES.values():
        mark = "*" if spec.headline else " "
        print(f"{mark} {spec.name:28} {spec.kind:5}  {spec.unit:30} {better[spec.higher_is_better]:13} "
              f"{spec.label(args.lang)}")
    print("* headline outcome (KPI cards, default design outcomes)" if args.lang == "en" else "* 核心指标")
    return 0
