"""Computer players: legal, deterministic, explained, and behaving as their strategy says."""

from __future__ import annotations

import re
from functools import cache

import pytest

from simulator.agents import offers
from simulator.agents.delegation import DelegationPlayer, concession_exponent
from simulator.agents.driver import advance, computer_players, run_session
from simulator.agents.mediator import MediatorPlayer
from simulator.analysis.bargaining import nash_point
from simulator.analysis.space import scenario_space
from simulator.engine.log import decode_text
from simulator.engine.moves import Concede, FireInject, Pass, Propose, SetAgenda, Statement
from simulator.engine.session import Session
from simulator.scenario.model import Scenario
from simulator.scenario_files import load_scenario
from tests.conftest import SCENARIOS
from tests.engine.helpers import log_text

NAMES = sorted(path.stem for path in SCENARIOS.glob("*.yaml"))


@cache
def shipped(name: str) -> Scenario:
    return load_scenario(str(SCENARIOS / f"{name}.yaml"))


def after_openings(name: str) -> Session:
    session = Session(shipped(name))
    while session.state.phase == "openings":
        holder = session.state.holder()
        assert holder is not None
        session.push(Pass(actor=holder))
    return session


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_computer_plays_whole_sessions_legally(name: str, seed: int) -> None:
    """With the computer in every seat, every shipped scenario plays to its end through
    legal moves only (push refuses anything else)."""
    session = run_session(shipped(name), seed=seed)
    assert session.state.over
    assert session.state.outcome is not None


def test_same_seed_same_session() -> None:
    """The same seed gives the same moves."""
    first = run_session(shipped("quantum-classroom"), seed=11)
    second = run_session(shipped("quantum-classroom"), seed=11)
    assert first.moves == second.moves


def test_seeds_vary_the_negotiation() -> None:
    """Different seeds give different sessions."""
    sessions = {
        tuple(m.model_dump_json() for m in run_session(shipped("quantum-classroom"), seed=s).moves)
        for s in range(12)
    }
    assert len(sessions) > 1


def test_resumed_session_decides_as_unbroken_one() -> None:
    """A session saved part-way and resumed from its log plays on exactly as if it had
    never stopped."""
    scenario = shipped("quantum-classroom")
    whole = run_session(scenario, seed=4)
    part = Session(scenario, seed=4)
    players = computer_players(scenario, {}, seed=4)
    advance(part, players, MediatorPlayer(part.state.table.moderator), limit=20)
    resumed = decode_text(log_text(part), scenario)
    advance(
        resumed,
        computer_players(scenario, {}, seed=4),
        MediatorPlayer(resumed.state.table.moderator),
    )
    assert resumed.moves == whole.moves


PRIVATE_NUMBER = re.compile(r"\b0\.\d+|\b1\.0\b")


@pytest.mark.parametrize("name", NAMES)
def test_every_computer_move_is_explained_without_private_numbers(name: str) -> None:
    """Each computer move carries a one-line explanation, and none reveals a utility (the
    chair's agenda and injects carry none: the transcript says what they are)."""
    session = run_session(shipped(name), seed=3)
    for move in session.moves:
        if isinstance(move, SetAgenda | FireInject):
            continue
        text = move.text if isinstance(move, Statement) else getattr(move, "reason", "")
        assert text, move
        assert "\n" not in text
        if not isinstance(move, Statement):
            assert not PRIVATE_NUMBER.search(text), text


def test_red_line_opposition_is_explained() -> None:
    """A delegation objects to a motion behind its red line, naming the term, the text and
    the reason from its brief."""
    session = after_openings("quantum-classroom")
    session.push(Propose(actor="usa", values={"verification": "agency_inspections"}))
    player = DelegationPlayer("russia")
    ballot, reason, rule = player.judge_motion(session.state)
    assert ballot == "oppose"
    assert reason == (
        'Russia opposes: on verification, "Inspections by an international agency" crosses '
        "its red line (verification must be mutual monitoring, not hierarchical control)"
    )
    assert rule == "declare-limit"


def test_red_line_amendment() -> None:
    """Holding the floor, a delegation amends a motion that crosses its red line to the
    nearest text on its side of the line."""
    session = after_openings("quantum-classroom")
    session.push(Propose(actor="usa", values={"verification": "agency_inspections"}))
    session.push(Pass(actor="china"))  # China's turn: it lets the motion stand
    move = DelegationPlayer("russia").decide(session.state)
    assert move is not None
    assert move.kind == "amend"
    assert move.values == {"verification": "mutual_monitoring"}


def test_flexibility_picks_the_concession_curve() -> None:
    """Boulware (flexibility 0) concedes late, a conceder (flexibility 1) early."""
    assert concession_exponent(0) < 1 < concession_exponent(1)
    midway = 0.5
    boulware = 1 - midway ** (1 / concession_exponent(0))
    conceder = 1 - midway ** (1 / concession_exponent(1))
    assert boulware > 0.9
    assert conceder < 0.2


def test_aspiration_falls_over_time_to_reservation() -> None:
    """A delegation's aspiration falls as rounds pass, never below its reservation."""
    session = after_openings("quantum-classroom")
    player = DelegationPlayer("mexico")
    levels = []
    while not session.state.over and session.state.phase == "negotiation":
        levels.append(player.aspiration(session.state))
        holder = session.state.holder()
        assert holder is not None
        session.push(Pass(actor=holder))
    assert levels == sorted(levels, reverse=True)
    # the table the session plays has its own walk-away points (its seed's variant)
    assert levels[0] > levels[-1] >= session.state.table.utility["mexico"].reservation


def test_reciprocity_lowers_aspiration() -> None:
    """Concessions by others toward a delegation make it hold out for less."""
    session = after_openings("quantum-classroom")
    player = DelegationPlayer("usa")
    before = player.aspiration(session.state)
    session.push(Pass(actor="usa"))
    session.push(Concede(actor="china", term="technology_transfer", to="licensed_transfer"))
    assert player.reciprocity(session.state) > 0
    assert player.aspiration(session.state) < before


def test_package_logrolls() -> None:
    """A proposal keeps the proposer's ideal where it cares most and meets others where
    it cares least."""
    session = after_openings("quantum-classroom")
    for _ in range(3 * 7):  # let time pass so the United States has something to give
        holder = session.state.holder()
        assert holder is not None
        session.push(Pass(actor=holder))
    move = offers.propose(DelegationPlayer("usa"), session.state)
    assert isinstance(move, Propose)
    assert move.values["verification"] == "agency_inspections"  # its top priority
    assert move.values["small_state_voice"] != "consultation"  # a low priority, given away


def test_coalition_partner_supported() -> None:
    """A delegation backs a trusted partner's motion that improves on the draft, even
    short of what it holds out for."""
    session = after_openings("quantum-classroom")
    session.push(Propose(actor="usa", values={"climate_pilot": "data_sharing"}))
    ballot, reason, _ = DelegationPlayer("israel").judge_motion(session.state)
    assert ballot == "support"
    assert "partner United States" in reason


def test_chair_tables_the_nash_point_when_talks_stall() -> None:
    """When the talks stall, the computer chair tables the Nash bargaining point of the
    delegations in the room."""
    session = after_openings("quantum-classroom")
    while session.state.round < 4:
        holder = session.state.holder()
        assert holder is not None
        session.push(Pass(actor=holder))
    chair = MediatorPlayer("chen", "solver")
    move = chair.decide(session.state)
    assert isinstance(move, Propose)
    space = scenario_space(session.scenario, None, dict(session.state.priorities))
    nash = nash_point(space)
    assert nash is not None
    expected = {
        t.id: t.values()[v] for t, v in zip(session.scenario.terms, nash.outcome, strict=True)
    }
    assert move.values == {t: v for t, v in expected.items() if session.state.value(t) != v}
