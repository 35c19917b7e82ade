"""A list to tick: a line or more per choice (a long name wraps, never cut), and a tick
that shows only on the ticked choices, so ticked and not ticked read apart even without
colour."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

TICKED = "[✓] "
UNTICKED = "[ ] "


class Ticks(SelectionList[str]):
    """Choices to tick with space (or a click)."""

    DEFAULT_CSS = """
    Ticks { text-wrap: wrap; text-overflow: fold; }
    """

    def _get_left_gutter_width(self) -> int:
        return len(TICKED)

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
            choice = self.get_option_at_index(index)
        except (IndexError, OptionDoesNotExist):
            return line
        ticked = choice.value in self._selected
        style = next(iter(line)).style or self.rich_style
        mark = (TICKED if ticked else UNTICKED) if offset == 0 else " " * len(TICKED)
        component = "selection-list--button-selected" if ticked else "selection-list--button"
        if self.highlighted == index:
            component += "-highlighted"
        mark_style = self.get_component_rich_style(component)
        return Strip([Segment(mark, style + mark_style), *line])
