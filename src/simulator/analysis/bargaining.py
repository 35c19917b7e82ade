"""Bargaining analysis, exact over the whole outcome space.

Every search here works issue by issue on an additive ``Space``:

- per issue, a value that another value matches or beats for every actor concerned
  (and that no red line makes better) is dropped: no optimum of a monotone objective
  needs it;
- the two-actor Pareto frontier is the Pareto filter of the sum, issue by issue, of
  each issue's own frontier;
- the Nash bargaining point, the maximin point (the centre of the zone of possible
  agreement) and Pareto-dominance checks are branch-and-bound searches whose bounds
  are each actor's best remaining gain.

All are exact: property tests compare them with brute force on small spaces.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from simulator.analysis.space import Outcome, Space

EPS = 1e-12
"""Tolerance for comparing sums of utilities computed in different orders."""

Candidates = Sequence[Sequence[int]]
"""For each issue, the value indexes a search may use."""


@dataclass(frozen=True)
class Point:
    """An outcome with every analysed actor's utility for it."""

    outcome: Outcome
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


def dominating(
    space: Space, outcome: Sequence[int], candidates: Candidates | None = None
) -> Point | None:
    """An outcome every actor likes at least as much as ``outcome`` and one actor more,
    or None when ``outcome`` is Pareto-optimal."""
    base = candidates if candidates is not None else all_candidates(space)
    targets = space.utilities(outcome)
    values = undominated(space, base)
    for strict in range(len(space.actors)):
        need = [t + (EPS * 10 if a == strict else -EPS) for a, t in enumerate(targets)]
        found = _search_feasible(space, values, need)
        if found is not None:
            return Point(found, space.utilities(found))
    return None


def _search_feasible(space: Space, values: Candidates, need: Sequence[float]) -> Outcome | None:
    n = len(space.actors)
    best_rest = _best_remaining(space, values)
    chosen: list[int] = []

    def dfs(i: int, partial: list[float]) -> bool:
        if any(partial[a] + best_rest[i][a] < need[a] for a in range(n)):
            return False
        if i == len(values):
            return True
        for v in values[i]:
            chosen.append(v)
            if dfs(i + 1, [partial[a] + space.gains[a][i][v] for a in range(n)]):
                return True
            chosen.pop()
        return False

    return tuple(chosen) if dfs(0, [0.0] * n) else None


def _best_remaining(space: Space, values: Candidates) -> list[list[float]]:
    """``rest[i][a]``: the most actor ``a`` can still gain from issues ``i`` onward."""
    n = len(space.actors)
    rest = [[0.0] * n for _ in range(len(values) + 1)]
    for i in range(len(values) - 1, -1, -1):
        for a in range(n):
            best = max((space.gains[a][i][v] for v in values[i]), default=-math.inf)
            rest[i][a] = rest[i + 1][a] + best
    return rest


def nash_point(
    space: Space, disagreement: Sequence[float] | None = None, candidates: Candidates | None = None
) -> Point | None:
    """The outcome maximising the product of every actor's gain over its disagreement
    utility (default: its reservation), among outcomes where every gain is positive and
    no red line is crossed; None when there is no such outcome."""
    d = list(space.reservations if disagreement is None else disagreement)

    def score(utilities: Sequence[float]) -> float:
        gains = [u - x for u, x in zip(utilities, d, strict=True)]
        return -math.inf if min(gains) <= EPS else sum(math.log(g) for g in gains)

    return _maximise(space, score, allowed_candidates(space, candidates), tangent=d)


def maximin_point(space: Space, candidates: Candidates | None = None) -> Point | None:
    """The outcome whose smallest margin over reservation is largest, red lines
    respected: the centre of the zone of possible agreement (which is empty when that
    margin is negative)."""
    r = space.reservations

    def score(utilities: Sequence[float]) -> float:
        return min(u - x for u, x in zip(utilities, r, strict=True))

    return _maximise(space, score, allowed_candidates(space, candidates))


def _maximise(
    space: Space,
    score: Callable[[Sequence[float]], float],
    candidates: Candidates,
    tangent: Sequence[float] | None = None,
) -> Point | None:
    """Branch and bound for a score that never decreases when any utility rises: the score
    of (partial + best remaining) bounds every completion.

    With ``tangent`` (the disagreement utilities of a Nash product), a second bound is
    used as well: each log is at most its tangent at the starting solution, which makes
    the bound linear in the utilities and so separable issue by issue."""
    if any(not values for values in candidates):
        return None
    values = undominated(space, candidates)
    order = sorted(range(len(values)), key=lambda i: -_spread(space, i, values[i]))
    values = [values[i] for i in order]
    gains = [[space.gains[a][i] for i in order] for a in range(len(space.actors))]
    n = len(space.actors)
    rest = [[0.0] * n for _ in range(len(values) + 1)]
    for k in range(len(values) - 1, -1, -1):
        for a in range(n):
            rest[k][a] = rest[k + 1][a] + max(gains[a][k][v] for v in values[k])
    ranked = [
        sorted(vs, key=_by_total_gain([gains[a][k] for a in range(n)]))
        for k, vs in enumerate(values)
    ]
    best = _local_search(gains, ranked, score)
    totals = [sum(gains[a][k][v] for k, v in enumerate(best)) for a in range(n)]
    best_score = score(totals)
    found = best_score > -math.inf
    chosen: list[int] = []
    last = len(values) - 1
    linear = _tangent_bound(gains, values, totals, tangent) if found and tangent else None

    def bound_of(k: int, child: list[float]) -> float:
        bound = score([child[a] + rest[k + 1][a] for a in range(n)])
        if linear is not None:
            base, slopes, suffix = linear
            bound = min(bound, base + sum(slopes[a] * child[a] for a in range(n)) + suffix[k + 1])
        return bound

    def dfs(k: int, partial: list[float]) -> None:
        nonlocal best_score, best, found
        children = []
        for v in ranked[k]:
            child = [partial[a] + gains[a][k][v] for a in range(n)]
            bound = bound_of(k, child) if k < last else score(child)
            if bound > best_score + EPS:
                children.append((bound, v, child))
        children.sort(key=lambda c: -c[0])
        for bound, v, child in children:
            if bound <= best_score + EPS:
                break
            chosen.append(v)
            if k == last:
                best_score, best, found = bound, list(chosen), True
            else:
                dfs(k + 1, child)
            chosen.pop()

    dfs(0, [0.0] * n)
    if not found:
        return None
    if best is None or best_score == -math.inf:
        return None
    outcome = [0] * len(order)
    for k, i in enumerate(order):
        outcome[i] = best[k]
    return Point(tuple(outcome), space.utilities(outcome))


def _tangent_bound(
    gains: Sequence[Sequence[Sequence[float]]],
    values: Sequence[Sequence[int]],
    totals: Sequence[float],
    disagreement: Sequence[float],
) -> tuple[float, list[float], list[float]]:
    """The tangent bound of sum(log(u - d)) at the utilities ``totals``: a constant, a
    slope per actor, and per issue the most the remaining issues can add."""
    n = len(gains)
    at = [max(t - d, EPS) for t, d in zip(totals, disagreement, strict=True)]
    slopes = [1 / c for c in at]
    base = sum(math.log(c) - 1 - d / c for c, d in zip(at, disagreement, strict=True))
    suffix = [0.0] * (len(values) + 1)
    for k in range(len(values) - 1, -1, -1):
        suffix[k] = suffix[k + 1] + max(
            sum(slopes[a] * gains[a][k][v] for a in range(n)) for v in values[k]
        )
    return base, slopes, suffix


def _local_search(
    gains: Sequence[Sequence[Sequence[float]]],
    ranked: Sequence[Sequence[int]],
    score: Callable[[Sequence[float]], float],
) -> list[int]:
    """A good outcome to start branch and bound from: each issue's best value by total
    gain, then improved one issue at a time while the score rises."""
    n = len(gains)
    current = [vs[0] for vs in ranked]
    totals = [sum(gains[a][k][v] for k, v in enumerate(current)) for a in range(n)]
    best = score(totals)
    for _ in range(20):
        improved = False
        for k, vs in enumerate(ranked):
            for v in vs:
                if v == current[k]:
                    continue
                trial = [totals[a] - gains[a][k][current[k]] + gains[a][k][v] for a in range(n)]
                value = score(trial)
                if value > best + EPS:
                    best, totals, current[k], improved = value, trial, v, True
        if not improved:
            break
    return current


def _by_total_gain(rows: Sequence[Sequence[float]]) -> Callable[[int], float]:
    def key(v: int) -> float:
        return -sum(row[v] for row in rows)

    return key


def _spread(space: Space, i: int, values: Sequence[int]) -> float:
    return sum(
        max(space.gains[a][i][v] for v in values) - min(space.gains[a][i][v] for v in values)
        for a in range(len(space.actors))
    )
