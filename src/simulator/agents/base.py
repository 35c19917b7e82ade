"""What a computer player is, and the shared reading of a delegation's brief."""

from __future__ import annotations

import random
from typing import Protocol

from simulator.agents.personality import Style
from simulator.engine.moves import Move
from simulator.engine.state import State
from simulator.scenario.actors import Actor, Position
from simulator.scenario.common import Source, TermValue
from simulator.scenario.values import refusal


class Player(Protocol):
    """Something that chooses a move for one seat."""

    actor: str
    """The seat it plays."""

    def decide(self, state: State) -> Move | None:
        """The move to make now (None: nothing to do, e.g. not this seat's turn)."""
        ...


class Bargainer(Protocol):
    """What the offers, the walk-outs, the ballots and the assessment read of the
    delegation they work for (``delegation.DelegationPlayer`` is one)."""

    actor: str
    """The delegation it plays."""
    lean: float
    """How readily its packages lean toward the others' stances."""

    @property
    def style(self) -> Style:
        """What its personality changes in the way it bargains."""
        ...

    def name(self, state: State) -> str:
        """The delegation's name."""
        ...

    def progress(self, state: State) -> float:
        """How far the negotiation has run, from 0 to 1."""
        ...

    def aspiration(self, state: State) -> float:
        """The utility it holds out for now."""
        ...

    def floor(self, state: State) -> float:
        """The least it holds out for."""
        ...

    def priorities(self, state: State) -> list[str]:
        """Its terms, most important first."""
        ...

    def open_terms(self, state: State) -> list[int]:
        """The terms still open for a package."""
        ...

    def shortfall(self, state: State, values: dict[str, TermValue]) -> str:
        """Which way ``values`` misses what it wants, in words."""
        ...

    def voiced(
        self, state: State, text: str, term: str | None = None, chance: float = 0.5
    ) -> tuple[str, Source | None]:
        """``text`` with, now and then, one of its own sourced lines after it."""
        ...


def rng_for(seed: int, actor: str, state: State) -> random.Random:
    """A random generator for one decision: fixed by the session seed, the seat and the
    number of moves so far, so a resumed session decides exactly as an unbroken one."""
    return random.Random(f"{seed}:{actor}:{state.moves}")


def brief(state: State, actor: str) -> Actor:
    """The scenario's record of a delegation (its private brief included)."""
    return state.table.actors[actor]


def refusal_reason(position: Position, index: int, state: State, term: str) -> str | None:
    """Why the delegation with ``position`` will never sign the value at ``index`` of
    ``term`` (a red line's reason, or that it is outside what it could accept), or None."""
    return refusal(state.table.terms[state.table.term_index[term]], position, index)
