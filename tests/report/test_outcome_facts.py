"""run --json and batch --json count what happened: moves of each kind, walk-outs,
concessions, the final vote's ballots, distinct adopted texts."""

from __future__ import annotations

from simulator.agents.driver import run_session
from simulator.batch import run_batch
from simulator.engine.moves import Concede, WalkOut
from simulator.engine.session import Session
from simulator.report.outcome import outcome_object
from tests.conftest import SCENARIOS
from tests.engine.test_golden import classroom_deadlock


def test_facts_of_a_scripted_session() -> None:
    """The deadlock script: Russia walks out once, China's no blocks the final vote, and
    the ballots are each delegation's own."""
    scenario, moves = classroom_deadlock()
    data = outcome_object(Session.replay(scenario, moves))
    assert sum(data["move_kinds"].values()) == data["moves"] == len(moves)
    assert data["walked_out"] == ["russia"]
    assert data["final_vote_blocked"] is True
    assert data["final_vote"]["china"] == "no"
    assert data["final_vote"]["usa"] == "yes"
    assert data["conceded"] == [m.actor for m in moves if isinstance(m, Concede)]
    assert [m.actor for m in moves if isinstance(m, WalkOut)] == ["russia"]


def test_facts_of_a_computer_session_agree_with_its_moves() -> None:
    """For a computer-played session the counts are those of its moves, and an adopted
    agreement's signatories are exactly its yes ballots."""
    from simulator.scenario_files import load_scenario

    session = run_session(load_scenario(str(SCENARIOS / "quantum-classroom.yaml")), seed=4)
    data = outcome_object(session)
    assert sum(data["move_kinds"].values()) == len(session.moves)
    if data["adopted"]:
        yes = [a for a, b in data["final_vote"].items() if b == "yes"]
        assert sorted(yes) == sorted(data["signatories"])


def test_batch_counts_distinct_texts_and_tension() -> None:
    """A batch reports how many distinct texts were adopted and the shares of sessions
    with a walk-out, a failed final vote, and a concession by every delegation."""
    from simulator.scenario_files import load_scenario

    path = SCENARIOS / "quantum-classroom.yaml"
    summary = run_batch(str(path), load_scenario(str(path)), runs=12, jobs=1)
    data = summary.as_dict()
    assert 1 <= data["distinct_adopted_packages"] <= data["adopted"]
    for key in (
        "walkout_rate",
        "blocked_final_vote_rate",
        "walkout_or_blocked_rate",
        "every_delegation_conceded_rate",
    ):
        assert 0 <= data[key] <= 1
    assert data["walkout_or_blocked_rate"] <= data["walkout_rate"] + data["blocked_final_vote_rate"]
