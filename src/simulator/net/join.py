"""``simulator join``: the terminal client of the
session server. The code binds it to one seat, to the teacher's console or to the
projector. It holds no log and works nothing out: it shows the view the server sends and
sends the moves its person makes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from simulator.net.client import JoinError, ServerMessage, SessionClient
from simulator.net.console import ConsoleScreen
from simulator.net.join_dialogs import CodeScreen, OwnDebrief, plain, status_line
from simulator.net.protocol import (
    Bye,
    DebriefMessage,
    ErrorMessage,
    Notice,
    Preview,
    Suggestion,
    ViewMessage,
)
from simulator.net.remote_seat import ClientSeat
from simulator.plaintext import printable
from simulator.tui.screens.dialogs import PackageDialog
from simulator.tui.screens.moves import open_brief, open_move
from simulator.tui.seat import move_bindings, moves_line
from simulator.tui.widgets.projector import ProjectorView
from simulator.tui.widgets.table_view import TableView
from simulator.views import PublicView, SeatView

# --- the screens ---------------------------------------------------------------------------


class SeatScreen(Screen[None]):
    """A delegation's own screen: the table as its seat's view shows it, and its moves
    made as at the shared screen (``tui/seat.py``)."""

    BINDINGS = [
        *move_bindings(),
        Binding("i", "brief", "Brief"),
        Binding("D", "debrief", "Your debrief"),
        Binding("t", "pane", "Other half", show=False),
    ]

    def __init__(self, client: SessionClient) -> None:
        super().__init__()
        self.client = client
        self.seat = ClientSeat(
            client,
            lambda request: self.run_worker(request, group="send"),
            lambda why: self.notify(why, severity="error"),
        )
        self._drawn: ViewMessage | None = None
        """The view last drawn (the table is drawn again only for another)."""

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Static(id="status")
        yield TableView(id="body")
        yield Static(id="actions")
        yield Footer()

    def on_mount(self) -> None:
        welcome = self.client.welcome
        assert welcome is not None
        self.title = printable(f"{welcome.name} — table {welcome.table}")
        self.show()
        self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        """Count the round's clock down between views (the status line alone)."""
        message = self.client.view()
        if message is not None and message.status.clock is not None and not message.status.paused:
            self.show()

    def show(self) -> None:
        message = self.client.view()
        if message is None:
            return
        view = message.view
        public = view["public"]
        table = self.client.welcome.table if self.client.welcome else None
        clock = self.client.clock(table) if table else None
        self.query_one("#status", Static).update(status_line(message, view, clock))
        if message == self._drawn:
            return
        self._drawn = message
        self.query_one(TableView).show(SeatView.model_validate(view))
        kinds = [m.kind for m in message.may]
        if public.get("outcome"):
            words = "The session is over."
        elif kinds:
            words = moves_line(self.seat.name, kinds, brief=True)
        else:
            words = f"Waiting for {public.get('holder') or 'the table'}…"
        self.query_one("#actions", Static).update(plain(words))

    def action_pane(self) -> None:
        """On a narrow screen, show the other half of the table."""
        self.query_one(TableView).toggle_pane()

    def action_debrief(self) -> None:
        """Open the delegation's own debrief, once the teacher has released it."""
        if self.client.debrief is None:
            self.notify("The teacher has not released the debriefs yet.", markup=False)
            return
        self.app.push_screen(OwnDebrief(self.client.debrief))

    def action_act(self, kind: str) -> None:
        open_move(self, self.seat, kind)

    def action_brief(self) -> None:
        open_brief(self, self.seat)


class ProjectorScreen(Screen[None]):
    """The public view for the room: one table at a time, nothing private."""

    BINDINGS = [
        Binding("right,n", "turn(1)", "Next table"),
        Binding("left,p", "turn(-1)", "Previous table"),
    ]

    def __init__(self, client: SessionClient) -> None:
        super().__init__()
        self.client = client
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Header(show_clock=True)
        yield Static(id="status")
        yield ProjectorView(id="projector")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Projector"
        self.show()
        self.set_interval(1.0, self.show)

    def action_turn(self, step: int) -> None:
        self.index += step
        self.show()

    def show(self) -> None:
        tables = sorted(self.client.views)
        if not tables:
            return
        table = tables[self.index % len(tables)]
        message = self.client.views[table]
        public = message.view
        clock = self.client.clock(table)
        self.query_one("#status", Static).update(
            Text.assemble(
                plain(f"TABLE {table} · {public.get('title', '')} · "),
                status_line(message, public, clock),
            )
        )
        self.query_one(ProjectorView).show(PublicView.model_validate(public), clock)


class JoinApp(App[None]):
    """The client of ``simulator serve``."""

    CSS_PATH = str(Path(__file__).parent.parent / "tui" / "styles" / "app.tcss")
    CSS = """
    #code-box { padding: 1 2; height: auto; }
    #status { background: $boost; padding: 0 1; }
    #mine { padding: 0 1; color: $accent; }
    #body, #detail { height: 1fr; }
    #actions { height: auto; padding: 0 1; background: $boost; }
    #dialog { width: 90%; max-height: 90%; height: auto; padding: 1 2;
              background: $panel; border: thick $primary; }
    ModalScreen { align: center middle; }
    .term-row { height: auto; }
    .term-row Label { width: 30; padding: 1 1 0 0; }
    .term-row Select { width: 1fr; }
    #overview { height: auto; max-height: 12; }
    ConsoleScreen #status { height: auto; }
    .buttons { height: auto; }
    #question, #help-keys { height: auto; max-height: 30; }
    #dialog > Label { width: 100%; }
    ProjectorScreen #status { text-style: bold; padding: 0 2; }
    ProjectorScreen Static { padding: 0 2; }
    """
    TITLE = "Quantum governance negotiation"
    BINDINGS = [Binding("ctrl+q", "quit", "Leave")]

    def __init__(self, url: str, code: str | None = None) -> None:
        super().__init__()
        self.url = url
        self.code = code
        self.client: SessionClient | None = None
        self.main: Screen[None] | None = None

    def on_mount(self) -> None:
        if self.code:
            self.connect(self.code)
        else:
            self.push_screen(CodeScreen())

    def on_code_screen_given(self, message: CodeScreen.Given) -> None:
        self.connect(message.code)

    @work(exclusive=True, group="join")
    async def connect(self, code: str) -> None:
        client = SessionClient(self.url, code, on_message=self.heard)
        try:
            welcome = await client.join()
        except JoinError as error:
            self.push_screen(CodeScreen(str(error)))
            return
        self.client = client
        screen: Screen[None]
        if welcome.role == "seat":
            screen = SeatScreen(client)
        elif welcome.role == "chair":
            screen = ConsoleScreen(client)
        else:
            screen = ProjectorScreen(client)
        self.main = screen
        self.push_screen(screen)

    def heard(self, message: ServerMessage) -> None:
        if isinstance(message, ErrorMessage):
            self.notify(
                printable(message.message), title="Refused", severity="warning", markup=False
            )
        elif isinstance(message, Notice):
            self.notify(printable(message.text), markup=False, timeout=20)
        elif isinstance(message, Preview):
            if isinstance(self.main, SeatScreen):
                self.main.seat.previewed(message)
            return
        elif isinstance(message, Suggestion):
            if isinstance(self.screen, PackageDialog):
                self.screen.suggested(
                    message.values if message.kind is not None else None, message.reason
                )
            return
        elif isinstance(message, DebriefMessage):
            if not isinstance(self.screen, OwnDebrief):
                self.push_screen(OwnDebrief(message.text))
            return
        elif isinstance(message, Bye):
            self.notify(
                printable(message.reason),
                title="Disconnected",
                severity="error",
                timeout=30,
                markup=False,
            )
        if self.main is not None and self.main.is_mounted:
            self.main.show()  # type: ignore[attr-defined]

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette: the app's own commands, and every key of the screen by name
        (the console's footer has room for a few of them only)."""
        yield from super().get_system_commands(screen)
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                action = binding.action
                yield SystemCommand(
                    binding.tooltip or binding.description,
                    f"key {binding.key}",
                    lambda action=action: self.call_later(screen.run_action, action),
                )

    async def on_unmount(self) -> None:
        if self.client is not None:
            await self.client.close()
