"""Log benchmark: reading a saved session back, which replays every move.

A random legal log of the default scenario (seeded; the round limit raised so that one
session runs to 100,000 moves) is written to a file and opened the way ``replay``,
``report`` and resuming open it: streamed a line at a time, each record checked and
its move pushed. Sizes of 10k, 50k and 100k moves show whether the cost per move stays
flat (a copy of the move list per move made it grow with the log: 27-32 s at 100k).

Run alone: ``python benchmarks/logs.py [--moves N]`` (default 100,000).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine import DEFAULT, long_scenario, random_log  # noqa: E402
from simulator.agents.driver import run_session  # noqa: E402
from simulator.engine.log import encode, header_of  # noqa: E402
from simulator.engine.session import ROUND_LIMIT_MAX, Session  # noqa: E402
from simulator.scenario_files import load_scenario  # noqa: E402
from simulator.storage.sessions import read_log  # noqa: E402

TARGET = 2.0
"""Seconds within which a log of 100,000 moves must open."""


def write(folder: Path, moves: int) -> tuple[Path, object]:
    scenario = long_scenario(rounds=20_000)
    played = random_log(scenario, moves)
    path = folder / f"log-{len(played)}.jsonl"
    session = Session(scenario)
    path.write_text("".join(encode(header_of(session), played)))
    return path, scenario


def open_time(path: Path, scenario: object, repeat: int) -> tuple[float, int]:
    samples, count = [], 0
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        decoded = read_log(path, scenario, recover=False)  # type: ignore[arg-type]
        samples.append(time.perf_counter() - start)
        count = decoded.session.move_count
    return statistics.median(samples), count


def main(largest: int = 100_000) -> None:
    print("session logs: opening a saved log (streamed, every record checked and replayed)")
    with tempfile.TemporaryDirectory() as folder:
        sizes = sorted({max(1, largest // 10), max(1, largest // 2), largest})
        per_move = []
        for size in sizes:
            path, scenario = write(Path(folder), size)
            read_log(path, scenario, recover=False)  # type: ignore[arg-type]  # warm up
            seconds, count = open_time(path, scenario, repeat=3)
            per_move.append(seconds / count * 1e6)
            mark = f"   (target < {TARGET:.0f} s)" if size == largest else ""
            print(
                f"  {count:7d} moves ({path.stat().st_size / 2**20:5.1f} MB): median "
                f"{seconds:6.2f} s, {per_move[-1]:5.1f} µs per move{mark}"
            )
        print(
            f"  cost per move at the largest size / at the smallest: "
            f"{per_move[-1] / per_move[0]:.2f} (1.00 is linear)"
        )
    longest = run_session(load_scenario(str(DEFAULT)), seed=0, round_limit=ROUND_LIMIT_MAX)
    print(
        f"  (these logs are made here with a round limit of 20,000; `simulator run` allows at "
        f"most {ROUND_LIMIT_MAX:,} rounds, and its computer-played session of the default "
        f"scenario at that limit makes {longest.move_count:,} moves, seed 0)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--moves", type=int, default=100_000)
    main(parser.parse_args().moves)
