"""The replay view: step through a saved session or a script, jump, play at a chosen
speed, and fork a new live session from any move."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from simulator.engine.session import Seat, Session
from simulator.engine.state import phase_name
from simulator.host import PACES, next_pace
from simulator.plaintext import one_line
from simulator.tui.messages import ForkSession
from simulator.tui.screens.asking import ForkSeats
from simulator.tui.screens.dialogs import TextDialog
from simulator.tui.widgets.table_view import TableView
from simulator.views import Transcript, chair_view, public_view


class ReplayScreen(Screen[None]):
    """Replaying a session move by move."""

    BINDINGS = [
        Binding("left", "step(-1)", "Back", priority=True),
        Binding("right", "step(1)", "Forward", priority=True),
        Binding("home", "jump(0)", "Start", priority=True),
        Binding("end", "jump(-1)", "End", priority=True),
        Binding("g", "goto", "Go to"),
        Binding("space", "play", "Play/pause", priority=True),
        Binding("plus,equals_sign", "speed(-1)", "Faster", show=False),
        Binding("minus", "speed(1)", "Slower", show=False),
        Binding("v", "public", "Public/chair view"),
        Binding("f", "fork", "Fork"),
        Binding("d", "debrief", "Debrief"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(
        self,
        session: Session,
        source: str,
        scenario_path: Path | None = None,
        export_base: Path | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.source = source
        self.scenario_path = scenario_path
        self.export_base = export_base
        self.position = 0
        self.playing = False
        self.pace = PACES[1]
        self.public = False
        """Whether the replay shows the public view (no private number), as for a room."""
        self.transcript = Transcript()
        """The moves told so far: a step tells the one move it adds, not the window."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="status")
        yield TableView(id="view")
        yield Footer()

    def on_mount(self) -> None:
        self.title = one_line(f"Replay: {self.session.scenario.title}")
        self.sub_title = one_line(Path(self.source).name)
        self.show()

    def show(self) -> None:
        state = self.session.state_at(self.position)
        public = public_view(self.session, self.position, transcript=self.transcript)
        view = public if self.public else chair_view(self.session, self.position, public=public)
        self.query_one(TableView).show(view)
        total = self.session.move_count
        shown = "public view (v: the chair's)" if self.public else "chair's view (v: the public's)"
        self.query_one("#status", Static).update(
            Text(
                f"Move {self.position} of {total} · {phase_name(state.phase)}, round "
                f"{state.round} · {'playing' if self.playing else 'paused'}, {self.pace:g}s "
                f"a move · {shown}"
            )
        )

    def action_public(self) -> None:
        self.public = not self.public
        self.show()

    def action_step(self, delta: int) -> None:
        self.position = max(0, min(self.session.move_count, self.position + delta))
        self.show()

    def action_jump(self, where: int) -> None:
        self.position = self.session.move_count if where < 0 else where
        self.show()

    def action_goto(self) -> None:
        def chosen(text: str | None) -> None:
            if text is None:
                return
            number = int(text) if text.isascii() and text.isdecimal() else -1
            if not 0 <= number <= self.session.move_count:
                self.notify(
                    f"Give a move number from 0 to {self.session.move_count}.", severity="warning"
                )
                return
            self.action_jump(number)

        self.app.push_screen(TextDialog("Go to move number", "e.g. 25", verb="Go"), chosen)

    def action_play(self) -> None:
        self.playing = not self.playing
        self.show()
        if self.playing:
            self.play()

    @work(exclusive=True, group="replay")
    async def play(self) -> None:
        while self.playing and self.position < self.session.move_count:
            await asyncio.sleep(self.pace)
            if not self.playing:
                break
            self.position += 1
            self.show()
        self.playing = False
        self.show()

    def action_speed(self, step: int) -> None:
        self.pace = next_pace(self.pace, step)
        self.show()

    def action_fork(self) -> None:
        self.playing = False
        session = self.session.fork(at=self.position)
        table = session.state.table
        delegations = [(a, table.name(a)) for a in table.voters]

        def chosen(answer: tuple[dict[str, Seat], bool] | None) -> None:
            if answer is not None:
                seats, human_chair = answer
                self.post_message(
                    ForkSession(
                        session,
                        self.scenario_path,
                        name=f"{Path(self.source).stem}-fork",
                        seats=seats,
                        human_chair=human_chair,
                    )
                )

        self.app.push_screen(ForkSeats(delegations, session.seats, self.position), chosen)

    def action_debrief(self) -> None:
        from simulator.tui.screens.debrief import open_debrief

        open_debrief(self, self.session.fork(at=self.position), self.export_base)

    def action_back(self) -> None:
        self.playing = False
        self.app.pop_screen()
