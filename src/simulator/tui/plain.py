"""Text from data, for the interface: shown exactly as written, never read as Textual
markup (a name like ``Access [EU]`` or ``[/]x`` is a name) nor passed to the terminal as
a control sequence."""

from __future__ import annotations

from rich.text import Text

from simulator.plaintext import one_line, printable


def plain(text: str, *, lines: bool = False) -> Text:
    """``text`` as plain text for a widget: on one line, unless ``lines``."""
    return Text(printable(text) if lines else one_line(text))


def cell(value: object) -> object:
    """A table cell: text from data made plain, anything already rendered left as is."""
    return plain(value) if isinstance(value, str) else value
