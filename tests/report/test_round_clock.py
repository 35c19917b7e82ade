"""The debrief dates each move by the round it was made in, the last move of a round
included, and each inject by the round it opened."""

from __future__ import annotations

from simulator.agents.driver import run_session
from simulator.report.shifts import round_clock, round_of_move
from simulator.scenario_files import load_scenario
from tests.conftest import ROOT


def test_every_move_is_dated_by_the_round_it_was_made_in() -> None:
    """round_of_move(k) is the round of the state move k was made in, for every move;
    round_clock(k) the round of the state it left, so a round's last move is dated by
    its own round and what fires after it by the next."""
    scenario = load_scenario(str(ROOT / "benchmarks" / "scenarios" / "three-lab-consortium.yaml"))
    session = run_session(scenario, seed=3)
    clock, after = round_of_move(session), round_clock(session)
    moves = len(session.moves)
    assert moves > 10
    made_in = [session.state_at(k - 1).round for k in range(1, moves + 1)]
    left = [session.state_at(k).round for k in range(1, moves + 1)]
    assert [clock(k) for k in range(1, moves + 1)] == made_in
    assert [after(k) for k in range(1, moves + 1)] == left
    assert made_in != left  # the session crossed rounds, so the two differ somewhere
