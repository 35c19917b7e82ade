"""The negotiation table as widgets: the draft, the motion on the floor and its tally, the
delegations and the transcript, rendered from a view (public, a seat's or the chair's)
and from nothing else, so that a view received over the network renders the same way.

The layout follows the terminal: the draft and the motion on the left, the delegations
and the transcript on the right; under 100 columns one of the two at a time (``t``
switches). Every cell wraps inside its column: nothing the current person needs is cut.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import RichLog, Static

from simulator.scenario.model import capitalized
from simulator.tui.plain import plain
from simulator.tui.widgets.columns import Block, Row, Rows, widths
from simulator.tui.widgets.motion import MotionBox, shown, stands
from simulator.views import ChairView, LineView, PartyView, PublicView, SeatView, TermView

BAR_WIDTH = 10
NARROW = 100
"""Below this many columns the table shows one half at a time."""
SHORT = 25
"""Below this many lines (of the table itself) the motion and delegations get less room."""
DRAFT_SHARES = (0.24, 0.28, 7, 0.24, 0.24)
"""The draft's columns: term, draft text, status, motion, public stances."""
COMPACT_SHARES = (0.3, 0.42, 7, 0.28)
"""On a narrower draft the motion's text goes under the draft text."""
COMPACT = 100
"""Below this many columns for the draft, the compact columns."""
STATUS = {"open": Text("open"), "agreed": Text("agreed", style="green")}
STATUS["on the agenda"] = Text("agenda", style="yellow")

View = PublicView | SeatView | ChairView


def bar(value: float, mark: float | None = None, width: int = BAR_WIDTH) -> Text:
    """A satisfaction bar; ``mark`` draws the walk-away point as a tick."""
    filled = max(0, min(width, round(value * width)))
    cells = ["█"] * filled + ["░"] * (width - filled)
    if mark is not None:
        at = max(0, min(width - 1, round(mark * width)))
        cells[at] = "│"
    colour = "green" if mark is None or value >= mark else "red"
    return Text("".join(cells), style=colour)


def public_of(view: View) -> PublicView:
    """The public table inside any view."""
    return view if isinstance(view, PublicView) else view.public


def stances_text(term: TermView) -> Text:
    """Where the public stances on ``term`` sit: the most held one, and how many hold
    another."""
    if not term.stances:
        return Text()
    first, others = term.stances[0], term.stances[1:]
    text = plain(f"{len(first.parties)}× {first.text}")
    if others:
        count = sum(len(g.parties) for g in others)
        text.append(f"; {count} elsewhere", style="dim")
    return text


def term_cells(term: TermView, compact: bool) -> list[Text]:
    """A term's row: name, draft text, status, the motion's text, the stances (in the
    compact form the motion's text goes under the draft's, after an arrow)."""
    proposed = Text()
    if term.proposed is not None:
        proposed = plain(("→ " if compact else "") + term.proposed)
        proposed.stylize("bold cyan")
    text = plain(term.text)
    if compact and proposed:
        text.append("\n")
        text.append_text(proposed)
    cells = [plain(term.name), text, STATUS[term.status]]
    return [*cells, stances_text(term)] if compact else [*cells, proposed, stances_text(term)]


class Transcript(RichLog):
    """The transcript: a log that grows by a few lines a move without laying the whole
    screen out again (a plain log asks for a new layout of the screen whenever its
    length changes; this one only updates its own scroll bar).

    It is anchored to its last line: whenever the screen is laid out again (the panels
    above it growing as their rows arrive, a resize) it stays scrolled to the end, until
    the reader scrolls up; scrolling back to the end anchors it again. Without the
    anchor, the end it scrolled to after a write was measured against whatever layout
    came first, so the settled screen could stop a few lines short."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def on_mount(self) -> None:
        self.anchor()

    def watch_virtual_size(self, size: Size) -> None:
        self._scroll_update(size)
        self.refresh()


class TableView(Widget):
    """Draft, motion, delegations and transcript for one view of a session."""

    DEFAULT_CSS = """
    TableView { layout: vertical; height: 1fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.view: View | None = None
        self._shown_move = -1
        self._transcript_width = 0

    def compose(self) -> ComposeResult:
        with Horizontal(id="tables"):
            with Vertical(id="left"):
                yield Block(classes="panel-title", id="draft-title")
                yield Row(id="draft-head", classes="table-head")
                with VerticalScroll(id="draft"):
                    yield Rows(id="draft-rows")
                yield MotionBox(id="motion")
            with Vertical(id="right"):
                yield Block(classes="panel-title", id="parties-title")
                yield Block(id="you")
                yield Row(id="parties-head", classes="table-head")
                with VerticalScroll(id="delegations"):
                    yield Rows(id="parties")
                yield Static("Transcript", classes="panel-title")
                yield Transcript(
                    id="transcript", wrap=True, markup=False, auto_scroll=True, min_width=1
                )

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "narrow")
        self.set_class(self.size.height < SHORT, "short")
        if self.view is not None:
            self.call_after_refresh(self._relayout)

    def _relayout(self) -> None:
        if self.view is not None:
            self.show(self.view)

    def toggle_pane(self) -> str:
        """Under 100 columns, switch between the draft and the transcript; returns the
        half now shown."""
        self.toggle_class("transcript")
        self.call_after_refresh(self._relayout)
        return "transcript" if self.has_class("transcript") else "draft"

    # --- rendering ---------------------------------------------------------------------

    def show(self, view: View) -> None:
        """Render ``view``."""
        self.view = view
        public = public_of(view)
        self.query_one("#draft-title", Block).show(
            plain(f"Draft {public.agreement} · {public.phase}")
        )
        self.query_one("#parties-title", Block).show(plain(capitalized(public.parties_word)))
        self._draft(public)
        self.query_one(MotionBox).show(public, self.query_one("#left").size.height)
        self._you(view)
        self._delegations(view)
        self._transcript(public)

    def _draft(self, public: PublicView) -> None:
        scroll = self.query_one("#draft", VerticalScroll)
        space = scroll.scrollable_content_region.width - 1
        if space <= 0:
            return
        motion = any(term.proposed is not None for term in public.terms)
        compact = space < COMPACT or not motion
        sizes = widths(space, COMPACT_SHARES if compact else DRAFT_SHARES)
        console = self.app.console
        head: tuple[str, ...] = ("Term", "Draft text", "Status", "Motion", "Public stances")
        if compact:
            text = "Draft text (→ motion)" if motion else "Draft text"
            head = ("Term", text, "Status", "Public stances")
        self.query_one("#draft-head", Row).set_row(
            (head, sizes), console, [Text(h, style="bold") for h in head], sizes
        )
        self.query_one("#draft-rows", Rows).set_rows(
            console,
            [((term, compact), partial(term_cells, term, compact)) for term in public.terms],
            sizes,
        )

    def _you(self, view: View) -> None:
        you = self.query_one("#you", Block)
        if not isinstance(view, SeatView):
            shown(you, False)
            return
        brief = view.brief
        name = next((p.name for p in view.public.parties if p.id == view.seat), view.seat)
        text = plain(f"{name}, your satisfaction: ")
        text.append_text(bar(brief.satisfaction, brief.walk_away))
        text.append(f" {brief.satisfaction:.2f} (walk-away {brief.walk_away:.2f})")
        if brief.motion_satisfaction is not None:
            text.append(f"; with the motion: {brief.motion_satisfaction:.2f}")
        text.append("; you could sign the draft" if brief.could_sign else "; you could not sign")
        you.show(text)
        shown(you, True)

    def _delegations(self, view: View) -> None:
        public = public_of(view)
        scroll = self.query_one("#delegations", VerticalScroll)
        space = scroll.scrollable_content_region.width - 1
        if space <= 0:
            return
        chair = isinstance(view, ChairView)
        head = ["Delegation", "Motion"]
        shares: list[float] = [0.99, 8]
        if chair:
            head.append("Satisfaction")
            shares.append(BAR_WIDTH + 5)
        room = space >= 70
        if room:
            head.append("In room")
            shares.append(7)
        sizes = widths(space, shares)
        console = self.app.console
        self.query_one("#parties-head", Row).set_row(
            (tuple(head), sizes), console, [Text(h, style="bold") for h in head], sizes
        )
        standing = stands(public)
        levels = (
            {
                n: (level, walk)
                for (n, level, _), (_, walk) in zip(view.satisfaction, view.walk_away, strict=False)
            }
            if isinstance(view, ChairView)
            else {}
        )
        rows: list[tuple[object, Callable[[], list[Text]]]] = []
        for party in public.parties:
            holder = party.id == public.holder_id
            stand = standing.get(party.name, Text())
            level = levels.get(party.name) if chair else None
            key = (party, holder, stand, level, chair, room)
            rows.append((key, partial(party_cells, party, holder, stand, level, chair, room)))
        self.query_one("#parties", Rows).set_rows(console, rows, sizes)

    def _transcript(self, public: PublicView) -> None:
        log = self.query_one("#transcript", Transcript)
        width = log.scrollable_content_region.width
        if width <= 0:
            return
        if public.moves < self._shown_move or width != self._transcript_width:
            log.clear()
            self._shown_move = -1
            self._transcript_width = width
        new = [transcript_line(line) for line in public.lines if line.move > self._shown_move]
        if new:
            log.write(Text("\n").join(new), width=width)
        self._shown_move = public.moves


def party_cells(
    party: PartyView,
    holder: bool,
    stand: Text,
    level: tuple[float, float] | None,
    chair: bool,
    room: bool,
) -> list[Text]:
    """A delegation's row: its name (▶ when it holds the floor), where it stands on the
    motion, for the chair its satisfaction against its walk-away point, and whether it
    is in the room (in its name when there is no room for the column)."""
    label = plain(f"▶ {party.name}" if holder else party.name)
    if party.observer:
        label.append(" (observer)")
    if not party.in_room and not room:
        label.append(" (out)", style="red")
    cells = [label, stand]
    if chair:
        if level is not None:
            figure = bar(*level)
            figure.append(f" {level[0]:.2f}")
            cells.append(figure)
        else:
            cells.append(Text())
    if room:
        cells.append(Text("yes") if party.in_room else Text("out", style="red"))
    return cells


def transcript_line(line: LineView) -> Text:
    """One transcript line: a move with its number, what followed from it set in."""
    if line.kind == "move":
        return plain(f"{line.move:3d}. {line.text}", lines=True)
    style = "bold magenta" if line.kind == "inject" else "bold"
    return Text(f"     » {plain(line.text, lines=True).plain}", style=style)
