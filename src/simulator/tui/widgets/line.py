"""A line of text whose updates repaint it without laying out the screen again."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class Line(Widget):
    """A fixed-size line (or few lines) of text, cheap to update."""

    DEFAULT_CSS = """
    Line { height: 1; }
    """

    text: reactive[Text] = reactive(Text, layout=False)
    """What the line shows."""

    def render(self) -> Text:
        return self.text
