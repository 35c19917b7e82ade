"""Bargaining analysis over the whole outcome space, exact or with a proven bound.

Every search here works issue by issue on an additive ``Space``:

- per issue, a value that another value matches or beats for every actor concerned
  (and that no red line makes better) is dropped: no optimum of a monotone objective
  needs it;
- the two-actor Pareto frontier is the Pareto filter of the sum, issue by issue, of
  each issue's own frontier;
- the Nash bargaining point, the maximin point (the centre of the zone of possible
  agreement) and Pareto-dominance checks are branch-and-bound searches (``search``)
  whose bounds are each actor's best remaining gain and the weighted bounds of
  fractional drafts (``relaxation``).

Without a deadline every answer is exact: property tests compare them with brute force
on small spaces. With one, a search that runs out of time returns the best draft found
and how far the best of all can be from it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from simulator.analysis.relaxation import (
    EPS,
    Score,
    margin_relaxation,
    margin_score,
    margin_weighting,
    nash_relaxation,
    nash_score,
    nash_weighting,
    utilities,
)
from simulator.analysis.search import Found, branch_and_bound
from simulator.analysis.space import Indexes, Space

__all__ = [
    "EPS",
    "Bounded",
    "Point",
    "all_candidates",
    "allowed_candidates",
    "dominating",
    "dominating_search",
    "maximin_point",
    "maximin_search",
    "nash_point",
    "nash_search",
    "pareto_frontier",
    "undominated",
]

Candidates = Sequence[Sequence[int]]
"""For each issue, the value indexes a search may use."""


@dataclass(frozen=True)
class Point:
    """An outcome with every analysed actor's utility for it."""

    outcome: Indexes
    """One value index per issue."""
    utilities: tuple[float, ...]
    """Each actor's utility, in the space's actor order."""


def all_candidates(space: Space) -> list[list[int]]:
    """Every value of every issue."""
    return [list(range(size)) for size in space.sizes]


def allowed_candidates(space: Space, candidates: Candidates | None = None) -> list[list[int]]:
    """The values no actor's red line forbids."""
    base = candidates if candidates is not None else all_candidates(space)
    return [
        [v for v in values if all(v not in space.forbidden[a][i] for a in range(len(space.actors)))]
        for i, values in enumerate(base)
    ]


def undominated(space: Space, candidates: Candidates) -> list[list[int]]:
    """Per issue, the values that no other candidate matches or beats for every actor
    (ties keep the lowest index)."""
    out = []
    for i, values in enumerate(candidates):
        vectors = {v: tuple(space.gains[a][i][v] for a in range(len(space.actors))) for v in values}
        keep = []
        for v in values:
            dominated = any(
                w != v
                and all(x >= y - EPS for x, y in zip(vectors[w], vectors[v], strict=True))
                and (any(x > y + EPS for x, y in zip(vectors[w], vectors[v], strict=True)) or w < v)
                for w in values
            )
            if not dominated:
                keep.append(v)
        out.append(keep)
    return out


def pareto_frontier(
    space: Space, a: int = 0, b: int = 1, candidates: Candidates | None = None
) -> list[Point]:
    """The Pareto frontier for actors ``a`` and ``b`` (indexes into ``space.actors``):
    every outcome no other outcome beats for one without losing for the other, one per
    distinct pair of utilities, sorted by ``a``'s utility, highest first."""
    values = candidates if candidates is not None else all_candidates(space)
    frontier: list[tuple[float, float, tuple[int, ...]]] = [(0.0, 0.0, ())]
    for i, issue_values in enumerate(values):
        ga, gb = space.gains[a][i], space.gains[b][i]
        own = _filter_2d([(ga[v], gb[v], (v,)) for v in issue_values])
        frontier = _filter_2d([(x + p, y + q, o + w) for x, y, o in frontier for p, q, w in own])
    return [Point(outcome, (x, y)) for x, y, outcome in frontier]


def _filter_2d(
    points: list[tuple[float, float, tuple[int, ...]]],
) -> list[tuple[float, float, tuple[int, ...]]]:
    points.sort(key=lambda p: (-round(p[0], 9), -p[1], p[2]))
    kept: list[tuple[float, float, tuple[int, ...]]] = []
    best = -math.inf
    for point in points:
        if point[1] > best + EPS:
            if kept and abs(kept[-1][0] - point[0]) <= EPS:
                continue  # same utility for a, less for b: dominated
            kept.append(point)
            best = point[1]
    return kept


@dataclass(frozen=True)
class Bounded:
    """The answer of a search given a deadline: the best draft found and a proof of how
    good the best draft of all can be."""

    point: Point | None
    """The best draft found, with every actor's utility for it (None when none found)."""
    score: float
    """Its score: the log of the Nash product, or the smallest margin over reservation
    (minus infinity when no draft was found)."""
    bound: float
    """No draft scores more than this (minus infinity when no draft qualifies)."""
    exact: bool
    """Whether the search finished: then ``point`` is a best draft of all."""

    @property
    def gap(self) -> float:
        """How much more than the draft found the best draft of all can score (zero when
        exact; infinite when nothing was found but something may exist)."""
        if self.exact:
            return 0.0
        return self.bound - self.score if self.point is not None else math.inf


@dataclass(frozen=True)
class _Problem:
    """A search's view of a space: the terms in search order, each with its values."""

    actors: int
    """How many actors are analysed."""
    order: tuple[int, ...]
    """The space's issue index of each searched term."""
    values: tuple[tuple[int, ...], ...]
    """The value indexes of each searched term."""
    vectors: tuple[tuple[tuple[float, ...], ...], ...]
    """``vectors[k][j]``: every actor's gain from the ``j``-th value of searched term ``k``."""

    def outcome(self, space: Space, draft: Sequence[int]) -> Point:
        """A searched draft as a point of the space."""
        outcome = [0] * len(self.order)
        for k, i in enumerate(self.order):
            outcome[i] = self.values[k][draft[k]]
        return Point(tuple(outcome), space.utilities(outcome))


def _problem(space: Space, candidates: Candidates, by_spread: bool = True) -> _Problem:
    """The search's view of ``space``: dominated values dropped, and (``by_spread``) the
    terms whose values differ most for the actors searched first."""
    values = undominated(space, candidates)
    order = list(range(len(values)))
    if by_spread:
        order.sort(key=lambda i: -_spread(space, i, values[i]))
    n = len(space.actors)
    return _Problem(
        n,
        tuple(order),
        tuple(tuple(values[i]) for i in order),
        tuple(
            tuple(tuple(space.gains[a][i][v] for a in range(n)) for v in values[i]) for i in order
        ),
    )


def _deadline(budget: float | None) -> float | None:
    """The clock reading by which a search given ``budget`` seconds must answer."""
    return None if budget is None else time.perf_counter() + budget


def _answer(space: Space, problem: _Problem, found: Found) -> Bounded:
    """What a search found, as outcomes of the space."""
    point = problem.outcome(space, found.draft) if found.draft is not None else None
    return Bounded(point, found.score, found.bound, found.exact)


def _start(problem: _Problem, drafts: Sequence[Sequence[int]], score: Score) -> list[int]:
    """A draft for the search to beat: each term's value of highest total gain, improved
    one term at a time while the score rises (values tried by total gain), unless one
    of ``drafts`` so improved scores more.

    The search only moves on from it for a strictly better draft, so among drafts that
    score the same the answer is this one when it is among them: the most total gain
    first, the rule the analysis has always kept."""
    ranked = [
        sorted(range(len(values)), key=lambda v, vs=values: -sum(vs[v]))  # type: ignore[misc]
        for values in problem.vectors
    ]
    best = _local_search(problem, score, [order[0] for order in ranked], ranked)
    best_score = score(_totals(problem, best))
    for draft in drafts:
        if score(_totals(problem, draft)) > best_score + EPS:
            better = _local_search(problem, score, list(draft), ranked)
            best, best_score = better, score(_totals(problem, better))
    return best


def dominating(
    space: Space, outcome: Sequence[int], candidates: Candidates | None = None
) -> Point | None:
    """An outcome every actor likes at least as much as ``outcome`` and one actor more,
    or None when ``outcome`` is Pareto-optimal. Of those, the first in the order of
    issues and values (for the first actor that can be made better off)."""
    better, _ = dominating_search(space, outcome, candidates)
    return better


def dominating_search(
    space: Space,
    outcome: Sequence[int],
    candidates: Candidates | None = None,
    budget: float | None = None,
    effort: int | None = None,
) -> tuple[Point | None, bool]:
    """Such an outcome, if one is found within ``budget`` seconds and ``effort`` partial
    drafts per actor (no limit when None), and whether the question is settled: True
    when one was found or when the search proved there is none."""
    deadline = _deadline(budget)
    base = candidates if candidates is not None else all_candidates(space)
    targets = space.utilities(outcome)
    if any(not values for values in base):
        return None, True
    problem = _problem(space, base, by_spread=False)
    settled = True
    for strict in range(len(space.actors)):
        need = [t + (EPS * 10 if a == strict else -EPS) for a, t in enumerate(targets)]
        relaxed = margin_relaxation(problem.vectors, need)
        if relaxed.bound < -EPS:
            continue
        found = branch_and_bound(
            problem.vectors,
            margin_score(need),
            weightings=[margin_weighting(relaxed.weights, need)],
            threshold=0.0,
            first=True,
            deadline=deadline,
            effort=effort,
        )
        if found.draft is not None:
            return problem.outcome(space, found.draft), True
        settled = settled and found.exact
    return None, settled


def nash_point(
    space: Space, disagreement: Sequence[float] | None = None, candidates: Candidates | None = None
) -> Point | None:
    """The outcome maximising the product of every actor's gain over its disagreement
    utility (default: its reservation), among outcomes where every gain is positive and
    no red line is crossed; None when there is no such outcome."""
    return nash_search(space, disagreement, candidates).point


def nash_search(
    space: Space,
    disagreement: Sequence[float] | None = None,
    candidates: Candidates | None = None,
    budget: float | None = None,
    effort: int | None = None,
) -> Bounded:
    """The Nash bargaining point as ``nash_point`` defines it, searched for at most
    ``budget`` seconds and ``effort`` partial drafts (no limit when None); scores are
    logs of the Nash product."""
    deadline = _deadline(budget)
    d = list(space.reservations if disagreement is None else disagreement)
    allowed = allowed_candidates(space, candidates)
    if any(not values for values in allowed):
        return Bounded(None, -math.inf, -math.inf, True)
    problem = _problem(space, allowed)
    margins = margin_relaxation(problem.vectors, d)
    if margins.bound <= EPS:
        return Bounded(None, -math.inf, -math.inf, True)
    score = nash_score(d)
    drafts = list(margins.drafts)
    weightings = []
    if min(m - x for m, x in zip(margins.mix, d, strict=True)) > EPS:
        relaxed = nash_relaxation(problem.vectors, d, margins.mix)
        drafts.extend(relaxed.drafts)
        weightings.append(nash_weighting(relaxed.weights, d))
    start = _start(problem, drafts, score)
    if score(_totals(problem, start)) > -math.inf:
        at = [max(u - x, EPS) for u, x in zip(_totals(problem, start), d, strict=True)]
        weightings.append(nash_weighting([1 / c for c in at], d))
    found = branch_and_bound(
        problem.vectors,
        score,
        start=start,
        weightings=weightings,
        deadline=deadline,
        effort=effort,
    )
    return _answer(space, problem, found)


def _totals(problem: _Problem, draft: Sequence[int]) -> list[float]:
    """Each actor's utility for a searched draft."""
    return utilities(problem.vectors, draft, problem.actors)


def maximin_point(space: Space, candidates: Candidates | None = None) -> Point | None:
    """The outcome whose smallest margin over reservation is largest, red lines
    respected: the centre of the zone of possible agreement (which is empty when that
    margin is negative)."""
    return maximin_search(space, candidates).point


def maximin_search(
    space: Space,
    candidates: Candidates | None = None,
    budget: float | None = None,
    effort: int | None = None,
) -> Bounded:
    """The centre of the zone of possible agreement as ``maximin_point`` defines it,
    searched for at most ``budget`` seconds and ``effort`` partial drafts (no limit when
    None); scores are smallest margins over reservation."""
    deadline = _deadline(budget)
    allowed = allowed_candidates(space, candidates)
    if any(not values for values in allowed):
        return Bounded(None, -math.inf, -math.inf, True)
    problem = _problem(space, allowed)
    r = space.reservations
    relaxed = margin_relaxation(problem.vectors, r)
    score = margin_score(r)
    start = _start(problem, relaxed.drafts, score)
    found = branch_and_bound(
        problem.vectors,
        score,
        start=start,
        weightings=[margin_weighting(relaxed.weights, r)],
        deadline=deadline,
        effort=effort,
    )
    return _answer(space, problem, found)


def _local_search(
    problem: _Problem, score: Score, current: list[int], ranked: Sequence[Sequence[int]]
) -> list[int]:
    """``current`` improved one term at a time while the score rises, each term's values
    tried in the order ``ranked``."""
    vectors, n = problem.vectors, problem.actors
    totals = _totals(problem, current)
    best = score(totals)
    for _ in range(20):
        improved = False
        for k, vs in enumerate(ranked):
            for v in vs:
                if v == current[k]:
                    continue
                old, new = vectors[k][current[k]], vectors[k][v]
                trial = [totals[a] - old[a] + new[a] for a in range(n)]
                value = score(trial)
                if value > best + EPS:
                    best, totals, current[k], improved = value, trial, v, True
        if not improved:
            break
    return current


def _spread(space: Space, i: int, values: Sequence[int]) -> float:
    """How much issue ``i``'s choice among ``values`` moves the actors' utilities."""
    return sum(
        max(space.gains[a][i][v] for v in values) - min(space.gains[a][i][v] for v in values)
        for a in range(len(space.actors))
    )
