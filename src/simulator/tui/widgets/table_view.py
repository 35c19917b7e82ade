"""The negotiation table as widgets: the draft treaty, the delegations, the motion on the
floor and the transcript, rendered from a session's state (live or replayed)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import DataTable, RichLog, Static

from simulator.engine.session import Session
from simulator.engine.state import State
from simulator.report.transcript import describe
from simulator.scenario.model import capitalized
from simulator.tui.plain import cell, plain

BAR_WIDTH = 10


def bar(value: float, mark: float | None = None, width: int = BAR_WIDTH) -> Text:
    """A satisfaction bar; ``mark`` draws the walk-away point as a tick."""
    filled = max(0, min(width, round(value * width)))
    cells = ["█"] * filled + ["░"] * (width - filled)
    if mark is not None:
        at = max(0, min(width - 1, round(mark * width)))
        cells[at] = "│"
    colour = "green" if mark is None or value >= mark else "red"
    return Text("".join(cells), style=colour)


class TableView(Widget):
    """Draft treaty, delegations, motion and transcript for one state of a session."""

    DEFAULT_CSS = """
    TableView { layout: vertical; height: 1fr; }
    """

    def __init__(self, may_see: Callable[[str], bool], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.may_see = may_see
        self._shown_moves = 0
        self._rows: dict[str, list[tuple[str, tuple[object, ...]]]] = {}
        self._motion_text = Text()
        self._widths: tuple[int, ...] | None = None
        self._session: Session | None = None
        self._upto: int | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="tables"):
            with Vertical(id="left"):
                yield Static("Draft", classes="panel-title", id="draft-title")
                yield DataTable(id="draft", cursor_type="row", zebra_stripes=True)
                yield Static("", id="motion")
            with Vertical(id="right"):
                yield Static("Delegations", classes="panel-title", id="parties-title")
                yield DataTable(id="delegations", cursor_type="row", zebra_stripes=True)
                yield Static("Transcript", classes="panel-title")
                yield RichLog(id="transcript", wrap=True, markup=False, auto_scroll=True)

    def on_mount(self) -> None:
        self._draft_columns(self.size.width)
        delegations = self.query_one("#delegations", DataTable)
        for label, width in (
            ("Delegation", 16),
            ("Satisfaction", BAR_WIDTH),
            ("", 11),
            ("Motion", 8),
            ("In room", 7),
        ):
            delegations.add_column(label, width=width)

    def on_resize(self) -> None:
        self._draft_columns(self.size.width)

    def _draft_columns(self, width: int) -> None:
        """Size the draft's columns to the space the table has (three fifths of the
        width), so the treaty reads without scrolling sideways."""
        space = max(60, width * 3 // 5 - 12)
        shares = (
            ("Term", 0.24),
            ("Draft text", 0.32),
            ("Status", 0.09),
            ("Motion", 0.2),
            ("Public stances", 0.15),
        )
        widths = tuple(max(6, int(space * share)) for _, share in shares)
        if widths == self._widths:
            return
        self._widths = widths
        draft = self.query_one("#draft", DataTable)
        draft.clear(columns=True)
        for (label, _), size in zip(shares, widths, strict=True):
            draft.add_column(label, width=size)
        self._rows.pop("#draft", None)
        if self._session is not None:
            self.show(self._session, self._upto)

    def show(self, session: Session, upto: int | None = None) -> None:
        """Render the session after its first ``upto`` moves (default: all)."""
        self._session, self._upto = session, upto
        k = session.move_count if upto is None else upto
        state = session.state_at(k)
        words = session.scenario.vocabulary
        self.query_one("#draft-title", Static).update(plain(capitalized(words.draft())))
        self.query_one("#parties-title", Static).update(plain(capitalized(words.parties)))
        self._draft(state)
        self._delegations(state)
        self._motion(state)
        self._transcript(session, k)

    def _draft(self, state: State) -> None:
        table = state.table
        rows: list[tuple[str, tuple[object, ...]]] = []
        motion = state.motion.values if state.motion else {}
        for term, value in zip(table.terms, state.draft, strict=True):
            status = Text("agreed", style="green") if term.id in state.agreed else Text("open")
            if state.agenda and term.id in state.agenda:
                status = Text("on agenda", style="yellow")
            proposed = term.label(motion[term.id]) if term.id in motion else ""
            stances: dict[str, list[str]] = {}
            for actor in table.voters:
                stance = state.stances.get(actor, {}).get(term.id)
                if stance is not None:
                    stances.setdefault(term.label(stance), []).append(actor)
            spread = "; ".join(
                f"{len(who)}× {label[:18]}"
                for label, who in sorted(stances.items(), key=lambda kv: -len(kv[1]))[:2]
            )
            rows.append((term.id, (term.name, term.label(value), status, proposed, spread)))
        self._sync("#draft", rows)

    def _delegations(self, state: State) -> None:
        table = state.table
        rows: list[tuple[str, tuple[object, ...]]] = []
        declared = state.motion.declared if state.motion else {}
        for actor in table.voters:
            name = table.name(actor)
            if actor == state.holder():
                name = f"▶ {name}"
            if self.may_see(actor):
                reservation = table.utility[actor].reservation
                level = state.utilities[actor]
                satisfaction: Text | str = bar(level, reservation)
                figure = f"{level:.2f} / {reservation:.2f}"
            else:
                satisfaction, figure = "(private)", ""
            position = {
                "support": Text("for", style="green"),
                "oppose": Text("against", style="red"),
                "abstain": Text("abstains"),
            }.get(declared.get(actor, ""), "")
            present = "out" if actor in state.absent else "yes"
            rows.append((actor, (name, satisfaction, figure, position, present)))
        self._sync("#delegations", rows)

    def _sync(self, selector: str, rows: list[tuple[str, tuple[object, ...]]]) -> None:
        """Bring a table to ``rows``, touching only the cells that changed."""
        table = self.query_one(selector, DataTable)
        before = self._rows.get(selector)
        if before == rows:
            return
        if before is not None and [k for k, _ in before] == [k for k, _ in rows]:
            columns = list(table.columns)
            for (key, old), (_, new) in zip(before, rows, strict=True):
                for column, a, b in zip(columns, old, new, strict=True):
                    if a != b:
                        table.update_cell(key, column, cell(b))
        else:
            table.clear()
            for key, cells in rows:
                table.add_row(*(cell(value) for value in cells), key=key)
        self._rows[selector] = rows

    def _motion(self, state: State) -> None:
        table = state.table
        motion = state.motion
        if motion is None:
            self._set_motion(Text("No motion on the floor."))
            return
        declared = motion.declared
        backers = [table.name(a) for a, b in declared.items() if b == "support"]
        against = [table.name(a) for a, b in declared.items() if b == "oppose"]
        lines = [
            f"Motion by {table.name(motion.proposer)}"
            f"{f' (amended {motion.amendments}×)' if motion.amendments else ''}:"
        ]
        for term_id, value in motion.values.items():
            term = table.terms[table.term_index[term_id]]
            lines.append(f"  {term.name}: {term.label(value)}")
        lines.append(
            f"For: {', '.join(backers) or 'nobody'} · Against: {', '.join(against) or 'nobody'}"
        )
        if state.vote is not None:
            lines.append(
                f"Vote under way; waiting for: "
                f"{', '.join(table.name(a) for a in state.vote.pending)}"
            )
        self._set_motion(Text("\n".join(lines)))

    def _set_motion(self, text: Text) -> None:
        if text != self._motion_text:
            self._motion_text = text
            self.query_one("#motion", Static).update(text)

    def _transcript(self, session: Session, upto: int) -> None:
        log = self.query_one("#transcript", RichLog)
        if upto < self._shown_moves:
            log.clear()
            self._shown_moves = 0
        if self._shown_moves == 0:
            for event in session.state_at(0).events:
                log.write(Text(f"» {event.text}", style="bold"))
        for number in range(self._shown_moves + 1, upto + 1):
            before, after = session.state_at(number - 1), session.state_at(number)
            move = session.moves[number - 1]
            log.write(Text(f"{number:3d}. {describe(move, before.table, before)}"))
            for event in after.events[len(before.events) :]:
                style = "bold magenta" if event.kind == "inject" else "bold"
                log.write(Text(f"     » {event.text}", style=style))
        self._shown_moves = upto
