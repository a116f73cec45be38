"""The README's two commands and the model description stay true to the code."""

from __future__ import annotations

import re
from pathlib import Path

from smartgov.model.params import fields, parameter_table

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section, flags=re.S)


def test_readme_has_exactly_two_commands_and_ci_runs_the_second_verbatim() -> None:
    commands = readme_commands()
    assert len(commands) == 2
    install_and_run, install_and_test = commands
    assert "\n" not in install_and_run and "\n" not in install_and_test
    assert "smartgov" in install_and_run and "pytest" in install_and_test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert install_and_test in ci


def test_model_description_has_the_generated_parameter_table() -> None:
    doc = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    assert parameter_table() in doc, "regenerate with: smartgov params --markdown"
    for f in fields():
        assert f"`{f.name}`" in doc


def test_model_description_follows_odd() -> None:
    doc = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    for heading in ("Purpose", "Entities, state variables and scales", "Process overview and scheduling",
                    "Design concepts", "Initialization", "Submodels"):
        assert f"## {heading}" in doc or f"### {heading}" in doc, heading
