"""Engine benchmark: the cost of checking and applying a move, and of replaying a log.

Moves are drawn at random (seeded) from the legal moves of the default scenario, with
the round limit raised so that one session runs to 10,000 moves. Each figure is a median
over repeats; the ratios compare measurements of this same run.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from simulator.engine.apply import apply, initial_state, push  # noqa: E402
from simulator.engine.moves import Move  # noqa: E402
from simulator.engine.rules import check  # noqa: E402
from simulator.engine.sampling import random_move  # noqa: E402
from simulator.engine.session import Session  # noqa: E402
from simulator.engine.state import State  # noqa: E402
from simulator.scenario.model import Scenario  # noqa: E402
from simulator.scenario_files import load_scenario  # noqa: E402

DEFAULT = ROOT / "scenarios" / "quantum-classroom.yaml"
AVOID = frozenset({"end_session", "advance_phase", "walk_out"})


def long_scenario(rounds: int) -> Scenario:
    scenario = load_scenario(str(DEFAULT))
    rules = scenario.rules.model_copy(update={"round_limit": rounds})
    return scenario.model_copy(update={"rules": rules})


def random_log(scenario: Scenario, count: int, seed: int = 1) -> list[Move]:
    rng = random.Random(seed)
    state = initial_state(scenario)
    moves: list[Move] = []
    while len(moves) < count and not state.over:
        actor = state.holder()
        if actor is None or rng.random() < 0.05:
            actor = state.table.moderator
        move = random_move(state, actor, rng, AVOID)
        if move is None:
            break
        state = push(state, move)
        moves.append(move)
    return moves


def replay(scenario: Scenario, moves: list[Move]) -> State:
    state = initial_state(scenario)
    for move in moves:
        state = push(state, move)
    return state


def each(step, pairs: list[tuple[State, Move]]) -> None:  # type: ignore[no-untyped-def]
    """``step`` (check or apply) on every stored state and its move, the results let go."""
    for state, move in pairs:
        step(state, move)


def median_time(function, repeat: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    scenario = long_scenario(rounds=1500)
    moves = random_log(scenario, 10_000)
    count = len(moves)
    replay(scenario, moves)  # warm up
    whole = median_time(lambda: replay(scenario, moves), 5)
    states = [initial_state(scenario)]
    for move in moves:
        states.append(apply(states[-1], move))
    pairs = list(zip(states[:-1], moves, strict=True))
    check_only = median_time(lambda: each(check, pairs), 5)
    apply_only = median_time(lambda: each(apply, pairs), 5)
    session = median_time(lambda: Session.replay(scenario, moves), 3)
    per_move = whole / count * 1e6
    print(
        f"engine: {DEFAULT.name}, {len(scenario.voters())} delegations, "
        f"{len(scenario.terms)} terms, a {count}-move log"
    )
    print(
        f"  check + apply per move      {per_move:8.1f} us   ({count / whole:,.0f} moves/s; "
        "target <= 50 us)"
    )
    print(f"  check alone                 {check_only / count * 1e6:8.1f} us")
    print(f"  apply alone                 {apply_only / count * 1e6:8.1f} us")
    print(f"  replay {count} moves          {whole * 1000:8.1f} ms   (target < 500 ms)")
    print(
        f"  Session.replay (with log)   {session * 1000:8.1f} ms   "
        f"ratio to bare replay = {session / whole:.2f}"
    )
    final = states[-1]
    print(
        f"  (the log reaches round {final.round}, phase {final.phase}, "
        f"{len(final.votes)} votes, {len(final.events)} events)"
    )


if __name__ == "__main__":
    main()
