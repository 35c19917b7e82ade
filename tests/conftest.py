"""Shared fixtures: a small valid scenario to break in one way per test; how hard the
property tests search.

The property tests (hypothesis) run the ``suite`` profile by default: the same examples
on every run, a quarter as many as each test names. ``HYPOTHESIS_PROFILE=full`` runs
every test's full count, with new random examples each time (and hypothesis's database of
past failures), to search harder before a release or after changing the engine.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

from simulator.datafiles.located import LocatedProblem
from simulator.scenario_files import ScenarioError, load_scenario_text

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
SEEDS = ROOT.parent / "shared" / "seeds"

settings.register_profile("suite", derandomize=True, deadline=None)
settings.register_profile("full", deadline=None)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "suite")
settings.load_profile(PROFILE)


def examples(full: int) -> int:
    """How many examples a property test tries: ``full`` in the full profile, a quarter
    of it (at least 10) in the suite's."""
    return full if PROFILE == "full" else max(10, full // 4)


BASE: dict[str, Any] = {
    "id": "mini",
    "title": "Mini summit",
    "summary": "Two delegations and a mediator negotiate two terms.",
    "terms": [
        {
            "id": "verification",
            "kind": "options",
            "name": "Verification",
            "options": [
                {"id": "none", "label": "No verification"},
                {"id": "mutual", "label": "Mutual monitoring"},
                {"id": "agency", "label": "Agency inspections"},
            ],
            "status_quo": "none",
        },
        {
            "id": "deadline",
            "kind": "scale",
            "name": "Migration deadline",
            "min": 2028,
            "max": 2040,
            "step": 1,
            "unit": "year",
            "points": [{"value": 2030, "label": "rapid"}],
            "status_quo": 2040,
        },
    ],
    "actors": [
        {
            "id": "usa",
            "name": "United States",
            "kind": "state",
            "trust": {"china": 0.3},
            "positions": {
                "verification": {
                    "ideal": "agency",
                    "priority": 3,
                    "acceptable": ["mutual", "agency"],
                    "red_lines": [{"below": "mutual", "reason": "verification is paramount"}],
                },
                "deadline": {"ideal": 2030, "priority": 1},
            },
        },
        {
            "id": "china",
            "name": "China",
            "kind": "state",
            "positions": {
                "verification": {"ideal": "mutual", "acceptable": ["none", "agency"]},
                "deadline": {"ideal": 2035, "acceptable": [2030, 2040]},
            },
        },
        {"id": "chen", "name": "Dr. Chen", "kind": "mediator", "voting_weight": 0},
    ],
    "rules": {
        "moderator": "chen",
        "decision": {"method": "qualified_majority", "threshold": 0.6},
    },
    "injects": [
        {
            "id": "breach",
            "title": "A code-breaking breach",
            "text": "A criminal network breaks an old cipher.",
            "trigger": {"kind": "scheduled", "round": 2},
            "effects": [{"kind": "priority", "actor": "usa", "term": "deadline", "factor": 2}],
        }
    ],
}


def base() -> dict[str, Any]:
    """A deep copy of the small valid scenario, to modify."""
    return copy.deepcopy(BASE)


def problems(data: Any) -> list[LocatedProblem]:
    """The problems the loader reports for ``data`` written out as YAML."""
    text = yaml.safe_dump(data, sort_keys=False)
    try:
        load_scenario_text(text, "case.yaml")
    except ScenarioError as error:
        return error.problems
    return []


@pytest.fixture
def scenario_data() -> dict[str, Any]:
    """A fresh copy of the small valid scenario."""
    return base()


def run_simulator(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The ``simulator`` command run as a user runs it, in ``cwd``, with its data (saved
    sessions) kept in ``cwd`` too."""
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), "SIMULATOR_DATA": str(cwd)},
        check=False,
    )
