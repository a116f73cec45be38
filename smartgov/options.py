"""Options shared by subcommands: scenario + ``--set`` overrides into validated Params."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported inside the functions: the model package loads mesa, too slow for `--help`
    from smartgov.model.params import Params


def parse_overrides(pairs: Sequence[str]) -> dict[str, object]:
    """``KEY=VALUE`` strings into typed values; unknown keys and bad values raise ParameterError."""
    from smartgov.model.params import ParameterError, Params

    values: dict[str, object] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        if not sep or not key:
            raise ParameterError(pair, pair, "KEY=VALUE with a parameter name before '='")
        values[key.strip()] = Params.parse_value(key.strip(), text.strip())
    return values


def scenario_params(scenario: str, overrides: Sequence[str], **extra: object) -> Params:
    """The scenario's parameters with ``--set`` overrides and explicit options (e.g. n_citizens) on top."""
    from smartgov.scenarios import load

    chosen = {k: v for k, v in extra.items() if v is not None}
    given = parse_overrides(overrides)
    for key, value in chosen.items():
        if key in given and given[key] != value:
            raise ValueError(f"--{key.replace('_', '-')} = {value!r} and --set {key}={given[key]!r} disagree; "
                             "give it once")
    return load(scenario).params(**{**given, **chosen})


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """The options every single-run command shares (cheap: called for every ``--help``)."""
    parser.add_argument("--scenario", default="baseline", help="library scenario name or path to a .yaml file")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                        help="override a parameter (repeatable); see `smartgov params`")
    parser.add_argument("--steps", type=int, default=104, help="weeks to simulate (default 104)")
    parser.add_argument("--n-citizens", type=int, default=None, help="population size (default: scenario's)")
