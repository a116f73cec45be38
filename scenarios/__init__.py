"""The scenario library: YAML files of parameter overrides with a bilingual title, description and
"what to watch", and a loader that validates them with a safe parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from smartgov.model.params import ParameterError, Params

LIBRARY = Path(__file__).parent
MAX_FILE_BYTES = 64 * 1024
TEXT_KEYS = ("title", "description", "watch")
ALLOWED_KEYS = (*TEXT_KEYS, "source", "parameters")


class ScenarioError(ValueError):
    """A scenario file that cannot be used; the message names the file, the field and what is allowed."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, but a key given twice is an error (plain YAML keeps the last one silently)."""


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"key {key!r} is given twice", key_node.start_mark)
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


@dataclass(frozen=True)
class Scenario:
    name: str
    title: dict[str, str]
    description: dict[str, str]
    watch: dict[str, str]
    source: str
    parameters: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def params(self, **overrides: Any) -> Params:
        """The scenario's parameters, with ``overrides`` on top (validated)."""
        return Params.from_mapping({**self.parameters, **overrides}, source=self.name)


def available() -> list[str]:
    """Names of the scenarios shipped with smartgov, baseline first."""
    names = sorted(p.stem for p in LIBRARY.glob("*.yaml"))
    return sorted(names, key=lambda n: n != "baseline")


def load(name_or_path: str | Path) -> Scenario:
    """A library scenario by name, or a user's scenario file by path."""
    path = Path(name_or_path)
    if path.suffix not in (".yaml", ".yml"):
        path = LIBRARY / f"{name_or_path}.yaml"
        if not path.is_file():
            raise ScenarioError(
                f"unknown scenario {str(name_or_path)!r}; expected one of {', '.join(available())} "
                "or the path of a .yaml file")
    if not path.is_file():
        raise ScenarioError(f"{path}: no such scenario file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ScenarioError(f"{path}: file is {path.stat().st_size} bytes; scenario files may be at most "
                            f"{MAX_FILE_BYTES} bytes")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not UTF-8 text; scenario files are YAML saved as UTF-8") from None
    return parse(text, name=path.stem, path=path)


def parse(text: str, name: str, path: Path | None = None) -> Scenario:
    """Validate scenario text (YAML, safe loader only): structure, bilingual texts and every parameter."""
    where = str(path) if path else name
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader: no arbitrary objects
    except yaml.YAMLError as err:
        raise ScenarioError(f"{where}: not valid YAML ({err})") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{where}: expected a mapping with keys {', '.join(ALLOWED_KEYS)}")
    unknown = sorted(set(data) - set(ALLOWED_KEYS))
    if unknown:
        raise ScenarioError(f"{where}: unknown field {unknown[0]!r}; allowed fields are {', '.join(ALLOWED_KEYS)}")
    texts = {}
    for key in TEXT_KEYS:
        value = data.get(key)
        if not (isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang].strip()
                                                for lang in ("en", "zh"))):
            raise ScenarioError(f"{where}: field {key!r} must have non-empty 'en' and 'zh' texts")
        extra = sorted(set(value) - {"en", "zh"})
        if extra:
            raise ScenarioError(f"{where}: field {key!r} has unknown language {extra[0]!r}; allowed are 'en', 'zh'")
        texts[key] = {"en": value["en"].strip(), "zh": value["zh"].strip()}
    source = data.get("source", "")  # library files cite an essay passage (tested); a user's own may not
    if not isinstance(source, str):
        raise ScenarioError(f"{where}: field 'source' must be a text (the passage the scenario comes from)")
    parameters = data.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise ScenarioError(f"{where}: field 'parameters' must be a mapping of parameter names to values")
    try:
        Params.from_mapping(parameters)
    except ParameterError as err:
        raise ScenarioError(f"{where}: {err}") from None
    return Scenario(name=name, source=" ".join(source.split()), parameters=dict(parameters), path=path,
                    **texts)
