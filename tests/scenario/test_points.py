"""A delegation scored in points keeps its own points: its packet prints them (not a
rescaled 100), and its walk-away point may be written in them (reservation_points)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
import yaml

from simulator.report.packets import brief
from simulator.scenario.identity import scenario_hash
from simulator.scenario.model import Scenario
from simulator.scenario_files import load_scenario_text
from tests.conftest import base, problems


def scored() -> dict[str, Any]:
    """The small scenario with the United States scored in points on both terms, as a
    salary exercise's brief would score them (from 0 to 6,840 points)."""
    data = base()
    usa = data["actors"][0]
    usa["positions"]["verification"] = {
        "ideal": "agency",
        "scores": [
            {"value": "none", "points": 0},
            {"value": "mutual", "points": 2400},
            {"value": "agency", "points": 4000},
        ],
    }
    usa["positions"]["deadline"] = {
        "ideal": 2030,
        "scores": [{"value": 2030, "points": 2840}, {"value": 2040, "points": 0}],
    }
    usa["reservation_points"] = 4000
    return data


def load(data: dict[str, Any]) -> Scenario:
    return load_scenario_text(yaml.safe_dump(data, sort_keys=False), "case.yaml")


def test_a_walk_away_in_points_sets_the_reservation() -> None:
    """4,000 of the 0 to 6,840 points the sheets can add up to is a share of 4000/6840."""
    scenario = load(scored())
    assert scenario.actors[0].reservation == pytest.approx(4000 / 6840)


def test_the_packet_prints_the_delegations_own_points() -> None:
    """The score sheet and the walk-away point are in the sheets' points, never out of 100."""
    scenario = load(scored())
    text = brief(scenario, scenario.actors[0])
    assert "from 0 to 6,840" in text
    assert "**4,000 points**" in text
    assert "| Verification | Mutual monitoring | 2,400 |" in text
    assert "| Migration deadline | 2035 | 1,420 |" in text
    assert "out of 100" not in text


def test_a_walk_away_in_points_outside_the_sheets_is_refused() -> None:
    """A total the sheets cannot reach, a delegation not scored in points, or a share that
    disagrees with the points, each names the field."""
    data = scored()
    data["actors"][0]["reservation_points"] = 9000
    found = problems(data)
    assert [p.code for p in found] == ["reservation-points"]
    assert "between 0 and 6840" in found[0].message
    data = scored()
    del data["actors"][0]["positions"]["deadline"]["scores"]
    assert "is not a total of points" in problems(data)[0].message
    data = scored()
    data["actors"][0]["reservation"] = 0.2
    assert "disagree" in problems(data)[0].message


def test_a_plain_delegation_keeps_its_100_point_sheet() -> None:
    """Without score sheets the packet still speaks of points out of 100."""
    scenario = load(base())
    assert "out of 100" in brief(scenario, scenario.actors[1])


def test_a_scenario_without_points_walk_aways_keeps_its_saved_sessions_hash() -> None:
    """The new field, unset, is left out of the hash, so sessions saved before it came
    still replay; set, it counts."""
    scenario = load(base())
    content = scenario.model_dump(mode="json")
    for actor in content["actors"]:
        del actor["reservation_points"]
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    assert scenario_hash(scenario) == hashlib.sha256(canonical.encode()).hexdigest()
    assert scenario_hash(load(scored())) != scenario_hash(load(base()))
