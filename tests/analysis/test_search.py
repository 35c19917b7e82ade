"""The searches with a guarantee agree with brute force in the families that made the old
search slow (no red lines, red lines on few positions, up to seven delegations), and a
search stopped early never claims more than it proved."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.analysis import search
from simulator.analysis.bargaining import (
    EPS,
    dominating,
    dominating_search,
    maximin_search,
    nash_point,
    nash_search,
)
from simulator.analysis.relaxation import margin_relaxation
from simulator.analysis.space import Space
from tests.conftest import examples

PRIORITY = st.sampled_from([1, 2, 3, 4, 5])


@st.composite
def scenario_like(draw: st.DrawFn, red_lines: float) -> Space:
    """A space shaped like a scenario's: each actor's gains are its satisfaction curve
    (1 at a random ideal, falling linearly) times its normalised priority; red lines
    forbid one value on about ``red_lines`` of the positions."""
    issues = draw(st.integers(2, 6))
    sizes = tuple(draw(st.sampled_from([2, 3, 4, 4, 5])) for _ in range(issues))
    actors = draw(st.integers(2, 7))
    gains, forbidden, reservations = [], [], []
    for _ in range(actors):
        priorities = [draw(PRIORITY) for _ in sizes]
        total = sum(priorities)
        rows, lines = [], []
        for size, priority in zip(sizes, priorities, strict=True):
            ideal = draw(st.integers(0, size - 1))
            far = max(ideal, size - 1 - ideal) or 1
            rows.append(tuple(priority / total * (1 - abs(v - ideal) / far) for v in range(size)))
            crossed = red_lines > 0 and draw(st.floats(0, 1)) < red_lines
            lines.append(frozenset({draw(st.integers(0, size - 1))}) if crossed else frozenset())
        gains.append(tuple(rows))
        forbidden.append(tuple(lines))
        reservations.append(draw(st.sampled_from([0.0, 0.2, 0.4, 0.5, 0.6])))
    names = tuple(f"a{i}" for i in range(actors))
    return Space(names, sizes, tuple(gains), tuple(forbidden), tuple(reservations))


FAMILIES = {"no red lines": 0.0, "few red lines": 0.1}


def outcomes(space: Space) -> list[tuple[int, ...]]:
    return list(itertools.product(*(range(size) for size in space.sizes)))


def allowed(space: Space) -> list[tuple[int, ...]]:
    return [
        o for o in outcomes(space) if all(space.allowed(a, o) for a in range(len(space.actors)))
    ]


def nash_score(space: Space, outcome: tuple[int, ...]) -> float:
    gains = [u - r for u, r in zip(space.utilities(outcome), space.reservations, strict=True)]
    return -math.inf if min(gains) <= EPS else sum(math.log(g) for g in gains)


def margin(space: Space, outcome: tuple[int, ...]) -> float:
    return min(u - r for u, r in zip(space.utilities(outcome), space.reservations, strict=True))


@pytest.mark.parametrize("rate", FAMILIES.values(), ids=FAMILIES.keys())
def test_nash_point_matches_brute_force(rate: float) -> None:
    """The Nash point maximises the product of gains over reservations, red lines kept."""

    @given(scenario_like(rate))
    @settings(max_examples=examples(150), deadline=None)
    def check(space: Space) -> None:
        best = max((nash_score(space, o) for o in allowed(space)), default=-math.inf)
        found = nash_search(space)
        assert found.exact
        if best == -math.inf:
            assert found.point is None
        else:
            assert found.point is not None
            assert nash_score(space, found.point.outcome) == pytest.approx(best, abs=1e-9)
            assert all(space.allowed(a, found.point.outcome) for a in range(len(space.actors)))

    check()


@pytest.mark.parametrize("rate", FAMILIES.values(), ids=FAMILIES.keys())
def test_maximin_point_matches_brute_force(rate: float) -> None:
    """The centre of the zone of agreement has the largest smallest margin, red lines
    kept."""

    @given(scenario_like(rate))
    @settings(max_examples=examples(150), deadline=None)
    def check(space: Space) -> None:
        kept = allowed(space)
        found = maximin_search(space)
        assert found.exact
        if not kept:
            assert found.point is None
        else:
            assert found.point is not None
            assert margin(space, found.point.outcome) == pytest.approx(
                max(margin(space, o) for o in kept), abs=1e-9
            )

    check()


@pytest.mark.parametrize("rate", FAMILIES.values(), ids=FAMILIES.keys())
def test_pareto_check_matches_brute_force(rate: float) -> None:
    """The Nash point and a few drafts are reported Pareto-optimal exactly when brute
    force finds no draft at least as good for all and better for one."""

    @given(scenario_like(rate))
    @settings(max_examples=examples(100), deadline=None)
    def check(space: Space) -> None:
        every = outcomes(space)
        nash = nash_point(space)
        drafts = every[:3] + ([nash.outcome] if nash is not None else [])
        for draft in drafts:
            mine = space.utilities(draft)
            better = any(
                all(u >= m - EPS for u, m in zip(space.utilities(o), mine, strict=True))
                and any(u > m + 1e-9 for u, m in zip(space.utilities(o), mine, strict=True))
                for o in every
            )
            found, settled = dominating_search(space, draft)
            assert settled
            assert (found is not None) == better
            assert found is None or dominating(space, draft) is not None

    check()


@pytest.mark.parametrize("rate", FAMILIES.values(), ids=FAMILIES.keys())
def test_fractional_bound_holds(rate: float) -> None:
    """No draft's smallest margin exceeds the bound of the fractional drafts' weights."""

    @given(scenario_like(rate))
    @settings(max_examples=examples(100), deadline=None)
    def check(space: Space) -> None:
        n = len(space.actors)
        vectors = [
            [tuple(space.gains[a][i][v] for a in range(n)) for v in range(size)]
            for i, size in enumerate(space.sizes)
        ]
        relaxed = margin_relaxation(vectors, space.reservations)
        assert abs(sum(relaxed.weights) - 1) < 1e-9
        assert min(relaxed.weights) >= 0
        assert max(margin(space, o) for o in outcomes(space)) <= relaxed.bound + 1e-9
        assert min(m - r for m, r in zip(relaxed.mix, space.reservations, strict=True)) <= (
            relaxed.bound + 1e-9
        )

    check()


@pytest.mark.parametrize("stop_after", [1, 2, 5, 20])
def test_a_search_out_of_time_proves_what_it_claims(
    monkeypatch: pytest.MonkeyPatch, stop_after: int
) -> None:
    """Stopped after a few partial drafts, a search returns a draft whose score is what it
    says, and a bound no draft exceeds (brute force over every draft)."""
    monkeypatch.setattr(search, "CLOCK_EVERY", stop_after)

    @given(scenario_like(0.0))
    @settings(max_examples=examples(60), deadline=None)
    def check(space: Space) -> None:
        kept = allowed(space)
        for run, score in ((nash_search, nash_score), (maximin_search, margin)):
            found = run(space, budget=0.0)
            best = max((score(space, o) for o in kept), default=-math.inf)
            assert found.bound >= best - 1e-9
            if found.point is not None:
                assert score(space, found.point.outcome) == pytest.approx(found.score, abs=1e-9)
                assert found.score <= best + 1e-9
                assert found.gap >= -1e-9
            if found.exact:
                assert found.score == pytest.approx(best, abs=1e-9)

    check()


def test_fractional_bound_is_the_linear_programme() -> None:
    """Two delegations and one term whose values each suit only one of them: mixed half
    and half, each gets 0.5, and the weights (a half each) prove no mix does better; a
    second term both agree on adds its gain to both."""
    vectors = [[(1.0, 0.0), (0.0, 1.0)], [(0.2, 0.2), (0.0, 0.0)]]
    relaxed = margin_relaxation(vectors, [0.0, 0.0])
    assert relaxed.bound == pytest.approx(0.7)
    assert relaxed.weights == pytest.approx((0.5, 0.5))
    assert relaxed.mix == pytest.approx((0.7, 0.7))
    found = maximin_search(
        Space(
            ("a", "b"),
            (2, 2),
            (((1.0, 0.0), (0.2, 0.0)), ((0.0, 1.0), (0.2, 0.0))),
            ((frozenset(), frozenset()), (frozenset(), frozenset())),
            (0.0, 0.0),
        )
    )
    assert found.exact
    assert found.score == pytest.approx(0.2)
