"""Turning pydantic's validation errors into located, readable problems.

pydantic reports where a value failed as a ``loc`` through the *model* (including
the tags of discriminated unions and the names of union members); the author needs
the place in the *document*. ``document_path`` walks the data alongside the ``loc``
to find it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from simulator.datafiles.located import DataFileError, LocatedProblem
from simulator.datafiles.reader import Document, read_file
from simulator.docpaths import Path

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "list_type": "a list",
    "tuple_type": "a list",
}


def document_path(loc: Iterable[str | int], data: Any) -> tuple[Path, bool]:
    """The document path a pydantic ``loc`` points at, and whether it points at a key."""
    path: list[str | int] = []
    node = data
    tag_read = False
    for part in loc:
        if part == "[key]":
            return tuple(path), True
        if isinstance(node, dict):
            if not tag_read and node.get("kind") == part:
                tag_read = True  # the tag pydantic adds for a discriminated union
                continue
            tag_read = False
            if part in node:
                node = node[part]
                path.append(part)
            else:
                path.append(part)  # a missing field: point at its mapping
                node = None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
            tag_read = False
        # anything else names a union member or a validator; it has no place in the file
    return tuple(path), False


def field_names(model: type[BaseModel]) -> dict[str, set[str]]:
    """Every field name used anywhere in ``model`` and the models it contains, with the
    names of the records that have it."""
    names: dict[str, set[str]] = {}
    pending: list[Any] = [model]
    seen: set[Any] = set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            for name, info in current.model_fields.items():
                names.setdefault(name, set()).add(current.__name__)
                pending.append(info.annotation)
        for arg in getattr(current, "__args__", ()) or ():
            pending.append(arg)
        for meta in getattr(current, "__metadata__", ()) or ():
            pending.append(meta)
        origin = getattr(current, "__origin__", None)
        if origin is not None:
            pending.append(origin)
    return names


def located_problems(
    error: ValidationError, document: Document, known_fields: dict[str, set[str]]
) -> list[LocatedProblem]:
    """Every error in ``error`` as a problem placed in ``document``."""
    problems: list[tuple[Path, bool, ErrorDetails, list[str] | None]] = []
    expected: dict[tuple[Path, bool], list[str]] = {}  # type errors, one list per place
    details = [
        (detail, *document_path(detail["loc"], document.data))
        for detail in error.errors(include_url=False)
    ]
    for detail, path, on_key in details:
        kind = detail["type"]
        if kind == "too_short" and any(
            other[: len(path)] == path and len(other) > len(path) for _, other, _ in details
        ):
            # a list that is too short only because its broken entries were dropped: the
            # entries' own errors say what to fix
            continue
        if kind in _TYPE_NAMES:
            # a value a union rejects gives one error per member: say them in one line
            names = expected.setdefault((path, on_key), [])
            if not names:
                problems.append((path, on_key, detail, names))
            if _TYPE_NAMES[kind] not in names:
                names.append(_TYPE_NAMES[kind])
            continue
        problems.append((path, on_key, detail, None))
    return [
        document.problem(
            path,
            _message(detail, path, on_key, known_fields)
            if names is None
            else f"expected {_either(names)}, got {_describe(detail.get('input'))}",
            on_key=on_key or _is_extra(detail),
            code=detail["type"],
        )
        for path, on_key, detail, names in problems
    ]


def _either(names: list[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``, in the order of ``_TYPE_NAMES`` (a whole number
    goes without saying next to a number)."""
    if "a number" in names:
        names = [name for name in names if name != "a whole number"]
    ordered = [name for name in dict.fromkeys(_TYPE_NAMES.values()) if name in names]
    return ordered[0] if len(ordered) == 1 else f"{', '.join(ordered[:-1])} or {ordered[-1]}"


def _is_extra(detail: ErrorDetails) -> bool:
    return detail["type"] == "extra_forbidden"


def _message(detail: ErrorDetails, path: Path, on_key: bool, known: dict[str, set[str]]) -> str:
    kind = detail["type"]
    value = detail.get("input")
    name = path[-1] if path else ""
    ctx = detail.get("ctx") or {}
    if kind == "missing":
        return f"missing required field '{name}'; add it"
    if kind == "extra_forbidden":
        if name in known:
            owners = ", ".join(sorted(known[str(name)]))
            return f"'{name}' is not a field here (it belongs in: {owners}); move or remove it"
        close = difflib.get_close_matches(str(name), sorted(known), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "remove it or check its spelling"
        return f"unknown field '{name}'; {hint}"
    if kind == "string_pattern_mismatch":
        what = "key" if on_key else "identifier"
        return (
            f"{_show(value)} is not a valid {what}; use lower-case letters, digits, '_' or "
            "'-', starting with a letter"
        )
    if kind in _TYPE_NAMES:
        return f"expected {_TYPE_NAMES[kind]}, got {_describe(value)}"
    if kind == "union_tag_not_found":
        return "missing 'kind', which says which sort of entry this is; add it"
    if kind == "union_tag_invalid":
        return f"unknown kind {_show(ctx.get('tag'))}; expected one of {ctx.get('expected_tags')}"
    if kind == "literal_error":
        return f"{_show(value)} is not allowed; expected {ctx.get('expected')}"
    if kind in ("too_short", "too_long"):
        return detail["msg"].replace("Value should", "should").replace("List should", "should") + (
            "; fix the number of entries" if isinstance(value, list | tuple) else ""
        )
    if kind.startswith(("greater_than", "less_than")):
        bound = str(detail["msg"]).removeprefix("Input should be ")
        return f"{_show(value)} is out of range; it should be {bound}"
    if kind == "value_error":
        return str(detail["msg"]).removeprefix("Value error, ")
    text = str(detail["msg"]).replace("Input should be", "expected")
    return f"{text}, got {_describe(value)}" if value is not None else text


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean: quote it if you meant text)"
    return f"{_show(value)} ({type(value).__name__.replace('str', 'text')})"


_Model = TypeVar("_Model", bound=BaseModel)


def read_record(
    filename: str,
    model: type[_Model],
    *,
    what: str,
    fields: str,
    error: type[DataFileError] = DataFileError,
    noun: str | None = None,
) -> tuple[_Model, Document]:
    """Read ``filename`` (a ``what``, e.g. "replay script") as one ``model``; every
    problem is raised at once as ``error``, placed in the file. When the file is not a
    mapping at all, the message calls it ``noun`` (default: ``what``) and names a few of
    its ``fields``."""
    try:
        document = read_file(filename, what=what)
    except DataFileError as failure:
        raise error(failure.problems) from None
    data: Any = document.data
    if not isinstance(data, dict):
        shape = f"a {noun or what} is a mapping of fields ({fields}, ...)"
        raise error([document.problem((), shape)])
    try:
        return model.model_validate(data), document
    except ValidationError as failure:
        raise error(located_problems(failure, document, _fields_of(model))) from None


@cache
def _fields_of(model: type[BaseModel]) -> dict[str, set[str]]:
    return field_names(model)
