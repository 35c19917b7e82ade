"""The plain time-based concession player used for comparisons with other platforms."""

from __future__ import annotations

from functools import cache

import pytest

from simulator.agents.timebased import TimeBasedPlayer
from simulator.engine.moves import Move
from simulator.engine.session import Session
from simulator.engine.state import State
from simulator.scenario.model import Scenario
from simulator.scenario_files import load_scenario
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


def reference_path(state: State, actor: str) -> list[tuple[float, dict[str, object]]]:
    """The concession path by plain scanning: at each step every term's step away from
    the ideal is costed and the cheapest taken (the first found on a tie)."""
    table = state.table
    mine = table.utility[actor]
    weights = mine.weights()
    ideal = [curve.index(max(curve)) for curve in mine.curves]
    current = [0] * len(table.terms)  # terms it has no position on: their first value
    for k, t in enumerate(mine.terms):
        current[t] = ideal[k]
    level = 1.0
    path = [(level, list(current))]
    while True:
        best = None
        for k, t in enumerate(mine.terms):
            curve = mine.curves[k]
            for step in (current[t] - 1, current[t] + 1):
                away = abs(step - ideal[k]) > abs(current[t] - ideal[k])
                if 0 <= step < len(curve) and away:
                    loss = weights[k] * (curve[current[t]] - curve[step])
                    if best is None or loss < best[0]:
                        best = (loss, t, step)
        if best is None:
            break
        loss, t, step = best
        current[t] = step
        level -= loss
        path.append((level, list(current)))
    return [
        (
            level,
            {
                term.id: table.values[t][v]
                for t, (term, v) in enumerate(zip(table.terms, at, strict=True))
            },
        )
        for level, at in path
    ]


@pytest.mark.parametrize("name", sorted(path.stem for path in SCENARIOS.glob("*.yaml")))
def test_the_concession_path_is_the_cheapest_step_each_time(name: str) -> None:
    state = Session(load_scenario(str(SCENARIOS / f"{name}.yaml")), seed=0).state
    for actor in state.table.voters:
        player = TimeBasedPlayer(actor)
        path = reference_path(state, actor)
        for target in [x / 40 for x in range(41)]:
            # the last text on the path still at or above the target
            expected = [text for level, text in path if level >= target - 1e-12][-1]
            assert player.offer(state, target) == expected


def test_a_player_is_fixed_and_its_offers_are_the_callers_own() -> None:
    state = after_openings(Session(classroom(), seed=0)).state
    actor = state.table.voters[0]
    player = TimeBasedPlayer(actor, 0.2)
    first = player.offer(state, 1.0)
    changed = dict(first)
    first[next(iter(first))] = "changed by the caller"
    assert player.offer(state, 1.0) == changed
    with pytest.raises(AttributeError):
        player.exponent = 5.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        player.actor = "somebody else"  # type: ignore[misc]
