"""Golden playthroughs: complete sessions written as text (each move and the draft it
leaves) and compared with checked-in copies by a diff.

To accept a deliberate change of behaviour, regenerate with
``UPDATE_GOLDEN=1 python -m pytest tests/engine/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from simulator.engine.moves import (
    AdvancePhase,
    Concede,
    EndSession,
    FireInject,
    Move,
    Return,
    SetAgenda,
    WalkOut,
)
from simulator.engine.session import Session
from simulator.report.playthrough import render_playthrough
from simulator.scenario.model import Scenario
from simulator.scenario_files import load_scenario
from tests.conftest import SCENARIOS
from tests.engine.helpers import abstain, amend, no, pass_, propose, say, scenario, vote, yes

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def classroom() -> Scenario:
    return load_scenario(str(SCENARIOS / "quantum-classroom.yaml"))


def openings(scenario: Scenario) -> list[Move]:
    """Each delegation opens with its first persona quote."""
    return [say(actor.id, actor.persona.quotes[0].text) for actor in scenario.voters()]


CLASSROOM_ORDER = ("usa", "china", "russia", "iran", "israel", "ukraine", "mexico")


def cast(spec: str) -> list[Move]:
    """The classroom's ballots in a vote, in speaking order: y, n or a for each
    delegation, - for one out of the room ('yy-ny ny')."""
    kinds: dict[str, Callable[[str], Move]] = {"y": yes, "n": no, "a": abstain}
    spec = spec.replace(" ", "")
    return [kinds[c](actor) for actor, c in zip(CLASSROOM_ORDER, spec, strict=True) if c != "-"]


def classroom_convergence() -> tuple[Scenario, list[Move]]:
    """Climate cooperation first, then verification and participation, then the rest; the
    treaty is adopted with Russia voting against."""
    s = classroom()
    moves = openings(s) + [
        # round 1: the environmental entry point
        propose("usa", climate_pilot="joint_modelling"),
        amend("china", climate_pilot="monitoring_network"),
        abstain("russia"),
        yes("iran"),
        yes("israel"),
        yes("ukraine"),
        vote("mexico"),
        *cast("yya yyyy"),
        # round 2: the hard security terms
        propose(
            "usa",
            verification="mutual_monitoring",
            participation="universal_with_incentives",
            export_controls="targeted_dual_use",
        ),
        yes("china"),
        yes("russia"),
        yes("iran"),
        yes("israel"),
        Concede(actor="ukraine", term="participation", to="universal_with_incentives"),
        vote("mexico"),
        *cast("yyy yyyy"),
        # round 3 opens with the non-state actor inject
        propose(
            "usa",
            non_state_controls="licensed_compute_access",
            pqc_deadline=2032,
            benefit_sharing="benefit_fund",
        ),
        yes("china"),
        no("russia"),
        yes("iran"),
        yes("israel"),
        yes("ukraine"),
        vote("mexico"),
        *cast("yyn yyyy"),
        AdvancePhase(actor="chen"),
        yes("usa"),
        yes("china"),
        no("russia"),
        yes("iran"),
        yes("israel"),
        yes("ukraine"),
        yes("mexico"),
    ]
    return s, moves


def classroom_deadlock() -> tuple[Scenario, list[Move]]:
    """Russia walks out over participation; a motion fails; China blocks the treaty."""
    s = classroom()
    moves = [
        *openings(s),
        propose("usa", participation="exclude_violators"),
        no("china"),
        WalkOut(actor="russia", reason="excluding major powers breeds proliferation"),
        no("iran"),
        yes("israel"),
        vote("ukraine"),
        *cast("yn- nyyy"),
        SetAgenda(actor="chen", terms=("small_state_voice", "benefit_sharing")),
        propose("mexico", small_state_voice="rotating_seats"),
        yes("usa"),
        yes("china"),
        Return(actor="russia"),
        no("russia"),
        FireInject(actor="chen", inject="climate_uninhabitable"),
        pass_("iran"),
        yes("israel"),
        yes("ukraine"),
        vote("mexico"),
        *cast("yyn ayyy"),
        AdvancePhase(actor="chen"),
        yes("usa"),
        no("china"),
        no("russia"),
        yes("iran"),
        yes("israel"),
        yes("ukraine"),
        yes("mexico"),
    ]
    return s, moves


def mini_ended() -> tuple[Scenario, list[Move]]:
    """The small scenario: a scheduled inject, an amendment, then the moderator ends it."""
    s = scenario()
    moves: list[Move] = [
        say("usa", "Verification remains paramount."),
        say("china", "Win-win cooperation."),
        propose("usa", verification="agency"),
        amend("china", verification="mutual", deadline=2034),
        vote("usa"),
        yes("usa"),
        yes("china"),
        pass_("china"),
        pass_("usa"),
        EndSession(actor="chen", reason="the bell rang"),
    ]
    return s, moves


CASES: dict[str, Callable[[], tuple[Scenario, list[Move]]]] = {
    "classroom-convergence": classroom_convergence,
    "classroom-deadlock": classroom_deadlock,
    "mini-ended": mini_ended,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_playthrough(name: str) -> None:
    """The session plays out exactly as its checked-in playthrough says."""
    scenario_, moves = CASES[name]()
    text = render_playthrough(Session.replay(scenario_, moves))
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True), text.splitlines(keepends=True), str(path), "actual"
        )
    )
    assert not diff, diff
