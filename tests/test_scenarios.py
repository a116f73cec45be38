"""The scenario library: every file loads, is bilingual and cites an essay passage verbatim; bad files give one
clear error naming the file, the field and what is allowed; `smartgov scenarios` lists them."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from smartgov.cli import main
from smartgov.model.params import Params
from smartgov.scenarios import ScenarioError, available, load, parse

REQUIRED = ("baseline", "digital_only", "data_fusion", "open_data", "black_box_algorithm", "in_person_outreach",
            "vendor_breach", "secure_open_sharing", "inclusion_training", "trace_management", "human_centred")
SEEDS = Path(os.environ.get("SMARTGOV_SEEDS", Path(__file__).resolve().parents[2] / "shared" / "seeds"))
GOOD = """
title: {en: Mine, zh: 我的}
description: {en: Online only., zh: 仅线上。}
watch: {en: Trust., zh: 信任。}
source: my own idea
parameters: {service_rule: online_only}
"""


def passage_fragments(source: str) -> list[str]:
    """Quoted fragments of a source line ('author《title》: quote … quote；author: quote'), whitespace removed."""
    fragments = []
    for part in re.split(r"[；;]", source):
        for piece in part.split(":", 1)[-1].split("…"):
            piece = re.sub(r"\s+", "", piece).strip("，。")
            if piece:
                fragments.append(piece)
    return fragments


def test_library_has_the_required_scenarios_baseline_first() -> None:
    names = available()
    assert names[0] == "baseline"
    assert set(REQUIRED) <= set(names)
    assert len(names) >= 11


@pytest.mark.parametrize("name", available())
def test_every_scenario_is_bilingual_sourced_and_valid(name: str) -> None:
    s = load(name)
    for texts in (s.title, s.description, s.watch):
        assert texts["en"] and texts["zh"]
        assert re.search(r"[\u4e00-\u9fff]", texts["zh"]), "the Chinese text must be Chinese"
    assert s.source, "library scenarios cite the essay passage they come from"
    assert isinstance(s.params(), Params)
    assert set(s.parameters) <= {f for f in Params().to_dict()}
    if name != "baseline":
        assert s.parameters, "a scenario other than the baseline changes something"
        assert any(getattr(s.params(), k) != getattr(Params(), k) for k in s.parameters)


def test_baseline_has_no_overrides() -> None:
    assert load("baseline").parameters == {}
    assert load("baseline").params() == Params()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="essays not available (set SMARTGOV_SEEDS)")
@pytest.mark.parametrize("name", available())
def test_sources_quote_the_essays_verbatim(name: str) -> None:
    essays = re.sub(r"\s+", "", "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))
    fragments = passage_fragments(load(name).source)
    assert fragments
    missing = [f for f in fragments if f not in essays]
    assert not missing, f"{name}: not found in the essays: {missing}"


def test_user_file_by_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    s = load(path)
    assert s.name == "mine" and s.params().service_rule == "online_only"
    assert s.params(n_citizens=50).n_citizens == 50


@pytest.mark.parametrize(("text", "needles"), [
    (GOOD.replace("source:", "sauce:"), ["unknown field 'sauce'", "allowed fields are"]),
    (GOOD.replace("service_rule: online_only", "servce_rule: online_only"),
     ["'parameters.servce_rule'", "did you mean service_rule"]),
    (GOOD.replace("online_only", "offline"),
     ["'parameters.service_rule'", "'offline'", "'online_only', 'hybrid', 'inclusive'"]),
    (GOOD.replace("{service_rule: online_only}", "{outreach_share: 0.9}"),
     ["'parameters.outreach_share' = 0.9", "[0, 0.5]"]),
    (GOOD.replace("{service_rule: online_only}", "{n_citizens: many}"),
     ["'parameters.n_citizens' = 'many'", "an integer"]),
    (GOOD.replace("{service_rule: online_only}", "[1, 2]"),
     ["field 'parameters' = [1, 2]", "a mapping of parameter names"]),
    (GOOD.replace("zh: 我的", "zh: ''"), ["field 'title' = {'en': 'Mine', 'zh': ''}", "non-empty 'en' and 'zh'"]),
    (GOOD.replace("zh: 我的", "zh: 我的, fr: moi"), ["'title'", "unknown language 'fr'"]),
    (GOOD.replace("source: my own idea", "source: [1]"), ["field 'source' = [1]", "expected a text"]),
    (GOOD + "source: again\n", ["not valid YAML: line 7, column 1", "'source' is given twice"]),
    ("title: [unclosed", ["not valid YAML"]),
    ("!!python/object/apply:os.system ['echo hi']", ["not valid YAML"]),
    ("- a list", ["expected a mapping"]),
])
def test_bad_files_name_file_field_and_allowed(tmp_path: Path, text: str, needles: list[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load(path)
    message = str(err.value)
    assert message.startswith(str(path)), message
    assert "\n" not in message.strip() or "not valid YAML" in message
    for needle in needles:
        assert needle in message, message


def test_parse_and_unknown_names() -> None:
    assert parse(GOOD, name="inline").name == "inline"
    with pytest.raises(ScenarioError, match="unknown scenario 'nope'; expected one of baseline"):
        load("nope")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("title: {en: caf\xe9}".encode("latin-1"))
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load(path)


def test_cli_lists_scenarios_with_titles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    for name in available():
        assert name in out and load(name).title["en"] in out
    assert main(["scenarios", "--lang", "zh"]) == 0
    assert load("human_centred").title["zh"] in capsys.readouterr().out
    assert main(["scenarios", "trace_management"]) == 0
    out = capsys.readouterr().out
    assert "trace_management = 0.8" in out and "痕迹管理" in out


def test_cli_bad_scenario_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace("online_only", "offline"), encoding="utf-8")
    assert main(["scenarios", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "service_rule" in err


def test_docs_cover_every_scenario() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "scenarios.md").read_text(encoding="utf-8")
    for name in available():
        s = load(name)
        assert f"## `{name}`" in docs and s.title["zh"] in docs, name
