"""The scenario library: YAML files of parameter overrides with a bilingual title, description and
"what to watch", an optional policy timeline (``events:``), and a loader that validates them with a safe parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smartgov.model.events import Timeline
from smartgov.model.params import ParameterError, Params
from smartgov.scenarios.safe_load import (
    MAX_YAML_BYTES,
    InputError,
    load_yaml_file,
    load_yaml_text,
    parameter_error,
    require_list,
    require_mapping,
    shorten,
)

LIBRARY = Path(__file__).parent
MAX_FILE_BYTES = MAX_YAML_BYTES
TEXT_KEYS = ("title", "description", "watch")
ALLOWED_KEYS = (*TEXT_KEYS, "source", "parameters", "events")
EVENTS_ALLOWED = "a list of events, e.g. - {week: 52, set: {service_rule: online_only}}"
LANGS = ("en", "zh")


class ScenarioError(InputError):
    """A scenario file that cannot be used; the message names the file, the field and what is allowed."""


@dataclass(frozen=True)
class Scenario:
    name: str
    title: dict[str, str]
    description: dict[str, str]
    watch: dict[str, str]
    source: str
    parameters: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    events: list[dict[str, Any]] = field(default_factory=list)  # validated, as plain data (Timeline.to_data)

    def params(self, **overrides: Any) -> Params:
        """The scenario's parameters, with ``overrides`` on top (validated)."""
        return Params.from_mapping({**self.parameters, **overrides}, source=self.name)

    def timeline(self) -> Timeline:
        """The scenario's policy timeline (empty without ``events:``), for ``GovernanceModel(events=...)``."""
        return Timeline.from_data(self.events, where=self.name)


def available() -> list[str]:
    """Names of the scenarios shipped with smartgov, baseline first."""
    names = sorted(p.stem for p in LIBRARY.glob("*.yaml"))
    return sorted(names, key=lambda n: n != "baseline")


def load(name_or_path: str | Path) -> Scenario:
    """A library scenario by name, or a user's scenario file by path."""
    path = Path(name_or_path)
    if path.suffix not in (".yaml", ".yml"):
        if str(name_or_path) not in available():  # a name, never a path into or out of the library
            raise ScenarioError(
                f"unknown scenario {shorten(str(name_or_path))}; expected one of {', '.join(available())} "
                "or the path of a .yaml file")
        path = LIBRARY / f"{name_or_path}.yaml"
    try:  # a missing or unreadable file is an InputError too
        data = load_yaml_file(path, max_bytes=MAX_FILE_BYTES, kind="scenario file")
    except InputError as err:
        raise err.as_(ScenarioError) from None
    return _scenario(data, name=path.stem, path=path, where=str(path))


def parse(text: str | bytes, name: str, path: Path | None = None, where: str | None = None) -> Scenario:
    """Validate scenario text or bytes (an upload; UTF-8) with the safe loader: structure, texts, parameters.

    Messages start with ``where`` (e.g. "uploaded file 'mine.yaml'"), else the path, else the name.
    """
    where = where or (str(path) if path else name)
    try:
        data = load_yaml_text(text, where, max_bytes=MAX_FILE_BYTES, kind="scenario file")
    except InputError as err:
        raise err.as_(ScenarioError) from None
    return _scenario(data, name=name, path=path, where=where)


def _scenario(data: Any, name: str, path: Path | None, where: str) -> Scenario:
    """The scenario schema: bilingual texts, an optional source text, parameters checked by ``Params`` and an
    optional ``events:`` timeline checked by ``model.events`` (vendor numbers against the scenario's n_vendors)."""
    try:
        data = require_mapping(data, where, ALLOWED_KEYS)
        texts = {}
        for key in TEXT_KEYS:
            value = data.get(key)
            if isinstance(value, dict):
                extra = [lang for lang in value if lang not in LANGS]
                if extra:
                    raise ScenarioError(f"{where}: field {key!r} has unknown language {shorten(extra[0], 40)}; "
                                        "allowed are 'en', 'zh'", where=where, field=key, allowed="'en', 'zh'")
            ok = isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang].strip()
                                                 for lang in LANGS)
            if not ok:
                raise ScenarioError.invalid(where, key, value, "non-empty 'en' and 'zh' texts, e.g. "
                                                               "{en: My title, zh: 我的标题}")
            texts[key] = {lang: value[lang].strip() for lang in LANGS}
        source = data.get("source", "")  # library files cite an essay passage (tested); a user's own may not
        if not isinstance(source, str):
            raise ScenarioError.invalid(where, "source", source, "a text (the passage the scenario comes from)")
        parameters = data.get("parameters") or {}
        if not isinstance(parameters, dict):
            raise ScenarioError.invalid(where, "parameters", parameters,
                                        "a mapping of parameter names to values")
        try:
            params = Params.from_mapping(parameters)
        except ParameterError as err:
            raise parameter_error(err, where, cls=ScenarioError) from None
        events = data.get("events")
        events = [] if events is None else require_list(events, where, "events", EVENTS_ALLOWED)
        try:  # one validation system: the model's event checks, worded with the file and the field path
            timeline = Timeline.from_data(events)
            timeline.check(params)
        except ParameterError as err:
            raise parameter_error(err, where, prefix="", cls=ScenarioError) from None
    except ScenarioError:
        raise
    except InputError as err:
        raise err.as_(ScenarioError) from None
    return Scenario(name=name, source=" ".join(source.split()), parameters=dict(parameters), path=path,
                    events=timeline.to_data(), **texts)
