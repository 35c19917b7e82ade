"""The plain time-based concession player used for comparisons with other platforms."""

from __future__ import annotations

from functools import cache

import pytest

from simulator.agents.timebased import TimeBasedPlayer
from simulator.engine.moves import Move
from simulator.engine.session import Session
from simulator.scenario.loading import load_scenario
from simulator.scenario.model import Scenario
from tests.conftest import SCENARIOS
from tests.engine.helpers import after_openings


@cache
def classroom() -> Scenario:
    return load_scenario(str(SCENARIOS / "quantum-classroom.yaml"))


def negotiate(fresh: bool, exponent: float = 0.2) -> list[Move]:
    """The negotiation rounds of the classroom with a time-based player in every seat;
    ``fresh`` builds a new player for every move, so that nothing is remembered."""
    session = after_openings(Session(classroom(), seed=0))
    players = {a: TimeBasedPlayer(a, exponent) for a in session.state.table.voters}
    while session.state.phase == "negotiation":
        holder = session.state.holder()
        assert holder is not None
        player = TimeBasedPlayer(holder, exponent) if fresh else players[holder]
        move = player.decide(session.state)
        assert move is not None
        session.push(move)
    return list(session.moves)


def test_a_player_that_remembers_plays_as_one_that_does_not() -> None:
    remembered = negotiate(fresh=False)
    assert remembered == negotiate(fresh=True)
    assert any(move.kind == "amend" for move in remembered)


def test_offers_meet_the_aspiration_and_concede_over_time() -> None:
    session = after_openings(Session(classroom(), seed=0))
    state = session.state
    actor = state.table.voters[0]
    player = TimeBasedPlayer(actor, 0.5)
    table = state.table
    mine = table.utility[actor]
    levels = []
    for target in (1.0, 0.9, 0.7, 0.5, 0.3, 0.0):
        offer = player.offer(state, target)
        values = {**state.draft_dict(), **offer}
        indexes = [term.index_of(values[term.id]) for term in table.terms]
        level = mine.utility(indexes)  # type: ignore[arg-type]
        assert level >= target - 1e-9
        levels.append(level)
    assert levels == sorted(levels, reverse=True)
    assert levels[0] == pytest.approx(1.0)
    assert levels[-1] < levels[0]


def test_aspiration_falls_from_one_to_the_reservation() -> None:
    session = after_openings(Session(classroom(), seed=0))
    actor = session.state.table.voters[0]
    player = TimeBasedPlayer(actor, 0.2)
    reserve = session.state.table.utility[actor].reservation
    start = player.aspiration(session.state)
    assert start == 1.0
    boulware, conceder = TimeBasedPlayer(actor, 0.2), TimeBasedPlayer(actor, 3.0)
    seen = []
    while session.state.phase == "negotiation":
        state = session.state
        seen.append(boulware.aspiration(state))
        assert conceder.aspiration(state) <= seen[-1] + 1e-12
        holder = state.holder()
        assert holder is not None
        move = TimeBasedPlayer(holder, 0.2).decide(state)
        assert move is not None
        session.push(move)
    assert seen == sorted(seen, reverse=True)
    assert seen[-1] >= reserve - 1e-12
