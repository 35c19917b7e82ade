"""A child process for the crash test: saves a session and plays random legal moves into
it, printing each move's number once it is committed, until it is killed."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from simulator.engine.sampling import random_move
from simulator.engine.session import Session
from simulator.scenario_files import load_scenario
from simulator.storage.sessions import SavedSession

AVOID = frozenset({"end_session", "advance_phase", "walk_out"})


def main(scenario_path: str, log_path: str, seed: int) -> None:
    scenario = load_scenario(scenario_path)
    rules = scenario.rules.model_copy(update={"round_limit": 1000})
    session = Session(scenario, seed=seed, round_limit=rules.round_limit)
    saved = SavedSession.create(Path(log_path), session)
    rng = random.Random(seed)
    while not saved.session.state.over:
        state = saved.session.state
        move = random_move(state, state.holder() or state.table.moderator, rng, AVOID)
        assert move is not None
        saved.push(move)
        print(len(saved.session.moves), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
