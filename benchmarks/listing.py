"""Listing saved sessions without replaying them: 200 saved sessions of the default
scenario (computer-played, 100-round limit), listed as ``simulator sessions`` and the
start screen list them, once from their summaries and once with every summary removed
(every log replayed). Part of `make bench`.

Run alone: ``python benchmarks/listing.py [--sessions N]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from simulator.agents.driver import run_session  # noqa: E402
from simulator.scenario_files import load_scenario  # noqa: E402
from simulator.storage.listing import list_sessions  # noqa: E402
from simulator.storage.sessions import save_log  # noqa: E402
from simulator.storage.summary import summary_path  # noqa: E402

DEFAULT = ROOT / "scenarios" / "quantum-classroom.yaml"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200, help="saved sessions (200)")
    args = parser.parse_args(argv)
    scenario = load_scenario(str(DEFAULT))
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        moves = 0
        for seed in range(args.sessions):
            session = run_session(scenario, seed=seed, round_limit=100)
            moves += session.move_count
            save_log(base / f"s{seed:03}.jsonl", session, scenario_path=str(DEFAULT))
        start = time.perf_counter()
        warm = list_sessions(base)
        summaries = time.perf_counter() - start
        for path in base.glob("*.jsonl"):
            summary_path(path).unlink()
        start = time.perf_counter()
        cold = list_sessions(base)
        replayed = time.perf_counter() - start
        assert [(i.name, i.moves) for i in warm] == [(i.name, i.moves) for i in cold]
    print(
        f"listing {args.sessions} saved sessions ({moves / args.sessions:.0f} moves each on "
        "average)"
    )
    print(f"  from their summaries {summaries:8.3f} s   (target < 1 s)")
    print(f"  replaying every log  {replayed:8.3f} s   ratio {replayed / summaries:.0f}x")


if __name__ == "__main__":
    main()
