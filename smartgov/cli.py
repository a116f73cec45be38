"""``smartgov``: a thin command-line shell over the public functions of model/, scenarios/ and experiments/.

Subcommands live in ``smartgov/commands/``, one module each, discovered at start-up. Bad input exits with code
2 and one clear message; nothing is written.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

import smartgov
from smartgov import commands


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smartgov",
        description="Agent-based simulation of smart governance (智慧治理): trust, equity and efficiency.",
    )
    parser.add_argument("--version", action="version", version=f"smartgov {smartgov.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except UsageError as err:
        print(f"smartgov {args.command}: error: {err}", file=sys.stderr)
        return 2
    except ValueError as err:  # ParameterError, ScenarioError, design errors: all name field, value, allowed
        print(f"smartgov {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"smartgov {args.command}: interrupted", file=sys.stderr)
        return 130
