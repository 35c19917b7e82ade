"""What changed between two views of a table, as a list of changes a client applies to
the view it holds to get the new one (protocol 1.3, ``view_delta``; ``docs/protocol.md``).

A view is JSON: objects, arrays and plain values. A change names a ``path`` (object keys
and array indexes, from the view message's top) and is one of:

- ``{"op": "set", "path": [...], "value": V}``: the value at ``path`` becomes ``V``;
- ``{"op": "drop", "path": [...]}``: the object key at ``path`` goes;
- ``{"op": "splice", "path": [...], "at": i, "remove": n, "add": [...]}``: in the array
  at ``path``, ``n`` items from index ``i`` are replaced by ``add`` (the transcript's
  window slides by dropping its oldest lines and adding the new ones).

``diff`` works the changes out; ``applied`` applies them without changing the view it is
given (the parts a change does not touch are shared with it). Both are pure. A view's
fields keep their kind (pydantic's models say it), so inside an object or array that is
equal as a whole, ``1`` and ``1.0`` count as the same; a plain value that changes kind
is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Json = Any
"""A JSON value as ``json.loads`` gives it."""
Path = list[str | int]
Change = dict[str, Any]


class DeltaError(ValueError):
    """Changes that do not fit the view they are applied to."""


def diff(old: Json, new: Json) -> list[Change]:
    """The changes that make ``old`` into ``new`` (none when they are equal)."""
    changes: list[Change] = []
    _diff(old, new, [], changes)
    return changes


def _diff(old: Json, new: Json, path: Path, out: list[Change]) -> None:
    if old is new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        if old == new:  # compared in C: most of a view is as it was
            return
        for key, value in new.items():
            if key not in old:
                out.append({"op": "set", "path": [*path, key], "value": value})
            else:
                _diff(old[key], value, [*path, key], out)
        out.extend({"op": "drop", "path": [*path, key]} for key in old if key not in new)
    elif isinstance(old, list) and isinstance(new, list):
        if old != new and not _slid(old, new, path, out):
            if len(old) == len(new):
                for index, (was, now) in enumerate(zip(old, new, strict=True)):
                    _diff(was, now, [*path, index], out)
            else:
                out.append({"op": "set", "path": path, "value": new})
    elif old != new or type(old) is not type(new):
        out.append({"op": "set", "path": path, "value": new})


def _slid(old: list[Json], new: list[Json], path: Path, out: list[Change]) -> bool:
    """Whether ``new`` is ``old`` with some items dropped from its front and others added
    at its end (a window moving on); if so, the changes that say it are added."""
    if not new:
        return False
    for start in range(len(old)):
        kept = len(old) - start
        if old[start] == new[0] and kept <= len(new) and old[start:] == new[:kept]:
            if start:
                out.append({"op": "splice", "path": path, "at": 0, "remove": start, "add": []})
            if kept < len(new):
                out.append(
                    {"op": "splice", "path": path, "at": kept, "remove": 0, "add": new[kept:]}
                )
            return True
    return False


def applied(view: Json, changes: Sequence[Change]) -> Json:
    """``view`` with ``changes`` made, as a new value (``view`` itself is left as it was);
    ``DeltaError`` saying which change does not fit."""
    for number, change in enumerate(changes, 1):
        try:
            view = _apply(view, change)
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise DeltaError(f"change {number} of {len(changes)} does not fit: {error}") from None
    return view


def _apply(view: Json, change: Change) -> Json:
    if not isinstance(change, dict):
        raise TypeError("a change is an object")
    path = change.get("path")
    if not isinstance(path, list) or not all(isinstance(p, str | int) for p in path):
        raise TypeError("its path is not a list of keys and indexes")
    op = change.get("op")
    if op == "splice":
        at, remove, add = change["at"], change["remove"], change["add"]
        if not (isinstance(at, int) and isinstance(remove, int) and isinstance(add, list)):
            raise TypeError("a splice needs at, remove and add")

        def splice(items: Json) -> Json:
            if not isinstance(items, list) or not 0 <= at <= at + remove <= len(items):
                raise IndexError(f"no items {at} to {at + remove} at {path}")
            return [*items[:at], *add, *items[at + remove :]]

        return _replaced(view, path, splice)
    if not path:
        if op == "set":
            return change["value"]
        raise KeyError("only a set may change the whole view")
    *parent, last = path
    if op == "set":
        value = change["value"]
        return _replaced(view, parent, lambda node: _with(node, last, value))
    if op == "drop":
        return _replaced(view, parent, lambda node: _without(node, last))
    raise ValueError(f"no change '{op}'")


def _replaced(node: Json, path: Sequence[str | int], change: Callable[[Json], Json]) -> Json:
    """``node`` with the value at ``path`` replaced by ``change(value)``, copying only the
    objects and arrays on the way."""
    if not path:
        return change(node)
    key, rest = path[0], path[1:]
    return _with(node, key, _replaced(_get(node, key), rest, change))


def _get(node: Json, key: str | int) -> Json:
    if isinstance(node, dict) and isinstance(key, str):
        return node[key]
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return node[key]
    raise KeyError(f"no {key!r} there")


def _with(node: Json, key: str | int, value: Json) -> Json:
    if isinstance(node, dict) and isinstance(key, str):
        return {**node, key: value}
    if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
        return [*node[:key], value, *node[key + 1 :]]
    raise KeyError(f"no {key!r} to set")


def _without(node: Json, key: str | int) -> Json:
    if isinstance(node, dict) and isinstance(key, str) and key in node:
        return {k: v for k, v in node.items() if k != key}
    raise KeyError(f"no {key!r} to drop")
