"""The outcome space as the analysis sees it: issues with finite values, and for each
actor an additive utility (a contribution per issue value, already weighted), the values
its red lines forbid, and its reservation level.

Analysis works on this form so that it is exact and fast: a utility is a sum over
issues, and a value another value beats for every actor can be dropped issue by issue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from simulator.scenario.model import Scenario
from simulator.scenario.utility import ActorUtility, utility_tables

Indexes = tuple[int, ...]
"""A draft as value indexes: one per term, each value's place among the term's values
(the engine's ``State.indexes``; ``Outcome`` is only how a session ended)."""


@dataclass(frozen=True)
class Space:
    """An additive multi-issue negotiation problem."""

    actors: tuple[str, ...]
    """The actors analysed, in order."""
    sizes: tuple[int, ...]
    """How many values each issue has."""
    gains: tuple[tuple[tuple[float, ...], ...], ...]
    """``gains[a][i][v]``: what value ``v`` of issue ``i`` adds to actor ``a``'s utility."""
    forbidden: tuple[tuple[frozenset[int], ...], ...]
    """``forbidden[a][i]``: values of issue ``i`` behind a red line of actor ``a``."""
    reservations: tuple[float, ...]
    """Each actor's reservation level."""

    def utility(self, a: int, outcome: Sequence[int]) -> float:
        """Actor ``a``'s utility for an outcome."""
        gains = self.gains[a]
        return sum(gains[i][v] for i, v in enumerate(outcome))

    def utilities(self, outcome: Sequence[int]) -> tuple[float, ...]:
        """Every actor's utility for an outcome."""
        return tuple(self.utility(a, outcome) for a in range(len(self.actors)))

    def allowed(self, a: int, outcome: Sequence[int]) -> bool:
        """Whether the outcome crosses none of actor ``a``'s red lines."""
        return all(v not in self.forbidden[a][i] for i, v in enumerate(outcome))

    def acceptable(self, a: int, outcome: Sequence[int]) -> bool:
        """Whether actor ``a`` would sign: no red line crossed, reservation met."""
        return self.allowed(a, outcome) and self.utility(a, outcome) >= self.reservations[a] - 1e-12

    def size(self) -> int:
        """How many outcomes there are."""
        total = 1
        for size in self.sizes:
            total *= size
        return total


def scenario_space(
    scenario: Scenario,
    actors: Sequence[str] | None = None,
    weights: dict[str, Sequence[float]] | None = None,
) -> Space:
    """The scenario's outcome space over all its terms, for the given voting actors
    (default: every delegation that votes), with priorities as given (default: the scenario's)."""
    tables = utility_tables(scenario)
    chosen = list(actors) if actors is not None else [a.id for a in scenario.electorate()]
    sizes = tuple(len(term.values()) for term in scenario.terms)
    return Space(
        actors=tuple(chosen),
        sizes=sizes,
        gains=tuple(_gains(tables[a], sizes, (weights or {}).get(a)) for a in chosen),
        forbidden=tuple(_forbidden(tables[a], sizes) for a in chosen),
        reservations=tuple(tables[a].reservation for a in chosen),
    )


def _gains(
    table: ActorUtility, sizes: Sequence[int], priorities: Sequence[float] | None
) -> tuple[tuple[float, ...], ...]:
    weights = table.weights(priorities) if priorities is not None else table.weights()
    gains: list[tuple[float, ...]] = [(0.0,) * size for size in sizes]
    for k, t in enumerate(table.terms):
        gains[t] = tuple(weights[k] * s for s in table.curves[k])
    return tuple(gains)


def _forbidden(table: ActorUtility, sizes: Sequence[int]) -> tuple[frozenset[int], ...]:
    forbidden: list[frozenset[int]] = [frozenset() for _ in sizes]
    for k, t in enumerate(table.terms):
        forbidden[t] = table.forbidden[k]
    return tuple(forbidden)
