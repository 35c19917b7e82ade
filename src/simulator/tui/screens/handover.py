"""The hot-seat handover: between two people sharing one screen it hides the table, and
tells the next delegation what happened since its last turn (all of it public)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from simulator.tui.plain import plain
from simulator.tui.widgets.table_view import transcript_line
from simulator.views import LineView

SHOWN = 40
"""The most transcript lines the handover shows (the latest)."""


class Handover(ModalScreen[None]):
    """Hides the table between two people sharing one screen."""

    BINDINGS = [Binding("enter", "ready", "Ready")]

    def __init__(self, name: str, since: Sequence[LineView] = (), last: int = 0) -> None:
        super().__init__()
        self.delegation = name
        self.since = list(since)[-SHOWN:]
        self.last = last

    def compose(self) -> ComposeResult:
        with Vertical(id="handover"):
            yield Label("The floor passes to", classes="dialog-title")
            yield Label(plain(self.delegation), id="handover-name")
            yield Label(
                "Pass the keyboard to this delegation. Its confidential brief and "
                "numbers appear when it presses Enter."
            )
            if self.since:
                moves = len({line.move for line in self.since if line.kind == "move"})
                heading = (
                    f"Since your last turn (move {self.last}): {moves} "
                    f"move{'s' if moves != 1 else ''}"
                    if self.last
                    else "What has happened so far"
                )
                yield Label(heading, classes="panel-title", id="since-title")
                with VerticalScroll(id="since"):
                    text = Text()
                    for index, line in enumerate(self.since):
                        if index:
                            text.append("\n")
                        text.append_text(transcript_line(line))
                    yield Static(text)
            yield Button("Ready (enter)", variant="primary", id="ready")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#ready", Button))
        since = self.query("#since")
        if since:
            since.first().scroll_end(animate=False)

    def on_button_pressed(self, _: Button.Pressed) -> None:
        self.action_ready()

    def action_ready(self) -> None:
        self.dismiss(None)
