"""The command line against hostile or unlucky input: a damaged log is said loudly and
exits non-zero, a log or script naming a file that is not a scenario never makes the
program quote it, escape codes never reach the terminal, and a killed batch leaves no
worker behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from simulator.engine.moves import Pass
from simulator.engine.session import Session
from simulator.scenario_files import load_scenario
from simulator.storage.sessions import SavedSession
from tests.conftest import SCENARIOS, run_simulator

CLASSROOM = SCENARIOS / "quantum-classroom.yaml"
ROOT = Path(__file__).resolve().parents[1]
SECRET = "root:x:0:0:the secret first line"


def saved(path: Path, moves: int) -> None:
    scenario = load_scenario(str(CLASSROOM))
    with SavedSession.create(path, Session(scenario), scenario_path=str(CLASSROOM)) as log:
        for _ in range(moves):
            log.push(Pass(actor=log.session.state.holder() or ""))


def test_damaged_log_replays_loudly_and_exits_non_zero(tmp_path: Path) -> None:
    """A flipped byte in record 2: replay and report print what they can, say how many
    moves were kept and dropped, exit 2, and leave the file as it was."""
    log = tmp_path / "t.jsonl"
    saved(log, 4)
    raw = bytearray(log.read_bytes())
    raw[raw.index(b'"n": 2') + 20] ^= 0x01
    log.write_bytes(bytes(raw))
    for verb in ("replay", "report"):
        result = run_simulator(verb, str(log), cwd=tmp_path)
        assert result.returncode == 2, verb
        assert "the log is damaged" in result.stderr
        assert "only its first 1 moves can be read, 3 records after them cannot" in result.stderr
        assert log.read_bytes() == bytes(raw)


def test_header_pointing_at_another_file_is_not_followed(tmp_path: Path) -> None:
    """A log whose header names a file that is not a scenario never makes the program
    read and quote it: the shipped scenario of the log's id is used instead."""
    secret = tmp_path / "secret"
    secret.write_text(SECRET + "\n")
    log = tmp_path / "t.jsonl"
    saved(log, 2)
    lines = log.read_text().splitlines()
    header = json.loads(lines[0])
    header["scenario"]["path"] = str(secret)
    log.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")
    result = run_simulator("replay", str(log), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "the secret" not in result.stdout + result.stderr


def test_script_naming_another_file_is_not_quoted(tmp_path: Path) -> None:
    """A replay script whose scenario is some other file is refused without quoting it."""
    secret = tmp_path / "secret"
    secret.write_text(SECRET + "\n")
    script = tmp_path / "r.yaml"
    script.write_text(f"scenario: {secret}\nmoves: []\n")
    result = run_simulator("replay", str(script), cwd=tmp_path)
    assert result.returncode == 2
    assert "the secret" not in result.stdout + result.stderr
    assert "r.yaml:1:" in result.stderr


def test_escape_codes_in_data_never_reach_the_terminal(tmp_path: Path) -> None:
    """A scenario whose name would retitle and clear the terminal is refused by validate
    with its place; a file name holding escape codes is printed escaped."""
    text = CLASSROOM.read_text().replace(
        "    name: United States\n", '    name: "\\e]0;PWNED\\a\\e[2JUnited States"\n', 1
    )
    (tmp_path / "evil.yaml").write_text(text)
    result = run_simulator("validate", "evil.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "control character (\\x1b)" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    named = run_simulator("replay", "\x1b]0;PWNED\x07.jsonl", cwd=tmp_path)
    assert named.returncode == 2
    assert "\x1b" not in named.stderr
    assert "\\u001b]0;PWNED\\u0007" in named.stderr
    saved = run_simulator("run", "--rounds", "1", "--log", "\x1b]0;PWNED\x07", cwd=tmp_path)
    assert saved.returncode == 2
    assert "a session's name cannot hold control characters" in saved.stderr
    assert "\x1b" not in saved.stdout + saved.stderr
    assert not list(tmp_path.rglob("*PWNED*"))


def test_killed_batch_leaves_no_worker(tmp_path: Path) -> None:
    """When a batch is killed outright, its worker processes end too."""
    batch = subprocess.Popen(
        [sys.executable, "-m", "simulator", "batch", "--runs", "100000", "--jobs", "2"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 120  # a bound against a hang, not a measurement
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = _children(batch.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the batch never started its workers"
    batch.send_signal(signal.SIGKILL)
    batch.wait()
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(x) for x in task.read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
