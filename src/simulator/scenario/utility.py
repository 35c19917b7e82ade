"""Utilities: how satisfied each actor is with a draft treaty.

An actor's satisfaction with a term's value is 1 at its ideal and falls linearly with
the distance from the ideal, in steps of the term's order, reaching 0 at the value
farthest from the ideal; or, when its position carries a score sheet, it is the value's
points rescaled to [0, 1], and the term weighs its spread of points. Its utility for a
draft is the priority-weighted average of its satisfaction over the terms it has
positions on, a number in [0, 1]; a value outside the range its position could accept
scores nothing on that term. A draft with a value behind one of the actor's red lines is
unacceptable to it, whatever the utility (only red lines are absolute); otherwise it is
acceptable when the utility reaches the actor's reservation level.

The tables are precomputed once per scenario, so that a utility is a sum of lookups and
a change of one term updates every actor's utility in constant time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from simulator.scenario.actors import Actor, Position
from simulator.scenario.model import Scenario
from simulator.scenario.terms import Term
from simulator.scenario.values import outside_limits, refusal, scored_curve


def satisfaction_curve(term: Term, ideal: int) -> tuple[float, ...]:
    """Satisfaction with each value of ``term`` for an actor whose ideal is at ``ideal``.

    >>> from simulator.scenario.terms import ScaleTerm
    >>> satisfaction_curve(ScaleTerm(kind="scale", id="t", name="T", min=0, max=4,
    ...                              status_quo=0), 1)
    (0.6666666666666667, 1.0, 0.6666666666666667, 0.33333333333333337, 0.0)
    """
    size = len(term.values())
    farthest = max(ideal, size - 1 - ideal)
    if farthest == 0:
        return (1.0,) * size
    return tuple(1.0 - abs(index - ideal) / farthest for index in range(size))


def position_curve(term: Term, position: Position) -> tuple[tuple[float, ...], float]:
    """An actor's satisfaction with each value of ``term``, and how much the term weighs
    before its priority: from its score sheet (points rescaled to [0, 1], weighing their
    spread) or, without one, falling evenly from its ideal (weighing 1); nothing outside
    the range its position could accept."""
    curve, spread = _curve(term, position)
    outside = [i for i in range(len(curve)) if outside_limits(term, position, i)]
    if outside:
        curve = tuple(0.0 if i in outside else c for i, c in enumerate(curve))
    return curve, spread


def _curve(term: Term, position: Position) -> tuple[tuple[float, ...], float]:
    ideal = term.index_of(position.ideal)
    assert ideal is not None, "checked scenarios have ideals on their terms"
    if not position.scores:
        return satisfaction_curve(term, ideal), 1.0
    points = sheet_points(term, position)
    low, high = min(points), max(points)
    if high == low:
        return (1.0,) * len(points), 0.0
    return tuple((p - low) / (high - low) for p in points), high - low


@dataclass(frozen=True, slots=True)
class ActorUtility:
    """One actor's utility tables."""

    actor: str
    """The actor's id."""
    reservation: float
    """The least utility for which the actor signs."""
    terms: tuple[int, ...]
    """Indexes (in the scenario's term order) of the terms the actor has positions on."""
    curves: tuple[tuple[float, ...], ...]
    """Satisfaction per value index, for each of those terms."""
    forbidden: tuple[frozenset[int], ...]
    """Value indexes behind a red line, for each of those terms."""
    priorities: tuple[float, ...]
    """The scenario's priority weight on each of those terms."""
    spreads: tuple[float, ...] = ()
    """How much each of those terms weighs before its priority (1, or the spread of its
    score sheet's points): a priority weight is the position's priority times this."""

    def weights(self, priorities: Sequence[float] | None = None) -> tuple[float, ...]:
        """Normalised weights (summing to 1) for the given priorities (default: the
        scenario's)."""
        raw = self.priorities if priorities is None else priorities
        total = sum(raw)
        return tuple(p / total for p in raw) if total > 0 else tuple(0.0 for _ in raw)

    def utility(self, draft: Sequence[int], weights: Sequence[float] | None = None) -> float:
        """Utility of a draft given as one value index per scenario term."""
        w = self.weights() if weights is None else weights
        if not self.terms:
            return 1.0
        return sum(w[k] * self.curves[k][draft[t]] for k, t in enumerate(self.terms))

    def red_lines_crossed(self, draft: Sequence[int]) -> int:
        """How many of the actor's terms have a value behind one of its red lines."""
        return sum(1 for k, t in enumerate(self.terms) if draft[t] in self.forbidden[k])


def actor_utility(scenario: Scenario, actor: Actor) -> ActorUtility:
    """The utility tables of one actor of ``scenario``."""
    index = {term.id: t for t, term in enumerate(scenario.terms)}
    terms, curves, forbidden, priorities, spreads = [], [], [], [], []
    for term_id, position in actor.positions.items():
        t = index[term_id]
        term = scenario.terms[t]
        curve, spread = position_curve(term, position)
        terms.append(t)
        curves.append(curve)
        forbidden.append(
            frozenset(i for i in range(len(term.values())) if refusal(term, position, i))
        )
        priorities.append(position.priority * spread)
        spreads.append(spread)
    return ActorUtility(
        actor.id,
        actor.reservation,
        tuple(terms),
        tuple(curves),
        tuple(forbidden),
        tuple(priorities),
        tuple(spreads),
    )


def reprioritised(tables: ActorUtility, actor: Actor) -> ActorUtility:
    """``tables`` for ``actor``, a variant of the actor they were built for whose
    priorities and walk-away point may differ but whose positions are otherwise the same
    (``Scenario.variant``): the curves and red lines are kept, the priority weights and
    the walk-away point taken from ``actor``."""
    positions = actor.positions.values()
    return replace(
        tables,
        reservation=actor.reservation,
        priorities=tuple(
            p.priority * spread for p, spread in zip(positions, tables.spreads, strict=True)
        ),
    )


def points_range(scenario: Scenario, actor: Actor) -> tuple[float, float] | None:
    """The least and the most a delegation's score sheets can add up to, when its
    satisfaction is its total of points (a sheet on every position, all at one priority);
    None otherwise."""
    positions = actor.positions
    if not positions or not all(p.scores for p in positions.values()):
        return None
    if len({p.priority for p in positions.values()}) != 1:
        return None
    terms = {term.id: term for term in scenario.terms}
    low = high = 0.0
    for term_id, position in positions.items():
        curve = sheet_points(terms[term_id], position)
        low, high = low + min(curve), high + max(curve)
    return low, high


def sheet_points(term: Term, position: Position) -> tuple[float, ...]:
    """The points a position's score sheet gives each value of ``term``."""
    sheet = [(term.index_of(score.value), score.points) for score in position.scores]
    return scored_curve(term, [(float(i), p) for i, p in sheet if i is not None])


def with_points_reservations(scenario: Scenario) -> Scenario:
    """``scenario`` with each ``reservation_points`` turned into its ``reservation`` (the
    checks have made sure each is within its delegation's range of points)."""
    actors = []
    for actor in scenario.actors:
        span = points_range(scenario, actor) if actor.reservation_points is not None else None
        if span is None or actor.reservation_points is None:
            actors.append(actor)
            continue
        low, high = span
        share = 1.0 if high == low else (actor.reservation_points - low) / (high - low)
        actors.append(actor.model_copy(update={"reservation": min(1.0, max(0.0, share))}))
    if all(a is b for a, b in zip(actors, scenario.actors, strict=True)):
        return scenario
    return scenario.model_copy(update={"actors": tuple(actors)})


def utility_tables(scenario: Scenario) -> dict[str, ActorUtility]:
    """Utility tables for every actor with positions, by actor id."""
    return {actor.id: actor_utility(scenario, actor) for actor in scenario.actors}
