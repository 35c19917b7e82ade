"""The teacher's console in ``simulator join``: every table at a glance, and every one of
the chair's tools for the table selected (or for every table, where that makes sense).

It draws only what changed: the overview's cells are updated one by one (the grid is
never cleared, so the cursor stays put and one arrow press moves it one row), the
selected table is drawn again only when its view is a new one, and the one-second tick
touches nothing but the round clocks that run. Keys that end, restart or take back
anything ask first, naming the table they act on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from simulator.net.client import JoinError, SessionClient
from simulator.net.console_dialogs import AgendaDialog, Confirm, ConsoleHelp, InjectPrompt
from simulator.net.join_dialogs import Choose, plain, status_line
from simulator.net.overview import COLUMNS, here, overview_row
from simulator.net.protocol import May, ViewMessage
from simulator.net.remote_seat import form_terms, texts_of
from simulator.plaintext import printable
from simulator.tui.screens.dialogs import PackageDialog, TextDialog
from simulator.tui.widgets.table_view import TableView
from simulator.views import ChairView

# --- the console ---------------------------------------------------------------------------


TAKE_CHAIR = "Take the table's chair, or give it back to the computer facilitator"
MORE_KEYS = (
    ("H", "take_chair(True)", "Chair, all", "Take every table's chair (or give every one back)"),
    ("g", "agenda", "Agenda", "Set the agenda"),
    ("f", "final_vote(False)", "Final vote", "Open the final vote (asks first)"),
    ("F", "final_vote(True)", "Final vote, all", "Open the final vote at every table"),
    ("J", "inject(True)", "Inject, all", "Fire an inject at every table"),
    ("P", "all('pause')", "Pause all", "Pause every table"),
    ("R", "all('resume')", "Resume all", "Resume every table"),
    ("t", "round_time(False)", "Round time", "Time the rounds, and say what time-up does"),
    ("T", "round_time(True)", "Round time, all", "Time the rounds at every table"),
    ("c", "seat", "Seat", "Hand a seat to the computer or a person"),
    ("w", "grace", "Empty seats", "How long an empty seat waits before the computer plays it"),
    ("n", "new_code", "New code", "Give a seat a new code"),
    ("u", "undo", "Undo", "Take back the last move (asks first)"),
    ("e", "confirm('end')", "End", "End the table's session (asks first)"),
    ("ctrl+r", "confirm('restart')", "Restart", "Start the table again (asks first)"),
    ("d", "all('debriefs')", "Debriefs", "Write every table's debrief and the comparison"),
    ("D", "all('release')", "Release debriefs", "Send each seat its own debrief (every table)"),
    ("ctrl+t", "pane", "Other half", "Show the other half of the table (narrow screens)"),
)
"""The console's keys that the footer has no room for: key, action, label, what it does
(in the help and the command palette)."""
KEY_NAMES = {"space": "space", "question_mark": "?", "ctrl+r": "ctrl+r", "ctrl+t": "ctrl+t"}


class ConsoleScreen(Screen[None]):
    """The teacher's console: every table at a glance, and the chair's tools."""

    BINDINGS = [
        # the keys shown in the footer come first, Keys first of all, so that a narrow
        # footer still shows where every key is; the help and the palette use the tooltips
        Binding("question_mark", "keys", "Keys", tooltip="Every key (this list)"),
        Binding("space", "toggle_pause", "Pause", tooltip="Pause or resume the table"),
        Binding("p", "text('table_text')", "Table text", tooltip="Table a text from the chair"),
        Binding("a", "text('amend')", "Amend", tooltip="Amend the motion from the chair"),
        Binding("v", "chair('call_vote')", "Vote", tooltip="Call the vote on the motion"),
        Binding("j", "inject(False)", "Inject", tooltip="Fire an inject (shown first)"),
        Binding("h", "take_chair(False)", "Chair", tooltip=TAKE_CHAIR),
        *(
            Binding(key, action, label, show=False, tooltip=words)
            for key, action, label, words in MORE_KEYS
        ),
    ]

    def __init__(self, client: SessionClient) -> None:
        super().__init__()
        self.client = client
        welcome = client.welcome
        self.tables: tuple[str, ...] = welcome.tables if welcome is not None else ()
        """Every table, in the server's order (the overview's rows)."""
        self._rows: dict[str, tuple[str, ...]] = {}
        self._drawn: tuple[str, ViewMessage] | None = None
        self._status: Text | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=True)
        yield DataTable(id="overview", cursor_type="row", zebra_stripes=False)
        yield Static(id="status")
        yield TableView(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Teacher's console"
        grid = self.query_one(DataTable)
        for column in COLUMNS:
            grid.add_column(column, key=column)
        for table in self.tables:
            grid.add_row(plain(table), *(plain(c) for c in overview_row(None, None)), key=table)
        self.show()
        grid.focus()
        self.set_interval(1.0, self.tick)

    def on_resize(self) -> None:
        footer = self.query_one(Footer)
        footer.compact = self.size.width < 120
        footer.show_command_palette = self.size.width >= 120

    # --- drawing -------------------------------------------------------------------

    def tick(self) -> None:
        """Move the round clocks that run (and nothing else)."""
        if any(
            m.status.clock is not None and not m.status.paused for m in self.client.views.values()
        ):
            self.show()

    def selected(self) -> str | None:
        """The table the cursor is on."""
        if not self.tables:
            return None
        grid = self.query_one(DataTable)
        row = max(0, min(grid.cursor_row, len(self.tables) - 1))
        key = grid.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value
        return key if key is not None else self.tables[row]

    def show(self) -> None:
        """Bring the overview and the selected table up to date: only what changed."""
        grid = self.query_one(DataTable)
        for table in self.tables:
            row = overview_row(self.client.views.get(table), self.client.clock(table))
            before = self._rows.get(table)
            if before == row:
                continue
            for index, (column, cell) in enumerate(zip(COLUMNS[1:], row, strict=True)):
                if before is None or before[index] != cell:
                    grid.update_cell(table, column, plain(cell), update_width=True)
            self._rows[table] = row
        self._detail()

    def _detail(self) -> None:
        table = self.selected()
        if table is None:
            return
        message = self.client.views.get(table)
        if message is None:
            return
        status = Text.assemble(
            Text(f" ▶ Table {table} ", style="bold reverse"),
            " ",
            status_line(message, message.view, self.client.clock(table)),
            plain(
                " · chaired by " + ("you" if message.status.chair == "teacher" else "the computer")
            ),
        )
        if status != self._status:
            self._status = status
            self.query_one("#status", Static).update(status)
        if self._drawn is None or self._drawn[0] != table or self._drawn[1] != message:
            self._drawn = (table, message)
            self.sub_title = f"table {table}"
            self.query_one(TableView).show(ChairView.model_validate(message.view))

    @on(DataTable.RowHighlighted)
    def highlighted(self) -> None:
        self._detail()

    # --- the keys ------------------------------------------------------------------

    def key_list(self) -> list[tuple[str, str]]:
        """Every key and what it does (the help, and the command palette)."""
        keys = [("↑ ↓", "Choose the table")]
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            keys.append(
                (KEY_NAMES.get(binding.key, binding.key), binding.tooltip or binding.description)
            )
        keys.append(("ctrl+p", "Command palette: every action by name"))
        keys.append(("ctrl+q", "Leave the console (the tables go on)"))
        return keys

    def action_keys(self) -> None:
        self.app.push_screen(ConsoleHelp(self.key_list()))

    def action_pane(self) -> None:
        """On a narrow screen, show the other half of the selected table."""
        self.query_one(TableView).toggle_pane()

    def current(self) -> tuple[str, ViewMessage] | None:
        """The selected table and its latest view (None before it has come)."""
        table = self.selected()
        if table is None:
            return None
        message = self.client.views.get(table)
        if message is None:
            self.notify(f"Table {table} has not been seen yet.", severity="warning")
            return None
        return table, message

    def action_toggle_pause(self) -> None:
        found = self.current()
        if found is not None:
            table, message = found
            self.chair_send("resume" if message.status.paused else "pause", table=table)

    def action_all(self, action: str) -> None:
        self.chair_send(action, table="*")

    def action_chair(self, action: str) -> None:
        found = self.current()
        if found is not None:
            self.chair_send(action, table=found[0])

    def action_final_vote(self, everywhere: bool) -> None:
        found = self.current()
        if found is None:
            return
        where = "every table" if everywhere else f"table {found[0]}"
        self.ask(
            f"Close the negotiation at {where} and open the final vote?",
            "Open the final vote",
            lambda: self.chair_send("final_vote", table="*" if everywhere else found[0]),
        )

    def action_undo(self) -> None:
        found = self.current()
        if found is None:
            return
        table, message = found
        if not message.moves:
            self.notify(f"Table {table} has no move to take back.", severity="warning")
            return
        lines = message.view["public"].get("transcript") or [""]
        self.ask(
            f"Take back the last move at table {table}?\n\n{lines[-1]}\n\n"
            "The table pauses; space resumes it.",
            f"Undo at {table}",
            lambda: self.chair_send("undo", table=table),
        )

    ASKED = {
        "end": (
            "End the session at table {table} now, without a final vote? Its debrief can be "
            "written afterwards; ctrl+r would start it again from the beginning.",
            "End table {table}",
        ),
        "restart": (
            "Start table {table} again from the beginning? Its log so far is kept beside the "
            "new one; the table waits, paused, until you resume it.",
            "Restart table {table}",
        ),
    }
    """What the teacher is asked before ending or restarting a table, and the yes."""

    def action_confirm(self, action: str) -> None:
        """Ask, naming the selected table, then send ``action`` (``ASKED``) for it."""
        found = self.current()
        if found is not None:
            table = found[0]
            question, yes = self.ASKED[action]
            self.ask(
                question.format(table=table),
                yes.format(table=table),
                lambda: self.chair_send(action, table=table),
            )

    def ask(self, question: str, yes: str, then: Callable[[], None]) -> None:
        """Do ``then`` once the teacher has said yes."""
        self.app.push_screen(Confirm(question, yes), lambda ok: then() if ok else None)

    def action_take_chair(self, everywhere: bool) -> None:
        """Take the selected table's chair, or give it back (every table's, as the
        selected table's goes)."""
        found = self.current()
        if found is not None:
            table, message = found
            who = "computer" if message.status.chair == "teacher" else "teacher"
            self.chair_send("chair", table="*" if everywhere else table, chair=who)

    def action_inject(self, everywhere: bool) -> None:
        found = self.current()
        if found is None:
            return
        table, message = found
        injects = [i for i in message.view["injects"] if not i["fired"]]
        if not injects:
            self.notify(f"Every inject has fired at table {table}.", severity="warning")
            return
        where = "every table" if everywhere else f"table {table}"

        def chosen(inject_id: str | None) -> None:
            inject = next((i for i in injects if i["id"] == inject_id), None)
            if inject is None:
                return
            self.app.push_screen(
                InjectPrompt(where, inject),
                lambda fire: (
                    self.chair_send(
                        "inject", table="*" if everywhere else table, inject=inject["id"]
                    )
                    if fire
                    else None
                ),
            )

        self.app.push_screen(
            Choose(f"Fire which inject at {where}?", [(i["id"], i["title"]) for i in injects]),
            chosen,
        )

    def action_agenda(self) -> None:
        found = self.current()
        if found is None:
            return
        table, message = found
        terms = [
            (t["id"], t["name"], t["status"] == "on the agenda")
            for t in message.view["public"]["terms"]
            if t["status"] != "agreed"
        ]
        if not terms:
            self.notify(f"Every term is agreed at table {table}.", severity="warning")
            return
        self.app.push_screen(
            AgendaDialog(f"table {table}", terms),
            lambda chosen: (
                self.chair_send("agenda", table=table, terms=list(chosen))
                if chosen is not None
                else None
            ),
        )

    def action_text(self, action: str) -> None:
        """Table a text (``table_text``) or amend the motion (``amend``), in a form that
        ctrl+g fills with the computer facilitator's suggestion."""
        found = self.current()
        if found is None:
            return
        table, message = found
        kind = "propose" if action == "table_text" else "amend"
        may: May | None = next((m for m in message.may if m.kind == kind), None)
        if may is None:
            words = (
                "a motion is on the floor already (a amends it)"
                if action == "table_text" and message.view["public"].get("motion")
                else "there is no motion to amend (p tables a text)"
                if action == "amend" and not message.view["public"].get("motion")
                else f"motions are not in order in {message.view['public']['phase']}"
            )
            self.notify(f"Not now at table {table}: {words}.", severity="warning")
            return
        welcome = self.client.welcome
        terms = form_terms(welcome.terms.get(table, ()) if welcome else (), may.terms)
        base, draft = texts_of(message.view["public"], terms)
        verb = "Table a text" if action == "table_text" else "Amend the motion"
        self.app.push_screen(
            PackageDialog(
                f"{verb} at table {table} (ctrl+g: the facilitator's suggestion)",
                terms,
                base,
                draft,
                amend=action == "amend",
                suggest=lambda: self.chair_send("suggest", table=table),
            ),
            lambda values: self.chair_send(action, table=table, values=values) if values else None,
        )

    def action_round_time(self, everywhere: bool) -> None:
        found = self.current()
        if found is None:
            return
        table = found[0]
        where = "every table" if everywhere else f"table {table}"

        def policy(minutes: float, choice: str | None) -> None:
            if choice is not None:
                self.chair_send(
                    "round_time",
                    table="*" if everywhere else table,
                    seconds=minutes * 60,
                    time_up=choice,
                )

        def given(text: str | None) -> None:
            if text is None:
                return
            try:
                minutes = max(0.0, float(text))
            except ValueError:
                self.notify("Give the minutes as a number (0 for untimed rounds).")
                return
            if minutes == 0:
                self.chair_send("round_time", table="*" if everywhere else table, seconds=0)
                return
            self.app.push_screen(
                Choose(
                    "When a round's time is up:",
                    [
                        ("vote", "put the motion on the floor to the vote, then pass the floor"),
                        ("pass", "pass the floor from each person's turn until the round ends"),
                    ],
                ),
                lambda choice: policy(minutes, choice),
            )

        self.app.push_screen(
            TextDialog(f"Minutes per round at {where} (0: not timed)", verb="Set it"), given
        )

    def action_grace(self) -> None:
        found = self.current()
        grace = found[1].status.grace if found is not None else None
        now = f" (now {grace:g})" if grace is not None else ""

        def given(text: str | None) -> None:
            if text is None:
                return
            try:
                seconds = max(0.0, float(text))
            except ValueError:
                self.notify("Give the seconds as a number.")
                return
            self.chair_send("grace", table="*", seconds=seconds)

        self.app.push_screen(
            TextDialog(
                "Seconds a person's seat may stay empty before the computer plays it, at "
                f"every table{now}",
                verb="Set it",
            ),
            given,
        )

    def action_seat(self) -> None:
        found = self.current()
        if found is None:
            return
        table, message = found
        seats = message.status.seats
        names = {p["id"]: p["name"] for p in message.view["public"]["parties"]}

        def state(s: Any) -> str:
            if s.stand_in:
                return "computer while its person is away"
            return "person" if s.player == "human" else "computer"

        choices = [
            (seat, f"{names.get(seat, seat)}: {state(s)}{here(s.devices, s.connected)}")
            for seat, s in seats.items()
        ]

        def chosen(seat: str | None) -> None:
            if seat is None:
                return
            player = "human" if seats[seat].player == "computer" else "computer"
            self.chair_send("seat", table=table, seat=seat, player=player)

        self.app.push_screen(Choose(f"Hand which seat over at table {table}?", choices), chosen)

    def action_new_code(self) -> None:
        table = self.selected()
        codes = self.client.codes
        if table is None or codes is None:
            return
        choices = [(seat, f"{seat}: {code}") for seat, code in codes.tables[table].items()]
        choices += [("chair", "the teacher's code"), ("projector", "the projector's code")]
        self.app.push_screen(
            Choose(f"Give whom at table {table} a new code? (the old one stops working)", choices),
            lambda seat: self.chair_send("new_code", table=table, seat=seat) if seat else None,
        )

    # --- sending -------------------------------------------------------------------

    def chair_send(self, action: str, **fields: Any) -> None:
        """Send a teacher's action."""
        self.run_worker(self._chair_send(action, **fields), group="send")

    async def _chair_send(self, action: str, **fields: Any) -> None:
        try:
            await self.client.chair(action, **fields)
        except JoinError as error:
            self.notify(printable(str(error)), severity="error", markup=False)
