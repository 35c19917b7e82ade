"""Actors: the delegations at the table (states, stakeholders) and the mediator.

An actor's positions are its confidential brief: what it ideally wants on each term,
how much each term matters to it, what it could live with, and where its red lines
are. Its public stance starts at its opening value and moves only when it concedes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from simulator.scenario.common import Flag, Id, Number, Record, Source, TermValue

Share = Annotated[Number, Field(ge=0, le=1)]
"""A number from 0 to 1."""


class RedLine(Record):
    """Values of a term the actor will never sign: exactly one of ``value``, ``below``
    or ``above`` says which."""

    value: TermValue | None = None
    """This exact value is unacceptable."""
    below: TermValue | None = None
    """Every value strictly below this one (in the term's order) is unacceptable."""
    above: TermValue | None = None
    """Every value strictly above this one (in the term's order) is unacceptable."""
    reason: Annotated[str, Field(min_length=1)]
    """Why the actor refuses, in its own terms; shown when a computer player objects."""
    source: Source | None = None
    """Where in the seed documents this red line comes from."""

    @model_validator(mode="after")
    def _exactly_one_bound(self) -> RedLine:
        given = [name for name in ("value", "below", "above") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                "a red line needs exactly one of 'value', 'below' or 'above'"
                + (f" (it has {', '.join(given)})" if given else "")
            )
        return self

    def bound(self) -> tuple[str, TermValue]:
        """Which side the red line closes off (``value``, ``below`` or ``above``) and where."""
        for name in ("value", "below", "above"):
            given = getattr(self, name)
            if given is not None:
                return name, given
        raise AssertionError("validated red line has a bound")


class Score(Record):
    """One line of a delegation's score sheet: what a value of the term is worth to it."""

    value: TermValue
    """An option id, or a value of a scale."""
    points: Annotated[Number, Field(ge=-1_000_000, le=1_000_000)]
    """What the delegation scores if the agreement says this value (any scale of points;
    negative points are allowed)."""


class Position(Record):
    """What an actor wants on one term: private, part of its confidential brief."""

    ideal: TermValue
    """The value the actor would most like the treaty to say."""
    priority: Annotated[Number, Field(gt=0)] = 1
    """How much this term weighs against the actor's other terms (any positive number)."""
    acceptable: tuple[TermValue, TermValue] | None = None
    """The range ``[from, to]`` (in the term's order) the actor could accept on this term;
    default: all. A value outside it is worth nothing to the actor on the term, but is no
    veto (only ``red_lines`` are)."""
    opening: TermValue | None = None
    """The public stance the actor opens with; default: its ideal."""
    red_lines: tuple[RedLine, ...] = ()
    """Values the actor will never sign."""
    scores: tuple[Score, ...] = ()
    """A score sheet, instead of satisfaction falling evenly with the distance from the
    ideal: points for every option of an options term, or points at some values of a
    scale (straight lines between them, level beyond the ends). On this term the actor's
    satisfaction is (points - least) / (most - least), and the term weighs ``priority``
    times its spread of points (most - least) against the actor's other terms, so an
    actor scored on every term ranks drafts by its total points, as a Harborco-style
    score sheet does. The ideal must be a value with the most points."""
    note: str = ""
    """The reasoning behind the position, for the delegation's brief."""
    source: Source | None = None
    """Where in the seed documents this position comes from."""


class Quote(Record):
    """Something the delegation has said, used for its voice in statements."""

    text: Annotated[str, Field(min_length=1)]
    """The words, as the delegation says them."""
    source: Source | None = None
    """Where in the seed documents the words come from."""


class Persona(Record):
    """How a delegation sounds at the table."""

    tone: str = ""
    """The delegation's manner, e.g. "Confident but slightly defensive"."""
    quotes: tuple[Quote, ...] = ()
    """Lines the delegation is known for."""


class Actor(Record):
    """A delegation: a state, a stakeholder group or the mediator."""

    id: Id
    """Identifier used in moves and rules, e.g. ``usa``."""
    name: Annotated[str, Field(min_length=1)]
    """Display name, e.g. "United States"."""
    kind: Literal["state", "stakeholder", "mediator"]
    """A state, a non-state stakeholder, or the mediator who chairs and does not vote."""
    role: Literal["party", "observer"] = "party"
    """A ``party`` votes and signs the agreement; an ``observer`` takes its turns — speaks,
    proposes, amends, declares support, concedes — but neither votes nor signs."""
    summary: str = ""
    """One public sentence on who the delegation is and what it stands for."""
    invented: Flag = False
    """The role is not in the seed documents: added to the table for the exercise (for
    tension or balance), so its stance is the author's reading, not a quoted party's."""
    brief: str = ""
    """The confidential brief a person playing the delegation reads before the session."""
    persona: Persona = Persona()
    """Tone and characteristic quotes."""
    voting_weight: Annotated[Number, Field(ge=0, le=1000)] = 1
    """Weight of the actor's vote under weighted voting (mediators do not vote)."""
    reservation: Share = 0.5
    """Walk-away point (its best alternative to an agreement): the least satisfaction (0
    to 1) for which the actor will sign, and what it is left with when no agreement is
    reached."""
    reservation_points: Annotated[Number, Field(ge=-1_000_000_000, le=1_000_000_000)] | None = None
    """The walk-away point in the delegation's own points, for one scored in points on
    every term at one priority: the least total it signs for. It sets ``reservation``
    (the total's place between the least and the most the score sheets can add up to)."""
    flexibility: Share = 0.5
    """How readily the actor concedes: 0 holds firm to the end, 1 concedes early."""
    trust: dict[Id, Share] = Field(default_factory=dict)
    """Initial trust (0 to 1) toward other actors; unlisted actors start at 0.5."""
    positions: dict[Id, Position] = Field(default_factory=dict)
    """The actor's position on each term that matters to it, keyed by term id."""
