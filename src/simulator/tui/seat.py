"""What a delegation does at the table, the same whether it sits at the shared screen
(the host, hot seat) or at its own terminal (the session server): the keys of its moves,
the line saying which it may make, and how each is made, through a small seat interface
with one adapter for each (``HostSeat`` here, ``ClientSeat`` in ``net/remote_seat.py``).

A screen asks its seat what it may do and what the terms may say, opens the dialogs
(``tui/screens/moves.py``) and hands the move back to the seat; the private numbers of a
proposal's preview and the brief come from the core, cut for that seat alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from textual.binding import Binding

from simulator.engine.moves import move_of
from simulator.engine.rules import legal_moves
from simulator.kinds import KINDS
from simulator.scenario.common import TermValue
from simulator.views import BriefView, ProposalPreview, proposal_preview

if TYPE_CHECKING:
    from simulator.host import Host

MOVE_KEYS: dict[str, str] = {
    kind: words.key for kind, words in KINDS.items() if words.key is not None
}
"""The key that makes each kind of move at the table."""

SIMPLE = frozenset({"support", "oppose", "abstain", "call_vote", "pass", "return"})
"""Moves made with their key alone: nothing more to say."""


def move_bindings() -> list[Binding]:
    """A binding for each kind of move a delegation makes with one key."""
    return [
        Binding(key, f"act('{kind}')", KINDS[kind].label, show=KINDS[kind].in_footer)
        for kind, key in MOVE_KEYS.items()
    ]


def moves_line(name: str, kinds: Iterable[str], *, brief: bool) -> str:
    """``name``'s turn in a line: the key of each move it may make (and of its brief)."""
    allowed = set(kinds)
    shown = [
        f"[{key}] {kind.replace('_', ' ')}" for kind, key in MOVE_KEYS.items() if kind in allowed
    ]
    return f"{name}, your move: " + "  ".join(shown) + ("  [i] brief" if brief else "")


def preview_words(changed: int, preview: ProposalPreview | None, *, private: bool) -> str:
    """What a proposal form says of the text chosen: how many terms it changes and, for
    the seat's own eyes (``private``), its satisfaction against its walk-away point and
    each red line or limit the text crosses."""
    words = f"{changed} term{'s' if changed != 1 else ''} changed."
    if not private:
        return words
    if preview is None:
        return f"{words} Not a text this delegation can weigh."
    words += (
        f" Your satisfaction with this text: {preview.satisfaction:.2f} "
        f"(walk-away {preview.walk_away:.2f}) — it {preview.verdict}."
    )
    words += "".join(f"\n  {line}" for line in (*preview.red_lines, *preview.outside))
    return words


@dataclass(frozen=True)
class FormTerm:
    """A term as a form offers it: every text it may say."""

    id: str
    name: str
    choices: tuple[tuple[TermValue, str], ...]
    """Each value and its text."""

    def index(self, value: TermValue | None) -> int | None:
        """Where ``value`` is among the choices (None: not one of them)."""
        return next((i for i, (v, _) in enumerate(self.choices) if v == value), None)


class Seat(Protocol):
    """A delegation's place at the table, as a screen serving it needs it."""

    @property
    def name(self) -> str:
        """The delegation's name."""

    def may(self, kind: str) -> tuple[str, ...] | None:
        """Whether it may make a move of ``kind`` now (None: not) and the terms it may
        be about."""

    def terms(self, ids: Iterable[str]) -> list[FormTerm]:
        """The terms ``ids`` as a form offers them, in the draft's order."""

    def texts(self) -> tuple[dict[str, TermValue], dict[str, TermValue]]:
        """What each term says now: in the motion on the floor where it sets it (else in
        the draft), and in the draft."""

    def stances(self) -> dict[str, TermValue]:
        """Its public stance on each term, where known."""

    def brief(self) -> BriefView | None:
        """Its confidential brief, when this screen may show it now."""

    def ask_preview(self, values: Mapping[str, TermValue], answer: PreviewAnswer) -> None:
        """Work out (here, or by asking the server) what it would make of the draft with
        ``values`` written in, and give it to ``answer``; nothing when the screen may not
        show its numbers."""

    def send(self, kind: str, **fields: Any) -> None:
        """Make its move of ``kind`` with ``fields``."""


PreviewAnswer = Callable[[dict[str, TermValue], ProposalPreview | None], None]
"""Takes the values asked about and what the seat would make of them."""


class HostSeat:
    """The seat of the delegation holding the floor at the shared screen (hot seat)."""

    def __init__(self, host: Host, actor: str, *, private: bool, make: Callable[[Any], None]):
        self.host = host
        self.actor = actor
        self.private = private
        """Whether the screen may show this delegation's numbers now."""
        self._make = make

    @property
    def name(self) -> str:
        return self.host.state.table.name(self.actor)

    def may(self, kind: str) -> tuple[str, ...] | None:
        option = next((o for o in legal_moves(self.host.state, self.actor) if o.kind == kind), None)
        return None if option is None else tuple(option.terms)

    def terms(self, ids: Iterable[str]) -> list[FormTerm]:
        wanted = set(ids)
        return [
            FormTerm(t.id, t.name, tuple((v, t.label(v)) for v in t.values()))
            for t in self.host.state.table.terms
            if t.id in wanted
        ]

    def texts(self) -> tuple[dict[str, TermValue], dict[str, TermValue]]:
        state = self.host.state
        draft = dict(state.draft_dict())
        motion = state.motion.values if state.motion is not None else {}
        return {**draft, **motion}, draft

    def stances(self) -> dict[str, TermValue]:
        return dict(self.host.state.stances.get(self.actor, {}))

    def brief(self) -> BriefView | None:
        return self.host.seat_view(self.actor).brief if self.private else None

    def ask_preview(self, values: Mapping[str, TermValue], answer: PreviewAnswer) -> None:
        if self.private:
            answer(dict(values), proposal_preview(self.host.state, self.actor, values))

    def send(self, kind: str, **fields: Any) -> None:
        self._make(move_of(self.actor, kind, **fields))
