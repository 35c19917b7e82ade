"""Computer-played sessions: one whole session of the default scenario with a 100-round
limit, and a batch of sessions across both cores (part of `make bench`).

Run alone: ``python benchmarks/sessions.py [--batch-runs N]`` (default 10,000).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from simulator.agents.driver import run_session  # noqa: E402
from simulator.batch import run_batch  # noqa: E402
from simulator.scenario_files import load_scenario  # noqa: E402

DEFAULT = ROOT / "scenarios" / "quantum-classroom.yaml"


def whole_session(repeat: int = 20) -> None:
    scenario = load_scenario(str(DEFAULT))
    run_session(scenario, seed=-1, round_limit=100)  # warm up: compile the table once
    gc.collect()  # start clean, whatever ran before in this process
    samples, moves = [], []
    for seed in range(repeat):
        start = time.perf_counter()
        session = run_session(scenario, seed=seed, round_limit=100)
        samples.append(time.perf_counter() - start)
        moves.append(len(session.moves))
    print(f"computer-played session: {DEFAULT.name}, 100-round limit, seeds 0..{repeat - 1}")
    print(
        f"  median {statistics.median(samples) * 1000:8.1f} ms, worst "
        f"{max(samples) * 1000:.1f} ms   (target < 100 ms); "
        f"{statistics.mean(moves):.0f} moves on average"
    )


def batch(runs: int) -> None:
    scenario = load_scenario(str(DEFAULT))
    summary = run_batch(str(DEFAULT), scenario, runs=runs, jobs=2)
    print(
        f"batch: {runs} sessions on 2 processes in {summary.seconds:.1f} s "
        f"({runs / summary.seconds:.0f} per second; target: 10,000 in < 120 s); "
        f"agreement rate {summary.adopted / runs:.1%}"
    )


def main(batch_runs: int = 10_000) -> None:
    whole_session()
    batch(batch_runs)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch-runs", type=int, default=10_000)
    main(parser.parse_args().batch_runs)
