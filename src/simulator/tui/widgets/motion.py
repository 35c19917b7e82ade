"""The motion on the floor and the vote on it: who tabled it, what it says, and always,
whatever the size of the screen, the tally and whose vote is awaited."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget

from simulator.tui.plain import plain
from simulator.tui.widgets.columns import Block
from simulator.views import PublicView

STAND_WORDS = {
    "support": Text("for", style="green"),
    "oppose": Text("against", style="red"),
    "abstain": Text("abstains"),
}


def tally(public: PublicView) -> tuple[list[str], list[str], list[str]]:
    """Who is for, against and abstaining: on the motion (its votes during a vote on it,
    else the declarations), or the ballots of a vote on the agreement."""
    vote, motion = public.vote, public.motion
    if vote is not None and (motion is None or vote.subject != "motion"):
        return tuple(  # type: ignore[return-value]
            [who for who, b in vote.ballots if b == kind]
            for kind in ("support", "oppose", "abstain")
        )
    if motion is None:
        return [], [], []
    return list(motion.backing), list(motion.opposing), list(motion.abstaining)


def stands(public: PublicView) -> dict[str, Text]:
    """Where each delegation (by name) stands on what is on the floor, in a word."""
    out: dict[str, Text] = {}
    for kind, names in zip(("support", "oppose", "abstain"), tally(public), strict=True):
        for name in names:
            out[name] = STAND_WORDS[kind]
    if public.vote is not None:
        for name in public.vote.waiting_for:
            out[name] = Text("to vote", style="yellow")
    return out


def tally_text(public: PublicView) -> Text:
    """The tally in a line or two: for, against, abstaining, and who is awaited."""
    backing, opposing, abstaining = tally(public)
    text = Text()
    text.append(f"For ({len(backing)}): ", style="bold green")
    text.append_text(plain(", ".join(backing) or "nobody yet"))
    text.append(f" · Against ({len(opposing)}): ", style="bold red")
    text.append_text(plain(", ".join(opposing) or "nobody"))
    if abstaining:
        text.append(f" · Abstaining ({len(abstaining)}): ", style="bold")
        text.append_text(plain(", ".join(abstaining)))
    if public.vote is not None:
        waiting = public.vote.waiting_for
        text.append(" · Waiting for: ", style="bold yellow")
        text.append_text(plain(", ".join(waiting) or "nobody"))
    return text


def shown(widget: Widget, show: bool) -> None:
    """Show or hide ``widget``, touching its style (and the layout) only on a change."""
    if widget.display != show:
        widget.display = show


class MotionBox(Vertical):
    """The motion on the floor: its head and tally stay in sight; its terms scroll."""

    def compose(self) -> ComposeResult:
        yield Block(id="motion-head")
        yield Block(id="tally")
        with VerticalScroll(id="motion-terms"):
            yield Block(id="motion-text")

    def show(self, public: PublicView, room: int) -> None:
        """Render the motion and the vote of ``public`` in ``room`` lines at most: its
        terms get about a third of the room, more than half during a vote."""
        motion, vote = public.motion, public.vote
        self.set_class(vote is not None, "voting")
        share = 0.6 if vote is not None else 0.3
        most = max(2, int(room * share) - 4)
        box = self.query_one("#motion-terms")
        if box.styles.max_height is None or box.styles.max_height.value != most:
            box.styles.max_height = most
        head = Text()
        if vote is not None:
            head.append("Vote under way", style="bold reverse yellow")
            head.append_text(plain(f" on {vote.on}. "))
        if motion is None:
            head.append("No motion on the floor." if vote is None else "")
            self._update("#motion-head", head)
            self._update("#tally", tally_text(public) if vote is not None else Text())
            shown(self.query_one("#tally"), vote is not None)
            shown(self.query_one("#motion-terms"), False)
            return
        amended = f", amended {motion.amendments}×" if motion.amendments else ""
        count = len(motion.terms)
        head.append_text(
            plain(f"Motion by {motion.proposer}{amended}: {count} term{'s' if count != 1 else ''}")
        )
        head.stylize("bold", 0)
        self._update("#motion-head", head)
        self._update("#tally", tally_text(public))
        shown(self.query_one("#tally"), True)
        terms = Text()
        for index, (name, value) in enumerate(motion.terms):
            if index:
                terms.append("\n")
            line = plain(f"{name}: ")
            line.stylize("bold")
            line.append_text(plain(value))
            terms.append_text(line)
        self._update("#motion-text", terms)
        shown(self.query_one("#motion-terms"), True)

    def _update(self, selector: str, text: Text) -> None:
        self.query_one(selector, Block).show(text)
