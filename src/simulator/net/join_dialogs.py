"""The small screens of ``simulator join``: the join code, a choice from a list, a
seat's own debrief; and data from the server as plain text and a status line."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input, Label, Markdown, OptionList, Static

from simulator.net.protocol import ViewMessage
from simulator.plaintext import printable
from simulator.tui.widgets.projector import status_parts
from simulator.views import PublicView


def plain(text: object) -> Text:
    """Data from the server as plain text (never markup, never a control sequence)."""
    return Text(printable(str(text)))


# --- rendering a view ----------------------------------------------------------------------


def status_line(message: ViewMessage, view: dict[str, Any], clock: float | None) -> Text:
    """Round, turn, clock (``clock``: seconds left now) and pause, in one line, as the
    shared screen says them."""
    parts = status_parts(PublicView.model_validate(view.get("public", view)), clock)
    if message.status.paused:
        parts.append("paused by the teacher")
    return plain(" · ".join(parts))


# --- dialogs -------------------------------------------------------------------------------


class CodeScreen(Screen[None]):
    """Ask for the join code."""

    def __init__(self, problem: str = "") -> None:
        super().__init__()
        self.problem = problem

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Vertical(id="code-box"):
            yield Label("Type the join code your teacher gave you, then press Enter.")
            yield Input(placeholder="e.g. k7mqx-3hr9t", id="code")
            yield Static(plain(self.problem), id="problem")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#code", Input).focus()

    class Given(Message):
        """A join code typed in."""

        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    @on(Input.Submitted, "#code")
    def submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.post_message(self.Given(event.value.strip()))


class OwnDebrief(ModalScreen[None]):
    """The seat's own debrief, released by the teacher."""

    BINDINGS = [Binding("escape", "close", "Back to the table")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Markdown(self.text, open_links=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)


class Choose(ModalScreen[str | None]):
    """One of a list."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.prompt = prompt
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(plain(self.prompt))
            yield OptionList(*(plain(label) for _, label in self.choices))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
