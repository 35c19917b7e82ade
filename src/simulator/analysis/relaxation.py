"""Fractional drafts: the bounds that make the exact searches fast.

If each term could take a mix of its values, every delegation's utility would be a
point of a convex set (the sum over terms of each term's hull of gains). The best
smallest margin over that set, or the best Nash product, is at least as good as any real
draft's, and a weighting of the delegations proves how much better it can be: for
weights ``w`` (summing to 1), no draft's smallest margin exceeds

    sum over terms of the best weighted gain of a value  -  w . reservations,

and for positive ``w`` no draft's log Nash product exceeds

    sum over delegations of (-log w_a - 1 - w_a d_a)  +  the same sum of best gains.

Both bounds add up term by term, so a search can keep them as it fixes terms one by
one. This module finds good weights: for the margin, the weights of the linear
programme over fractional drafts (solved by column generation, its master a small
matrix game); for the Nash product, the tangent weights at fractional drafts improved
by Frank-Wolfe steps. Any weights give a valid bound; better ones only prune more.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

EPS = 1e-12
"""Tolerance for comparing sums of utilities computed in different orders."""

Vectors = Sequence[Sequence[Sequence[float]]]
"""``vectors[k][v][a]``: what value ``v`` of the ``k``-th searched term adds to
delegation ``a``'s utility."""

Score = Callable[[Sequence[float]], float]
"""A score of the delegations' utilities that never falls when one of them rises."""

TOLERANCE = 1e-12
"""Pivots and reduced costs smaller than this count as zero in the master programme."""


@dataclass(frozen=True)
class Relaxation:
    """What the fractional drafts say about a problem."""

    weights: tuple[float, ...]
    """The delegations' weights in the bound."""
    bound: float
    """The bound those weights prove: no real draft scores more."""
    drafts: tuple[tuple[int, ...], ...]
    """The real drafts met on the way (each the best for some weighting): good starting
    points for a search."""
    mix: tuple[float, ...]
    """The utilities of the best fractional draft found."""


def best_response(vectors: Vectors, weights: Sequence[float]) -> tuple[tuple[int, ...], float]:
    """The draft with the highest weighted gain (per term, the first best value) and
    that gain."""
    chosen, total = [], 0.0
    for values in vectors:
        best_v, best = 0, -math.inf
        for v, gain in enumerate(values):
            score = sum(w * g for w, g in zip(weights, gain, strict=True))
            if score > best:
                best_v, best = v, score
        chosen.append(best_v)
        total += best
    return tuple(chosen), total


def utilities(vectors: Vectors, draft: Sequence[int], n: int) -> list[float]:
    """Each of the ``n`` delegations' utility for a draft (one value index per searched
    term)."""
    out = [0.0] * n
    for values, v in zip(vectors, draft, strict=True):
        for a, g in enumerate(values[v]):
            out[a] += g
    return out


def margin_relaxation(
    vectors: Vectors, reservations: Sequence[float], rounds: int = 200
) -> Relaxation:
    """Weights bounding the best smallest margin over ``reservations``: the dual of the
    linear programme over fractional drafts, by column generation (each new column the
    best real draft for the current weights)."""
    n = len(reservations)
    weights = [1.0 / n] * n
    drafts: list[tuple[int, ...]] = []
    columns: list[list[float]] = []
    best_bound, best_weights = math.inf, tuple(weights)
    mix = [0.0] * n
    for _ in range(rounds):
        draft, total = best_response(vectors, weights)
        bound = total - sum(w * r for w, r in zip(weights, reservations, strict=True))
        if bound < best_bound:
            best_bound, best_weights = bound, tuple(weights)
        if draft not in drafts:
            drafts.append(draft)
            u = utilities(vectors, draft, n)
            columns.append([x - r for x, r in zip(u, reservations, strict=True)])
        value, duals, shares = _game(columns)
        mix = [
            sum(s * c[a] for s, c in zip(shares, columns, strict=True)) + reservations[a]
            for a in range(n)
        ]
        if best_bound - value <= 1e-10 or duals == weights:
            break
        weights = duals
    return Relaxation(best_weights, best_bound, tuple(drafts), tuple(mix))


def _game(columns: Sequence[Sequence[float]]) -> tuple[float, list[float], list[float]]:
    """The best smallest coordinate of a mix of ``columns``: its value, the weights of
    the coordinates that prove it (the dual), and the mix's shares of each column.

    Shifted so that every entry is at least 1, it is ``min sum p`` subject to
    ``sum_j p_j c_j >= 1``, ``p >= 0``, solved by the dual simplex method from the
    all-surplus basis (feasible for the dual from the start)."""
    n, m = len(columns[0]), len(columns)
    shift = 1.0 - min(min(c) for c in columns)
    width = m + n
    rows = [[-(columns[j][a] + shift) for j in range(m)] + [0.0] * n for a in range(n)]
    for a in range(n):
        rows[a][m + a] = 1.0
    rhs = [-1.0] * n
    cost = [1.0] * m + [0.0] * n
    basis = [m + a for a in range(n)]
    for _ in range(50 * (n + m)):
        r = min(range(n), key=lambda i: (rhs[i], i))
        if rhs[r] >= -TOLERANCE:
            break
        row = rows[r]
        entering, ratio = -1, math.inf
        for j in range(width):
            if row[j] < -TOLERANCE:
                q = cost[j] / -row[j]
                if q < ratio - TOLERANCE:
                    entering, ratio = j, q
        if entering < 0:
            break
        pivot = row[entering]
        rows[r] = row = [x / pivot for x in row]
        rhs[r] /= pivot
        for i in range(n):
            if i != r and rows[i][entering] != 0.0:
                f = rows[i][entering]
                rows[i] = [x - f * y for x, y in zip(rows[i], row, strict=True)]
                rhs[i] -= f * rhs[r]
        f = cost[entering]
        cost = [x - f * y for x, y in zip(cost, row, strict=True)]
        basis[r] = entering
    duals = [max(cost[m + a], 0.0) for a in range(n)]
    shares = [0.0] * m
    for i, j in enumerate(basis):
        if j < m:
            shares[j] = max(rhs[i], 0.0)
    total_duals, total_shares = sum(duals), sum(shares)
    if total_duals <= 0 or total_shares <= 0:
        return -math.inf, [1.0 / n] * n, [1.0 / m] * m
    value = 1.0 / total_shares - shift
    return (
        value,
        [d / total_duals for d in duals],
        [s / total_shares for s in shares],
    )


def nash_relaxation(
    vectors: Vectors,
    disagreement: Sequence[float],
    start: Sequence[float],
    rounds: int = 60,
) -> Relaxation:
    """Tangent weights bounding the log Nash product over ``disagreement``, from
    Frank-Wolfe steps over fractional drafts starting at the utilities ``start`` (every
    one above its disagreement point)."""
    n = len(disagreement)
    u = list(start)
    best_bound, best_weights = math.inf, tuple(1.0 / n for _ in range(n))
    drafts: list[tuple[int, ...]] = []
    for _ in range(rounds):
        slack = [x - d for x, d in zip(u, disagreement, strict=True)]
        if min(slack) <= 0:
            break
        weights = [1.0 / s for s in slack]
        draft, total = best_response(vectors, weights)
        bound = total + sum(
            -math.log(w) - 1 - w * d for w, d in zip(weights, disagreement, strict=True)
        )
        if bound < best_bound:
            best_bound, best_weights = bound, tuple(weights)
        if draft not in drafts:
            drafts.append(draft)
        here = sum(math.log(s) for s in slack)
        if best_bound - here <= 1e-10:
            break
        target = utilities(vectors, draft, n)
        u = _line_search(u, target, disagreement)
    return Relaxation(best_weights, best_bound, tuple(drafts), tuple(u))


def _line_search(
    u: Sequence[float], target: Sequence[float], disagreement: Sequence[float]
) -> list[float]:
    """The point on the segment from ``u`` to ``target`` with the largest log Nash
    product (the derivative along it falls, so bisection on its sign finds it)."""
    step = [t - x for t, x in zip(target, u, strict=True)]

    def slope(s: float) -> float:
        total = 0.0
        for x, d, dx in zip(u, disagreement, step, strict=True):
            room = x + s * dx - d
            if room <= 0:
                return -math.inf
            total += dx / room
        return total

    low, high = 0.0, 1.0
    if slope(high) >= 0:
        low = high
    else:
        for _ in range(40):
            mid = (low + high) / 2
            if slope(mid) >= 0:
                low = mid
            else:
                high = mid
    return [x + low * dx for x, dx in zip(u, step, strict=True)]


@dataclass(frozen=True)
class Weighting:
    """A weighted bound that adds up term by term: no draft scores more than
    ``constant`` plus its weighted gains."""

    weights: tuple[float, ...]
    """The delegations' weights."""
    constant: float
    """The part of the bound that does not depend on the draft."""


def margin_score(reservations: Sequence[float]) -> Score:
    """The smallest margin over ``reservations``: how well the worst-placed actor does."""

    def score(utilities: Sequence[float]) -> float:
        return min(u - r for u, r in zip(utilities, reservations, strict=True))

    return score


def nash_score(disagreement: Sequence[float]) -> Score:
    """The log of the Nash product of gains over ``disagreement`` (minus infinity when
    some actor gains nothing)."""

    def score(utilities: Sequence[float]) -> float:
        total = 0.0
        for u, d in zip(utilities, disagreement, strict=True):
            if u - d <= EPS:
                return -math.inf
            total += math.log(u - d)
        return total

    return score


def margin_weighting(weights: Sequence[float], reservations: Sequence[float]) -> Weighting:
    """The bound of weights (summing to 1) on the smallest margin over ``reservations``."""
    return Weighting(
        tuple(weights), -sum(w * r for w, r in zip(weights, reservations, strict=True))
    )


def nash_weighting(weights: Sequence[float], disagreement: Sequence[float]) -> Weighting:
    """The tangent bound of positive weights on the log Nash product over
    ``disagreement``."""
    constant = sum(-math.log(w) - 1 - w * x for w, x in zip(weights, disagreement, strict=True))
    return Weighting(tuple(weights), constant)
