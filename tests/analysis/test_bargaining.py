"""The bargaining analysis agrees with brute force on small random spaces, and runs on
the shipped scenarios' full outcome spaces."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.analysis.bargaining import (
    EPS,
    dominating,
    maximin_point,
    nash_point,
    pareto_frontier,
)
from simulator.analysis.space import Space, scenario_space
from simulator.analysis.summary import analyse_draft
from simulator.scenario_files import load_scenario
from tests.conftest import SCENARIOS, examples

GAIN = st.sampled_from([0.0, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5])


@st.composite
def spaces(draw: st.DrawFn) -> Space:
    issues = draw(st.integers(1, 4))
    sizes = tuple(draw(st.integers(1, 4)) for _ in range(issues))
    actors = draw(st.integers(2, 4))
    gains = tuple(
        tuple(tuple(draw(GAIN) for _ in range(size)) for size in sizes) for _ in range(actors)
    )
    forbidden = tuple(
        tuple(frozenset(draw(st.sets(st.integers(0, size - 1), max_size=1))) for size in sizes)
        for _ in range(actors)
    )
    reservations = tuple(draw(st.sampled_from([0.0, 0.1, 0.3, 0.5])) for _ in range(actors))
    return Space(tuple(f"a{i}" for i in range(actors)), sizes, gains, forbidden, reservations)


def outcomes(space: Space) -> list[tuple[int, ...]]:
    return list(itertools.product(*(range(size) for size in space.sizes)))


@given(spaces())
@settings(max_examples=examples(300), deadline=None)
def test_frontier_matches_brute_force(space: Space) -> None:
    """The two-actor frontier has exactly the undominated utility pairs of all outcomes."""
    points = {tuple(round(u, 9) for u in space.utilities(o)[:2]) for o in outcomes(space)}
    brute = {p for p in points if not any(q[0] >= p[0] and q[1] >= p[1] and q != p for q in points)}
    found = {tuple(round(u, 9) for u in point.utilities) for point in pareto_frontier(space)}
    assert found == brute
    for point in pareto_frontier(space):
        assert point.utilities == pytest.approx(space.utilities(point.outcome)[:2])


@given(spaces())
@settings(max_examples=examples(300), deadline=None)
def test_dominance_matches_brute_force(space: Space) -> None:
    """An outcome is reported Pareto-optimal exactly when brute force finds nothing better
    for all and strictly better for one; a reported improvement really is one."""
    every = outcomes(space)
    for outcome in every[:6]:
        mine = space.utilities(outcome)
        better = [
            o
            for o in every
            if all(u >= m - EPS for u, m in zip(space.utilities(o), mine, strict=True))
            and any(u > m + 1e-9 for u, m in zip(space.utilities(o), mine, strict=True))
        ]
        found = dominating(space, outcome)
        assert (found is None) == (not better)
        if found is not None:
            assert all(u >= m - 1e-9 for u, m in zip(found.utilities, mine, strict=True))


def nash_score(space: Space, outcome: tuple[int, ...]) -> float:
    if not all(space.allowed(a, outcome) for a in range(len(space.actors))):
        return -math.inf
    gains = [u - r for u, r in zip(space.utilities(outcome), space.reservations, strict=True)]
    return -math.inf if min(gains) <= EPS else sum(math.log(g) for g in gains)


@given(spaces())
@settings(max_examples=examples(300), deadline=None)
def test_nash_point_matches_brute_force(space: Space) -> None:
    """The Nash point maximises the product of gains over reservations, red lines kept."""
    best = max(nash_score(space, o) for o in outcomes(space))
    found = nash_point(space)
    if best == -math.inf:
        assert found is None
    else:
        assert found is not None
        assert nash_score(space, found.outcome) == pytest.approx(best, abs=1e-9)


@given(spaces())
@settings(max_examples=examples(300), deadline=None)
def test_maximin_point_matches_brute_force(space: Space) -> None:
    """The maximin point has the largest smallest margin over reservation, red lines kept."""
    allowed = [
        o for o in outcomes(space) if all(space.allowed(a, o) for a in range(len(space.actors)))
    ]

    def margin(o: tuple[int, ...]) -> float:
        return min(u - r for u, r in zip(space.utilities(o), space.reservations, strict=True))

    found = maximin_point(space)
    if not allowed:
        assert found is None
    else:
        assert found is not None
        assert margin(found.outcome) == pytest.approx(max(margin(o) for o in allowed), abs=1e-9)


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_scenarios_have_a_zone_of_agreement(path: object) -> None:
    """Every shipped scenario has drafts every delegation could sign, and a Nash point
    that nothing Pareto-dominates."""
    scenario = load_scenario(str(path))
    space = scenario_space(scenario)
    centre = maximin_point(space)
    assert centre is not None
    assert min(u - r for u, r in zip(centre.utilities, space.reservations, strict=True)) > 0
    nash = nash_point(space)
    assert nash is not None
    assert dominating(space, nash.outcome) is None


def test_analyse_status_quo_of_classroom() -> None:
    """The classroom's status quo crosses red lines, fails the vote, and is far from Nash."""
    scenario = load_scenario(str(SCENARIOS / "quantum-classroom.yaml"))
    analysis = analyse_draft(scenario, {t.id: t.status_quo for t in scenario.terms})
    assert not analysis.passes
    china = next(v for v in analysis.actors if v.actor == "china")
    assert "access" in china.red_lines_crossed
    # value is counted over walking away: at the status quo everyone is below its walk-away
    assert analysis.value_created == pytest.approx(sum(v.margin for v in analysis.actors))
    assert analysis.value_created < 0
    assert analysis.nash is not None
    assert analysis.nash_distance is not None
    assert analysis.nash_distance > 0
    assert analysis.zopa_margin is not None
    assert analysis.zopa_margin > 0
