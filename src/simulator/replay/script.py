"""The replay script format and what it means: a scenario, a seed, moves in order,
optionally the computer playing on to the end, and expectations about the outcome."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from simulator.engine.moves import Move
from simulator.scenario.common import Flag, Id, Number, Record, TermValue, Whole


class Approx(Record):
    """A number expected within a tolerance."""

    value: Number
    """The expected value."""
    tolerance: Annotated[Number, Field(ge=0, le=1)] = 0.01
    """How far the actual value may be from it."""


class Expect(Record):
    """What the session's outcome should be; every field is optional."""

    adopted: Flag | None = None
    """Whether a treaty is adopted."""
    over: Flag | None = None
    """Whether the session has ended."""
    terms: dict[Id, TermValue] = Field(default_factory=dict)
    """Values the draft treaty should have, by term."""
    agreed: list[Id] | None = None
    """Exactly the terms that should be agreed."""
    signatories: list[Id] | None = None
    """Exactly the delegations that should sign."""
    utilities: dict[Id, Approx] = Field(default_factory=dict)
    """Delegations' final utilities, each within a tolerance."""
    injects: list[Id] | None = None
    """Exactly the injects that should have fired, in order."""
    moves: Annotated[Whole, Field(ge=0)] | None = None
    """How many moves the session should have."""


class ReplayScript(Record):
    """A scripted session."""

    format: Whole = 2
    """Version of the replay script format: 2 since every voting delegation is asked when
    a vote opens (a version 1 script's votes would not replay the same)."""
    title: Annotated[str, Field(min_length=1)]
    """What the script shows."""
    description: str = ""
    """A longer note for the reader."""
    scenario: Annotated[str, Field(min_length=1)]
    """The scenario: a shipped scenario's name, or a path relative to this file."""
    seed: Whole = 0
    """The session seed (it matters only when the computer plays on)."""
    round_limit: Annotated[Whole, Field(ge=1, le=1000)] | None = None
    """Negotiation rounds, when they differ from the scenario's."""
    moves: list[Move] = Field(default_factory=list)
    """The moves, in order."""
    then: Literal["stop", "computer"] = "stop"
    """After the moves: stop there, or let the computer play every seat and the chair to
    the end."""
    expect: Expect | None = None
    """What the outcome should be (checked by ``simulator replay --check``)."""

    @field_validator("format")
    @classmethod
    def _current_format(cls, value: int) -> int:
        if value == 1:
            raise ValueError(
                "format 1 scripts were written for the earlier vote rules (declared support "
                "counted as a vote, an amendment as its amender's yes); after each call_vote "
                "give a ballot for every voting delegation in the room, in speaking order, "
                "then set 'format: 2'"
            )
        if value != 2:
            raise ValueError(f"format {value} is not a replay script format this program reads (2)")
        return value
