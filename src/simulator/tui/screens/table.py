"""The negotiation table: the live session, the actions of whoever holds the floor, the
computer players moving at a visible pace, and the hot-seat handover."""

from __future__ import annotations

import asyncio
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from simulator.engine.errors import IllegalMoveError
from simulator.engine.moves import (
    Abstain,
    AdvancePhase,
    Amend,
    CallVote,
    Concede,
    EndSession,
    FireInject,
    Move,
    Oppose,
    Pass,
    Propose,
    Return,
    SetAgenda,
    Statement,
    Support,
    WalkOut,
)
from simulator.engine.rules import legal_moves
from simulator.plaintext import one_line
from simulator.tui.conference import Conference, next_pace
from simulator.tui.screens.dialogs import (
    BriefScreen,
    ConcedeDialog,
    Handover,
    ModeratorPanel,
    PackageDialog,
    TextDialog,
)
from simulator.tui.widgets.line import Line
from simulator.tui.widgets.table_view import TableView

KEYS = {
    "propose": "p",
    "amend": "a",
    "support": "y",
    "oppose": "n",
    "abstain": "b",
    "concede": "c",
    "call_vote": "v",
    "statement": "s",
    "pass": "x",
    "walk_out": "w",
    "return": "r",
}


class TableScreen(Screen[None]):
    """The live negotiation."""

    BINDINGS = [
        Binding("p", "act('propose')", "Propose"),
        Binding("a", "act('amend')", "Amend"),
        Binding("y", "act('support')", "Support"),
        Binding("n", "act('oppose')", "Oppose"),
        Binding("b", "act('abstain')", "Abstain", show=False),
        Binding("c", "act('concede')", "Concede", show=False),
        Binding("v", "act('call_vote')", "Vote"),
        Binding("s", "act('statement')", "Say"),
        Binding("x", "act('pass')", "Pass"),
        Binding("w", "act('walk_out')", "Walk out", show=False),
        Binding("r", "act('return')", "Return", show=False),
        Binding("m", "moderator", "Moderator"),
        Binding("space", "pause", "Pause"),
        Binding("plus,equals_sign", "pace(-1)", "Faster", show=False),
        Binding("minus", "pace(1)", "Slower", show=False),
        Binding("u", "undo", "Undo"),
        Binding("i", "brief", "Brief", show=False),
        Binding("d", "debrief", "Debrief"),
    ]

    def __init__(self, conference: Conference) -> None:
        super().__init__()
        self.conference = conference
        self.last_human: str | None = None
        self.handing_over = False
        self._texts: dict[str, Text] = {}

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Line(id="status")
        yield TableView(self.conference.may_see, id="view")
        yield Line(id="actions")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.conference.session.scenario.title
        self.title = one_line(self.title)
        self.sub_title = one_line(f"saved as {self.conference.path.name}")
        self.refresh_view()
        self.drive()

    # --- rendering ---------------------------------------------------------------------

    def refresh_view(self) -> None:
        """Render the current state, and what the floor holder may do (behind a handover
        screen first, when the floor has passed to another person)."""
        self.maybe_hand_over()
        conference = self.conference
        state = conference.state
        self.query_one(TableView).show(conference.session)
        table = state.table
        holder = state.holder()
        phase = {
            "openings": "Openings",
            "negotiation": f"Round {state.round} of {table.scenario.rules.round_limit}",
            "final_vote": "Final vote",
            "over": "Session over",
        }[state.phase]
        who = f"{table.name(holder)} holds the floor" if holder else ""
        seat = ""
        if holder:
            seat = " (person)" if conference.seats.get(holder) == "human" else " (computer)"
        flags = []
        if conference.saved.failure is not None:
            flags.append("NOT SAVED: no move counts until saving works again")
        if conference.paused:
            flags.append("computer paused")
        if conference.projector:
            flags.append("projector view")
        flags.append(f"pace {conference.pace:g}s")
        self._set("#status", Text(f"{phase} · {who}{seat} · {' · '.join(flags)}"))
        self._set("#actions", Text(self._actions_text(state)))

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
        if not self.conference.holder_is_human():
            return "The computer is deciding… (space pauses it, m opens the moderator panel)"
        kinds = [o.kind for o in legal_moves(state, holder)]
        shown = [f"[{KEYS[k]}] {k.replace('_', ' ')}" for k in KEYS if k in kinds]
        return f"{state.table.name(holder)}, your move: " + "  ".join(shown) + "  [i] brief"

    # --- the computer's turns and the hot seat ---------------------------------------

    def drive(self) -> None:
        """Let the computer move if it may, else prepare the person who is."""
        conference = self.conference
        if conference.state.over:
            return
        if conference.computer_may_move():
            self.computer_turns()
        elif conference.holder_is_human():
            self.maybe_hand_over()

    @work(exclusive=True, group="computer")
    async def computer_turns(self) -> None:
        """Computer moves, one at a time, at the chosen pace. Each is worked out in a
        thread (the chair's search for a text can take a while), so the interface stays
        live; a move worked out for a state that has since changed is worked out again."""
        move = await self._think()
        while move is not None:
            await asyncio.sleep(self.conference.pace)
            move = await self._think()
            if move is None:
                break
            self.make(move)
        if self.conference.holder_is_human():
            self.maybe_hand_over()

    async def _think(self) -> Move | None:
        """The computer's move in the current state, worked out off the event loop (a
        move the rules refuse once made is explained by ``make``, never raised)."""
        for _ in range(3):
            state = self.conference.state
            move = await asyncio.to_thread(self.conference.computer_move, state)
            if self.conference.state is state:
                break
        return move

    def maybe_hand_over(self) -> None:
        """Hide the table behind a handover screen when the floor passes to a different
        person at the shared screen, before anything of theirs is drawn."""
        conference = self.conference
        holder = conference.state.holder()
        if holder is None or conference.seats.get(holder) != "human":
            return
        if (
            len(conference.humans()) < 2
            or holder == self.last_human
            or self.handing_over
            or conference.projector
        ):
            self.last_human = holder
            return
        self.handing_over = True
        self.last_human = holder
        self.app.push_screen(Handover(conference.state.table.name(holder)), self._handed_over)

    def _handed_over(self, _: None) -> None:
        self.handing_over = False
        self.refresh_view()

    # --- making moves ------------------------------------------------------------------

    def make(self, move: Move) -> bool:
        """Make a move through the session; a refused move is explained, not raised."""
        try:
            self.conference.push(move)
        except IllegalMoveError as error:
            self.notify(error.reason, title="Not allowed", severity="warning")
            return False
        except OSError as error:
            self.conference.paused = True
            self.notify(
                f"{self.conference.saved.failure or error}. The computer is paused; free some "
                "space, then make the move again or press space.",
                title="Not saved",
                severity="error",
                timeout=20,
            )
            self.refresh_view()
            return False
        self.refresh_view()
        return True

    def after_human(self, move: Move) -> None:
        if self.make(move):
            self.drive()

    def action_act(self, kind: str) -> None:
        conference = self.conference
        state = conference.state
        holder = state.holder()
        if holder is None or not conference.holder_is_human():
            self.notify("It is not a person's turn.", severity="warning")
            return
        allowed = {o.kind for o in legal_moves(state, holder)}
        if kind not in allowed:
            self.notify(
                f"{kind.replace('_', ' ').capitalize()} is not possible now.", severity="warning"
            )
            return
        simple = {
            "support": Support,
            "oppose": Oppose,
            "abstain": Abstain,
            "call_vote": CallVote,
            "pass": Pass,
            "return": Return,
        }
        if kind in simple:
            self.after_human(simple[kind](actor=holder))
        elif kind in ("propose", "amend"):

            def tabled(values: dict[str, Any] | None) -> None:
                if values:
                    cls = Propose if kind == "propose" else Amend
                    self.after_human(cls(actor=holder, values=values))

            self.app.push_screen(
                PackageDialog(
                    state, holder, amend=kind == "amend", show_private=conference.may_see(holder)
                ),
                tabled,
            )
        elif kind == "statement":

            def said(text: str | None) -> None:
                if text:
                    self.after_human(Statement(actor=holder, text=text))

            self.app.push_screen(TextDialog(f"{state.table.name(holder)} says…"), said)
        elif kind == "walk_out":

            def left(text: str | None) -> None:
                if text:
                    self.after_human(WalkOut(actor=holder, reason=text))

            self.app.push_screen(TextDialog("Why does the delegation walk out?"), left)
        elif kind == "concede":

            def conceded(choice: tuple[str, Any] | None) -> None:
                if choice:
                    self.after_human(Concede(actor=holder, term=choice[0], to=choice[1]))

            self.app.push_screen(ConcedeDialog(state, holder), conceded)

    def action_moderator(self) -> None:
        conference = self.conference
        state = conference.state
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
                self.after_human(CallVote(actor=chair, reason="the chair calls the vote"))
            elif action == "phase":
                self.after_human(AdvancePhase(actor=chair, reason="the chair moves on"))
            elif action == "end":
                self.after_human(EndSession(actor=chair, reason="the chair ends the session"))
            elif action == "pause":
                self.action_pause()
            elif action == "projector":
                conference.projector = not conference.projector
                self.refresh_view()

        self.app.push_screen(
            ModeratorPanel(state, paused=conference.paused, projector=conference.projector), chosen
        )

    def action_pause(self) -> None:
        self.conference.paused = not self.conference.paused
        self.notify(
            "Computer players paused." if self.conference.paused else "Computer players resumed."
        )
        self.refresh_view()
        if not self.conference.paused:
            self.drive()

    def action_pace(self, step: int) -> None:
        self.conference.pace = next_pace(self.conference.pace, step)
        self.refresh_view()

    def action_undo(self) -> None:
        try:
            move = self.conference.undo()
        except IllegalMoveError as error:
            self.notify(error.reason, severity="warning")
            return
        except OSError as error:
            self.notify(str(error.strerror or error), title="Not undone", severity="error")
            return
        self.conference.paused = True
        self.notify(
            f"Took back: {move.kind.replace('_', ' ')} by "
            f"{self.conference.state.table.name(move.actor)}. The computer is paused; "
            "press space to resume."
        )
        self.refresh_view()

    def action_brief(self) -> None:
        holder = self.conference.state.holder()
        if holder is None or not self.conference.may_see(holder):
            self.notify("A delegation's brief opens only on its own turn.", severity="warning")
            return
        self.app.push_screen(BriefScreen(self.conference.state, holder))

    def action_debrief(self) -> None:
        from simulator.tui.screens.debrief import open_debrief

        if not self.conference.state.over:
            self.notify(
                "The debrief opens once the session is over (the chair can end it "
                "from the moderator panel).",
                severity="warning",
            )
            return
        open_debrief(self, self.conference.session, self.conference.path)
