"""The table killed at a random moment while the computer plays every seat and the chair
leaves a log that is an exact prefix of the session it was playing, holding every move
it had reported saved."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.agents.driver import play_out
from simulator.engine.session import Session
from simulator.scenario_files import load_scenario
from simulator.storage.sessions import read_log
from tests.tui.helpers import CLASSROOM

CHILD = Path(__file__).with_name("crash_table.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("trial", range(3))
def test_killed_table_leaves_an_exact_prefix(tmp_path: Path, trial: int) -> None:
    """Killed (SIGKILL) after a random number of saved moves, the interface's log opens
    with at least those moves, at most one more, each the move the uninterrupted session
    makes at that point."""
    seed = trial + 1
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SIMULATOR_DATA": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(CLASSROOM), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    target = random.Random(trial).randint(5, 60)
    committed = 0
    while committed < target:  # the writer's own word, never the clock
        line = child.stdout.readline()
        if not line:
            break
        if line.strip().isdigit():
            committed = int(line)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert committed >= min(target, 5), "the table reported too few saved moves"
    scenario = load_scenario(str(CLASSROOM))
    decoded = read_log(tmp_path / "sessions" / "crash.jsonl", scenario)
    kept = decoded.session.moves
    assert committed <= len(kept) <= committed + 1
    whole = Session(scenario, seed=seed)
    play_out(whole)
    assert tuple(kept) == tuple(whole.moves)[: len(kept)]
