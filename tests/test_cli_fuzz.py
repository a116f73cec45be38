"""Property-based tests of the command line and its loaders, in this process (issue 14, item 5).

Argument lists are built from the real subcommands and their real options, with values drawn from odd and bad
values (huge and negative numbers, floats, empty and 5,000-character strings, unicode, paths that are files,
missing, under a file, under /proc) and from valid but tiny ones; every example is forced to small work (few
citizens, few steps, two replicates, no worker processes, no progress bar, no figures). The contract (README):
``main()`` returns 0, 1 or 2 (or argparse exits with 2), never raises; exit code 2 comes with exactly one line on
stderr, ``smartgov COMMAND: error: ...``, short, without a traceback, and leaves no ``--out`` behind.

Each value knows whether it is bad (outside what the option allows); an argument list holding a bad value must be
refused (exit code 2). ``test_cli_fuzz`` counts the clean refusals of bad inputs and prints the rate; run it with
more examples by setting ``SMARTGOV_FUZZ_EXAMPLES`` (e.g. 1000) and ``-s``; with ``SMARTGOV_FUZZ_RANDOM=1`` the
examples are drawn afresh (``--hypothesis-seed=N`` picks them) instead of the same ones every run.

Commands left out: ``ui`` (starts a server), ``validate`` (many scenarios: its options are shared with sweep and
compare) and ``bench`` (measures in fresh processes: see tests/test_cli_families.py).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartgov.cli import main
from smartgov.experiments.design import KEYS, Design, DesignError, parse_design
from smartgov.model.params import fields
from smartgov.scenarios.safe_load import InputError

EXAMPLES = int(os.environ.get("SMARTGOV_FUZZ_EXAMPLES", "100"))
MAX_MESSAGE = 600
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize="SMARTGOV_FUZZ_RANDOM" not in os.environ,  # CI: the same examples every run
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
LONG = "x" * 5000
PARAMS = [f.name for f in fields()]
DESIGN = """
scenario: baseline
method: grid
parameters:
  data_sharing: {levels: [siloed, fusion]}
  outreach_share: {levels: [0.0, 0.2]}
fixed: {n_citizens: 50}
replicates: 2
steps: 3
outcomes: [trust, trust_excluded, equity_gap, efficiency]
seed: 2026
"""


# -- values: (text or path token, bad?) ---------------------------------------------------------------

@dataclass(frozen=True)
class V:
    """One option value: its text (or a ``@token`` resolved to a path in the example's folder) and whether it is
    outside what the option allows (then the command must refuse it)."""

    text: str
    bad: bool = False


def mostly(good: list[V], bad: list[V]) -> st.SearchStrategy[V]:
    """A good value three times in four: most examples then reach the work, not only the first check."""
    return st.one_of(*[st.sampled_from(good)] * 3, st.sampled_from(bad))


def ints(valid: list[int], bad: list[Any]) -> st.SearchStrategy[V]:
    return mostly([V(str(v)) for v in valid], [V(str(v), True) for v in bad])


ODD_NUMBERS = [-1, 2**64, 10**20, 10**30, -(2**63), "1.5", "1e3", "", " ", "abc", "0x10", "inf", "nan",
               "9" * 400]
STEPS = ints([1, 2, 3], [0, 5201, *ODD_NUMBERS])
N_CITIZENS = ints([10, 50, 60], [0, 9, 10**6 + 1, *ODD_NUMBERS])
REPLICATES = ints([2, 3], [0, 1, 10_001, 10**9, *ODD_NUMBERS])
SEED = ints([0, 1, 2**63 - 1], [2**63, *ODD_NUMBERS])
WORKERS = ints([0], [1025, *ODD_NUMBERS])
MAX_RUNS = ints([100, 10**12], [0, 10**12 + 1, *ODD_NUMBERS])
CHUNK = ints([1, 2, 3], [0, 10**20, *ODD_NUMBERS])
WINDOW = ints([1, 2], [0, 4, 10**9, *ODD_NUMBERS])  # steps are at most 3 unless a bad --steps is drawn

# output paths: tokens resolved in the example's own folder
OUT = mostly([V("@new"), V("@nested_new"), V("@empty_dir"), V("@unicode"), V("@newline")],
             [V("@file", True), V("@under_file", True), V("", True), V("@long_name", True), V("@long_path", True),
              V("/proc/smartgov-fuzz/out", True), V("/proc/self/fuzz", True), V("/dev/null", True)])
SCENARIO = mostly([V("baseline"), V("digital_only"), V("human_centred")],
                  [V("", True), V("nope", True), V(LONG, True), V("../../etc/passwd", True), V("@bad_yaml", True),
                   V("@missing.yaml", True), V("@dir.yaml", True), V("/dev/zero", True), V("智慧治理", True),
                   V("@file", True), V("-", True)])
SET_KEY = st.one_of(st.sampled_from(PARAMS).map(V), st.sampled_from([V("", True), V("nope", True), V(LONG, True),
                                                                     V("n citizens", True), V("智慧", True)]))
SET_VALUE = st.sampled_from(["", "abc", "1e309", "nan", "inf", "-1", "0", "0.1", "0.4", "true", "false", "2", "50",
                             "siloed", "fusion", "hybrid", "small_world", LONG, "[1, 2]", "{a: 1}", "null", "∞",
                             "10000000000000000000000"])
PRIM = mostly([V("trust<0.5"), V("trust_excluded>0.1"), V("efficiency>0.2")],
              [V("trust>inf", True), V("", True), V("trust<nan", True), V("compliance<0.5", True),
               V("nope<1", True), V("trust<<1", True), V("<", True), V(LONG, True), V("trust<1e400", True),
               V("信任<0.5", True), V("trust<-inf", True)])
DESIGN_ARG = mostly([V("@design_ok")],
                    [V("@design_bad", True), V("@missing.yaml", True), V("@dir.yaml", True), V("", True),
                     V(LONG, True), V("nope", True), V("grid_sharing_outreach@max2", True), V("@bad_yaml", True),
                     V("@file", True)])
DASK = st.sampled_from([V("tcp://127.0.0.1:1", True), V("", True), V("not an address", True), V(LONG, True),
                        V("tcp://127.0.0.1:99999", True)])
ANALYZE_DIR = mostly([V("@sweep")], [V("@missing", True), V("@file", True), V("@empty_dir", True), V("", True),
                                      V("/proc/self", True), V(LONG, True)])
UPDATE_DOCS = mostly([V("@model_md")], [V("@no_markers", True), V("@missing.md", True), V("@empty_dir", True),
                                        V("", True), V("/proc/smartgov-fuzz.md", True), V("/dev/null", True),
                                        V(LONG, True)])
POSTERIOR = mostly([V("@particles_ok")],
                   [V("@particles_bad", True), V("@missing.csv", True), V("@file", True), V("@empty_dir", True),
                    V("", True), V(LONG, True), V("/dev/zero", True)])
JUNK = st.sampled_from(["--bogus", "-x", "", LONG, "--out"])


@dataclass
class Case:
    command: str
    args: list[tuple[str, V | None]] = field(default_factory=list)  # (option or "" for a positional, value)
    caps: list[str] = field(default_factory=list)  # forced small work, before the fuzzed options
    junk: list[str] = field(default_factory=list)

    def bad(self) -> list[str]:
        """Why this argument list must be refused (empty: it may run)."""
        last: dict[str, V] = {}
        positional = []
        for option, value in self.args:
            if value is None:
                continue
            if option:
                last[option] = value  # argparse keeps the last value of a repeated option
            else:
                positional.append(value)
        why = [f"{option} {value.text[:40]!r}" for option, value in last.items() if value.bad]
        why += [f"argument {value.text[:40]!r}" for value in positional if value.bad]
        for option, value in self.args:  # --set is repeatable (append): every pair counts
            if option == "--set" and value is not None and value.bad:
                why.append(f"--set {value.text[:40]!r}")
        if self.command in ("run", "compare"):
            chosen = last.get("--n-citizens", V("50"))
            for option, value in self.args:
                key, _, text = (value.text if value else "").partition("=")
                if option == "--set" and key == "n_citizens" and text.strip() != chosen.text and not chosen.bad:
                    why.append(f"--set n_citizens={text[:20]} disagrees with --n-citizens {chosen.text}")
        if self.command == "compare":
            names = [v.text for o, v in self.args if o == "" and v is not None]
            if len(names) < 2 or len(set(names)) != len(names):
                why.append(f"scenarios {names}")
        if self.junk:
            why.append(f"junk {self.junk}")
        return why


def options(draw: Any, pool: dict[str, st.SearchStrategy[V]], at_most: int = 4) -> list[tuple[str, V]]:
    names = draw(st.lists(st.sampled_from(sorted(pool)), max_size=at_most))
    return [(name, draw(pool[name])) for name in names]


def sets(draw: Any) -> list[tuple[str, V]]:
    pairs = []
    for _ in range(draw(st.integers(0, 2))):
        key, value = draw(SET_KEY), draw(SET_VALUE)
        bad = key.bad or (key.text == "n_citizens" and value not in ("50", "60"))
        pairs.append(("--set", V(f"{key.text}={value}", bad)))
    return pairs


RUNNER = {"--workers": WORKERS, "--max-runs": MAX_RUNS, "--dask": DASK}


@st.composite
def cases(draw: Any) -> Case:
    command = draw(st.sampled_from(["run", "sweep", "compare", "analyze", "params", "scenarios"]))
    case = Case(command)
    if command == "run":
        case.caps = ["--steps", "2", "--n-citizens", "50"]
        case.args = [("--out", draw(OUT)), *options(draw, {"--scenario": SCENARIO, "--steps": STEPS,
                                                           "--n-citizens": N_CITIZENS, "--seed": SEED}), *sets(draw)]
    elif command == "sweep":
        design = draw(DESIGN_ARG)
        case.caps = ["--workers", "0", "--no-progress"]
        case.args = [("", design), ("--out", draw(OUT)),
                     *options(draw, {**RUNNER, "--chunk": CHUNK}, 3)]
        if draw(st.booleans()):
            case.args.append(("--resume", None))
    elif command == "compare":
        names = draw(st.lists(SCENARIO, min_size=0, max_size=3))
        case.caps = ["--replicates", "2", "--steps", "2", "--n-citizens", "50", "--workers", "0", "--no-progress",
                     "--no-figures"]
        case.args = [*(("", name) for name in names), ("--out", draw(OUT)),
                     *options(draw, {**RUNNER, "--replicates": REPLICATES, "--steps": STEPS, "--seed": SEED,
                                     "--n-citizens": N_CITIZENS, "--window": WINDOW, "--posterior": POSTERIOR}),
                     *sets(draw)]
    elif command == "analyze":
        case.caps = ["--no-figures"]
        case.args = [("", draw(ANALYZE_DIR)), *options(draw, {"--out": OUT, "--prim": PRIM}, 2)]
    elif command == "params":
        case.args = options(draw, {"--update-docs": UPDATE_DOCS, "--lang": st.sampled_from(
            [V("en"), V("zh"), V("fr", True), V("", True)])}, 2)
        if draw(st.booleans()):
            case.args.append(("--markdown", None))
    else:
        case.args = [("", draw(st.one_of(st.none(), SCENARIO)))]
        case.args = [a for a in case.args if a[1] is not None]
        case.args += options(draw, {"--lang": st.sampled_from([V("en"), V("zh"), V("fr", True)])}, 1)
    if draw(st.integers(0, 9)) == 0:
        case.junk = [draw(JUNK)]
    return case


# -- the world the examples run in --------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Files the path tokens point at: a tiny design, a bad one, a finished sweep, a copy of docs/model.md."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "design_ok.yaml").write_text(DESIGN, encoding="utf-8")
    (root / "design_bad.yaml").write_text(DESIGN.replace("method: grid", "method: nope"), encoding="utf-8")
    (root / "bad_yaml.yaml").write_bytes(b"a: [1, 2\n\xff\xfe: {")
    (root / "no_markers.md").write_text("# no table here\n", encoding="utf-8")
    (root / "particles_ok.csv").write_text("innovation,peer_adoption,weight\n0.0004,0.01,1\n0.0008,0.02,2\n",
                                           encoding="utf-8")
    (root / "particles_bad.csv").write_text("innovation,weight\n0.5,1\n", encoding="utf-8")
    shutil.copy(Path(__file__).parents[1] / "docs" / "model.md", root / "model.md")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["sweep", str(root / "design_ok.yaml"), "--out", str(root / "sweep"), "--workers", "0",
                     "--no-progress"]) == 0
    return root


_counter = itertools.count()


def resolve(value: V, world: Path, here: Path) -> str:
    """A value's text with ``@tokens`` made into paths in this example's folder ``here``."""
    text = value.text
    if text.endswith("@max2"):
        return text.removesuffix("@max2")
    if not text.startswith("@"):
        return text
    token = text[1:]
    if token == "file":
        (here / "afile").write_text("not a folder\n", encoding="utf-8")
        return str(here / "afile")
    if token == "under_file":
        (here / "afile").write_text("not a folder\n", encoding="utf-8")
        return str(here / "afile" / "sub")
    if token == "empty_dir":
        (here / "empty").mkdir(exist_ok=True)
        return str(here / "empty")
    if token == "dir.yaml":
        (here / "dir.yaml").mkdir(exist_ok=True)
        return str(here / "dir.yaml")
    if token == "model_md":
        shutil.copy(world / "model.md", here / "model.md")
        return str(here / "model.md")
    fixed = {"new": here / "out", "nested_new": here / "a" / "b" / "out", "unicode": here / "输出 ☃",
             "long_name": here / ("n" * 300), "long_path": here / "/".join(["d" * 200] * 25),
             "newline": here / "line\nbreak", "missing.yaml": here / "missing.yaml", "missing.md": here / "missing.md",
             "missing": here / "missing", "missing.csv": here / "missing.csv",
             "particles_ok": world / "particles_ok.csv", "particles_bad": world / "particles_bad.csv",
             "design_ok": world / "design_ok.yaml",
             "design_bad": world / "design_bad.yaml", "bad_yaml": world / "bad_yaml.yaml", "sweep": world / "sweep",
             "no_markers": world / "no_markers.md"}
    return str(fixed[token])


def argv_of(case: Case, world: Path, here: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """The argument list, and the output paths (option, path) the command must not leave behind on exit 2."""
    argv, outputs = [case.command], []
    positional = [resolve(v, world, here) for o, v in case.args if o == "" and v is not None]
    argv += positional
    argv += case.caps
    for option, value in case.args:
        if not option:
            continue
        argv.append(option)
        if value is not None:
            text = resolve(value, world, here)
            argv.append(text)
            if option == "--out":
                outputs.append((option, text))
    if any(v is not None and v.text.endswith("@max2") for _, v in case.args):
        argv += ["--max-runs", "2"]
    argv += case.junk
    return argv, outputs


@dataclass
class Outcome:
    code: int | str  # the exit code, or the exception raised
    err: str
    out: str
    argparse: bool = False


def call(argv: list[str], here: Path) -> Outcome:
    """``main(argv)`` in ``here`` with stdout and stderr captured; exceptions become the outcome, not a failure."""
    err, out = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(here)  # a relative or empty --out lands in the example's folder, never in the checkout
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            try:
                code: int | str = main(argv)
            except SystemExit as exit_:  # argparse: usage line + error line, exit code 2
                return Outcome(exit_.code if isinstance(exit_.code, int) else str(exit_.code), err.getvalue(),
                               out.getvalue(), argparse=True)
            except BaseException as exc:  # the property: nothing may escape main()
                code = f"{type(exc).__name__}: {str(exc)[:300]}"
    finally:
        os.chdir(old)
    return Outcome(code, err.getvalue(), out.getvalue())


def problems(case: Case, argv: list[str], outcome: Outcome, outputs: list[tuple[str, str]],
             existed: dict[str, bool], here: Path) -> list[str]:
    """Every way this outcome breaks the contract (empty: it keeps it)."""
    found = []
    if outcome.argparse:
        if outcome.code != 2:
            found.append(f"argparse exit code {outcome.code}")
        return found
    if not isinstance(outcome.code, int) or outcome.code not in (0, 1, 2):
        return [f"main raised or returned {outcome.code!r}"]
    if "Traceback" in outcome.err:
        found.append("traceback on stderr")
    if outcome.code == 2:
        lines = text_lines(outcome.err)
        if len(lines) != 1:
            found.append(f"{len(lines)} stderr lines")
        if not outcome.err.startswith(f"smartgov {case.command}: error: "):
            found.append("message does not start with 'smartgov COMMAND: error:'")
        if len(outcome.err) > MAX_MESSAGE:
            found.append(f"message of {len(outcome.err)} characters")
        for option, path in outputs:
            if not existed[path] and path and os.path.lexists(os.path.join(here, path)):
                found.append(f"{option} {path[:60]!r} left behind")
        if stray_staging(here):
            found.append("staging or temporary files left behind")
    elif case.bad():
        found.append(f"bad input accepted (exit code {outcome.code}): {'; '.join(case.bad())}")
    return found


def text_lines(text: str) -> list[str]:
    """Lines as a terminal shows them: split at newlines and carriage returns (not at every Unicode separator that
    ``str.splitlines`` knows, such as U+0085 in a quoted key)."""
    return text.rstrip("\n").replace("\r", "\n").split("\n")


def stray_staging(here: Path) -> list[Path]:
    with contextlib.suppress(OSError):
        return [p for p in here.rglob(".*") if p.name.endswith(".tmp") or p.is_dir()]
    return []


# Product failures the fuzzing finds and that are not fixed yet: return a label for them here (and reproduce each
# in a strict xfail test below); the property then counts them as not clean without failing on them again.
# None at present: every failure found so far is fixed (the test_fixed_* tests below).
def known_failure(case: Case, argv: list[str], outcome: Outcome, found: list[str]) -> str | None:
    return None


def check(case: Case, world: Path, stats: Counter | None = None) -> list[str]:
    here = world / f"ex{next(_counter)}"
    here.mkdir()
    try:
        argv, outputs = argv_of(case, world, here)
        existed = {path: bool(path) and os.path.lexists(os.path.join(here, path)) for _, path in outputs}
        outcome = call(argv, here)
        found = problems(case, argv, outcome, outputs, existed, here)
    finally:
        shutil.rmtree(here, ignore_errors=True)
    known = known_failure(case, argv, outcome, found) if found else None
    if stats is not None:
        code = outcome.code if isinstance(outcome.code, int) else outcome.code.split(":")[0]
        stats[f"{case.command} -> {'argparse ' if outcome.argparse else ''}{code}"] += 1
        kind = "bad" if case.bad() else "other"
        stats[f"{kind} inputs"] += 1
        stats[f"{kind} inputs, {'clean' if not found else 'NOT clean'}"] += 1
        if known:
            stats[f"known: {known}"] += 1
        elif found:
            stats.setdefault("examples", [])  # type: ignore[arg-type]
            stats["examples"].append((shorten_argv(argv), outcome.code, outcome.err[-300:], found))  # type: ignore
    return [] if known else found


def shorten_argv(argv: list[str]) -> list[str]:
    return [a if len(a) <= 60 else a[:40] + f"…({len(a)} chars)" for a in argv]


# -- the properties ---------------------------------------------------------------------------------

def test_cli_fuzz(world: Path) -> None:
    """Any generated argument list runs or is refused by the contract; prints the clean-error rate of bad inputs."""
    stats: Counter = Counter()

    @FUZZ
    @given(case=cases())
    def one(case: Case) -> None:
        check(case, world, stats)

    one()
    failures = stats.pop("examples", [])
    bad, clean = stats["bad inputs"], stats["bad inputs, clean"]
    print(f"\nCLI fuzz: {EXAMPLES} examples requested; bad inputs refused cleanly: {clean} of {bad} "
          f"({clean / max(bad, 1):.1%}); other inputs by the contract: {stats['other inputs, clean']} of "
          f"{stats['other inputs']}")
    print("  outcomes: " + ", ".join(f"{k}: {v}" for k, v in sorted(stats.items()) if "->" in k))
    for key, count in sorted(stats.items()):
        if key.startswith("known: "):
            print(f"  {count} examples hit the known failure: {key.removeprefix('known: ')}")
    for argv, code, err, found in failures[:40]:
        print(f"  {argv} -> {code!r}: {found}\n     stderr: {err!r}")
    assert not failures, f"{len(failures)} examples broke the contract, first: {failures[0]}"


# -- design documents -------------------------------------------------------------------------------

ODD = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.sampled_from([0, 1, 2, 3, 10**10, -1]),
                st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20), st.sampled_from(
                    ["baseline", "grid", "lhs", "sobol", "morris", "compare", "trust", "data_sharing", "outreach_share",
                     "n_citizens", LONG, "/etc/passwd", "../x.yaml", "siloed", "智慧"]))
VALUES = st.recursive(ODD, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.sampled_from([*PARAMS, "levels", "range", "below",
                                                                                   "above", "outcome"]),
                                                           st.text(max_size=8)), inner, max_size=4)), max_leaves=12)


@st.composite
def design_documents(draw: Any) -> str:
    keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=10))
    data = draw(st.dictionaries(keys, VALUES, max_size=8))
    if draw(st.booleans()):  # near a valid design, so that the checks past the first field are reached too
        base = yaml.safe_load(DESIGN)
        base.update(data)
        data = base
    return yaml.safe_dump(data, allow_unicode=True)


@FUZZ
@given(text=design_documents())
def test_design_documents_load_or_raise_design_error(text: str) -> None:
    try:
        design = parse_design(text, where="fuzz.yaml")
    except DesignError as err:
        assert isinstance(err, InputError)
        message = str(err)
        assert message and len(text_lines(message)) == 1 and len(message) < MAX_MESSAGE, message
    else:
        assert isinstance(design, Design)


# -- manifests ------------------------------------------------------------------------------------

JSON = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False),
                              st.text(max_size=10)),
                    lambda inner: st.one_of(st.lists(inner, max_size=4),
                                            st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=12)


@st.composite
def manifests(draw: Any, real: dict[str, Any]) -> tuple[str, bool]:
    """A JSON text and whether it must be refused: random JSON (must), or the real manifest with keys dropped,
    added or given odd values (may still be usable)."""
    kind = draw(st.sampled_from(["random", "mapping", "mutated"]))
    if kind == "random":
        return json.dumps(draw(JSON)), True
    if kind == "mapping":
        keys = st.sampled_from(["kind", "design", "runs", "digest", "parameters", "replicate_seeds", "code", "x"])
        return json.dumps(draw(st.dictionaries(keys, JSON, max_size=5))), True
    data = json.loads(json.dumps(real))
    for _ in range(draw(st.integers(1, 3))):
        target = data
        path = draw(st.sampled_from(["", "design", "runs"]))
        if path and isinstance(data.get(path), dict):
            target = data[path]
        elif path == "runs" and isinstance(data.get("runs"), list) and data["runs"]:
            target = data["runs"][draw(st.integers(0, len(data["runs"]) - 1))]
        if not isinstance(target, dict) or not target:
            continue
        key = draw(st.sampled_from(sorted(target)))
        action = draw(st.sampled_from(["drop", "odd", "unknown"]))
        if action == "drop":
            target.pop(key)
        elif action == "odd":
            target[key] = draw(JSON)
        else:
            target[draw(st.text(min_size=1, max_size=8))] = draw(JSON)
    return json.dumps(data), False


def test_any_manifest_is_analyzed_or_refused_in_one_line(world: Path) -> None:
    real = json.loads((world / "sweep" / "manifest.json").read_text(encoding="utf-8"))
    stats: Counter = Counter()

    @FUZZ
    @given(doc=manifests(real))
    def one(doc: tuple[str, bool]) -> None:
        text, must_refuse = doc
        here = world / f"ex{next(_counter)}"
        shutil.copytree(world / "sweep" / "runs", here / "runs")
        (here / "manifest.json").write_text(text, encoding="utf-8")
        try:
            outcome = call(["analyze", str(here), "--no-figures", "--out", str(here / "analysis")], here)
            lines = text_lines(outcome.err)
            stats[outcome.code] += 1
            assert not outcome.argparse
            assert outcome.code in ((2,) if must_refuse else (0, 2)), (outcome.code, outcome.err[-500:], text[:300])
            if outcome.code == 2:
                assert len(lines) == 1 and lines[0].startswith("smartgov analyze: error: "), outcome.err[-800:]
                assert len(outcome.err) < MAX_MESSAGE and "Traceback" not in outcome.err, outcome.err[-800:]
                assert not (here / "analysis").exists()
        finally:
            shutil.rmtree(here, ignore_errors=True)

    one()
    print(f"\nmanifest fuzz: exit codes {dict(stats)}")


# -- product failures this fuzzing found (issue 14), fixed in dba6550 and earlier: kept as regression tests -------

def run_main(argv: list[str], here: Path) -> Outcome:
    here.mkdir(parents=True, exist_ok=True)
    return call(argv, here)


def assert_clean_refusal(outcome: Outcome, command: str) -> None:
    assert outcome.code == 2, (outcome.code, outcome.err[-500:])
    lines = text_lines(outcome.err)
    assert len(lines) == 1 and lines[0].startswith(f"smartgov {command}: error: "), outcome.err[-500:]
    assert len(outcome.err) < MAX_MESSAGE, f"message of {len(outcome.err)} characters"


@pytest.mark.parametrize("where", ["sweep --out 300-character name", "sweep --out 5,000-character path",
                                   "analyze 5,000-character DIR"])
def test_fixed_overlong_paths_are_a_clean_error(where: str, world: Path, tmp_path: Path) -> None:
    if where.startswith("analyze"):
        argv, command = ["analyze", "d" * 5000, "--no-figures"], "analyze"
    else:
        out = tmp_path / ("n" * 300) if "300" in where else tmp_path / "/".join(["d" * 200] * 25)
        argv = ["sweep", str(world / "design_ok.yaml"), "--out", str(out), "--workers", "0", "--no-progress"]
        command = "sweep"
    assert_clean_refusal(run_main(argv, tmp_path / "here"), command)


@pytest.mark.parametrize("target", ["missing.md", "folder", ""])
def test_update_docs_bad_paths_are_a_clean_error(target: str, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    path = str(tmp_path / target) if target else ""
    assert_clean_refusal(run_main(["params", "--update-docs", path], tmp_path), "params")


@pytest.mark.parametrize("what", ["run --set KEY", "compare scenarios", "run --out"])
def test_fixed_long_values_are_shortened(what: str, tmp_path: Path) -> None:
    small = ["--steps", "2", "--n-citizens", "50"]
    if what == "run --set KEY":
        argv = ["run", *small, "--set", "k" * 5000 + "=1", "--out", str(tmp_path / "out")]
    elif what == "compare scenarios":
        argv = ["compare", "x" * 5000, "x" * 5000, "--replicates", "2", *small, "--workers", "0", "--no-progress",
                "--no-figures", "--out", str(tmp_path / "out")]
    else:
        argv = ["run", *small, "--out", str(tmp_path / "/".join(["d" * 200] * 25))]
    assert_clean_refusal(run_main(argv, tmp_path / "here"), argv[0])


def test_fixed_run_refuses_two_population_sizes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    outcome = run_main(["run", "--steps", "2", "--set", "n_citizens=60", "--n-citizens", "50", "--out", str(out)],
                       tmp_path / "here")
    assert_clean_refusal(outcome, "run")
    assert "n_citizens" in outcome.err and "--n-citizens" in outcome.err and not out.exists()


def test_fixed_run_refuses_an_empty_out(tmp_path: Path) -> None:
    outcome = run_main(["run", "--steps", "2", "--n-citizens", "50", "--out", ""], tmp_path / "here")
    assert_clean_refusal(outcome, "run")
    assert list((tmp_path / "here").iterdir()) == []


def test_fixed_a_field_name_with_a_newline_is_one_line() -> None:
    with pytest.raises(DesignError) as caught:
        parse_design('scenario: baseline\n"bad\\nkey": 1\n', where="fuzz.yaml")
    assert len(text_lines(str(caught.value))) == 1, str(caught.value)


@pytest.mark.parametrize("key", ["fixed", "discovery"])
def test_fixed_a_manifest_design_part_of_the_wrong_type_is_refused(key: str, world: Path, tmp_path: Path) -> None:
    here = tmp_path / "sweep"
    shutil.copytree(world / "sweep", here, ignore=shutil.ignore_patterns("analysis"))
    data = json.loads((here / "manifest.json").read_text(encoding="utf-8"))
    data["design"][key] = None
    (here / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    outcome = run_main(["analyze", str(here), "--no-figures"], tmp_path)
    assert_clean_refusal(outcome, "analyze")
    assert f"design.{key}" in outcome.err and not (here / "analysis").exists()


def test_fixed_an_unknown_outcome_is_a_short_message() -> None:
    with pytest.raises(DesignError) as caught:
        parse_design(DESIGN.replace("outcomes: [trust,", "outcomes: [nope,"), where="fuzz.yaml")
    message = str(caught.value)
    assert "nope" in message and len(message) < MAX_MESSAGE, f"{len(message)} characters"
