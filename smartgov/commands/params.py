"""``smartgov params``: every parameter with its default, allowed values, unit and meaning."""

from __future__ import annotations

import argparse
import re
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("params", help="list the model parameters")
    parser.add_argument("--markdown", action="store_true", help="print the docs' Markdown table")
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    parser.add_argument("--update-docs", type=Path, metavar="MODEL_MD",
                        help="rewrite the generated table in this file (docs/model.md)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Print the parameters; the model package (mesa, numpy) is imported here, not at start-up."""
    from smartgov.model.params import GROUPS, allowed_text, fields, parameter_table

    if args.update_docs:
        update_docs(args.update_docs)
        print(f"updated the parameter table in {args.update_docs}")
        return 0
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
    from smartgov.experiments import limits

    print("\nRun limits (checked before any work)" if args.lang == "en" else "\n运行上限（开始计算前检查）")
    for line in limits.describe():
        print(f"  {line}")
    return 0


BEGIN, END = "<!-- parameter table: generated, do not edit by hand -->", "<!-- end of parameter table -->"


def update_docs(path: Path) -> None:
    """Replace the generated parameter table between its markers (the file is rewritten atomically)."""
    from smartgov.experiments.results import ResultsError, atomic_write
    from smartgov.model.params import parameter_table

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or type(err).__name__
        raise ResultsError(f"--update-docs = {str(path)[:80]}: cannot read it as UTF-8 text ({reason}); expected "
                           "docs/model.md") from None
    if BEGIN not in text or END not in text:
        raise ResultsError(f"--update-docs = {str(path)[:80]}: markers {BEGIN!r} and {END!r} not found; expected "
                           "docs/model.md")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), flags=re.S)
    updated = pattern.sub(lambda _: f"{BEGIN}\n{parameter_table()}\n{END}", text)
    atomic_write(path, lambda tmp: tmp.write_text(updated, encoding="utf-8"))
