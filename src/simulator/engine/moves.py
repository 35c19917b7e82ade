"""Moves: everything a delegation or the moderator can do, as data.

A move is a small, frozen, serialisable record tagged by ``kind``; applying moves in
order is the only way the state of a negotiation changes. Its mappings (a package's
``values``) are its own read-only copies, so they cannot change once the move is made:
the engine relies on that. Every move names the actor
who makes it: a delegation's id, or the chair's (see ``Scenario.moderator``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer, TypeAdapter

from simulator.scenario.common import Source, TermValue

Package = Annotated[
    Mapping[str, TermValue], AfterValidator(MappingProxyType), PlainSerializer(dict)
]
"""Term values by term id, read-only once the move is made: a move in a session's log is
the move that was checked and applied, and nobody can change its package after the fact."""


def _unset(value: object) -> bool:
    return value is None


class _Move(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    actor: str
    """The delegation (or the moderator) making the move."""
    rule: str | None = Field(default=None, exclude_if=_unset)
    """The rule of the computer player that chose the move (see ``agents.rules``), so a
    transcript, a debrief or a teacher can say why; None for a person's move. Left out of
    the log when None, so a move without it is written as log version 2 wrote it."""


class _Said(_Move):
    cites: Source | None = Field(default=None, exclude_if=_unset)
    """The seed passage the move's reason quotes, when it speaks in the delegation's own
    words (left out of the log when None)."""


class Statement(_Move):
    """Say something to the room; changes nothing but the transcript."""

    kind: Literal["statement"] = "statement"
    """Marks a statement."""
    text: str
    """What is said."""
    quote: Source | None = None
    """The seed passage the words come from, when they are quoted."""


class Propose(_Said):
    """Table a motion: a package of values for some terms of the treaty."""

    kind: Literal["propose"] = "propose"
    """Marks a proposal."""
    values: Package
    """The proposed value of each term in the package, by term id."""
    reason: str = ""
    """Why the proposer offers this package."""


class Amend(_Said):
    """Change some values of the motion on the floor; earlier support and opposition lapse."""

    kind: Literal["amend"] = "amend"
    """Marks an amendment."""
    values: Package
    """The new value of each term changed (or added to the package), by term id."""
    reason: str = ""
    """Why the amendment is offered."""


class Support(_Said):
    """Back the motion on the floor (during a vote: vote yes)."""

    kind: Literal["support"] = "support"
    """Marks support."""
    reason: str = ""
    """Why."""


class Oppose(_Said):
    """Object to the motion on the floor (during a vote: vote no)."""

    kind: Literal["oppose"] = "oppose"
    """Marks opposition."""
    reason: str = ""
    """Why."""


class Abstain(_Said):
    """Neither back nor object to the motion (during a vote: abstain)."""

    kind: Literal["abstain"] = "abstain"
    """Marks an abstention."""
    reason: str = ""
    """Why."""


class Concede(_Said):
    """Move one's public stance on a term."""

    kind: Literal["concede"] = "concede"
    """Marks a concession."""
    term: str
    """The term."""
    to: TermValue
    """The new public stance."""
    reason: str = ""
    """Why."""


class CallVote(_Said):
    """Put the motion on the floor to a vote."""

    kind: Literal["call_vote"] = "call_vote"
    """Marks a call for a vote."""
    reason: str = ""
    """Why the vote is called now."""


class Pass(_Said):
    """Let the turn go by."""

    kind: Literal["pass"] = "pass"
    """Marks a pass."""
    reason: str = ""
    """Why the delegation lets its turn go by."""


class WalkOut(_Said):
    """Leave the room: the delegation takes no part (and casts no vote) until it returns."""

    kind: Literal["walk_out"] = "walk_out"
    """Marks a walk-out."""
    reason: str = ""
    """Why the delegation leaves."""


class Return(_Move):
    """Come back to the room after walking out."""

    kind: Literal["return"] = "return"
    """Marks a return."""


class FireInject(_Move):
    """Moderator: throw one of the scenario's injects into the room."""

    kind: Literal["fire_inject"] = "fire_inject"
    """Marks an inject fired by the moderator."""
    inject: str
    """The inject's id."""


class SetAgenda(_Move):
    """Moderator: put some terms in focus; motions may then touch only those terms."""

    kind: Literal["set_agenda"] = "set_agenda"
    """Marks an agenda change."""
    terms: tuple[str, ...] = ()
    """The terms in focus; empty lifts the restriction."""


class AdvancePhase(_Move):
    """Moderator: close the current phase and open the next one."""

    kind: Literal["advance_phase"] = "advance_phase"
    """Marks a phase change."""
    reason: str = ""
    """Why the phase changes now."""


class EndSession(_Move):
    """Moderator: end the session now, without a final vote."""

    kind: Literal["end_session"] = "end_session"
    """Marks the end of the session."""
    reason: str = ""
    """Why the session ends."""


Move = Annotated[
    Statement
    | Propose
    | Amend
    | Support
    | Oppose
    | Abstain
    | Concede
    | CallVote
    | Pass
    | WalkOut
    | Return
    | FireInject
    | SetAgenda
    | AdvancePhase
    | EndSession,
    Field(discriminator="kind"),
]
"""Any move."""

MOVE_ADAPTER: TypeAdapter[Move] = TypeAdapter(Move)
"""Reads and writes moves as JSON."""


def move_of(actor: str, kind: str, **fields: object) -> Move:
    """The move of ``kind`` by ``actor`` with ``fields`` (its values, term, text…):
    what a person at the table, a computer player or a network message makes, in one
    place (a kind or a field the move does not have is refused: pydantic's
    ``ValidationError``)."""
    return MOVE_ADAPTER.validate_python({**fields, "actor": actor, "kind": kind})
