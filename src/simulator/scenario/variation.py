"""Tables differ: the private values of a scenario varied within bounds its author sets,
one variant per session, drawn from the session seed.

A class running the same scenario at four tables should not see four copies of one
negotiation: each table's delegations weigh their terms a little differently, walk away
a little sooner or later, and concede a little faster or slower. The public scenario
(terms, delegations, their public stances, red lines, rules) is the same at every table;
only the confidential numbers move, and never past the author's bounds.
"""

from __future__ import annotations

import random
from typing import Annotated

from pydantic import Field

from simulator.scenario.actors import Actor
from simulator.scenario.common import Number, Record


class Variation(Record):
    """How much each table's confidential numbers may differ from the file's."""

    priority: Annotated[Number, Field(ge=0, le=0.9)] = 0
    """Each priority is multiplied by a factor drawn from [1 - priority, 1 + priority]."""
    reservation: Annotated[Number, Field(ge=0, le=0.5)] = 0
    """Each walk-away point moves by up to this much either way (kept within 0 to 1)."""
    flexibility: Annotated[Number, Field(ge=0, le=0.5)] = 0
    """Each flexibility moves by up to this much either way (kept within 0 to 1)."""

    def none(self) -> bool:
        """Whether nothing varies."""
        return self.priority == self.reservation == self.flexibility == 0


def varied_actor(actor: Actor, variation: Variation, rng: random.Random) -> Actor:
    """One delegation's confidential numbers, drawn within ``variation``."""
    if actor.kind == "mediator":
        return actor
    positions = {
        term: position.model_copy(
            update={
                "priority": position.priority
                * rng.uniform(1 - variation.priority, 1 + variation.priority)
            }
        )
        for term, position in actor.positions.items()
    }
    reservation = _clamp(actor.reservation + rng.uniform(-1, 1) * variation.reservation)
    flexibility = _clamp(actor.flexibility + rng.uniform(-1, 1) * variation.flexibility)
    return actor.model_copy(
        update={
            "positions": positions,
            "reservation": round(reservation, 4),
            "flexibility": round(flexibility, 4),
        }
    )


def variant_seed(seed: int) -> random.Random:
    """The random draw of a session's variant: fixed by the session seed alone."""
    return random.Random(f"{seed}:variation")


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def drawn(base: tuple[Actor, ...], varied: tuple[Actor, ...]) -> dict[str, dict[str, float]]:
    """What a table's variant drew, per delegation: its walk-away point, flexibility and
    each priority (for a log's header, so a replay can show it plays the same table)."""
    out: dict[str, dict[str, float]] = {}
    for before, after in zip(base, varied, strict=True):
        if after == before:
            continue
        numbers = {"reservation": after.reservation, "flexibility": after.flexibility}
        numbers.update(
            {f"priority.{term}": round(p.priority, 6) for term, p in after.positions.items()}
        )
        out[after.id] = numbers
    return out
