"""Paths into a data document: the keys and list indexes from the top of a YAML document
down to one value, and how authors write them.

A shared leaf with no imports of its own: the core's problems are located by these paths,
and the data-file reader maps them to file, line and column.
"""

from __future__ import annotations

Path = tuple[str | int, ...]
"""Keys and list indexes from the top of a document down to a value."""


def format_path(path: Path) -> str:
    """Render a path the way authors write it: ``actors[3].positions.verification.ideal``.

    >>> format_path(("actors", 3, "positions", "verification", "ideal"))
    'actors[3].positions.verification.ideal'
    >>> format_path(())
    '(top level)'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"
