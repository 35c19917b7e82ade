"""Injects: events the scenario can throw into the room — scheduled for a round,
conditional on the state of the negotiation, or fired by the moderator.

Conditions are declarative data, never expressions to evaluate: the engine reads each
kind of condition and tests it against the state.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.scenario.common import Id, Number, Record, Source, TermValue, Whole

Comparison = Literal["eq", "ne", "lt", "le", "gt", "ge"]
"""A comparison in the term's order: equal, not equal, before, up to, after, from."""


class RoundReached(Record):
    """True from the start of the given negotiation round on."""

    kind: Literal["round_reached"]
    """Marks this kind of condition."""
    round: Annotated[Whole, Field(ge=1, le=1000)]
    """The negotiation round (1 is the first)."""


class TermAgreed(Record):
    """True once the term has been agreed by a vote."""

    kind: Literal["term_agreed"]
    """Marks this kind of condition."""
    term: Id
    """The term."""


class DraftValue(Record):
    """True while the draft's value of a term compares as stated with ``value``."""

    kind: Literal["draft_value"]
    """Marks this kind of condition."""
    term: Id
    """The term."""
    op: Comparison = "eq"
    """How the draft's value must compare with ``value``, in the term's order."""
    value: TermValue
    """The value compared against."""


class StanceValue(Record):
    """True while an actor's public stance on a term compares as stated with ``value``."""

    kind: Literal["stance_value"]
    """Marks this kind of condition."""
    actor: Id
    """The actor whose public stance is read."""
    term: Id
    """The term."""
    op: Comparison = "eq"
    """How the stance must compare with ``value``, in the term's order."""
    value: TermValue
    """The value compared against."""


class WalkedOut(Record):
    """True while the actor is out of the room."""

    kind: Literal["walked_out"]
    """Marks this kind of condition."""
    actor: Id
    """The actor."""


class VotesFailed(Record):
    """True once at least ``count`` votes have failed."""

    kind: Literal["votes_failed"]
    """Marks this kind of condition."""
    count: Annotated[Whole, Field(ge=1)]
    """How many failed votes it takes."""


class InjectFired(Record):
    """True once another inject has fired."""

    kind: Literal["inject_fired"]
    """Marks this kind of condition."""
    inject: Id
    """The other inject."""


class AllOf(Record):
    """True when every listed condition is true."""

    kind: Literal["all"]
    """Marks this kind of condition."""
    conditions: Annotated[tuple[Condition, ...], Field(min_length=1)]
    """The conditions."""


class AnyOf(Record):
    """True when at least one listed condition is true."""

    kind: Literal["any"]
    """Marks this kind of condition."""
    conditions: Annotated[tuple[Condition, ...], Field(min_length=1)]
    """The conditions."""


class Not(Record):
    """True when the condition is false."""

    kind: Literal["not"]
    """Marks this kind of condition."""
    condition: Condition
    """The condition negated."""


Condition = Annotated[
    RoundReached
    | TermAgreed
    | DraftValue
    | StanceValue
    | WalkedOut
    | VotesFailed
    | InjectFired
    | AllOf
    | AnyOf
    | Not,
    Field(discriminator="kind"),
]
"""A declarative test on the state of the negotiation."""


class Scheduled(Record):
    """Fires at the start of a given negotiation round."""

    kind: Literal["scheduled"]
    """Marks this kind of trigger."""
    round: Annotated[Whole, Field(ge=1, le=1000)]
    """The negotiation round (1 is the first)."""


class Conditional(Record):
    """Fires the first time its condition holds after a move."""

    kind: Literal["conditional"]
    """Marks this kind of trigger."""
    when: Condition
    """The condition."""


class Manual(Record):
    """Fires only when the moderator chooses to."""

    kind: Literal["manual"]
    """Marks this kind of trigger."""


Trigger = Annotated[Scheduled | Conditional | Manual, Field(discriminator="kind")]
"""When an inject fires."""


class PriorityChange(Record):
    """Multiplies how much an actor cares about a term."""

    kind: Literal["priority"]
    """Marks this kind of effect."""
    actor: Id
    """The actor affected."""
    term: Id
    """The term whose priority changes."""
    factor: Annotated[Number, Field(gt=0, le=100)]
    """What the priority is multiplied by (2 doubles it, 0.5 halves it)."""


class StanceChange(Record):
    """Moves an actor's public stance on a term."""

    kind: Literal["stance"]
    """Marks this kind of effect."""
    actor: Id
    """The actor affected."""
    term: Id
    """The term."""
    to: TermValue
    """The new public stance."""


class TrustChange(Record):
    """Raises or lowers an actor's trust toward another (kept within 0 to 1)."""

    kind: Literal["trust"]
    """Marks this kind of effect."""
    actor: Id
    """The actor whose trust changes."""
    toward: Id
    """The actor trusted more or less."""
    change: Annotated[Number, Field(ge=-1, le=1)]
    """How much trust changes, from -1 to 1."""


Effect = Annotated[PriorityChange | StanceChange | TrustChange, Field(discriminator="kind")]
"""What an inject changes."""


class Reaction(Record):
    """How one delegation answers an inject, in its own words: the computer playing it
    says this on its first turn after the inject fires."""

    actor: Id
    """The delegation that reacts."""
    text: Annotated[str, Field(min_length=1)]
    """What it says."""
    source: Source
    """Where in the seed documents the words come from (a reaction is always sourced)."""


class Inject(Record):
    """An event thrown into the negotiation."""

    id: Id
    """Identifier, e.g. ``nonstate_codebreaking``."""
    title: Annotated[str, Field(min_length=1)]
    """Headline shown when it fires."""
    text: Annotated[str, Field(min_length=1)]
    """What the moderator reads out to the room."""
    trigger: Trigger = Manual(kind="manual")
    """When it fires: scheduled, conditional or manual."""
    effects: tuple[Effect, ...] = ()
    """What it changes, applied in order."""
    source: Source | None = None
    """Where in the seed documents the event comes from."""
    reactions: tuple[Reaction, ...] = ()
    """Each delegation's answer to the event, in its own words (at most one each)."""


AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()
