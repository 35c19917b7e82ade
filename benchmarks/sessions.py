"""Computer-played sessions: the processor time of one whole session of the default
scenario, split between the engine and the computer players, and a batch of sessions
across both cores (part of `make bench`).

A session is played as a batch plays it: the scenario's table compiled once, each seed's
session deriving its own table from it. The engine's share is the processor time of
replaying the same moves into a new session (checking and applying every move, the
seed's table included); the players' share (the delegations and the computer chair)
is the rest.

Run alone: ``python benchmarks/sessions.py [--batch-runs N] [--seeds N] [--source SRC]``
(defaults 10,000 and 100; ``--source`` measures another checkout's ``src``, e.g. the code
before a change, with the same benchmark; ``--batch-runs 0`` leaves the batch out).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCE = sys.argv[sys.argv.index("--source") + 1] if "--source" in sys.argv[:-1] else None
sys.path.insert(0, SOURCE or str(ROOT / "src"))

from simulator.agents.driver import play_out  # noqa: E402
from simulator.batch import run_batch  # noqa: E402
from simulator.engine.session import Session  # noqa: E402
from simulator.engine.table import Table  # noqa: E402
from simulator.scenario_files import load_scenario  # noqa: E402

DEFAULT = ROOT / "scenarios" / "quantum-classroom.yaml"
SESSION_TARGET = 15.0
"""Most milliseconds of processor time a default session may take."""
BATCH_TARGET = 100.0
"""Most seconds 10,000 sessions may take on two processes."""


def whole_session(seeds: int) -> None:
    scenario = load_scenario(str(DEFAULT))
    table: dict[str, Any] = {"table": Table.of(scenario)}
    try:
        play_out(Session(scenario, seed=-1, **table))  # warm up
    except TypeError:  # code from before sessions were handed a compiled table
        table = {}
        play_out(Session(scenario, seed=-1))
    gc.collect()  # start clean, whatever ran before in this process
    whole, engine, moves = [], [], []
    for seed in range(seeds):
        start = time.process_time()
        session = Session(scenario, seed=seed, **table)
        play_out(session)
        whole.append(time.process_time() - start)
        start = time.process_time()
        Session.replay(scenario, session.moves, seed=seed, **table)
        engine.append(time.process_time() - start)
        moves.append(session.move_count)
    total, alone = sum(whole), sum(engine)
    print(
        f"computer-played session: {DEFAULT.name} as shipped, seeds 0..{seeds - 1}, "
        f"{statistics.mean(moves):.0f} moves on average"
        + (f" (the code in {SOURCE})" if SOURCE else "")
    )
    median = statistics.median(whole) * 1000
    print(
        f"  processor time per session: median {median:.1f} ms, mean "
        f"{total / seeds * 1000:.1f} ms, worst {max(whole) * 1000:.1f} ms "
        f"(target <= {SESSION_TARGET:g} ms: {'met' if median <= SESSION_TARGET else 'NOT met'})"
    )
    print(
        f"  of which the engine (the same moves replayed) {alone / seeds * 1000:.1f} ms "
        f"({alone / total:.0%}), the computer players and chair "
        f"{(total - alone) / seeds * 1000:.1f} ms ({(total - alone) / total:.0%}); "
        f"{(total - alone) / sum(moves) * 1e6:.0f} µs of players and "
        f"{alone / sum(moves) * 1e6:.0f} µs of engine per move"
    )


def batch(runs: int) -> None:
    scenario = load_scenario(str(DEFAULT))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = run_batch(str(DEFAULT), scenario, runs=runs, jobs=2)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the workers, ended with the batch
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    per_10k = summary.seconds * 10_000 / runs
    print(
        f"batch: {runs:,} sessions on 2 processes in {summary.seconds:.1f} s "
        f"({runs / summary.seconds:.0f} per second, {per_10k:.0f} s per 10,000; target: "
        f"10,000 in <= {BATCH_TARGET:g} s: {'met' if per_10k <= BATCH_TARGET else 'NOT met'}); "
        f"agreement rate {summary.adopted / runs:.1%}"
    )
    print(
        f"  the workers' processor time: {cpu:.1f} s ({cpu / runs * 1000:.1f} ms a session), "
        f"so {cpu * 10_000 / runs / 2:.0f} s per 10,000 on two cores of their own"
    )
    print(f"  machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")


def main(batch_runs: int = 10_000, seeds: int = 100) -> None:
    whole_session(seeds)
    if batch_runs:
        batch(batch_runs)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch-runs", type=int, default=10_000)
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--source", help="another checkout's src folder to measure")
    arguments = parser.parse_args()
    main(arguments.batch_runs, arguments.seeds)
