"""Results on disk: atomic writes, one manifest with full provenance, and loading what was written.

Every file smartgov writes goes to a hidden temporary name beside its target and is renamed into place, so a
process killed at any moment (or a full disk) leaves whole files or none. A folder of several files
(:func:`write_folder`) is staged in a hidden sibling folder and moved in only when every file is complete.
The manifest is the one record of what produced a result: smartgov version, git commit when run from a
checkout, Python and library versions, and whatever the caller adds (parameters, seeds, design).
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import smartgov
from smartgov.scenarios.safe_load import InputError, shorten

if TYPE_CHECKING:
    import pandas as pd

MANIFEST_KEYS = ("kind", "smartgov_version", "code", "created", "design", "digest", "design_file", "design_text",
                 "problem", "replicate_seeds", "parameters", "events", "runs", "seed", "steps", "scenario", "overrides")
LIBRARIES = ("numpy", "pandas", "scipy", "mesa", "networkx", "pyarrow", "SALib", "dask", "distributed")
MANIFEST = "manifest.json"


class ResultsError(InputError):
    """A result folder or file that cannot be used; the message names it and says what to do."""


# -- writing ----------------------------------------------------------------------------------------

def cannot_write(path: Path, err: OSError) -> ResultsError:
    """A failed write (disk full, read-only, no permission, bad name) as one clear message; nothing partial stays."""
    reason = err.strerror or type(err).__name__
    return ResultsError(f"{shorten(str(path), 120)}: cannot write ({reason}); nothing half-written was left: fix the "
                        "cause (free space, a writable folder) and run again (a sweep, comparison or validation keeps "
                        "its finished runs: add --resume)")


def make_folder(path: Path) -> None:
    try:
        Path(path).mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise cannot_write(Path(path), err) from None


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write through ``write(tmp)`` to a hidden temporary name beside ``path``, then rename into place."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as err:  # only the file system's own failures; anything else is a bug and propagates
        raise cannot_write(path, err) from None
    finally:
        with contextlib.suppress(OSError):  # a read-only folder: the temporary file was never created either
            tmp.unlink(missing_ok=True)


def to_json(data: Any) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, default=str)


def write_json(path: Path, data: Any) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(to_json(data), encoding="utf-8"))


def write_parquet(path: Path, frame: Any) -> None:
    atomic_write(path, lambda tmp: frame.to_parquet(tmp, index=False))


def write_folder(out: Path, writers: dict[str, Callable[[Path], None]]) -> list[Path]:
    """Write each ``name -> write(path)`` into ``out``, all or nothing.

    Files are written into a hidden staging folder beside ``out`` and moved in only when all of them are
    complete; a failure leaves ``out`` as it was. Returns the paths written.
    """
    out = Path(out)
    make_folder(out.parent)
    staging = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        for name, write in writers.items():
            write(staging / name)
        out.mkdir(exist_ok=True)
        written = []
        for item in sorted(staging.iterdir()):
            target = out / item.name
            if target.is_dir() and not item.is_dir():
                shutil.rmtree(target)
            os.replace(item, target)
            written.append(target)
        return written
    except OSError as err:
        raise cannot_write(out, err) from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def check_output_folder(out: Path | str, option: str = "out") -> Path:
    """Check an output folder before any work: a sane name, not a file, under a writable folder."""
    text = str(out)
    if not text.strip():
        raise ResultsError(f"{option} = {text!r} is not allowed; expected the path of an output folder")
    shown = shorten(text)
    path = Path(text)
    if any(len(os.fsencode(part)) > 255 for part in path.parts) or len(os.fsencode(text)) > 4000:
        raise ResultsError(f"{option} = {shown} is not allowed; expected a path whose names are at most 255 bytes "
                           "(and 4,000 in all)")
    if "\x00" in text:
        raise ResultsError(f"{option} = {shown} is not allowed; a path cannot contain a NUL character")
    if path.exists() and not path.is_dir():
        raise ResultsError(f"{option} = {shown} is not allowed; expected a folder (a file has that name)")
    ancestor = path
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise ResultsError(f"{option} = {shown} is not allowed; {shorten(str(ancestor))} is a file, not a folder")
    try:  # a real probe: root passes os.access() even where nothing can be written (/proc, a read-only mount)
        handle, probe = tempfile.mkstemp(prefix=".smartgov-probe.", dir=ancestor)
        os.close(handle)
        os.unlink(probe)
    except OSError as err:
        raise ResultsError(f"{option} = {shown} is not allowed; cannot write in {shorten(str(ancestor))} "
                           f"({err.strerror or type(err).__name__})") from None
    return path


# -- provenance -------------------------------------------------------------------------------------

@cache
def provenance() -> dict[str, Any]:
    """smartgov version, git commit (from a checkout), Python, platform and library versions."""
    from importlib.metadata import PackageNotFoundError, version

    info: dict[str, Any] = {"smartgov": smartgov.__version__, "python": platform.python_version(),
                            "platform": platform.platform()}
    for name in LIBRARIES:
        try:
            info[name] = version(name)
        except PackageNotFoundError:
            info[name] = None
    root = Path(smartgov.__file__).resolve().parent.parent
    info.update(git_commit=None, git_dirty=None)
    if (root / ".git").exists():
        try:
            commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                                    timeout=10, check=True).stdout.strip()
            dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                                   capture_output=True, text=True, timeout=10, check=True).stdout.strip()
            info.update(git_commit=commit, git_dirty=bool(dirty))
        except (OSError, subprocess.SubprocessError):
            pass  # no git on this machine: the commit is unknown, not an error
    return info


def manifest(kind: str, **fields: Any) -> dict[str, Any]:
    """The manifest of a result: what kind (run, sweep, comparison, validation), provenance, and ``fields``."""
    return {"kind": kind, "smartgov_version": smartgov.__version__, "code": provenance(),
            "created": datetime.now(UTC).isoformat(timespec="seconds"), **fields}


# -- reading ----------------------------------------------------------------------------------------

def load_manifest(out: Path | str, required: tuple[str, ...] = ()) -> dict[str, Any]:
    """The manifest of a result folder, checked to be a mapping holding ``required`` keys."""
    from smartgov.scenarios.safe_load import load_json_file

    path = Path(out) / MANIFEST
    try:
        present = path.is_file()
    except (OSError, ValueError):  # a name the file system refuses (too long, NUL)
        present = False
    if not present:
        raise ResultsError(f"{shorten(str(out))}: not a smartgov result folder (no {MANIFEST}); run `smartgov sweep "
                           "DESIGN --out DIR` (or compare/validate) first")
    try:
        data = load_json_file(path)
    except InputError as err:
        raise ResultsError(f"{err}; the manifest is damaged: rerun into a new folder") from None
    if not isinstance(data, dict):
        raise ResultsError(f"{path}: expected a JSON object (a smartgov manifest), found {type(data).__name__}; "
                           "rerun into a new folder")
    missing = [key for key in required if key not in data]
    unknown = [key for key in data if key not in MANIFEST_KEYS]
    if missing or unknown:
        what = f"field {missing[0]!r} is missing" if missing else f"unknown field {shorten(unknown[0])}"
        raise ResultsError(f"{path}: {what}; this is not a manifest smartgov wrote (or it was edited): rerun into a "
                           "new folder")
    return data


def finished(out: Path) -> set[str]:
    """Run ids with a results file (a folder of that name is not a result)."""
    return {p.stem for p in (Path(out) / "runs").glob("*.parquet") if p.is_file()}


def ordered(frames: list[pd.DataFrame], run_ids: list[str]) -> pd.DataFrame:
    """Runs' frames in design order (``run_ids``: scenario, point, replicate), whatever order they finished in."""
    if not frames:
        raise ResultsError("no runs to put together")
    order = {run_id: i for i, run_id in enumerate(run_ids)}
    foreign = [f["run_id"].iat[0] for f in frames if f["run_id"].iat[0] not in order]
    if foreign:
        raise ResultsError(f"run {foreign[0]!r} is not a run of this design; the folder mixes results of different "
                           "designs: remove that file or rerun into a new folder")
    frames = sorted(frames, key=lambda f: order[f["run_id"].iat[0]])
    import pandas as pd

    return pd.concat(frames, ignore_index=True)


def load_results(out: Path | str, run_ids: list[str] | None = None) -> pd.DataFrame:
    """All finished runs' time series as one tidy frame (one row per run and step), in design order.

    A damaged or foreign file is named with what to do; it never passes silently.
    """
    import pandas as pd
    import pyarrow as pa

    folder = Path(out) / "runs"
    if not folder.is_dir():
        raise ResultsError(f"{out}: no runs folder ({folder}); not a smartgov result folder")
    files = sorted(folder.glob("*.parquet"))
    if not files:
        raise ResultsError(f"{out}: no finished runs (expected {folder}/*.parquet)")
    frames = []
    for path in files:
        if not path.is_file():
            raise ResultsError(f"{path}: expected a run file, found a folder; remove it and rerun with --resume")
        try:
            frame = pd.read_parquet(path)
        except (OSError, pa.ArrowException, ValueError) as err:
            raise ResultsError(f"{path}: damaged Parquet file ({type(err).__name__}); delete it and rerun with "
                               "--resume to recompute it") from None
        missing = [c for c in ("run_id", "step", "seed") if c not in frame.columns]
        if missing or frame.empty or frame["run_id"].iat[0] != path.stem:
            raise ResultsError(f"{path}: not a smartgov run file (missing column {missing[0]!r})" if missing else
                               f"{path}: not the run its name says (empty or another run's rows); delete it and "
                               "rerun with --resume to recompute it")
        frames.append(frame)
    if run_ids is not None:
        return ordered(frames, run_ids)
    return pd.concat(frames, ignore_index=True)

