"""Score sheets: a delegation scored in points ranks drafts by its total points, a scale
is scored by straight lines between its scored values, and the exact analysis stays
exact on scored scenarios."""

from __future__ import annotations

import itertools
import math
from typing import Any

import pytest
import yaml

from simulator.analysis.bargaining import EPS, nash_point
from simulator.analysis.space import scenario_space
from simulator.scenario.model import Scenario
from simulator.scenario.utility import utility_tables
from simulator.scenario_files import load_scenario_text
from tests.conftest import base

SHEET = {
    "verification": [
        {"value": "none", "points": -10},
        {"value": "mutual", "points": 20},
        {"value": "agency", "points": 30},
    ],
    "deadline": [{"value": 2028, "points": 10}, {"value": 2034, "points": 4}],
}


def scored(**china: Any) -> Scenario:
    data = base()
    usa = data["actors"][0]["positions"]
    usa["verification"] = {"ideal": "agency", "scores": SHEET["verification"]}
    usa["deadline"] = {"ideal": 2028, "scores": SHEET["deadline"]}
    data["actors"][1]["positions"]["deadline"].update(china)
    return load_scenario_text(yaml.safe_dump(data, sort_keys=False), "scored.yaml")


def points(verification: str, deadline: int) -> float:
    at = {"none": -10, "mutual": 20, "agency": 30}[verification]
    years = 10 - (min(max(deadline, 2028), 2034) - 2028)  # 10 at 2028 down to 4 at 2034
    return at + years


def test_scored_delegation_ranks_drafts_by_total_points() -> None:
    """With a score sheet on every term, utility is total points rescaled: (points - least
    total) / (most total - least total)."""
    scenario = scored()
    usa = utility_tables(scenario)["usa"]
    terms = scenario.terms
    least, most = points("none", 2040), points("agency", 2028)
    for v, year in itertools.product(("none", "mutual", "agency"), range(2028, 2041)):
        draft = [terms[0].index_of(v), terms[1].index_of(year)]
        expected = (points(v, year) - least) / (most - least)
        assert usa.utility(draft) == pytest.approx(expected)  # type: ignore[arg-type]


def test_scale_scores_are_straight_lines_between_scored_values() -> None:
    """Between scored values of a scale the points fall on a straight line; beyond the
    first and last they stay level."""
    usa = utility_tables(scored())["usa"]
    deadline = usa.curves[1]
    assert deadline[0] == pytest.approx(1.0)  # 2028: 10 points
    assert deadline[3] == pytest.approx(0.5)  # 2031: 7 points, half way
    assert deadline[6] == deadline[12] == pytest.approx(0.0)  # 2034 and later: 4 points


def test_nash_point_on_scored_scenario_matches_brute_force() -> None:
    """The Nash bargaining point of a scored scenario is the brute-force optimum."""
    space = scenario_space(scored())
    best = -math.inf
    for outcome in itertools.product(*(range(size) for size in space.sizes)):
        if not all(space.allowed(a, outcome) for a in range(len(space.actors))):
            continue
        gains = [u - r for u, r in zip(space.utilities(outcome), space.reservations, strict=True)]
        if min(gains) > EPS:
            best = max(best, sum(math.log(g) for g in gains))
    found = nash_point(space)
    assert found is not None
    gains = [u - r for u, r in zip(found.utilities, space.reservations, strict=True)]
    assert sum(math.log(g) for g in gains) == pytest.approx(best, abs=1e-9)
