"""Posterior draws: parameter uncertainty carried into comparisons and the validation suite (issue 10, item 4).

A calibration (:mod:`smartgov.experiments.calibration`, ABC-SMC) ends with weighted particles, shipped as a CSV
with one column per calibrated :class:`~smartgov.model.params.Params` field and a ``weight`` column (e.g.
``docs/calibration/bass/particles.csv``). Here such a file is read and checked, and ``k`` particles are drawn by
weight (with replacement: the weighted particles *are* the posterior sample) from a generator seeded from the
design's master seed, so a design over the posterior is reproducible from its seed and the file's content.

The design gives replicate ``r`` of every scenario draw ``r`` (:meth:`smartgov.experiments.design.Design.runs`):
within a replicate all scenarios share the seed *and* the parameters, so a paired difference compares policies in
one world, and the spread of the differences over replicates carries parameter uncertainty on top of stochastic
noise. What wins when something else also sets a drawn parameter (:func:`applied`):

1. the design's own settings for every scenario (``--set``, ``--n-citizens``, a pseudo-scenario's overrides, a
   knock-out, a varied factor) pin that parameter: the comparison stays paired, the parameter is not drawn;
2. a scenario's own setting of a *lever* wins (a lever is the policy being compared, not a fact about the world);
3. a scenario's own setting of any other parameter in the file is refused (:class:`PosteriorError`): that
   scenario would live in a different world from the others, and the comparison would not be paired.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from smartgov.experiments import limits
from smartgov.model.params import ParameterError, allowed_text, field_info, levers
from smartgov.scenarios.safe_load import InputError, decode, read_bytes, shorten

WEIGHT = "weight"
MAX_FILE_BYTES = 16 * 1024 * 1024  # a pyabc population is a few thousand particles (the bass file is 9 kB)
STREAM = 0x706F7374  # "post": the draws' own stream from the master seed, apart from the replicate seeds
ENTRY_KEYS = ("file", "sha256", "columns", "rows", "draws")  # what a design records (Design.posterior)


class PosteriorError(InputError):
    """A particles file (or a use of it) that cannot be run; the message names the file, the column or row, the
    value and what is allowed."""


@dataclass(frozen=True, eq=False)
class Particles:
    """The weighted particles of a posterior: ``values[i]`` is particle ``i`` (one value per column)."""

    path: str
    sha256: str  # of the file's bytes: a run records which posterior it drew from
    columns: tuple[str, ...]
    values: tuple[tuple[float | int, ...], ...]
    weights: np.ndarray  # normalised to sum 1

    def row(self, index: int) -> dict[str, Any]:
        """Particle ``index`` as parameter overrides."""
        return dict(zip(self.columns, self.values[index], strict=True))

    def draw_rows(self, k: int, seed: int) -> list[int]:
        """``k`` particle indices drawn by weight, with replacement, reproducibly from ``seed``.

        Inverse-CDF sampling from one uniform per draw: drawing more keeps the earlier draws (as adding
        replicates keeps the earlier replicate seeds), and a particle of weight 0 is never drawn.
        """
        limits.check("replicates", k)  # before drawing: a mistyped 10**9 would fill the memory
        limits.check("seed", seed)
        rng = np.random.default_rng([int(seed), STREAM])
        cdf = np.cumsum(self.weights)
        cdf /= cdf[-1]
        picks = np.searchsorted(cdf, rng.random(int(k)), side="right")
        return [int(i) for i in np.minimum(picks, len(cdf) - 1)]

    def draws(self, k: int, seed: int) -> list[dict[str, Any]]:
        """``k`` parameter sets drawn by weight (see :meth:`draw_rows`), as override dicts."""
        return [self.row(i) for i in self.draw_rows(k, seed)]

    def entry(self, k: int, seed: int) -> dict[str, Any]:
        """What a design records about its posterior: file, content hash, the rows drawn and their values."""
        rows = self.draw_rows(k, seed)
        return {"file": self.path, "sha256": self.sha256, "columns": list(self.columns), "rows": rows,
                "draws": [self.row(i) for i in rows]}


def load_particles(path: str | Path) -> Particles:
    """Read and check a particles CSV: a ``weight`` column (non-negative, not all zero) and columns named after
    numeric ``Params`` fields, every value inside that field's range. Problems raise :class:`PosteriorError`."""
    where = shorten(str(path), 120)
    try:
        data = read_bytes(path, where, max_bytes=MAX_FILE_BYTES, kind="particles file")
        text = decode(data, where, MAX_FILE_BYTES, kind="particles file")
    except InputError as err:
        raise err.as_(PosteriorError) from None
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        raise PosteriorError(f"{where}: not a CSV file ({err})", where=where, allowed="a CSV file") from None
    table = [row for row in table if any(cell.strip() for cell in row)]
    if len(table) < 2:
        raise PosteriorError(f"{where}: no particles; expected a header row (parameter columns and 'weight') and "
                             "one row per particle", where=where, allowed="a header and at least one particle")
    header = [cell.strip() for cell in table[0]]
    _check_header(header, where)
    kinds = {name: field_info(name) for name in header if name != WEIGHT}
    columns = tuple(kinds)
    values, weights = [], []
    for line, row in enumerate(table[1:], start=2):
        if len(row) != len(header):
            raise PosteriorError(f"{where}: line {line} has {len(row)} cells; expected {len(header)} (one per "
                                 "column of the header)", where=where, field=f"line {line}",
                                 allowed=f"{len(header)} cells")
        cells = dict(zip(header, row, strict=True))
        weights.append(_weight(cells[WEIGHT], where, line))
        values.append(tuple(_value(kinds[name], cells[name], where, line) for name in columns))
    w = np.asarray(weights, dtype=float)
    if not w.sum() > 0 or not math.isfinite(float(w.sum())):
        raise PosteriorError(f"{where}: column 'weight' sums to {float(w.sum())!r}; expected non-negative weights "
                             "that are not all zero", where=where, field=WEIGHT,
                             allowed="non-negative weights, not all zero")
    digest = hashlib.sha256(data).hexdigest()
    return Particles(str(path), digest, columns, tuple(values), w / w.sum())


def _check_header(header: list[str], where: str) -> None:
    if WEIGHT not in header:
        raise PosteriorError(f"{where}: no column 'weight'; expected a 'weight' column (the particles' weights) "
                             "beside the parameter columns", where=where, field=WEIGHT, allowed="a 'weight' column")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise PosteriorError(f"{where}: column {shorten(name, 60)} is given twice; expected each column once",
                                 where=where, field=name, allowed="each column once")
        seen.add(name)
        if name == WEIGHT:
            continue
        try:
            f = field_info(name)
        except ParameterError as err:
            raise PosteriorError(f"{where}: column {shorten(name, 60)} is not allowed; expected 'weight' or "
                                 f"{err.allowed}", where=where, field=name, allowed=err.allowed) from None
        if f.type not in ("int", "float"):
            raise PosteriorError(f"{where}: column {name!r} is not allowed; expected a numeric parameter ({name} is "
                                 f"{allowed_text(f)}: switches and choices are not drawn from a posterior)",
                                 where=where, field=name, allowed="a numeric parameter")
    if len(header) < 2:
        raise PosteriorError(f"{where}: only a 'weight' column; expected at least one parameter column",
                             where=where, allowed="at least one parameter column")


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _weight(text: str, where: str, line: int) -> float:
    value = _number(text)
    if value is None or value < 0:
        raise PosteriorError(f"{where}: line {line}, column 'weight' = {shorten(text, 40)} is not allowed; "
                             "expected a non-negative number", where=where, field=WEIGHT, value=text,
                             allowed="a non-negative number")
    return value


def _value(f: Any, text: str, where: str, line: int) -> float | int:
    """A cell as the field's type, inside its range."""
    value = _number(text)
    lo, hi = f.metadata["range"]
    if value is not None and f.type == "int":
        value = int(value) if value.is_integer() else None
    if value is None or not lo <= value <= hi:
        raise PosteriorError(f"{where}: line {line}, column {f.name!r} = {shorten(text, 40)} is not allowed; "
                             f"expected {allowed_text(f)}", where=where, field=f.name, value=text,
                             allowed=allowed_text(f))
    return value


def as_particles(posterior: Particles | str | Path) -> Particles:
    """A particles file (path) loaded, or loaded particles as they are."""
    return posterior if isinstance(posterior, Particles) else load_particles(posterior)


def applied(draw: Mapping[str, Any], scenario: str, scenario_parameters: Mapping[str, Any],
            pinned: Iterable[str], file: str = "posterior") -> dict[str, Any]:
    """The part of ``draw`` a scenario's run takes (module docstring): parameters the design pins for every
    scenario (``pinned``) and levers the scenario sets are left out; any other parameter the scenario sets is
    refused, naming the scenario, the parameter and the file."""
    pinned, policy = set(pinned), set(levers())
    out = {}
    for name, value in draw.items():
        if name in pinned:
            continue
        if name in scenario_parameters:
            if name in policy:
                continue
            raise PosteriorError(
                f"scenario {scenario}: parameter {name!r} = {shorten(scenario_parameters[name], 40)} is set by the "
                f"scenario and also drawn from the posterior file {shorten(file, 80)} (--posterior); expected a "
                "scenario that leaves calibrated parameters to the posterior (only levers may differ between "
                "scenarios), or pin it for every scenario (--set)", where=file, field=name,
                allowed="no scenario setting of a drawn parameter")
        out[name] = value
    return out
