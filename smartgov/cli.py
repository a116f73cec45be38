"""``smartgov``: a thin command-line shell over the public functions of model/, scenarios/ and experiments/.

Subcommands live in ``smartgov/commands/``, one module each, discovered at start-up. Start-up must stay fast
(``smartgov --help`` well under a second): a command module's top level imports only the standard library and
light smartgov modules, and its ``handle()`` imports the heavy ones (pandas, mesa, SALib, matplotlib, ...). When
the command line names a subcommand, only that module is imported. Bad input exits with code 2 and one clear
message; nothing is written.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import re
import sys
from collections.abc import Sequence

import smartgov
from smartgov import commands


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


def command_names() -> list[str]:
    """Names of the subcommand modules, found without importing them."""
    return sorted(info.name for info in pkgutil.iter_modules(commands.__path__) if not info.name.startswith("_"))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``command`` only that subcommand's module is imported (faster start-up)."""
    parser = argparse.ArgumentParser(
        prog="smartgov",
        description="Agent-based simulation of smart governance (智慧治理): trust, equity and efficiency.",
    )
    parser.add_argument("--version", action="version", version=f"smartgov {smartgov.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    names = command_names()
    for name in [command] if command in names else names:
        module = importlib.import_module(f"{commands.__name__}.{name}")
        module.register(sub)
    return parser


def as_flags(message: str, parser: argparse.ArgumentParser, command: str) -> str:
    """A library message in the command's terms: ``steps = 0 ...`` becomes ``--steps = 0 ...`` and
    ``resume=True`` becomes ``--resume`` (library errors speak of arguments, users typed flags)."""
    sub = next((action.choices[command] for action in parser._actions  # argparse has no public accessor
                if isinstance(action, argparse._SubParsersAction) and command in action.choices), None)
    if sub is None:
        return message
    for action in sub._actions:
        flags = [f for f in action.option_strings if f.startswith("--")]
        if not flags:
            continue
        dest = action.dest
        message = re.sub(rf"(?<![\w.'\-]){re.escape(dest)} = ", f"{flags[0]} = ", message)
        message = re.sub(rf"(?<![\w.'\-]){re.escape(dest)}=True\b", flags[0], message)
    return message


def _named_command(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line: the first argument that is not an option."""
    for arg in argv:
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg
    return None


def _stdout_closed() -> int:
    """The reader of our output went away (``smartgov params | head``): no traceback, exit code 1.

    Python's documented recipe: point stdout at devnull so the interpreter's final flush does not fail again.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``smartgov`` console script; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_named_command(argv))
    args = parser.parse_args(argv)
    try:
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # a closed pipe shows up here, inside the try, not at interpreter exit
        return code
    except UsageError as err:
        print(f"smartgov {args.command}: error: {err}", file=sys.stderr)
        return 2
    except ValueError as err:  # ParameterError, ScenarioError, design errors: all name field, value, allowed
        print(f"smartgov {args.command}: error: {as_flags(str(err), parser, args.command)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return _stdout_closed()
    except KeyboardInterrupt:
        print(f"smartgov {args.command}: interrupted", file=sys.stderr)
        return 130
