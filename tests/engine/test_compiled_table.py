"""A session's compiled table: derived from one compiled once for many sessions, or
compiled by the session; the gains of a set of weights travel with the weights."""

from __future__ import annotations

import random

import pytest

from simulator.engine.sampling import random_move
from simulator.engine.session import Session
from simulator.engine.table import Table
from simulator.scenario.model import Scenario
from simulator.scenario_files import load_scenario
from tests.conftest import SCENARIOS


def classroom() -> Scenario:
    return load_scenario(str(SCENARIOS / "quantum-classroom.yaml"))


def walk(session: Session, seed: int, count: int = 120) -> None:
    """Random legal moves, the chair's included (so injects fire and reweigh)."""
    rng = random.Random(seed)
    while session.move_count < count and not session.state.over:
        state = session.state
        actor = state.holder() if rng.random() > 0.15 else state.table.moderator
        move = random_move(
            state, actor or state.table.moderator, rng, frozenset({"end_session", "advance_phase"})
        )
        assert move is not None
        session.push(move)


@pytest.mark.parametrize("seed", [0, 3, 11])
def test_a_session_given_the_compiled_table_plays_as_one_that_compiles_its_own(
    seed: int,
) -> None:
    scenario = classroom()
    assert not scenario.variation.none(), "the classroom varies its numbers per seed"
    compiled = Table.of(scenario)
    given = Session(scenario, seed=seed, round_limit=20, table=compiled)
    alone = Session(scenario, seed=seed, round_limit=20)
    table, own = given.state.table, alone.state.table
    assert table is not compiled
    assert table.terms is compiled.terms  # what the variant keeps is shared
    assert {a: (u.priorities, u.reservation) for a, u in table.utility.items()} == {
        a: (u.priorities, u.reservation) for a, u in own.utility.items()
    }
    assert table.order == own.order
    walk(given, seed)
    walk(alone, seed)
    assert given.moves == alone.moves
    assert given.state.fired, "an inject fired"
    assert given.state.utilities == alone.state.utilities
    assert dict(given.state.weights) == dict(alone.state.weights)
    forked = given.fork(40)
    assert forked.state.utilities == given.state_at(40).utilities


def test_a_table_compiled_for_another_scenario_is_refused() -> None:
    with pytest.raises(ValueError, match="not compiled for this scenario"):
        Session(classroom(), table=Table.of(classroom()))


def test_reweighing_one_delegation_gives_the_gains_of_weighing_afresh() -> None:
    table = Session(classroom(), seed=5).state.table
    start = table.weigh({a: u.weights() for a, u in table.utility.items()})
    actor = table.voters[2]
    mine = table.utility[actor]
    doubled = [p * (2.0 if k == 0 else 1.0) for k, p in enumerate(mine.priorities)]
    changed = {actor: mine.weights(doubled)}
    reweighed = table.reweigh(start, changed)
    afresh = table.weigh({**start, **changed})
    assert reweighed.gains.rows == afresh.gains.rows
    assert dict(reweighed) == dict(afresh)
    assert start[actor] == mine.weights(), "the weights reweighed are left as they were"
    draft = tuple(0 for _ in table.terms)
    assert table.score(reweighed, draft) == table.score(dict(afresh), draft)
    assert table.score(reweighed, draft)[0][actor] != table.score(start, draft)[0][actor]
