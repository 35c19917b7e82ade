"""Branch and bound over terms, with a guarantee: exact when it finishes, and when the
caller's time or effort runs out first, the best draft found with a proven bound on how
far the best draft of all can be from it.

Terms are fixed one at a time. A partly fixed draft is abandoned when one of two upper
bounds shows it cannot beat the best draft found: the score each delegation would reach
if every remaining term went its own way (the score never falls when a utility rises),
and the weighted bound of a fractional draft (``relaxation``), which adds up term by
term and so costs one addition per value tried.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from simulator.analysis.relaxation import EPS, Score, Vectors, Weighting

CLOCK_EVERY = 512
"""Partial drafts examined between two looks at the clock."""

Child = tuple[float, int, list[float], list[float]]
"""A value worth trying: its bound, the value, the utilities so far with it, and the
weighted sums so far with it."""


@dataclass(frozen=True)
class Found:
    """What a search found, and what it proved."""

    draft: tuple[int, ...] | None
    """The best draft found (one value index per searched term), or None."""
    score: float
    """Its score (minus infinity when none was found)."""
    bound: float
    """No draft scores more than this. Equal to ``score`` (within rounding) when the
    search finished, and minus infinity when it proved that no draft qualifies."""
    exact: bool
    """Whether the search finished, so that ``draft`` is a best draft of all."""


def branch_and_bound(
    vectors: Vectors,
    score: Score,
    *,
    start: Sequence[int] | None = None,
    weightings: Sequence[Weighting] = (),
    threshold: float = -math.inf,
    first: bool = False,
    deadline: float | None = None,
    effort: int | None = None,
) -> Found:
    """The draft with the highest score, among those scoring at least ``threshold`` (to
    within rounding), or with ``first`` the first such draft in the order of terms and
    values given (the same draft a plain search in that order would meet first).
    ``start`` is a draft to beat. Terms are searched in the given order, values
    (unless ``first``) best bound first.

    The search stops early, with the best draft so far and a proven bound, when the
    clock passes ``deadline`` (a ``time.perf_counter`` reading) or when it has examined
    ``effort`` partial drafts (a limit that, unlike the clock, gives the same answer on
    every machine)."""
    terms = len(vectors)
    n = len(vectors[0][0]) if terms else 0
    rest = [[0.0] * n for _ in range(terms + 1)]
    for k in range(terms - 1, -1, -1):
        for a in range(n):
            rest[k][a] = rest[k + 1][a] + max(g[a] for g in vectors[k])
    weighted = [
        [[sum(w * x for w, x in zip(lam.weights, g, strict=True)) for g in vs] for vs in vectors]
        for lam in weightings
    ]
    tails = []
    for table, lam in zip(weighted, weightings, strict=True):
        tail = [0.0] * (terms + 1)
        for k in range(terms - 1, -1, -1):
            tail[k] = tail[k + 1] + max(table[k])
        tails.append([lam.constant + t for t in tail])
    order = [list(range(len(vs))) for vs in vectors]
    ranked = bool(weighted) and not first
    if ranked:
        for k, values in enumerate(order):
            values.sort(key=weighted[0][k].__getitem__, reverse=True)

    best_draft: tuple[int, ...] | None = None
    best = threshold - 2 * EPS if threshold > -math.inf else -math.inf
    if start is not None:
        s = score([sum(vectors[k][v][a] for k, v in enumerate(start)) for a in range(n)])
        if s > best + EPS:
            best_draft, best = tuple(start), s
            if first:
                return Found(best_draft, best, best, False)

    def children(k: int, partial: list[float], sums: list[float]) -> list[Child]:
        """The values of term ``k`` worth trying after ``partial``, best bound first."""
        out: list[Child] = []
        last = k == terms - 1
        for v in order[k]:
            bound = math.inf
            for t, table in enumerate(weighted):
                here = sums[t] + table[k][v] + tails[t][k + 1]
                if here <= best + EPS:
                    break
                bound = min(bound, here)
            else:
                child = [p + g for p, g in zip(partial, vectors[k][v], strict=True)]
                if last:
                    bound = score(child)
                else:
                    ahead = [c + r for c, r in zip(child, rest[k + 1], strict=True)]
                    bound = min(bound, score(ahead))
                if bound > best + EPS:
                    step = [s + table[k][v] for s, table in zip(sums, weighted, strict=True)]
                    out.append((bound, v, child, step))
                continue
            if t == 0 and ranked:
                break  # values come in the first weighting's order: none after can pass
        if not first:
            out.sort(key=lambda c: -c[0])
        return out

    stack: list[tuple[list[Child], list[int]]] = (
        [(children(0, [0.0] * n, [0.0] * len(weighted)), [0])] if terms else []
    )
    chosen: list[int] = []
    examined = 0
    while stack:
        kids, cursor = stack[-1]
        index = cursor[0]
        if index >= len(kids) or (not first and kids[index][0] <= best + EPS):
            stack.pop()  # the rest are no better: they come best bound first
            if chosen:
                chosen.pop()
            continue
        cursor[0] = index + 1
        if kids[index][0] <= best + EPS:
            continue
        bound, v, child, sums = kids[index]
        k = len(stack) - 1
        if k == terms - 1:
            best, best_draft = bound, (*chosen, v)
            if first:
                return Found(best_draft, best, best, False)
            continue
        examined += 1
        if (effort is not None and examined > effort) or (
            deadline is not None and examined % CLOCK_EVERY == 0 and time.perf_counter() > deadline
        ):
            pending = max((kid[0] for ks, c in stack for kid in ks[c[0] :]), default=-math.inf)
            return Found(best_draft, best, max(best, bound, pending), False)
        chosen.append(v)
        stack.append((children(k + 1, child, sums), [0]))
    if best_draft is None:
        return Found(None, -math.inf, -math.inf, True)
    return Found(best_draft, best, best, True)
