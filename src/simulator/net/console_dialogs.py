"""The teacher's console's dialogs: a yes or no that names what it acts on, an inject's
prompt and effects before it fires, the agenda to tick, and the list of every key."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from simulator.net.join_dialogs import plain
from simulator.tui.widgets.ticks import Ticks


class Confirm(ModalScreen[bool]):
    """A yes or no before something that cannot be taken back lightly."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]
    KEY = "y"
    """The key that says yes."""

    def __init__(self, question: str, yes: str) -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            with VerticalScroll(id="question"):
                yield Static(plain(self.question))
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} ({self.KEY})", variant="error", id="yes")
                yield Button("No (n, esc)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class InjectPrompt(Confirm):
    """An inject's prompt (what the chair reads out) and its effects, before it fires."""

    BINDINGS = [
        Binding("f", "answer(True)", "Fire"),
        Binding("n,escape", "answer(False)", "Cancel"),
    ]
    KEY = "f"

    def __init__(self, where: str, inject: dict[str, Any]) -> None:
        lines = [f"{inject['title']} — at {where}", "", inject["text"], ""]
        lines.append("What it does to the delegations (the teacher's eyes only):")
        lines += [f"  • {e}" for e in inject.get("effects") or ()] or ["  (nothing)"]
        super().__init__("\n".join(lines), f"Fire it at {where}")


class AgendaDialog(ModalScreen[tuple[str, ...] | None]):
    """Tick the terms in focus (none ticked: every open term)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Set the agenda"),
    ]

    def __init__(self, where: str, terms: list[tuple[str, str, bool]]) -> None:
        super().__init__()
        self.where = where
        self.terms = terms

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(
                plain(
                    f"The agenda at {self.where}: space ticks a term, ctrl+s sets the agenda "
                    "(none ticked: every open term), esc cancels"
                )
            )
            yield Ticks(*[(plain(name), id_, on) for id_, name, on in self.terms], id="agenda")
            yield Button("Set the agenda (ctrl+s)", variant="primary", id="submit")

    def on_mount(self) -> None:
        self.query_one(Ticks).focus()

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        self.dismiss(tuple(self.query_one(Ticks).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConsoleHelp(ModalScreen[None]):
    """Every key of the console, with what it does."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in self.keys)
        lines = [
            "The teacher's console: the keys act on the table selected (↑ ↓), or on every",
            "table where they say so.",
            "",
        ]
        lines += [f"{key.rjust(width)}  {words}" for key, words in self.keys]
        with Vertical(id="dialog"):
            with VerticalScroll(id="help-keys"):
                yield Static(Text("\n".join(lines)))
            yield Button("Close (esc)", id="close")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed)
    def action_close(self) -> None:
        self.dismiss(None)
