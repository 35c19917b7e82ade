"""The projector view: the public table in large type for a screen across a room (the
motion, its tally in big figures, the round clock, the draft and where the public
stances sit), rendered from the public view alone."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Digits, Label, Static

from simulator.engine.state import phase_name
from simulator.scenario.model import capitalized
from simulator.tui.plain import plain
from simulator.tui.widgets.motion import tally
from simulator.views import PublicView


def status_parts(public: PublicView, clock: float | None, *, whose: str = "") -> list[str]:
    """The table's status in a few words, as every screen of it begins its status line:
    the phase or round, who holds the floor (``whose``: said after the name, such as
    whether a person or the computer plays it) and the round clock (``clock``: seconds
    left, when rounds are timed)."""
    if public.outcome is not None:
        phase = "Session over"
    elif public.phase == phase_name("negotiation"):
        phase = f"Round {public.round} of {public.round_limit}"
    else:
        phase = capitalized(public.phase.removeprefix("the "))
    parts = [phase]
    if public.holder:
        parts.append(f"{public.holder} holds the floor{whose}")
    if clock is not None and public.outcome is None:
        parts.append(f"{clock_text(clock)} left in the round")
    return parts


def clock_text(seconds: float | None) -> str:
    """Seconds left as minutes:seconds ('--:--' when rounds are not timed)."""
    if seconds is None:
        return "--:--"
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d}"


class ProjectorView(Widget):
    """The public table in large type."""

    DEFAULT_CSS = """
    ProjectorView { layout: vertical; height: 1fr; padding: 0 2; }
    ProjectorView #pj-head { text-style: bold; color: $accent; height: auto; margin: 1 0 0 0; }
    ProjectorView #pj-numbers { height: auto; }
    ProjectorView .pj-figure { width: 1fr; height: auto; }
    ProjectorView .pj-figure Label { text-style: bold; }
    ProjectorView #pj-motion { height: auto; margin: 1 0; text-style: bold; }
    ProjectorView #pj-terms { height: 1fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._shown: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("", id="pj-head")
        with Horizontal(id="pj-numbers"):
            with Vertical(classes="pj-figure"):
                yield Label("FOR")
                yield Digits("0", id="pj-for")
            with Vertical(classes="pj-figure"):
                yield Label("AGAINST")
                yield Digits("0", id="pj-against")
            with Vertical(classes="pj-figure"):
                yield Label("ROUND", id="pj-clock-label")
                yield Digits("0", id="pj-clock")
        yield Static("", id="pj-motion")
        with VerticalScroll(id="pj-terms"):
            yield Static("", id="pj-draft")

    def show(self, public: PublicView, clock: float | None) -> None:
        """Render ``public`` with ``clock`` seconds left in the round."""
        shown = (public, clock_text(clock))
        if shown == self._shown:
            return
        self._shown = shown
        turn = f" · {public.holder} holds the floor" if public.holder else ""
        round_ = f" · round {public.round} of {public.round_limit}" if public.round else ""
        head = plain(f"{public.title.upper()}\n{public.phase}{round_}{turn}", lines=True)
        if public.outcome:
            head.append_text(plain(f"\n{public.outcome}"))
        self.query_one("#pj-head", Static).update(head)
        backing, opposing, _ = tally(public)
        self.query_one("#pj-for", Digits).update(str(len(backing)))
        self.query_one("#pj-against", Digits).update(str(len(opposing)))
        if clock is None:
            self.query_one("#pj-clock-label", Label).update(f"ROUND (OF {public.round_limit})")
            self.query_one("#pj-clock", Digits).update(str(public.round))
        else:
            self.query_one("#pj-clock-label", Label).update("TIME LEFT IN THE ROUND")
            self.query_one("#pj-clock", Digits).update(clock_text(clock))
        self.query_one("#pj-motion", Static).update(self._motion(public))
        self.query_one("#pj-draft", Static).update(self._draft(public))

    @staticmethod
    def _motion(public: PublicView) -> Text:
        motion, vote = public.motion, public.vote
        text = Text()
        if vote is not None:
            text.append(f"VOTE UNDER WAY ON {vote.on.upper()}", style="reverse yellow")
            text.append_text(plain(f" · waiting for {', '.join(vote.waiting_for) or 'nobody'}"))
            text.append("\n")
        if motion is None:
            text.append("No motion on the floor.")
            return text
        text.append_text(plain(f"THE MOTION, by {motion.proposer}:"))
        for name, value in motion.terms:
            text.append("\n  ")
            text.append_text(plain(f"{name}: {value}"))
        backing, opposing, _ = tally(public)
        text.append_text(
            plain(
                f"\nFor: {', '.join(backing) or 'nobody yet'}"
                f"\nAgainst: {', '.join(opposing) or 'nobody'}",
                lines=True,
            )
        )
        return text

    @staticmethod
    def _draft(public: PublicView) -> Text:
        text = Text()
        text.append(f"THE DRAFT {public.agreement.upper()}\n", style="bold underline")
        for term in public.terms:
            text.append("\n")
            text.append_text(plain(f"{term.name}: "))
            text.stylize("bold", len(text) - len(term.name) - 2)
            text.append_text(plain(term.text))
            if term.status == "agreed":
                text.append("  ✓ agreed", style="bold green")
            for group in term.stances[:3]:
                text.append("\n    ")
                text.append_text(plain(f"{group.text}: {', '.join(group.parties)}"))
                text.stylize("dim", len(text) - len(", ".join(group.parties)))
        return text
