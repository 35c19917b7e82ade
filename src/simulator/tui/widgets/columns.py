"""Rows of wrapped columns: a table whose cells wrap inside their column instead of being
cut, cheap to update one row at a time (each row is its own widget)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text
from textual.widgets import Static

GAP = 1
"""Spaces between two columns."""


def widths(space: int, shares: Sequence[float], least: int = 4) -> list[int]:
    """Column widths for ``space`` characters (gaps taken out), in proportion to
    ``shares``; a fixed width is given as a share of 1 or more."""
    fixed = sum(int(s) for s in shares if s >= 1)
    free = max(0, space - fixed - GAP * (len(shares) - 1))
    total = sum(s for s in shares if s < 1) or 1.0
    out = [int(s) if s >= 1 else max(least, int(free * s / total)) for s in shares]
    flexible = [i for i, s in enumerate(shares) if s < 1]
    if flexible:  # give what rounding left over to the first flexible column
        out[flexible[0]] += max(0, space - sum(out) - GAP * (len(shares) - 1))
    return out


def wrapped_row(console: Console, cells: Sequence[Text], sizes: Sequence[int]) -> Text:
    """``cells`` side by side, each wrapped inside its width (words never cut unless a
    word is longer than its column)."""
    columns = []
    for text, size in zip(cells, sizes, strict=True):
        lines = text.wrap(console, max(1, size), overflow="fold") if text.plain else [Text()]
        columns.append(lines)
    height = max(len(c) for c in columns)
    out = Text(no_wrap=True, overflow="ignore")
    for row in range(height):
        if row:
            out.append("\n")
        for index, (lines, size) in enumerate(zip(columns, sizes, strict=True)):
            piece = lines[row].copy() if row < len(lines) else Text()
            piece.rstrip()
            piece.truncate(size, pad=True)
            if index:
                out.append(" " * GAP)
            out.append_text(piece)
    return out


class Row(Static):
    """One row of a table of wrapped columns."""

    DEFAULT_CSS = """
    Row { height: auto; width: 1fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.key: object = None

    def set_row(
        self, key: object, console: Console, cells: Sequence[Text], sizes: Sequence[int]
    ) -> None:
        """Show ``cells`` at ``sizes``, unless it shows them already (``key`` says)."""
        if key != self.key:
            self.key = key
            self.update(wrapped_row(console, cells, sizes))
