"""One safe loader for every structured input: scenario and design YAML, event files, run manifests (JSON) and the
web app's uploads.

Why: a YAML or JSON file from a user can be hostile or just broken. Plain ``yaml.safe_load`` expands alias bombs
until memory runs out, recurses until ``RecursionError`` on deep nesting, accepts lists, ``null`` or numbers as keys
(later ``TypeError: unhashable type``), keeps the last of two duplicate keys silently and reports encodings without
naming the file. Here every input goes through the same limits, checked *before* the dangerous step:

* size: the file size (``stat``) and the text length, before anything is parsed;
* encoding: UTF-8 only (a UTF-8 byte-order mark is fine); anything else names the file and says "save it as UTF-8";
* YAML: aliases and anchors are refused, and nesting depth and node count are checked while the node tree is
  composed, so neither recursion nor expansion can run away; keys must be texts and may appear once;
* JSON: the nesting depth is measured before ``json.loads``; duplicate keys are refused.

Every problem raises :class:`InputError` (a ``ValueError``), whose one-line message names the source, the field path
when known, the value (shortened) and what is allowed. Parameter values are still checked by
:class:`smartgov.model.params.Params` only; callers turn its ``ParameterError`` into an ``InputError`` with
:func:`parameter_error`. model/ must not import this module (DESIGN §1).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_YAML_BYTES = 64 * 1024  # scenario and design files are a few kB
MAX_JSON_BYTES = 64 * 1024 * 1024  # a manifest lists every run of a sweep
MAX_DEPTH = 32  # scenario files nest 3 levels, designs 4
MAX_NODES = 20_000  # 64 kB of YAML holds at most ~32k nodes; real files hold a few hundred
STR_TAG = "tag:yaml.org,2002:str"
_MISSING = object()


class InputError(ValueError):
    """Structured input (a file or an upload) that cannot be used.

    The message is one line naming the source, the field path when known, the value (shortened) and what is
    allowed. ``where``, ``field``, ``value`` and ``allowed`` keep the parts for callers that re-word them.
    Subclasses (``ScenarioError``, ``DesignError``) may be raised with a ready message only.
    """

    def __init__(self, message: str, *, where: str | None = None, field: str | None = None,
                 value: Any = _MISSING, allowed: str | None = None) -> None:
        super().__init__(one_line(message))
        self.where, self.field, self.allowed = where, field, allowed
        self.value = None if value is _MISSING else value

    @classmethod
    def invalid(cls, where: str, field: str, value: Any, allowed: str) -> InputError:
        """The standard message: ``WHERE: field 'a.b' = VALUE is not allowed; expected ALLOWED``."""
        return cls(f"{where}: field '{field}' = {shorten(value)} is not allowed; expected {allowed}",
                   where=where, field=field, value=value, allowed=allowed)

    def as_(self, cls: type[InputError]) -> InputError:
        """The same error as a subclass (e.g. ``ScenarioError``), keeping message and parts."""
        err = cls(str(self), where=self.where, field=self.field, allowed=self.allowed)
        err.value = self.value
        return err


def one_line(message: str) -> str:
    """A message as one line: a line break inside a field name or value is shown as ``\\n``, never printed."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def shorten(value: Any, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters with "…", so a 64 kB value cannot flood a message."""
    text = value if isinstance(value, _Raw) else repr(value)
    if len(text) <= limit:
        return text
    if isinstance(value, str | bytes | _Raw) and text[-1:] in "'\"":
        return text[:limit - 2] + "…" + text[-1]
    return text[:limit - 1] + "…"


class _Raw(str):
    """Source text shown as it is (not repr'd) by :func:`shorten`."""


def field_path(*parts: str | int) -> str:
    """``field_path('factors', 2, 'range')`` → ``'factors[2].range'`` (the field paths used in messages)."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# -- bytes to text -------------------------------------------------------------------------------

def _check_size(size: int, where: str, max_bytes: int, kind: str) -> None:
    if size > max_bytes:
        raise InputError(f"{where}: file is {size} bytes; {kind}s may be at most {max_bytes} bytes",
                         where=where, value=size, allowed=f"at most {max_bytes} bytes")


def decode(data: str | bytes, where: str, max_bytes: int, kind: str = "file") -> str:
    """Text from bytes (UTF-8, optional BOM) or a str, size-checked; other encodings name the file and the fix."""
    if isinstance(data, str):
        _check_size(len(data), where, max_bytes, kind)  # a character is at least one byte: no need to encode more
        _check_size(len(data.encode("utf-8", "surrogatepass")), where, max_bytes, kind)
        return data.removeprefix("\ufeff")
    _check_size(len(data), where, max_bytes, kind)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise InputError(f"{where}: looks like UTF-16 or UTF-32 text (or a binary file); save it as UTF-8",
                         where=where, allowed="UTF-8 text")
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise InputError(f"{where}: not UTF-8 text (byte 0x{data[err.start]:02x} on line {line}, perhaps "
                         "Latin-1 or GBK); save it as UTF-8", where=where, allowed="UTF-8 text") from None


def read_bytes(path: str | Path, where: str | None = None, *, max_bytes: int, kind: str = "file") -> bytes:
    """A file's bytes, its size checked with ``stat`` before reading (and never more than ``max_bytes`` + 1 read)."""
    path = Path(path)
    where = where or str(path)
    try:
        if not path.is_file():
            raise InputError(f"{where}: no such {kind}" if not path.exists() else f"{where}: not a regular file",
                             where=where, allowed="a file")
        _check_size(path.stat().st_size, where, max_bytes, kind)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise InputError(f"{where}: cannot read the file ({err.strerror or err})", where=where) from None
    _check_size(len(data), where, max_bytes, kind)  # the file grew after stat
    return data


# -- YAML ----------------------------------------------------------------------------------------

class _LimitedLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader (pure Python: the C composer cannot be limited) with limits checked while composing.

    Composing is PyYAML's recursive step, so the depth is checked on the way down, before Python's recursion limit
    could be reached; aliases are refused before they could be expanded.
    """

    def __init__(self, text: str, where: str, max_depth: int, max_nodes: int) -> None:
        super().__init__(text)
        self.where, self.max_depth, self.max_nodes = where, max_depth, max_nodes
        self.depth = self.nodes = 0

    def _fail(self, mark: Any, problem: str, allowed: str) -> InputError:
        at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        return InputError(f"{self.where}: {at}{problem}", where=self.where, allowed=allowed)

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise self._fail(event.start_mark, f"YAML aliases (*{shorten(_Raw(event.anchor), 40)}) are not supported; "
                             "write the value out", "no aliases")
        if getattr(event, "anchor", None) is not None:
            raise self._fail(event.start_mark, f"YAML anchors (&{shorten(_Raw(event.anchor), 40)}) are not supported; "
                             "write the value out", "no anchors")
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise self._fail(event.start_mark, f"more than {self.max_nodes} values", f"at most {self.max_nodes}")
        self.depth += 1
        if self.depth > self.max_depth:
            raise self._fail(event.start_mark, f"nested more than {self.max_depth} levels deep",
                             f"at most {self.max_depth} levels")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _reraise_value_errors(construct: Any) -> Any:
    """Scalar constructors raise plain ValueError for e.g. a 5,000-digit integer or a 13th month: make it YAML's."""
    def checked(loader: yaml.SafeLoader, node: Node) -> Any:
        try:
            return construct(loader, node)
        except ValueError as err:
            problem = f"cannot read {shorten(node.value, 40)} ({str(err).split(';')[0]})"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None
    return checked


for _tag in ("int", "float", "timestamp"):
    _LimitedLoader.add_constructor(f"tag:yaml.org,2002:{_tag}",
                                   _reraise_value_errors(yaml.SafeLoader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]))


def _check_keys(root: Node, where: str) -> None:
    """Every mapping key is a text given once; walks the node tree iteratively (no recursion), naming the path."""
    stack: list[tuple[Node, tuple[str | int, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, SequenceNode):
            stack.extend((child, (*path, i)) for i, child in enumerate(node.value))
        elif isinstance(node, MappingNode):
            seen: set[str] = set()
            inside = f"in '{field_path(*path)}'" if path else "at the top level"
            for key, value in node.value:
                line_col = f"line {key.start_mark.line + 1}, column {key.start_mark.column + 1}"
                if not isinstance(key, ScalarNode) or key.tag != STR_TAG:
                    if not isinstance(key, ScalarNode):
                        kind = "list" if isinstance(key, SequenceNode) else "mapping"
                        problem = f"a {kind} is used as a key {inside}; keys are names (texts)"
                    elif key.value == "<<":
                        problem = "YAML merge keys (<<) are not supported"
                    else:
                        problem = (f"key {shorten(_Raw(key.value), 40)} (YAML {key.tag.rsplit(':', 1)[-1]}) {inside} "
                                   "is not a text; keys are names (quote it if you mean text)")
                    raise InputError(f"{where}: {line_col}: {problem}", where=where,
                                     field=field_path(*path) or None, allowed="text keys")
                if key.value in seen:
                    name = field_path(*path, key.value)
                    raise InputError(f"{where}: not valid YAML: {line_col}: field '{shorten(_Raw(name), 60)}' is "
                                     "given twice; each key may appear once", where=where, field=name,
                                     allowed="each key once")
                seen.add(key.value)
                stack.append((value, (*path, key.value)))


def _yaml_problem(err: yaml.YAMLError) -> str:
    """A PyYAML error as one line: where in the text and what is wrong."""
    if isinstance(err, yaml.MarkedYAMLError):
        mark = err.problem_mark or err.context_mark
        at = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        context = f" ({err.context})" if err.context and err.problem else ""
        return f"{at}{err.problem or err.context}{context}"
    return " ".join(str(err).split())


def load_yaml_text(text: str | bytes, where: str, *, max_bytes: int = MAX_YAML_BYTES, max_depth: int = MAX_DEPTH,
                   max_nodes: int = MAX_NODES, kind: str = "YAML file") -> Any:
    """Parse one YAML document safely (see the module docstring); problems raise :class:`InputError`."""
    text = decode(text, where, max_bytes, kind)
    loader = None
    try:
        loader = _LimitedLoader(text, where, max_depth, max_nodes)  # the reader checks the characters here
        node = loader.get_single_node()
        if node is None:
            return None
        _check_keys(node, where)
        return loader.construct_document(node)
    except yaml.YAMLError as err:
        raise InputError(f"{where}: not valid YAML: {_yaml_problem(err)}", where=where, allowed="YAML") from None
    finally:
        if loader is not None:
            loader.dispose()


def load_yaml_file(path: str | Path, where: str | None = None, *, max_bytes: int = MAX_YAML_BYTES,
                   max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES, kind: str = "YAML file") -> Any:
    """Read and parse a YAML file safely; the file's path (or ``where``) starts every message."""
    where = where or str(path)
    data = read_bytes(path, where, max_bytes=max_bytes, kind=kind)
    return load_yaml_text(data, where, max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes, kind=kind)


# -- JSON ----------------------------------------------------------------------------------------

def _json_depth(data: bytes, chunk: int = 1 << 20) -> int:
    """Deepest nesting of [ and { outside strings: linear, vectorized, no recursion, bounded memory."""
    import numpy as np  # only manifests need it; scenario loading stays light

    opening, closing = np.frombuffer(b"[{", np.uint8), np.frombuffer(b"]}", np.uint8)
    data = re.sub(rb"\\.", b"__", data, flags=re.DOTALL)  # escapes (\" and \\) cannot end or start a string
    depth = deepest = quotes = 0
    for start in range(0, len(data), chunk):
        part = np.frombuffer(data, np.uint8, count=min(chunk, len(data) - start), offset=start)
        in_string = (np.cumsum(part == ord('"')) + quotes) % 2 == 1
        quotes += int(np.count_nonzero(part == ord('"')))
        step = np.isin(part, opening).astype(np.int32) - np.isin(part, closing)
        levels = depth + np.cumsum(np.where(in_string, 0, step))
        deepest, depth = max(deepest, int(levels.max())), int(levels[-1])
    return deepest


def load_json_file(path: str | Path, where: str | None = None, *, max_bytes: int = MAX_JSON_BYTES,
                   max_depth: int = MAX_DEPTH, kind: str = "JSON file") -> Any:
    """Read a JSON file (a run manifest) with the same size, encoding, depth and duplicate-key rules as YAML."""
    where = where or str(path)
    data = read_bytes(path, where, max_bytes=max_bytes, kind=kind)
    return load_json_text(data, where, max_bytes=max_bytes, max_depth=max_depth, kind=kind)


def load_json_text(text: str | bytes, where: str, *, max_bytes: int = MAX_JSON_BYTES,
                   max_depth: int = MAX_DEPTH, kind: str = "JSON file") -> Any:
    """Parse JSON text safely (NaN and Infinity allowed, as Python writes them); problems raise InputError."""
    text = decode(text, where, max_bytes, kind)
    if not text.strip():
        raise InputError(f"{where}: the file is empty; expected JSON", where=where, allowed="JSON")
    if _json_depth(text.encode("utf-8", "surrogatepass")) > max_depth:
        raise InputError(f"{where}: nested more than {max_depth} levels deep", where=where,
                         allowed=f"at most {max_depth} levels")

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise InputError(f"{where}: key {shorten(key, 60)} is given twice; each key may appear once",
                                 where=where, field=key, allowed="each key once")
            out[key] = value
        return out

    try:
        return json.loads(text, object_pairs_hook=unique)
    except InputError:
        raise
    except json.JSONDecodeError as err:
        raise InputError(f"{where}: not valid JSON: line {err.lineno}, column {err.colno}: {err.msg}",
                         where=where, allowed="JSON") from None
    except ValueError as err:  # json's other ValueErrors, e.g. an integer of more than 4,300 digits
        raise InputError(f"{where}: not valid JSON: {shorten(_Raw(str(err)), 120)}", where=where,
                         allowed="JSON") from None


# -- schema helpers ------------------------------------------------------------------------------

def require_mapping(data: Any, where: str, allowed_keys: Iterable[str] | None = None, required: Iterable[str] = (),
                    field: str = "") -> dict[str, Any]:
    """``data`` as a dict whose keys are among ``allowed_keys`` (None: any) and include ``required``.

    ``field`` is the path of ``data`` inside the document ('' for the top level); messages name it.
    """
    allowed = None if allowed_keys is None else tuple(allowed_keys)
    required = tuple(required)
    listed = f" with keys {', '.join(allowed)}" if allowed else ""
    if not isinstance(data, Mapping):
        what = "the file" if data is None and not field else f"field '{field}'" if field else "the top level"
        message = (f"{where}: {what} is empty; expected a mapping{listed}" if data is None
                   else f"{where}: {what} = {shorten(data)} is not allowed; expected a mapping{listed}")
        raise InputError(message, where=where, field=field or None, value=data, allowed=f"a mapping{listed}")
    for key in data:
        if not isinstance(key, str):
            raise InputError.invalid(where, field_path(field, "<key>") if field else "<key>", key, "text keys")
    if allowed is not None:
        unknown = [k for k in data if k not in allowed]
        if unknown:
            raise InputError(f"{where}: unknown field '{field_path(*filter(None, (field, unknown[0])))}'; allowed "
                             f"fields are {', '.join(allowed)}", where=where,
                             field=field_path(*filter(None, (field, unknown[0]))), value=unknown[0],
                             allowed=", ".join(allowed))
    missing = [k for k in required if k not in data]
    if missing:
        name = field_path(*filter(None, (field, missing[0])))
        raise InputError(f"{where}: field '{name}' is missing; required fields are {', '.join(required)}",
                         where=where, field=name, allowed=", ".join(required))
    return dict(data)


def require_list(data: Any, where: str, field: str, allowed: str = "a list") -> list[Any]:
    """``data`` as a list, or an InputError naming ``field`` (e.g. ``design.factors``) and the value."""
    if not isinstance(data, list):
        raise InputError.invalid(where, field, data, allowed)
    return data


def parameter_error(err: Exception, where: str, prefix: str = "parameters",
                    cls: type[InputError] = InputError) -> InputError:
    """A ``ParameterError`` from ``Params`` as an InputError naming the file and the field path (``parameters.x``).

    Keeps the parameter's own wording of the value and what is allowed (``err.value``, ``err.allowed``).
    """
    name = field_path(prefix, err.name) if prefix else err.name
    return cls(f"{where}: field '{name}' = {shorten(err.value)} is not allowed; expected {err.allowed}",
               where=where, field=name, value=err.value, allowed=err.allowed)
