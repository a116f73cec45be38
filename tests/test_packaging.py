"""The package as installed from a wheel: every subpackage and data file is shipped, start-up stays light, and
workers run with one BLAS/OpenMP thread.

Cheap static checks of pyproject.toml against the source tree (no wheel is built here; .ci/run builds one, installs
it non-editable in a fresh venv and runs it). An editable install hides a package or a data file missing from the
wheel, which is how smartgov.commands, smartgov.model.processes and smartgov.viz.components were once left out.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
PACKAGE_DIR: dict[str, str] = SETUPTOOLS["package-dir"]
PACKAGE_DATA: dict[str, list[str]] = SETUPTOOLS.get("package-data", {})
NOT_SOURCE = {".venv", ".git", "build", "dist", "docs", "tests", "runs", "__pycache__"}
# Libraries `smartgov --help` must not load (issue 8: start-up ≤ 0.5 s).
HEAVY = ("numpy", "pandas", "scipy", "SALib", "prim", "matplotlib", "seaborn", "dask", "distributed", "solara",
         "mesa", "networkx", "pyarrow")


def _visible(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return not any(p in NOT_SOURCE or p.startswith(".") or p.endswith(".egg-info") for p in parts)


def discovered_packages() -> dict[str, Path]:
    """What setuptools' explicit-layout discovery finds: each mapped folder and every folder below it."""
    found = {}
    for name, folder in PACKAGE_DIR.items():
        base = ROOT / folder
        found[name] = base
        for sub in base.rglob("*"):
            if sub.is_dir() and _visible(sub):
                found[".".join([name, *sub.relative_to(base).parts])] = sub
    return found


def test_packages_are_discovered_not_listed() -> None:
    # an explicit list is what left subpackages out; with only package-dir, setuptools finds them all
    assert "packages" not in SETUPTOOLS, "remove [tool.setuptools] packages: they are discovered from package-dir"
    for name, folder in PACKAGE_DIR.items():
        assert (ROOT / folder / "__init__.py").is_file(), f"{name} -> {folder}/ has no __init__.py"


def test_every_python_package_in_the_repository_is_shipped() -> None:
    mapped = [(ROOT / folder).resolve() for folder in PACKAGE_DIR.values()]
    shipped = {path.resolve() for path in discovered_packages().values()}
    for init in ROOT.rglob("__init__.py"):
        if not _visible(init):
            continue
        folder = init.parent.resolve()
        assert any(folder == m or m in folder.parents for m in mapped), \
            f"{folder.relative_to(ROOT)}/ is a package outside the folders mapped in [tool.setuptools] package-dir"
        assert folder in shipped, f"{folder.relative_to(ROOT)}/ would not be in the wheel"
    for must in ("smartgov.commands", "smartgov.model.processes", "smartgov.viz.components"):
        assert must in discovered_packages(), must


def test_every_source_folder_is_a_regular_package() -> None:
    # a folder of modules without __init__.py would ship as a namespace package: almost always a mistake
    for name, folder in discovered_packages().items():
        if any(folder.glob("*.py")):
            assert (folder / "__init__.py").is_file(), f"{name} ({folder.relative_to(ROOT)}/) has no __init__.py"


def _data_files() -> set[Path]:
    files = set()
    for folder in PACKAGE_DIR.values():
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and _visible(path) and path.suffix not in (".py", ".pyc"):
                files.add(path.resolve())
    return files


def _shipped_data() -> set[Path]:
    packages = discovered_packages()
    shipped = set()
    for package, patterns in PACKAGE_DATA.items():
        assert package in packages, f"package-data names {package}, which is not a package"
        for pattern in patterns:
            matched = {p.resolve() for p in packages[package].glob(pattern) if p.is_file()}
            assert matched, f"package-data {package}: {pattern!r} matches no file"
            shipped |= matched
    return shipped


def test_every_data_file_is_package_data() -> None:
    # scenarios/*.yaml, experiments/designs/*.yaml, py.typed, and any asset added later: in the wheel or it fails
    missing = sorted(str(p.relative_to(ROOT)) for p in _data_files() - _shipped_data())
    assert not missing, f"files the package reads are not package-data (add them to pyproject.toml): {missing}"
    for needed in ("scenarios/baseline.yaml", "experiments/designs/grid_sharing_outreach.yaml"):
        assert (ROOT / needed).resolve() in _shipped_data(), needed


def test_packages_are_marked_typed() -> None:
    for name, folder in PACKAGE_DIR.items():
        assert (ROOT / folder / "py.typed").is_file(), f"{folder}/py.typed missing"
        assert "py.typed" in PACKAGE_DATA.get(name, []), f"py.typed of {name} is not package-data"


def test_build_requirements() -> None:
    # `license = "MIT"` (a PEP 639 expression) needs setuptools >= 77
    requires = " ".join(PYPROJECT["build-system"]["requires"])
    version = re.search(r"setuptools\s*>=\s*(\d+)", requires)
    assert version and int(version.group(1)) >= 77, requires
    dependencies = " ".join(PYPROJECT["project"]["dependencies"])
    assert "threadpoolctl" in dependencies
    assert not re.search(r"(^|\s)build\b", dependencies), "build is a CI tool, not a runtime dependency"


def test_help_imports_no_heavy_library() -> None:
    # a fresh interpreter, as for `smartgov --help`; wall time is measured by experiments/cli_bench.py, not here
    code = ("import sys\nfrom smartgov.cli import build_parser\nbuild_parser().format_help()\n"
            f"print(' '.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "", f"smartgov --help imports {out.stdout.strip()}: import them inside handle()"


def test_limit_threads_is_idempotent_and_reaches_child_processes() -> None:
    # worker initializers and every Dask task call it; a child process (a pool worker) must inherit one thread
    code = ("import subprocess, sys, numpy\n"
            "from threadpoolctl import threadpool_info\n"
            "from smartgov.experiments.threads import describe_threads, limit_threads\n"
            "first = limit_threads(); second = limit_threads()\n"
            "assert all(lib['num_threads'] == 1 for lib in first + second), second\n"
            "child = 'import numpy; from threadpoolctl import threadpool_info; "
            "print(max([lib[\"num_threads\"] for lib in threadpool_info()] or [1]))'\n"
            "print(subprocess.run([sys.executable, '-c', child], capture_output=True, text=True).stdout.strip())\n"
            "print(describe_threads())\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    child_threads, description = out.stdout.strip().splitlines()
    assert child_threads == "1"
    assert "OMP_NUM_THREADS=1" in description and "OPENBLAS_NUM_THREADS=1" in description
