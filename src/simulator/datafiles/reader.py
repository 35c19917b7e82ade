"""A hardened YAML reader: plain data in, located values out, nothing executed.

The document is built from the parser's event stream rather than PyYAML's composer
and constructor, which lets the reader

- record the line and column of every key and value, by document path;
- refuse duplicate keys, anchors and aliases (so no alias bomb can expand), explicit
  tags other than YAML's core scalar and collection tags (so no Python object is ever
  constructed), several documents in one file, and nesting past a fixed depth;
- bound the work by the file's size and the number of nodes, without recursion.

libyaml's C parser is used when PyYAML was built with it; the pure parser otherwise.
"""

from __future__ import annotations

import math
import os
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml

from simulator.datafiles.located import DataFileError, LocatedProblem, Mark
from simulator.docpaths import Path
from simulator.plaintext import control_character, describe_control

MAX_BYTES = 2 * 1024 * 1024
"""Largest data file accepted; the shipped scenarios are a few dozen kilobytes."""
MAX_DEPTH = 48
"""Deepest nesting of mappings and lists accepted."""
_TOO_DEEP = f"the document is nested too deeply (more than {MAX_DEPTH} levels)"
MAX_NODES = 250_000
"""Most keys and values accepted in one file."""
MAX_NUMBER = 1e12
"""Largest magnitude of a number accepted."""

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_CORE_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq")
}
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclass
class Document:
    """Plain data read from a file, with the place of every value and key."""

    file: str
    """The file's name as the user gave it."""
    data: Any
    """The document: dicts, lists, strings, numbers, booleans and None."""
    value_marks: dict[Path, Mark] = field(default_factory=dict)
    """Where each value starts, by document path."""
    key_marks: dict[Path, Mark] = field(default_factory=dict)
    """Where each mapping key starts, by the path of its value."""

    def locate(self, path: Path, *, on_key: bool = False) -> Mark:
        """The place of ``path``, or of its nearest enclosing value that exists."""
        if on_key and path in self.key_marks:
            return self.key_marks[path]
        for end in range(len(path), -1, -1):
            mark = self.value_marks.get(path[:end])
            if mark is not None:
                return mark
        return Mark(1, 1)

    def problem(
        self, path: Path, message: str, *, on_key: bool = False, **kw: Any
    ) -> LocatedProblem:
        """A problem placed at ``path`` in this document."""
        return LocatedProblem(self.file, self.locate(path, on_key=on_key), path, message, **kw)


def read_file(filename: str, *, what: str = "data file") -> Document:
    """Read and parse ``filename``; raises ``DataFileError`` naming the file on any problem."""
    try:
        status = os.stat(filename)
        size = status.st_size
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(status.st_mode):
            _fail(filename, f"this is not a regular file, so not a {what}", "not-a-file")
        if size > MAX_BYTES:
            _fail(
                filename,
                f"the file is {size / 1024 / 1024:.1f} MB; a {what} may be at most "
                f"{MAX_BYTES // 1024 // 1024} MB",
                "too-large",
            )
        with open(filename, "rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        _fail(filename, "no such file; check the path", "not-found")
    except IsADirectoryError:
        _fail(filename, f"this is a directory, not a {what}", "not-a-file")
    except OSError as error:
        _fail(filename, f"cannot read the file ({error.strerror})", "unreadable")
    return parse_bytes(raw, filename, what=what)


def parse_bytes(raw: bytes, filename: str, *, what: str = "data file") -> Document:
    """Parse the bytes of a data file; raises ``DataFileError`` on any problem."""
    if len(raw) > MAX_BYTES:
        _fail(
            filename,
            f"the file is over {MAX_BYTES // 1024 // 1024} MB; a {what} may not be that large",
            "too-large",
        )
    nul = raw.find(b"\0")
    if nul >= 0:
        _fail(
            filename,
            f"this is a binary file, not a {what} (a NUL byte at offset {nul})",
            "binary",
            mark=_mark_at(raw, nul),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        _fail(
            filename,
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be "
            "decoded); save it as UTF-8",
            "not-utf8",
            mark=_mark_at(raw, error.start),
        )
    return parse_text(text.removeprefix("\ufeff"), filename, what=what)


def parse_text(text: str, filename: str, *, what: str = "data file") -> Document:
    """Parse YAML text into a ``Document``; raises ``DataFileError`` on any problem."""
    builder = _Builder(filename)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as error:
        if "nesting depth" in (error.problem or ""):
            # Newer libyaml refuses deep nesting itself, before our own depth check sees it.
            _fail(filename, _TOO_DEEP, "too-deep", mark=_yaml_mark(error))
        _fail(filename, _yaml_message(error, text), "yaml-syntax", mark=_yaml_mark(error))
    except yaml.reader.ReaderError as error:
        code = error.character if isinstance(error.character, int) else ord(error.character)
        _fail(
            filename,
            f"the file holds a character YAML does not allow (U+{code:04X}); remove it",
            "bad-character",
            mark=_text_mark(text, error.position),
        )
    except yaml.YAMLError as error:
        _fail(filename, f"not valid YAML: {error}", "yaml-syntax")
    except RecursionError:
        _fail(filename, _TOO_DEEP, "too-deep")
    if not builder.has_content:
        _fail(filename, f"the file is empty; a {what} is a YAML mapping of fields", "empty")
    return builder.document


class _Builder:
    """Builds plain data from parser events, one event at a time, without recursion."""

    def __init__(self, filename: str) -> None:
        self.document = Document(filename, None)
        self.stack: list[tuple[Any, Path]] = []
        self.pending_key: list[tuple[str, Mark] | None] = []
        self.documents = 0
        self.nodes = 0
        self.has_content = False

    def feed(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._fail(
                    event,
                    "the file holds more than one YAML document ('---'); keep one",
                    "many-documents",
                )
        elif isinstance(event, yaml.AliasEvent):
            self._fail(
                event, "aliases (*name) are not allowed; write the value out in full", "alias"
            )
        elif isinstance(event, yaml.ScalarEvent | yaml.MappingStartEvent | yaml.SequenceStartEvent):
            self._node(event)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            self.stack.pop()
            self.pending_key.pop()

    def _node(self, event: Any) -> None:
        self.nodes += 1
        self.has_content = True
        if self.nodes > MAX_NODES:
            self._fail(event, f"the file has more than {MAX_NODES} values", "too-many-nodes")
        if event.anchor is not None:
            self._fail(
                event,
                f"anchors (&{event.anchor}) are not allowed; write values out in full",
                "anchor",
            )
        tag = event.tag
        expected = {
            yaml.MappingStartEvent: "tag:yaml.org,2002:map",
            yaml.SequenceStartEvent: "tag:yaml.org,2002:seq",
        }.get(type(event))
        if tag is not None and expected is not None and tag not in ("!", expected):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self._fail(
                event,
                f"the tag '{shown}' does not fit a "
                f"{'mapping' if expected.endswith('map') else 'list'}; remove it",
                "tag",
            )
        if tag is not None and tag != "!" and tag not in _CORE_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self._fail(
                event,
                f"the tag '{shown}' is not allowed; a data file holds plain values "
                "only (remove the tag)",
                "tag",
            )
        mark = _event_mark(event)
        if isinstance(event, yaml.ScalarEvent):
            value = self._scalar(event, mark)
            self._refuse_control(event, value)
        else:
            if len(self.stack) >= MAX_DEPTH:
                self._fail(event, _TOO_DEEP, "too-deep")
            value = {} if isinstance(event, yaml.MappingStartEvent) else []
        if self.stack and isinstance(self.stack[-1][0], dict) and self.pending_key[-1] is None:
            self._key(event, value, mark)
            return
        path = self._place(value, mark)
        if not isinstance(event, yaml.ScalarEvent):
            self.stack.append((value, path))
            self.pending_key.append(None)

    def _key(self, event: Any, value: Any, mark: Mark) -> None:
        mapping, path = self.stack[-1]
        if not isinstance(value, str):
            shown = "a mapping or list" if isinstance(value, dict | list) else repr(value)
            self._fail(
                event, f"a key must be text, not {shown}; quote it if it is a name", "bad-key"
            )
        if value in mapping:
            first = self.document.key_marks.get((*path, value))
            where = f" (first at line {first.line})" if first else ""
            self._fail(
                event,
                f"duplicate key '{value}'{where}; each key may appear once in a mapping",
                "duplicate-key",
            )
        self.pending_key[-1] = (value, mark)

    def _place(self, value: Any, mark: Mark) -> Path:
        if not self.stack:
            self.document.data = value
            path: Path = ()
        else:
            parent, parent_path = self.stack[-1]
            if isinstance(parent, list):
                path = (*parent_path, len(parent))
                parent.append(value)
            else:
                pending = self.pending_key[-1]
                assert pending is not None
                key, key_mark = pending
                path = (*parent_path, key)
                parent[key] = value
                self.document.key_marks[path] = key_mark
                self.pending_key[-1] = None
        self.document.value_marks[path] = mark
        return path

    def _scalar(self, event: yaml.ScalarEvent, mark: Mark) -> Any:
        tag = event.tag
        if tag == "!":
            return event.value
        if tag is None:
            plain = bool(event.implicit[0])
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, (plain, False))  # type: ignore[no-untyped-call]
        if tag == "tag:yaml.org,2002:merge":
            self._fail(event, "merge keys ('<<') are not allowed; write the fields out", "merge")
        if tag not in _CORE_TAGS:  # timestamps and other resolved types stay as text
            return event.value
        if tag in _NUMBER_TAGS and len(event.value) > 40:
            self._fail(
                event, f"the number is too large (the limit is {MAX_NUMBER:.0e})", "bad-number"
            )
        node = yaml.ScalarNode(tag, event.value)
        try:
            value = _CONSTRUCTOR.construct_object(node)
        except (ValueError, KeyError, IndexError, yaml.constructor.ConstructorError) as error:
            self._fail(
                event,
                f"cannot read {event.value[:40]!r} as {tag.rsplit(':', 1)[-1]}: {error}",
                "bad-scalar",
            )
        if isinstance(value, float) and not math.isfinite(value):
            self._fail(event, "infinite and not-a-number values are not allowed", "bad-number")
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and (abs(value) > MAX_NUMBER)
        ):
            self._fail(
                event, f"the number is too large (the limit is {MAX_NUMBER:.0e})", "bad-number"
            )
        return value

    def _refuse_control(self, event: Any, value: Any) -> None:
        """Text may hold no control character (it could act on a terminal showing it)."""
        index = control_character(value) if isinstance(value, str) else None
        if index is not None:
            self._fail(
                event,
                f"the text holds a control character ({describe_control(value, index)}), "
                "which could act on a terminal; remove it",
                "control-character",
            )

    def _fail(self, event: Any, message: str, code: str) -> None:
        _fail(self.document.file, message, code, mark=_event_mark(event))


def _event_mark(event: Any) -> Mark:
    mark = event.start_mark
    return Mark(mark.line + 1, mark.column + 1) if mark is not None else Mark(1, 1)


def _yaml_mark(error: yaml.MarkedYAMLError) -> Mark:
    mark = error.problem_mark or error.context_mark
    return Mark(mark.line + 1, mark.column + 1) if mark is not None else Mark(1, 1)


def _yaml_message(error: yaml.MarkedYAMLError, text: str) -> str:
    problem = error.problem or "not valid YAML"
    context = f" {error.context}" if error.context else ""
    message = f"not valid YAML:{context}: {problem}" if context else f"not valid YAML: {problem}"
    mark = error.problem_mark
    lines = text.splitlines()
    found = (
        lines[mark.line][mark.column : mark.column + 1]
        if mark is not None and mark.line < len(lines)
        else ""
    )
    if found == "\t" or "\\t" in problem or "tab" in problem:
        message += " (a tab); indent with spaces, not tabs"
    elif "end of stream" in problem and "quoted" in (error.context or ""):
        message += "; close the quote"
    return message


def _text_mark(text: str, offset: int) -> Mark:
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return Mark(line, offset - start + 1)


def _mark_at(raw: bytes, offset: int) -> Mark:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return Mark(line, offset - start + 1)


def _fail(filename: str, message: str, code: str, *, mark: Mark | None = None) -> Any:
    raise DataFileError([LocatedProblem(filename, mark or Mark(1, 1), (), message, code=code)])
