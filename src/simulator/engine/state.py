"""The state of a negotiation: derived from the scenario and the moves, never stored.

States are immutable; applying a move returns a new state that shares whatever did not
change with the old one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, overload

from simulator.engine.table import Table, Weights
from simulator.scenario.common import TermValue

_Record = TypeVar("_Record")
_FIELDS: dict[type, frozenset[str]] = {}
_new = object.__new__


def evolve(record: _Record, **changes: Any) -> _Record:
    """A copy of a frozen state record with some fields changed: what
    ``dataclasses.replace`` does, without its per-call introspection and validation (it
    is the engine's most frequent operation)."""
    return replaced(record, changes)


def replaced(record: _Record, changes: dict[str, Any]) -> _Record:
    """``evolve`` with the changes given as a dictionary. A record kept in a
    ``__dict__`` (``State``, ``Motion``) is copied in one dictionary merge; a slotted one
    field by field. A name that is not one of the record's fields is refused (a merge
    would otherwise add it silently)."""
    cls = type(record)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = frozenset(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    if not names.issuperset(changes):
        unknown = ", ".join(sorted(set(changes) - names))
        raise TypeError(f"{cls.__name__} has no field {unknown}")
    copy = _new(cls)
    fields = getattr(record, "__dict__", None)
    if fields is not None:
        merged = copy.__dict__
        merged.update(fields)
        merged.update(changes)
        return copy
    for name in names:
        object.__setattr__(copy, name, changes[name] if name in changes else getattr(record, name))
    return copy


Phase = Literal["openings", "negotiation", "final_vote", "over"]
"""Where the session is: openings, negotiation rounds, the final vote, or over."""
_PHASE_NAMES = {
    "openings": "the openings",
    "negotiation": "the negotiation",
    "final_vote": "the final vote",
    "over": "the session is over",
}


def phase_name(phase: str) -> str:
    """A phase in words, for people: 'the final vote'."""
    return _PHASE_NAMES.get(phase, phase)


Ballot = Literal["support", "oppose", "abstain"]
"""A delegation's position on a motion: yes, no or abstain."""


@dataclass(frozen=True)
class Motion:
    """The motion on the floor: a package of term values and who stands where on it.

    Like ``State`` it keeps its fields in a ``__dict__``, for ``evolve``."""

    proposer: str
    """Who tabled it."""
    values: dict[str, TermValue]
    """The proposed value of each term in the package."""
    indexes: tuple[int, ...]
    """The draft as it would be if the motion passed, as value indexes: each term's value
    by its place among the term's values."""
    declared: dict[str, Ballot] = field(default_factory=dict)
    """Each delegation's declared support, opposition or abstention since the last change."""
    utilities: dict[str, float] = field(default_factory=dict)
    """Each delegation's utility for the draft as it would be if the motion passed."""
    crossed: dict[str, int] = field(default_factory=dict)
    """How many of each delegation's red lines that draft would cross."""
    tabled_at: int = 0
    """Number of the move that first tabled the motion."""
    amendments: int = 0
    """How many times it has been amended since."""
    authors: dict[str, str] = field(default_factory=dict)
    """Who wrote each term's text in the motion: its proposer, or the last delegation (or
    chair) that amended that term."""


@dataclass(frozen=True, slots=True)
class OpenVote:
    """A vote in progress: ballots are collected in speaking order."""

    subject: Literal["motion", "treaty"]
    """The motion on the floor, or the treaty as a whole in the final vote."""
    caller: str
    """Who called the vote."""
    pending: tuple[str, ...]
    """Delegations still to cast a ballot, in order; the first holds the floor."""
    advance_turn: bool
    """Whether the turn passes on when the vote closes (the caller used its turn)."""
    ballots: dict[str, Ballot] = field(default_factory=dict)
    """Ballots cast so far in this vote (what was declared in the debate does not count:
    every voting delegation in the room is asked)."""
    closes_negotiation: bool = False
    """Whether the negotiation ends when the vote closes: the rounds ran out with this
    motion on the floor."""


@dataclass(frozen=True, slots=True)
class VoteRecord:
    """A vote that was held, and its result."""

    move: int
    """Number of the move (from 1) that closed the vote."""
    round: int
    """The negotiation round it was held in (0 outside rounds)."""
    subject: Literal["motion", "treaty"]
    """A motion, or the treaty in the final vote."""
    values: dict[str, TermValue]
    """What was voted on."""
    yes: tuple[str, ...]
    """Delegations that voted yes."""
    no: tuple[str, ...]
    """Delegations that voted no."""
    abstain: tuple[str, ...]
    """Delegations that abstained."""
    absent: tuple[str, ...]
    """Delegations out of the room."""
    passed: bool
    """Whether the decision rule was met."""
    reason: str
    """Why it passed or failed, in words."""
    blockers: tuple[str, ...] = ()
    """When it failed: the delegations whose ballot or absence counted against it, or
    whose required yes was missing."""


@dataclass(frozen=True, slots=True)
class Event:
    """Something the engine did as a consequence of a move: an inject, a vote result, a
    new round or phase, the end of the session."""

    move: int
    """Number of the move (from 1) that caused it."""
    kind: Literal["inject", "vote", "round", "phase", "outcome"]
    """What sort of event it is."""
    text: str
    """A line for the transcript."""
    ref: str = ""
    """The inject id, for inject events; the phase it opens (``Phase``), for an event
    that opens the negotiation or the final vote."""


class Events:
    """Everything the engine has done so far, oldest first: an immutable history that
    grows by one event without copying the rest (a long session adds thousands), read
    whole, from a point on (``events[k:]``), or by index."""

    __slots__ = ("_count", "_last", "_rest")

    def __init__(self, last: Event | None = None, rest: Events | None = None) -> None:
        self._last = last
        self._rest = rest
        self._count = 0 if last is None else 1 + (len(rest) if rest is not None else 0)

    def add(self, event: Event) -> Events:
        """The history with ``event`` after the rest."""
        return Events(event, self)

    def __len__(self) -> int:
        return self._count

    def _newest(self, count: int) -> list[Event]:
        """The newest ``count`` events, oldest first."""
        out: list[Event] = []
        node: Events | None = self
        while node is not None and node._last is not None and len(out) < count:
            out.append(node._last)
            node = node._rest
        out.reverse()
        return out

    def __iter__(self) -> Iterator[Event]:
        return iter(self._newest(self._count))

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Event, ...]: ...

    def __getitem__(self, index: int | slice) -> Event | tuple[Event, ...]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            if stop == self._count and step == 1:
                return tuple(self._newest(max(0, stop - start)))
            return tuple(self._newest(self._count))[index]
        at = index + self._count if index < 0 else index
        if not 0 <= at < self._count:
            raise IndexError("event index out of range")
        return self._newest(self._count - at)[0]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Events):
            return NotImplemented
        return len(self) == len(other) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Events({list(self)!r})"


@dataclass(frozen=True, slots=True)
class Outcome:
    """How the session ended."""

    adopted: bool
    """Whether a treaty was adopted."""
    terms: dict[str, TermValue]
    """The treaty text: each term's value when the session ended."""
    agreed: tuple[str, ...]
    """Terms settled by a vote during the negotiation."""
    signatories: tuple[str, ...]
    """Voting delegations that signed: those that voted for the agreement in the final
    vote, or every one in the room when it was settled term by term (empty when none was
    adopted; observers never sign)."""
    reason: str
    """Why the session ended as it did."""


@dataclass(frozen=True)
class State:
    """Everything true of a negotiation after some moves.

    Unlike the smaller records it keeps its fields in a ``__dict__``, so that ``evolve``
    copies it in one step."""

    table: Table = field(compare=False, repr=False)
    """The compiled scenario."""
    draft: tuple[TermValue, ...]
    """The draft treaty: each term's current value, in scenario order."""
    indexes: tuple[int, ...]
    """The same draft as value indexes: each value's place among its term's values."""
    agreed: frozenset[str]
    """Terms settled by a vote."""
    motion: Motion | None
    """The motion on the floor, if any."""
    vote: OpenVote | None
    """The vote in progress, if any."""
    stances: dict[str, dict[str, TermValue]]
    """Each delegation's public stance on the terms it has positions on."""
    priorities: dict[str, tuple[float, ...]]
    """Each delegation's current priority weights (aligned with its utility tables)."""
    weights: Weights
    """The same priorities normalised to sum to 1, read-only, with the gains they give
    every value (``Table.weigh``; an inject that reweighs priorities makes new ones)."""
    trust: dict[str, dict[str, float]]
    """Each actor's trust toward others."""
    utilities: dict[str, float]
    """Each delegation's utility for the current draft."""
    crossed: dict[str, int]
    """How many of each delegation's red lines the current draft crosses."""
    absent: frozenset[str]
    """Delegations that have walked out."""
    phase: Phase
    """The current phase."""
    round: int
    """The negotiation round (0 during the openings)."""
    turn: int
    """Position in the speaking order of the delegation holding the floor."""
    agenda: tuple[str, ...]
    """Terms in focus (empty: all open terms)."""
    fired: tuple[str, ...]
    """Injects fired so far, in order."""
    said: Mapping[str, frozenset[str]]
    """The seed passages each delegation has quoted so far (a move's ``cites``, a
    statement's ``quote``), so that it does not say the same line twice."""
    votes: tuple[VoteRecord, ...]
    """Votes held so far."""
    events: Events
    """What the engine did in consequence of the moves."""
    moves: int
    """How many moves have been applied."""
    outcome: Outcome | None
    """How the session ended, once it is over."""

    @property
    def over(self) -> bool:
        """Whether the session has ended."""
        return self.phase == "over"

    def value(self, term: str) -> TermValue:
        """The draft's current value of a term."""
        return self.draft[self.table.term_index[term]]

    def draft_dict(self) -> dict[str, TermValue]:
        """The draft as term id to value."""
        return {term.id: value for term, value in zip(self.table.terms, self.draft, strict=True)}

    def holder(self) -> str | None:
        """The delegation that must move now (None once the session is over)."""
        if self.vote is not None:
            return self.vote.pending[0]
        if self.phase in ("openings", "negotiation"):
            return self.table.order[self.turn]
        return None

    def payoffs(self) -> dict[str, float]:
        """What each delegation ends with: its utility for the agreement when one was
        adopted (or while the session runs, for the draft as it stands); once a session
        has ended without an agreement, its walk-away value (its reservation), since
        nothing on the table binds anyone."""
        if self.outcome is not None and not self.outcome.adopted:
            return {a: self.table.utility[a].reservation for a in self.utilities}
        return dict(self.utilities)

    def acceptable(self, actor: str) -> bool:
        """Whether the current draft crosses none of the delegation's red lines and meets
        its reservation level."""
        table = self.table.utility.get(actor)
        if table is None:
            return True
        return self.crossed[actor] == 0 and self.utilities[actor] >= table.reservation - 1e-12

    def present_voters(self) -> tuple[str, ...]:
        """The delegations in the room, in speaking order."""
        return tuple(a for a in self.table.order if a not in self.absent)

    def present_electorate(self) -> tuple[str, ...]:
        """The delegations in the room that vote (observers left out), in speaking order."""
        electorate = self.table.electorate
        return tuple(a for a in self.table.order if a not in self.absent and a in electorate)
