"""The one safe loader (``smartgov.scenarios.safe_load``): each family of hostile or broken input found by fuzzing
(YAML structure, encodings, sizes, manifests) gives one clear InputError naming the file, and property tests show
that any generated document either loads or raises the project's own error with a message, never another
exception. A few cases go through the real CLI in a subprocess: exit code 2, one line, no traceback, nothing written.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartgov.model.params import ParameterError, Params
from smartgov.scenarios import ALLOWED_KEYS, MAX_FILE_BYTES, Scenario, ScenarioError, load, parse
from smartgov.scenarios.safe_load import (
    InputError,
    field_path,
    load_json_file,
    load_json_text,
    load_yaml_file,
    load_yaml_text,
    parameter_error,
    require_list,
    require_mapping,
    shorten,
)

ROOT = Path(__file__).resolve().parents[1]
GOOD = """
title: {en: Mine, zh: 我的}
description: {en: Online only., zh: 仅线上。}
watch: {en: Trust., zh: 信任。}
source: my own idea
parameters: {service_rule: online_only, outreach_share: 0.1}
"""
BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
# SMARTGOV_FUZZ_EXAMPLES=5000 for a longer fuzz run; the default keeps the file to a few seconds
FAST = settings(max_examples=int(os.environ.get("SMARTGOV_FUZZ_EXAMPLES", 150)), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def yaml_error(text: str | bytes, where: str = "mine.yaml", **limits: int) -> str:
    with pytest.raises(InputError) as err:
        load_yaml_text(text, where, **limits)
    message = str(err.value)
    assert message.startswith(f"{where}: ") and "\n" not in message, message
    return message


# -- YAML structure -------------------------------------------------------------------------------

def test_alias_bomb_is_refused_before_any_expansion() -> None:
    message = yaml_error(BILLION_LAUGHS)
    assert "line 1" in message and "not supported" in message
    assert "YAML aliases (*a) are not supported" in yaml_error("a: [1]\nb: *a\n")  # an alias without its anchor


@pytest.mark.parametrize("text", ["[" * 1000 + "]" * 1000, "{a: " * 1000 + "1" + "}" * 1000, "- " * 1000 + "x",
                                  "".join(" " * i + "a:\n" for i in range(60))])
def test_deep_nesting_stops_at_the_depth_limit_without_recursion_error(text: str) -> None:
    assert "nested more than 32 levels deep" in yaml_error(text)
    assert load_yaml_text("a: " * 0 + "[[[1]]]", "x") == [[[1]]]


def test_node_limit() -> None:
    assert "more than 100 values" in yaml_error("[" + ", ".join(["1"] * 200) + "]", max_nodes=100)


@pytest.mark.parametrize(("text", "needles"), [
    ("? [1, 2]\n: x\n", ["line 1, column 3", "a list is used as a key at the top level; keys are names"]),
    ("~: 1\n", ["key ~ (YAML null)"]),
    ("null: 1\n", ["key null (YAML null)"]),
    ("parameters: {1: 2}\n", ["line 1, column 14", "key 1 (YAML int) in 'parameters'"]),
    ("factors:\n  - name: x\n    range: {0.5: 1}\n", ["key 0.5 (YAML float) in 'factors[0].range'"]),
    ("true: 1\n", ["(YAML bool)"]),
    ("2024-01-01: x\n", ["(YAML timestamp)"]),
    ("? {a: 1}\n: x\n", ["a mapping is used as a key at the top level"]),
    ("a: {<<: {b: 1}}\n", ["merge keys (<<) are not supported"]),
])
def test_keys_must_be_texts(text: str, needles: list[str]) -> None:
    message = yaml_error(text)
    for needle in needles:
        assert needle in message, message


def test_quoted_keys_are_texts() -> None:
    assert load_yaml_text("'1': a\n!!str null: b\n", "x") == {"1": "a", "null": "b"}


@pytest.mark.parametrize(("text", "needle"), [
    ("a: 1\nb: 2\na: 3\n", "line 3, column 1: field 'a' is given twice"),
    ("parameters:\n  x: 1\n  x: 2\n", "field 'parameters.x' is given twice"),
    ("factors: [{name: a}, {name: a, name: b}]\n", "field 'factors[1].name' is given twice"),
    ("a: 1\n'a': 2\n", "field 'a' is given twice"),
])
def test_duplicate_keys_are_refused_with_their_path(text: str, needle: str) -> None:
    message = yaml_error(text)
    assert "not valid YAML" in message and needle in message, message


@pytest.mark.parametrize(("text", "needle"), [
    ("title: [unclosed", "line 1, column 17: expected ',' or ']'"),
    ("a:\n\tb: 1", "line 2, column 1: found character '\\t'"),
    ("a: 1\n---\nb: 2\n", "expected a single document"),
    ("!!python/object/apply:os.system ['echo hi']", "could not determine a constructor"),
    ("a: " + "1" * 5000, "Exceeds the limit (4300 digits)"),
    ("a: 2024-13-45", "month must be in 1..12"),
    ("a: b\x00", "unacceptable character #x0000"),
])
def test_syntax_errors_are_one_line_with_line_and_column(text: str, needle: str) -> None:
    message = yaml_error(text)
    assert "not valid YAML" in message and needle in message, message


def test_empty_document_is_none_and_a_scenario_says_so() -> None:
    assert load_yaml_text("", "x") is None and load_yaml_text("# only a comment\n", "x") is None
    with pytest.raises(ScenarioError, match=r"^up\.yaml: the file is empty; expected a mapping with keys title"):
        parse("", name="up.yaml")


# -- encodings and sizes --------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "needle"), [
    ("a: é".encode("utf-16"), "looks like UTF-16"),
    ("a: é".encode("utf-16-le"), "looks like UTF-16"),
    ("a: é".encode("utf-32"), "looks like UTF-16 or UTF-32"),
    ("title: café".encode("latin-1"), "not UTF-8 text (byte 0xe9 on line 1"),
    ("a: 1\nb: 中文".encode("gbk"), "not UTF-8 text (byte 0xd6 on line 2"),
])
def test_other_encodings_name_the_file_and_the_fix(tmp_path: Path, data: bytes, needle: str) -> None:
    path = tmp_path / "enc.yaml"
    path.write_bytes(data)
    for call in (lambda: load_yaml_file(path), lambda: load(path), lambda: load_json_file(path)):
        with pytest.raises(InputError) as err:
            call()
        message = str(err.value)
        assert message.startswith(f"{path}: ") and needle in message and "save it as UTF-8" in message, message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load(path).title["zh"] == "我的"
    assert load_yaml_text("\ufeffa: 1", "x") == {"a": 1}
    assert parse(b"\xef\xbb\xbf" + GOOD.encode(), name="upload").params().outreach_share == 0.1


def test_uploads_are_bytes_and_name_the_upload() -> None:
    with pytest.raises(ScenarioError, match=r"^uploaded file 'mine\.yaml': not UTF-8 text .* save it as UTF-8$"):
        parse(GOOD.replace("Mine", "café").encode("latin-1", "replace"), name="mine", where="uploaded file 'mine.yaml'")
    with pytest.raises(ScenarioError, match=r"^uploaded file 'x': field 'parameters\.outreach_share' = 0\.9 "):
        parse(GOOD.replace("0.1", "0.9").encode(), name="x", where="uploaded file 'x'")


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: 1 GB by stat, nothing on disk, never read
        handle.truncate(1 << 30)
    with pytest.raises(ScenarioError, match=r"huge\.yaml: file is 1073741824 bytes; .* at most 65536 bytes"):
        load(path)
    with pytest.raises(InputError, match="at most 1000 bytes"):
        load_json_file(path, max_bytes=1000)
    assert "at most 65536 bytes" in yaml_error("a" * (MAX_FILE_BYTES + 1))
    assert "at most 65536 bytes" in yaml_error("中" * (MAX_FILE_BYTES // 2))  # 3 bytes a character in UTF-8


def test_missing_files_and_folders(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.yaml: no such YAML file$"):
        load_yaml_file(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="not a regular file"):
        load_json_file(tmp_path, where="results folder")


@pytest.mark.parametrize(("name", "needle"), [
    ("x" * 5000, "unknown scenario 'xxx"),
    ("x" * 5000 + ".yaml", "cannot read the file (File name too long)"),
    ("../scenarios/baseline", "unknown scenario '../scenarios/baseline'"),
    ("a\0b", "unknown scenario 'a\\x00b'"),
    ("/dev/null.yaml", "/dev/null.yaml: no such scenario file"),
])
def test_odd_scenario_names_and_paths(name: str, needle: str) -> None:
    with pytest.raises(ScenarioError) as err:
        load(name)
    assert needle in str(err.value) and len(str(err.value)) < 6000, str(err.value)


def test_special_files_are_not_read(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(ScenarioError, match=r"zero\.yaml: not a regular file"):
        load(link)


@FAST
@given(st.text(max_size=40) | st.sampled_from(["baseline", "digital_only.yaml", "/tmp", "..", "nope.yml"]))
def test_any_scenario_name_loads_or_raises_scenario_error(name: str) -> None:
    try:
        assert isinstance(load(name), Scenario)
    except ScenarioError as err:
        assert str(err)


# -- JSON manifests -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "needle"), [
    ("[]", "the top level = [] is not allowed; expected a mapping with keys design, runs"),
    ("null", "the file is empty; expected a mapping"),
    ("", "the file is empty; expected JSON"),
    ("{}", "field 'design' is missing; required fields are design, runs"),
    ('{"design": {}, "runs": [], "extra": 1}', "unknown field 'extra'; allowed fields are design, runs"),
    ('{"design": {}, "design": {}}', "key 'design' is given twice"),
    ('{"design": [', "not valid JSON: line 1, column 13"),
    ("[" * 100_000 + "]" * 100_000, "nested more than 32 levels deep"),
    ("1" * 5000, "Exceeds the limit (4300 digits)"),
])
def test_bad_manifests(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        require_mapping(load_json_file(path), str(path), ("design", "runs"), required=("design", "runs"))
    message = str(err.value)
    assert message.startswith(f"{path}: ") and needle in message and "\n" not in message, message


def test_manifest_round_trip_with_nan_and_brackets_in_strings(tmp_path: Path) -> None:
    data = {"design": {"title": "[[[[{{{{ \\\" ]]", "lo": math.inf}, "runs": [{"x": float("nan")}]}
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = load_json_file(path)
    assert loaded["design"] == data["design"] and math.isnan(loaded["runs"][0]["x"])


def test_nested_mapping_field_paths() -> None:
    with pytest.raises(InputError, match=r"^m\.json: field 'design' = \[1\] is not allowed; expected a mapping"):
        require_mapping([1], "m.json", field="design")
    with pytest.raises(InputError, match=r"unknown field 'design\.colour'"):
        require_mapping({"colour": 1}, "m.json", ("name",), field="design")
    with pytest.raises(InputError, match=r"field '<key>' = 1 is not allowed; expected text keys"):
        require_mapping({1: 2}, "m.json")
    assert require_mapping({"a": 1}, "m.json") == {"a": 1}
    with pytest.raises(InputError, match=r"^m\.json: field 'design\.factors' = 'x' is not allowed; expected a list$"):
        require_list("x", "m.json", "design.factors")


# -- messages and the error hierarchy -------------------------------------------------------------

def test_shorten_and_field_path() -> None:
    assert shorten("x" * 200, 20) == "'" + "x" * 17 + "…'" and len(shorten("x" * 200, 20)) == 20
    assert shorten(list(range(100)), 20).endswith("…") and shorten(1.5) == "1.5"
    assert field_path("factors", 2, "range") == "factors[2].range" and field_path("parameters") == "parameters"


def test_parameter_errors_keep_params_wording_with_file_and_field_path() -> None:
    with pytest.raises(ParameterError) as err:
        Params.from_mapping({"outreach_share": [0.9] * 100})
    converted = parameter_error(err.value, "mine.yaml")
    assert str(converted).startswith("mine.yaml: field 'parameters.outreach_share' = [0.9, 0.9")
    assert "…" in str(converted) and str(converted).endswith("expected a number in [0, 0.5]")
    assert converted.field == "parameters.outreach_share" and converted.allowed == "a number in [0, 0.5]"


def test_scenario_error_is_an_input_error_and_a_value_error(tmp_path: Path) -> None:
    assert issubclass(ScenarioError, InputError) and issubclass(InputError, ValueError)
    path = tmp_path / "bomb.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"bomb\.yaml: line 1, column 4: YAML anchors \(&a\)"):
        load(path)


def test_model_does_not_import_the_loader() -> None:
    """DESIGN §1: scenarios → model; model/ knows nothing of files."""
    for source in (ROOT / "model").rglob("*.py"):
        assert "safe_load" not in source.read_text(encoding="utf-8"), source


# -- properties: load, or the project's own error with a message ----------------------------------

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
           | st.sampled_from(["online_only", "hybrid", "0.5", "yes", "~", "*a", "&a", "<<", "é中"]))
KEYS = (st.text(max_size=12) | st.sampled_from([*ALLOWED_KEYS, "en", "zh", *Params().to_dict()])
        | st.integers() | st.none() | st.booleans() | st.floats(allow_nan=False))
DOCUMENTS = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(KEYS, inner, max_size=5), max_leaves=25)
SCENARIO_LIKE = st.fixed_dictionaries({}, optional={
    "title": DOCUMENTS | st.fixed_dictionaries({"en": SCALARS, "zh": SCALARS}),
    "description": st.just({"en": "d", "zh": "描述"}), "watch": st.just({"en": "w", "zh": "看"}),
    "source": DOCUMENTS,
    "parameters": st.dictionaries(st.sampled_from(list(Params().to_dict())) | KEYS, DOCUMENTS, max_size=4),
    "extra": DOCUMENTS,
})
YAML_ALPHABET = st.sampled_from([*"[]{}:-,&*!|>'\"%@`#?~ \n\t0123456789.abcenzh中é\\\r<=+",
    "title: ", "parameters:\n  ", "  ", "&a ", "*a", "!!str ", "!!python/name:os.system", "---\n", "? ", "\ufeff"])
YAML_TEXT = st.lists(YAML_ALPHABET, max_size=60).map("".join)


def loads_or_input_error(text: str | bytes) -> None:
    try:
        load_yaml_text(text, "generated.yaml")
    except InputError as err:
        assert str(err).startswith("generated.yaml: ") and len(str(err)) > len("generated.yaml: ")


def parses_or_scenario_error(text: str | bytes) -> None:
    try:
        assert isinstance(parse(text, name="generated"), Scenario)
    except ScenarioError as err:
        assert str(err).startswith("generated: ") and len(str(err)) > len("generated: ")


def dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@FAST
@given(DOCUMENTS)
def test_dumped_documents_round_trip_or_fail_cleanly(data: object) -> None:
    text = dump(data)
    try:
        loaded = load_yaml_text(text, "generated.yaml")
    except InputError as err:
        assert str(err).startswith("generated.yaml: ")
        assert any(why in str(err) for why in ("is not a text", "given twice", "anchors")), str(err)
    else:
        assert loaded == yaml.safe_load(text)  # the same data as PyYAML (whose dump does not keep e.g. '\x85')


@FAST
@given(SCENARIO_LIKE)
def test_scenario_like_documents_parse_or_raise_scenario_error(data: dict) -> None:
    parses_or_scenario_error(dump(data))


@FAST
@given(st.text(max_size=200) | YAML_TEXT)
def test_any_text_loads_or_raises_input_error(text: str) -> None:
    loads_or_input_error(text)
    parses_or_scenario_error(text)


@FAST
@given(st.binary(max_size=200))
def test_any_bytes_load_or_raise_input_error(data: bytes) -> None:
    loads_or_input_error(data)
    parses_or_scenario_error(data)


@FAST
@given(st.lists(st.tuples(st.integers(0, len(GOOD)), st.integers(0, 3), YAML_ALPHABET), min_size=1, max_size=4))
def test_mutated_scenario_files_parse_or_raise_scenario_error(edits: list[tuple[int, int, str]]) -> None:
    text = GOOD
    for at, cut, insert in edits:
        text = text[:at] + insert + text[at + cut:]
    parses_or_scenario_error(text)


@FAST
@given(st.text(max_size=200) | st.binary(max_size=200)
       | st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20).map(json.dumps))
def test_any_json_loads_or_raises_input_error(text: str | bytes) -> None:
    try:
        data = load_json_text(text, "manifest.json")
        require_mapping(data, "manifest.json", ("design", "runs"), required=("design",))
    except InputError as err:
        assert str(err).startswith("manifest.json: ")


def depth(data: object) -> int:
    children = data.values() if isinstance(data, dict) else data if isinstance(data, list) else None
    return 0 if children is None else 1 + max(map(depth, children), default=0)


@FAST
@given(st.recursive(st.none() | st.text(alphabet='[]{}"\\ab', max_size=6),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(alphabet='[]{}"\\a', max_size=4), inner, max_size=3), max_leaves=30),
       st.integers(1, 9))
def test_json_depth_is_measured_outside_strings_across_chunks(data: object, chunk: int) -> None:
    from smartgov.scenarios.safe_load import _json_depth

    assert _json_depth(json.dumps(data, ensure_ascii=False).encode(), chunk=chunk) == depth(data)


# -- through the CLI (a subprocess each: a few cases only) ----------------------------------------

SMARTGOV = Path(sys.executable).with_name("smartgov")


@pytest.mark.parametrize(("name", "data", "needle"), [
    ("bomb.yaml", BILLION_LAUGHS.encode(), "YAML anchors (&a) are not supported"),
    ("deep.yaml", ("parameters: " + "[" * 1000 + "]" * 1000).encode(), "nested more than 32 levels deep"),
    ("utf16.yaml", GOOD.encode("utf-16"), "save it as UTF-8"),
])
def test_cli_run_refuses_bad_scenario_files(tmp_path: Path, name: str, data: bytes, needle: str) -> None:
    path, out = tmp_path / name, tmp_path / "out"
    path.write_bytes(data)
    command = [str(SMARTGOV), "run", "--scenario", str(path), "--steps", "1", "--n-citizens", "100",
               "--out", str(out)]
    if name == "utf16.yaml":
        command = [str(SMARTGOV), "scenarios", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and str(path) in done.stderr and needle in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and not out.exists()
