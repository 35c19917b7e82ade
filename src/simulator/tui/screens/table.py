"""The negotiation table: the live session, the actions of whoever holds the floor, the
computer players moving at a visible pace, and the hot-seat handover."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer, Header

from simulator.engine.errors import IllegalMoveError
from simulator.engine.moves import (
    AdvancePhase,
    CallVote,
    EndSession,
    FireInject,
    Move,
    SetAgenda,
)
from simulator.engine.rules import legal_moves
from simulator.host import Event, Host, next_pace
from simulator.plaintext import one_line
from simulator.report.transcript import mover
from simulator.tui.screens.dialogs import ModeratorPanel
from simulator.tui.screens.handover import Handover
from simulator.tui.screens.moves import open_brief, open_move
from simulator.tui.seat import HostSeat, move_bindings, moves_line
from simulator.tui.widgets.line import Line
from simulator.tui.widgets.projector import ProjectorView, status_parts
from simulator.tui.widgets.table_view import NARROW, TableView
from simulator.views import ChairView, PublicView


class TableScreen(Screen[None]):
    """The live negotiation."""

    BINDINGS = [
        # Help comes first so that the footer shows it at any width: the help screen lists
        # every key, including those a narrow footer has no room for.
        Binding("question_mark", "app.help", "Help"),
        *move_bindings(),
        Binding("m", "moderator", "Chair"),
        Binding("space", "pause", "Pause"),
        Binding("o", "projector", "Projector"),
        Binding("t", "toggle_pane", "Draft/transcript", show=False),
        Binding("plus,equals_sign", "pace(-1)", "Faster", show=False),
        Binding("minus", "pace(1)", "Slower", show=False),
        Binding("u", "undo", "Undo"),
        Binding("i", "brief", "Brief", show=False),
        Binding("d", "debrief", "Debrief"),
    ]

    def __init__(self, host: Host) -> None:
        super().__init__()
        self.host = host
        self.projector = False
        self.last_human: str | None = None
        self.handing_over = False
        self.last_turn: dict[str, int] = {}
        """The move count at each person's last turn, for what happened since."""
        self._texts: dict[str, Text] = {}
        self._drawn_state: object = None
        """The state last drawn (the object itself: each move makes a new one)."""
        self._drawn: tuple[object, ...] = ()
        """The projector flag and the seats last drawn."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Line(id="status")
        yield TableView(id="view")
        yield ProjectorView(id="projector")
        yield Line(id="actions")
        yield Footer()

    def on_resize(self) -> None:
        # under 120 columns the keys take less room and the palette's key gives way to
        # them (the help screen lists every key)
        footer = self.query_one(Footer)
        footer.compact = self.size.width < 120
        footer.show_command_palette = self.size.width >= 120

    def on_mount(self) -> None:
        self.title = self.host.session.scenario.title
        self.title = one_line(self.title)
        self.sub_title = one_line(f"saved as {self.host.path.name}")
        self.query_one(ProjectorView).display = False
        self.refresh_view()
        self._unsubscribe = self.host.subscribe(self.on_host_event)
        self.run_worker(self.host.run(), exclusive=True, group="computer")
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        """Keep the round clock on screen up to date, when rounds are timed."""
        if self.host.round_seconds is not None:
            self.refresh_view()

    def on_unmount(self) -> None:
        self._unsubscribe()

    def may_see(self, actor: str) -> bool:
        """Whether this screen may show ``actor``'s private numbers now."""
        return self.host.may_see(actor, projector=self.projector)

    def on_host_event(self, event: Event) -> None:
        """Show what happened at the table (unless the screen is being taken down)."""
        if not self.is_attached:
            return
        if event.kind == "problem":
            self.notify(event.text, title="Problem", severity="error", timeout=20)
        elif event.kind == "clock" and event.text:
            self.notify(event.text, title="Time")
        try:
            self.refresh_view()
        except NoMatches:  # the app is closing: its widgets are gone
            return

    # --- rendering ---------------------------------------------------------------------

    def refresh_view(self) -> None:
        """Render the current state, and what the floor holder may do (behind a handover
        screen first, when the floor has passed to another person)."""
        self.maybe_hand_over()
        host = self.host
        seen = (self.projector, tuple(host.seats.items()))
        drawn = self._drawn_state is host.state and seen == self._drawn
        if self.projector or not drawn:  # a view is cut only when it may differ
            self._drawn_state, self._drawn = host.state, seen
            view = host.screen_view(projector=self.projector)
            if self.projector:
                assert isinstance(view, PublicView)
                self.query_one(ProjectorView).show(view, host.clock())
            else:
                self.query_one(TableView).show(view)
        self._set("#status", Text(self._status_text()))
        self._set("#actions", Text(self._actions_text(host.state)))

    def _status_text(self) -> str:
        """The phase, whose turn, the round clock and how the computer runs, in a line."""
        host = self.host
        state = host.state
        holder = state.holder()
        who = "person" if holder is not None and host.seats.get(holder) == "human" else "computer"
        parts = status_parts(host.public_view(), host.clock(), whose=f" ({who})")
        if host.saved.failure is not None:
            parts.append("NOT SAVED: no move counts until saving works again")
        if not state.over:
            parts.append("computer paused" if host.paused else f"pace {host.pace:g}s")
        if self.projector:
            parts.append("projector view (o leaves it)")
        return " · ".join(parts)

    def _set(self, selector: str, text: Text) -> None:
        """Update a line of text when it changes."""
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            self.query_one(selector, Line).text = text

    def _actions_text(self, state: Any) -> str:
        if state.over:
            outcome = state.outcome
            words = state.table.scenario.vocabulary
            verdict = words.adopted() if outcome and outcome.adopted else "No agreement"
            return f"{verdict}. Press d for the debrief."
        holder = state.holder()
        if holder is None:
            return ""
        if not self.host.holder_is_human():
            if self.host.paused:
                return "The computer is paused (space resumes it; m opens the chair's panel)."
            return "The computer is deciding… (space pauses it; m opens the chair's panel)"
        kinds = [o.kind for o in legal_moves(state, holder)]
        return moves_line(state.table.name(holder), kinds, brief=not self.projector)

    # --- the computer's turns and the hot seat ---------------------------------------

    def maybe_hand_over(self) -> None:
        """Hide the table behind a handover screen when the floor passes to a different
        person at the shared screen, before anything of theirs is drawn."""
        host = self.host
        holder = host.state.holder()
        if holder is None or host.seats.get(holder) != "human":
            return
        if (
            len(host.humans()) < 2
            or holder == self.last_human
            or self.handing_over
            or self.projector
        ):
            self.last_human = holder
            return
        self.handing_over = True
        self.last_human = holder
        since = self.last_turn.get(holder, 0)
        lines = [line for line in host.public_view().lines if line.move > since]
        self.app.push_screen(
            Handover(host.state.table.name(holder), lines, since), self._handed_over
        )

    def _handed_over(self, _: None) -> None:
        self.handing_over = False
        self.refresh_view()

    # --- making moves ------------------------------------------------------------------

    def make(self, move: Move) -> bool:
        """Make a person's move through the host; a refused move is explained, not
        raised (a move that could not be saved is explained by the host's event)."""
        try:
            self.host.submit(move)
        except IllegalMoveError as error:
            self.notify(error.reason, title="Not allowed", severity="warning")
            return False
        except OSError:
            return False
        return True

    def after_human(self, move: Move) -> None:
        if self.make(move) and move.actor in self.host.seats:
            self.last_turn[move.actor] = self.host.moves

    def action_act(self, kind: str) -> None:
        host = self.host
        state = host.state
        holder = state.holder()
        if state.over:
            self.notify("The session is over: press d for the debrief.", severity="warning")
            return
        if holder is None or not host.holder_is_human():
            self.notify(
                "It is the computer's turn"
                + (" (it is paused: space resumes it)." if host.paused else "."),
                severity="warning",
            )
            return
        open_move(self, self.seat(holder), kind)

    def seat(self, holder: str) -> HostSeat:
        """The seat of the delegation holding the floor, at this screen."""
        return HostSeat(self.host, holder, private=self.may_see(holder), make=self.after_human)

    def action_moderator(self) -> None:
        host = self.host
        state = host.state
        if state.over:
            self.notify("The session is over.", severity="warning")
            return
        chair = state.table.moderator

        def chosen(choice: tuple[str, Any] | None) -> None:
            if choice is None:
                return
            action, value = choice
            if action == "fire_inject":
                self.after_human(FireInject(actor=chair, inject=value))
            elif action == "set_agenda":
                self.after_human(SetAgenda(actor=chair, terms=value))
            elif action == "vote":
                self.after_human(CallVote(actor=chair))
            elif action == "phase":
                self.after_human(AdvancePhase(actor=chair))
            elif action == "end":
                self.after_human(EndSession(actor=chair))
            elif action == "pause":
                self.action_pause()
            elif action == "projector":
                self.action_projector()

        self.app.push_screen(
            ModeratorPanel(
                state,
                paused=host.paused,
                projector=self.projector,
                show_effects=isinstance(host.screen_view(), ChairView),
            ),
            chosen,
        )

    def action_projector(self) -> None:
        """Switch between the table and the projector view (public, in large type)."""
        self.projector = not self.projector
        self.query_one(TableView).display = not self.projector
        self.query_one(ProjectorView).display = self.projector
        self.refresh_view()

    def action_toggle_pane(self) -> None:
        """On a narrow screen, switch between the draft and the transcript."""
        shown = self.query_one(TableView).toggle_pane()
        if self.size.width < NARROW:
            self.notify(f"Showing the {shown} (t switches).", timeout=2)

    def action_pause(self) -> None:
        if self.host.paused:
            self.host.resume()
            self.notify("Computer players resumed.")
        else:
            self.host.pause()
            self.notify("Computer players paused.")

    def action_pace(self, step: int) -> None:
        self.host.set_pace(next_pace(self.host.pace, step))

    def action_undo(self) -> None:
        try:
            move = self.host.undo()
        except IllegalMoveError as error:
            self.notify(error.reason, severity="warning")
            return
        except OSError as error:
            self.notify(str(error.strerror or error), title="Not undone", severity="error")
            return
        self.notify(
            f"Took back: {move.kind.replace('_', ' ')} by "
            f"{mover(self.host.state.table, move.actor, self.host.session.chair)}. "
            "The computer is paused; "
            "press space to resume."
        )

    def action_brief(self) -> None:
        holder = self.host.state.holder()
        if holder is None or not self.may_see(holder):
            self.notify("A delegation's brief opens only on its own turn.", severity="warning")
            return
        open_brief(self, self.seat(holder))

    def action_debrief(self) -> None:
        from simulator.tui.screens.debrief import open_debrief

        if not self.host.state.over:
            self.notify(
                "The debrief opens once the session is over (the chair can end it "
                "from the moderator panel).",
                severity="warning",
            )
            return
        open_debrief(self, self.host.session, self.host.path)
