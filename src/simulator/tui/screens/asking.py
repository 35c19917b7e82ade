"""Questions the app asks before it acts: whether to quit mid-session, and who plays
which seat, and who chairs, in a session forked from a replay."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, SelectionList

from simulator.tui.plain import plain
from simulator.tui.widgets.ticks import Ticks

if TYPE_CHECKING:  # the engine is loaded after the start screen's first frame
    from simulator.engine.session import Seat

CHAIRS = [("A person (the teacher)", "human"), ("The computer", "computer")]
"""Who may chair, as the start screen and the fork offer it."""


class QuitDialog(ModalScreen[bool]):
    """Quit mid-session? Nothing is lost (every move is saved), but it should not be
    one stray key."""

    BINDINGS = [
        Binding("y,q", "answer(True)", "Quit", priority=True),
        Binding("n,escape", "answer(False)", "Stay", priority=True),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.session_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Quit the simulator?", classes="dialog-title")
            yield Label(
                plain(
                    f"The session is not over. Every move is saved in {self.session_name}: "
                    "resume it from the start screen."
                )
            )
            with Horizontal(classes="buttons"):
                yield Button("Quit (y)", variant="error", id="quit")
                yield Button("Stay (n)", variant="primary", id="stay")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#stay", Button))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "quit")

    def action_answer(self, quit_: bool) -> None:
        self.dismiss(quit_)


class ForkSeats(ModalScreen["tuple[dict[str, Seat], bool] | None"]):
    """Who plays each delegation in a fork, and who chairs: a replayed moment handed to
    new students."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "start", "Start", priority=True),
    ]

    def __init__(
        self, delegations: Sequence[tuple[str, str]], seats: Mapping[str, Seat], at: int
    ) -> None:
        super().__init__()
        self.delegations = list(delegations)
        self.seats = dict(seats)
        self.at = at

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="wide"):
            yield Label(f"Fork a new session at move {self.at}", classes="dialog-title")
            yield Label("Tick the delegations people play (space ticks; the rest: computer)")
            yield Ticks(
                *[
                    (plain(name), actor, self.seats.get(actor) == "human")
                    for actor, name in self.delegations
                ],
                id="fork-seats",
            )
            yield Label("Chair")
            yield Select(CHAIRS, value="human", allow_blank=False, id="fork-chair")
            with Horizontal(classes="buttons"):
                yield Button("Start (ctrl+s)", variant="primary", id="start")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#fork-seats"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        else:
            self.action_cancel()

    def action_start(self) -> None:
        people = set(self.query_one("#fork-seats", SelectionList).selected)
        seats: dict[str, Seat] = {
            actor: ("human" if actor in people else "computer") for actor, _ in self.delegations
        }
        chair = self.query_one("#fork-chair", Select).value
        self.dismiss((seats, chair != "computer"))

    def action_cancel(self) -> None:
        self.dismiss(None)
