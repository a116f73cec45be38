"""``smartgov params``: every parameter with its default, allowed values, unit and meaning."""

from __future__ import annotations

import argparse

from smartgov.model.params import GROUPS, allowed_text, fields, parameter_table


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("params", help="list the model parameters")
    parser.add_argument("--markdown", action="store_true", help="print the docs' Markdown table")
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    if args.markdown:
        print(parameter_table())
        return 0
    group = None
    for f in fields():
        m = f.metadata
        if m["group"] != group:
            group = m["group"]
            print(f"\n{GROUPS[group][0 if args.lang == 'en' else 1]}")
        print(f"  {f.name:22} {f.default!r:>14}  {allowed_text(f):28} {m[args.lang]}")
    return 0
