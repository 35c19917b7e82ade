"""Rows of wrapped columns: a table whose cells wrap inside their column instead of being
cut, cheap to update one row at a time (each row is its own widget, and a row repaints
alone unless its height changes)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import pairwise

from rich.console import Console
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

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


WORD = re.compile(r"\S+")


def hyphen_breaks(text: Text, size: int) -> Text:
    """``text`` with a line break allowed after each hyphen of a word longer than
    ``size`` (such a word is broken anyway: better after "quantum-" than inside a word)."""
    cuts = [
        word.start() + at + 1
        for word in WORD.finditer(text.plain)
        if len(word.group()) > size
        for at, char in enumerate(word.group()[:-1])
        if char == "-"
    ]
    if not cuts:
        return text
    bounds = [0, *cuts, len(text)]
    return Text(" ").join(text[start:end] for start, end in pairwise(bounds))


def wrapped_row(console: Console, cells: Sequence[Text], sizes: Sequence[int]) -> Text:
    """``cells`` side by side, each wrapped inside its width (words never cut unless a
    word is longer than its column, and then after a hyphen where it has one)."""
    columns = []
    for text, size in zip(cells, sizes, strict=True):
        text = hyphen_breaks(text, max(1, size))
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


class Block(Widget):
    """Text that repaints alone when it changes, and asks for a new layout only when
    its height changes."""

    DEFAULT_CSS = """
    Block { height: auto; width: 1fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.text = Text()
        self._height = -1

    def render(self) -> Text:
        return self.text

    def show(self, text: Text, height: int | None = None) -> None:
        """Show ``text`` (nothing happens if it shows it already); ``height`` is its
        number of lines, when the caller knows it."""
        if text == self.text:
            return
        self.text = text
        width = self.scrollable_content_region.width
        if height is None:
            height = len(text.wrap(self.app.console, width)) if width > 0 else -1
        if height != self._height or height < 0:
            self._height = height
            self.refresh(layout=True)
        else:
            self.refresh()


class Rows(Widget):
    """A table of wrapped columns in one widget: a row is laid out and drawn again only
    when it changes, only the lines in sight are drawn, and every other row is shaded."""

    COMPONENT_CLASSES = {"rows--odd"}
    DEFAULT_CSS = """
    Rows { height: auto; width: 1fr; }
    Rows > .rows--odd { background: $boost; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._marks: list[object] = []
        self._strips: list[list[Strip]] = []
        self._starts: list[int] = []
        self._height = 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._height

    def set_rows(
        self,
        console: Console,
        rows: Sequence[tuple[object, Callable[[], Sequence[Text]]]],
        sizes: Sequence[int],
    ) -> None:
        """Show ``rows`` (each a key that changes when its cells do, and how to make the
        cells: they are made only for a row whose key changed) at ``sizes``."""
        odd = self.get_component_rich_style("rows--odd")
        width = sum(sizes) + GAP * (len(sizes) - 1)
        options = console.options.update(width=width, no_wrap=True, height=None)
        marks, strips = self._marks[: len(rows)], self._strips[: len(rows)]
        changed: list[int] = []
        for index, (key, cells) in enumerate(rows):
            mark = (key, tuple(sizes), odd, index % 2)
            if index < len(marks) and marks[index] == mark:
                continue
            text = wrapped_row(console, cells(), sizes)
            lines = console.render_lines(text, options, style=odd if index % 2 else None)
            drawn = [Strip(line, width) for line in lines]
            if index < len(marks):
                marks[index], strips[index] = mark, drawn
            else:
                marks.append(mark)
                strips.append(drawn)
            changed.append(index)
        starts, height = [], 0
        for drawn in strips:
            starts.append(height)
            height += len(drawn)
        before = self._starts
        self._marks, self._strips, self._starts = marks, strips, starts
        if height != self._height or starts != before:
            self._height = height
            self.refresh(layout=True)
            return
        for index in changed:
            self.refresh(Region(0, starts[index], self.size.width, len(strips[index])))

    def render_line(self, y: int) -> Strip:
        index = bisect_right(self._starts, y) - 1
        if index < 0 or index >= len(self._strips):
            return Strip.blank(self.size.width)
        lines = self._strips[index]
        offset = y - self._starts[index]
        return lines[offset] if offset < len(lines) else Strip.blank(self.size.width)


class Row(Block):
    """One row of a table of wrapped columns."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.key: object = None

    def set_row(
        self, key: object, console: Console, cells: Sequence[Text], sizes: Sequence[int]
    ) -> None:
        """Show ``cells`` at ``sizes``, unless it shows them already (``key`` says)."""
        if key != self.key:
            self.key = key
            self.show(wrapped_row(console, cells, sizes))
