"""Replay scripts: the shipped ones pass --check; broken or unmet ones are reported with
their place in the file and a readable diff."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.replay.loading import ReplayError, load_script, play_script
from tests.conftest import SCENARIOS

REPLAYS = sorted((SCENARIOS / "replays").glob("*.yaml"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_shipped_scenario_has_a_replay() -> None:
    """Each shipped scenario has at least one replay, the classroom its dialogue."""
    named = {load_script(str(path))[0].scenario for path in REPLAYS}
    assert named >= {
        "quantum-classroom",
        "human-rights-workshop",
        "standards-first",
        "quantum-treaty-conference",
    }
    assert (SCENARIOS / "replays" / "classroom-dialogue.yaml").exists()


@pytest.mark.parametrize("path", REPLAYS, ids=lambda p: p.stem)
def test_shipped_replay_passes_check(path: Path) -> None:
    """Every shipped replay plays and meets its expectations."""
    replay = play_script(str(path))
    assert replay.script.expect is not None
    assert replay.unmet() == []


def test_replay_check_command(tmp_path: Path) -> None:
    """replay --check exits 0 when expectations hold, 1 with a diff when they do not."""
    good = tmp_path / "good.yaml"
    good.write_text(
        "title: Openings\nscenario: quantum-classroom\nmoves:\n"
        "  - {actor: usa, kind: statement, text: Verification remains paramount.}\n"
        "  - {actor: chen, kind: end_session, reason: time}\n"
        "expect: {adopted: false, over: true, moves: 2}\n"
    )
    result = run("replay", "--check", str(good))
    assert result.returncode == 0, result.stderr
    assert "every expectation met" in result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        good.read_text().replace("adopted: false", "adopted: true").replace("moves: 2", "moves: 3")
    )
    result = run("replay", "--check", str(bad))
    assert result.returncode == 1
    assert "adopted: expected true, got false" in result.stderr
    assert "moves: expected 3, got 2" in result.stderr
    outcome = json.loads(run("replay", "--json", str(good)).stdout)
    assert outcome["moves"] == 2


def test_illegal_move_located(tmp_path: Path) -> None:
    """A move the rules refuse is reported at its line in the script."""
    script = tmp_path / "wrong.yaml"
    script.write_text(
        "title: Out of turn\nscenario: quantum-classroom\nmoves:\n"
        "  - {actor: china, kind: statement, text: First!}\n"
    )
    with pytest.raises(ReplayError) as caught:
        play_script(str(script))
    problem = caught.value.problems[0]
    assert (problem.mark.line, problem.mark.column) == (4, 5)
    assert "not China's turn" in problem.message
    result = run("replay", str(script))
    assert result.returncode == 2
    assert f"{script}:4:5:" in result.stderr


def test_malformed_script_located(tmp_path: Path) -> None:
    """A script with unknown fields or move kinds is refused with every problem located."""
    script = tmp_path / "typo.yaml"
    script.write_text(
        "title: Typos\nscenario: quantum-classroom\nsed: 3\nmoves:\n"
        "  - {actor: usa, kind: statment, text: Hello}\n"
    )
    with pytest.raises(ReplayError) as caught:
        load_script(str(script))
    messages = [str(p) for p in caught.value.problems]
    assert any(":3:1:" in m and "did you mean 'seed'" in m for m in messages), messages
    assert any(":5:5:" in m and "statment" in m for m in messages), messages


def test_unknown_scenario_in_script(tmp_path: Path) -> None:
    """A script naming a scenario that does not exist says so at the scenario field."""
    script = tmp_path / "lost.yaml"
    script.write_text("title: Lost\nscenario: atlantis\n")
    with pytest.raises(ReplayError, match="no scenario 'atlantis'"):
        play_script(str(script))


def test_replay_of_a_saved_log(tmp_path: Path) -> None:
    """A saved log replays to the same outcome the run printed."""
    log = tmp_path / "run.jsonl"
    printed = run("run", "--seed", "6", "--log", str(log), "--json")
    replayed = run("replay", "--json", str(log))
    assert replayed.returncode == 0, replayed.stderr
    assert json.loads(replayed.stdout) == json.loads(printed.stdout)
