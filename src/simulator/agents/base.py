"""What a computer player is, and the shared reading of a delegation's brief."""

from __future__ import annotations

import random
from typing import Protocol

from simulator.engine.moves import Move
from simulator.engine.state import State
from simulator.scenario.actors import Actor, Position


class Player(Protocol):
    """Something that chooses a move for one seat."""

    actor: str
    """The seat it plays."""

    def decide(self, state: State) -> Move | None:
        """The move to make now (None: nothing to do, e.g. not this seat's turn)."""
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
    from simulator.scenario.values import refusal

    return refusal(state.table.terms[state.table.term_index[term]], position, index)
