"""``simulator join``: the terminal client of the
session server. The code binds it to one seat, to the teacher's console or to the
projector. It holds no log and works nothing out: it shows the view the server sends and
sends the moves its person makes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Footer,
    Header,
    Input,
    Label,
    Markdown,
    OptionList,
    Select,
    Static,
)

from simulator.kinds import KINDS
from simulator.net.client import JoinError, ServerMessage, SessionClient
from simulator.net.protocol import (
    Bye,
    DebriefMessage,
    ErrorMessage,
    May,
    Notice,
    Preview,
    Suggestion,
    TermChoices,
    ViewMessage,
)
from simulator.plaintext import printable
from simulator.tui.widgets.projector import ProjectorView
from simulator.tui.widgets.table_view import TableView
from simulator.views import PublicView, SeatView

SIMPLE = ("support", "oppose", "abstain", "call_vote", "pass", "return")
"""Moves made with one key and nothing more to say."""
SEAT_KEYS = {kind: words.key for kind, words in KINDS.items() if words.key is not None}


def plain(text: object) -> Text:
    """Data from the server as plain text (never markup, never a control sequence)."""
    return Text(printable(str(text)))


# --- rendering a view ----------------------------------------------------------------------


def status_line(message: ViewMessage, view: dict[str, Any], clock: float | None) -> Text:
    """Round, turn, clock (``clock``: seconds left now) and pause, in one line."""
    public = view.get("public", view)
    parts = [str(public.get("phase", ""))]
    if public.get("round"):
        parts.append(f"round {public['round']} of {public.get('round_limit')}")
    if public.get("holder"):
        parts.append(f"{public['holder']} holds the floor")
    if clock is not None:
        minutes, seconds = divmod(int(clock), 60)
        parts.append(f"{minutes}:{seconds:02d} left in the round")
    if message.status.paused:
        parts.append("paused by the teacher")
    return plain(" · ".join(p for p in parts if p))


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

    @on(Input.Submitted, "#code")
    def submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            app = self.app
            assert isinstance(app, JoinApp)
            app.connect(event.value.strip())


class AskText(ModalScreen[str | None]):
    """One line of text."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str) -> None:
        super().__init__()
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(plain(self.prompt))
            yield Input(id="text")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


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


class Package(ModalScreen[dict[str, Any] | None]):
    """A proposal or an amendment: a text for each term it may touch (for the chair, with
    the computer facilitator's suggestion a key away, to edit before tabling it)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Table it"),
        Binding("ctrl+g", "suggest", "The facilitator's text"),
    ]

    def __init__(
        self,
        title: str,
        terms: list[TermChoices],
        current: dict[str, str],
        client: SessionClient | None = None,
        *,
        suggest: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.heading = title
        self.terms = terms
        self.current = current
        self.client = client
        self.suggest = suggest
        """Asks the server for the facilitator's text (the answer comes to
        ``suggested``); None where there is none to ask for."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.suggest is not None if action == "suggest" else True

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(plain(self.heading))
            with VerticalScroll():
                for term in self.terms:
                    labels = [c.label for c in term.choices]
                    now = self.current.get(term.id)
                    with Horizontal(classes="term-row"):
                        yield Label(plain(term.name))
                        yield Select(
                            [(plain(c.label), i) for i, c in enumerate(term.choices)],
                            value=labels.index(now) if now in labels else Select.BLANK,
                            id=f"term-{term.id}",
                        )
            yield Static("", id="preview")
            yield Button("Table it (ctrl+s)", variant="primary", id="submit")

    def on_mount(self) -> None:
        selects = self.query(Select)
        if selects:
            selects.first().focus()

    def chosen(self) -> dict[str, Any]:
        """The texts changed from the draft (or the motion), by term id."""
        values: dict[str, Any] = {}
        for term in self.terms:
            index = self.query_one(f"#term-{term.id}", Select).value
            if isinstance(index, int) and term.choices[index].label != self.current.get(term.id):
                values[term.id] = term.choices[index].value
        return values

    @on(Select.Changed)
    def changed(self) -> None:
        values = self.chosen()
        if self.client is not None and values:
            self.run_worker(self.client.preview(values), group="preview", exclusive=True)

    def show_preview(self, answer: Preview) -> None:
        """The server's answer: how satisfied this delegation would be."""
        if answer.values != self.chosen():
            return  # an answer to an earlier choice
        words = (
            "not a text this delegation can weigh"
            if answer.satisfaction is None
            else f"your satisfaction with the draft as this would make it: "
            f"{answer.satisfaction:.2f} (yours alone to see)"
        )
        if answer.satisfaction is not None and answer.verdict and answer.walk_away is not None:
            words += f"; walk-away {answer.walk_away:.2f}: it {answer.verdict}"
            words += "".join(f"\n  {line}" for line in answer.red_lines)
            if answer.outside:
                words += f"\n  and {len(answer.outside)} more outside what you could accept"
        self.query_one("#preview", Static).update(plain(words))

    def action_suggest(self) -> None:
        if self.suggest is not None:
            self.query_one("#preview", Static).update("Asking the facilitator…")
            self.suggest()

    def suggested(self, answer: Suggestion) -> None:
        """The facilitator's text: written into the form, to edit before tabling it."""
        if answer.kind is None:
            self.query_one("#preview", Static).update(
                "The facilitator would change nothing in the text now."
            )
            return
        changed = 0
        for term in self.terms:
            if term.id not in answer.values:
                continue
            index = next(
                (i for i, c in enumerate(term.choices) if c.value == answer.values[term.id]), None
            )
            if index is not None:
                self.query_one(f"#term-{term.id}", Select).value = index
                changed += 1
        self.query_one("#preview", Static).update(
            plain(
                f"The facilitator's text ({changed} term{'s' if changed != 1 else ''}): "
                f"{answer.reason}. Edit it, then ctrl+s tables it."
            )
        )

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        values = self.chosen()
        if not values:
            self.notify("Change at least one term's text.", severity="warning")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


# --- the screens ---------------------------------------------------------------------------


class SeatScreen(Screen[None]):
    """A delegation's own screen."""

    BINDINGS = [
        *(
            Binding(key, f"act('{kind}')", KINDS[kind].label, show=KINDS[kind].in_footer)
            for kind, key in SEAT_KEYS.items()
        ),
        Binding("i", "brief", "Brief"),
        Binding("D", "debrief", "Your debrief"),
        Binding("t", "pane", "Other half", show=False),
    ]

    def __init__(self, client: SessionClient) -> None:
        super().__init__()
        self.client = client
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
            keys = "  ".join(f"[{SEAT_KEYS[k]}] {KINDS[k].label}" for k in kinds if k in SEAT_KEYS)
            words = f"Your move: {keys}"
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

    def allowed(self, kind: str) -> May | None:
        message = self.client.view()
        if message is None:
            return None
        return next((m for m in message.may if m.kind == kind), None)

    def action_act(self, kind: str) -> None:
        may = self.allowed(kind)
        if may is None:
            self.notify(f"{KINDS[kind].label} is not possible now.", severity="warning")
            return
        if kind in SIMPLE:
            self.send({"kind": kind})
        elif kind == "statement":
            self.app.push_screen(
                AskText("What does your delegation say?"),
                lambda text: self.send({"kind": "statement", "text": text}) if text else None,
            )
        elif kind == "walk_out":
            self.app.push_screen(
                AskText("Why does your delegation walk out?"),
                lambda text: self.send({"kind": "walk_out", "reason": text}) if text else None,
            )
        elif kind in ("propose", "amend"):
            self.package(kind, may)
        elif kind == "concede":
            self.concede(may)

    def terms(self, ids: tuple[str, ...]) -> list[TermChoices]:
        welcome = self.client.welcome
        assert welcome is not None
        assert welcome.table is not None
        return [t for t in welcome.terms.get(welcome.table, ()) if t.id in ids]

    def current(self) -> dict[str, str]:
        message = self.client.view()
        assert message is not None
        return {t["id"]: t.get("proposed") or t["text"] for t in message.view["public"]["terms"]}

    def package(self, kind: str, may: May) -> None:
        verb = "Amend the motion" if kind == "amend" else "Table a proposal"
        self.app.push_screen(
            Package(verb, self.terms(may.terms), self.current(), self.client),
            lambda values: self.send({"kind": kind, "values": values}) if values else None,
        )

    def concede(self, may: May) -> None:
        terms = self.terms(may.terms)

        def term_chosen(term_id: str | None) -> None:
            term = next((t for t in terms if t.id == term_id), None)
            if term is None:
                return
            self.app.push_screen(
                Choose(
                    f"Move your public stance on {term.name} to:",
                    [(str(i), c.label) for i, c in enumerate(term.choices)],
                ),
                lambda index: (
                    self.send(
                        {"kind": "concede", "term": term.id, "to": term.choices[int(index)].value}
                    )
                    if index is not None
                    else None
                ),
            )

        self.app.push_screen(
            Choose("Concede on which term?", [(t.id, t.name) for t in terms]), term_chosen
        )

    def action_brief(self) -> None:
        message = self.client.view()
        if message is None:
            return
        brief = message.view["brief"]
        lines = [brief["summary"], ""]
        for p in brief["positions"]:
            lines.append(
                f"{p['term']}: ideally {p['ideal']} (priority {p['share']:.0%}); "
                f"acceptable: {p['acceptable']}"
            )
            lines.extend(f"  red line: {reason}" for reason in p["red_lines"])
        self.app.push_screen(Choose("\n".join(lines), [("close", "Close")]))

    def send(self, move: dict[str, Any]) -> None:
        """Send a move made on the view shown."""
        self.run_worker(self._send(move), group="send")

    async def _send(self, move: dict[str, Any]) -> None:
        try:
            await self.client.move(move)
        except JoinError as error:
            self.notify(str(error), severity="error")


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
            from simulator.net.console import ConsoleScreen

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
            if isinstance(self.screen, Package):
                self.screen.show_preview(message)
            return
        elif isinstance(message, Suggestion):
            if isinstance(self.screen, Package):
                self.screen.suggested(message)
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
