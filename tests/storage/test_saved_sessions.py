"""Saved sessions survive crashes: killed mid-write, a log reloads with every committed
move; a damaged tail is reported and the good prefix kept; nothing good is overwritten."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.engine.errors import LogError
from simulator.engine.moves import Pass, Statement
from simulator.engine.session import Session
from simulator.scenario_files import load_scenario
from simulator.storage.listing import list_sessions
from simulator.storage.sessions import SavedSession
from tests.conftest import SCENARIOS

CLASSROOM = SCENARIOS / "quantum-classroom.yaml"
WRITER = Path(__file__).with_name("writer.py")
ROOT = Path(__file__).resolve().parents[2]


def classroom_1000() -> Session:
    return Session(load_scenario(str(CLASSROOM)), round_limit=1000)


@pytest.mark.parametrize("trial", range(6))
def test_killed_writer_loses_no_committed_move(tmp_path: Path, trial: int) -> None:
    """A process killed at a random moment while writing moves leaves a log that reloads
    with every move it had reported committed, and only moves it really made."""
    log = tmp_path / f"crash-{trial}.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(CLASSROOM), str(log), str(trial)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    # Kill once the writer has reported a random number of committed moves: the test waits
    # for the writer's own word, never for the clock, so a loaded machine changes nothing.
    target = random.Random(trial).randint(21, 400)
    committed = 0
    while committed < target:
        line = child.stdout.readline()
        if not line:
            break  # the session ended before the target
        committed = int(line)
    child.send_signal(signal.SIGKILL)
    child.wait()
    committed = max([committed, *(int(x) for x in child.stdout.read().split() if x)])
    assert committed >= min(target, 21), "the writer reported too few committed moves"
    saved, recovery = SavedSession.open(log, load_scenario(str(CLASSROOM)))
    saved.close()
    kept = len(saved.session.moves)
    assert kept >= committed
    assert kept <= committed + 1  # at most the move being reported as the kill came
    if recovery is not None:
        assert list(tmp_path.glob("crash-*.damaged-*.jsonl"))
    if not saved.session.state.over:  # a fast writer may have finished before the kill
        with SavedSession.open(log, load_scenario(str(CLASSROOM)))[0] as again:
            again.push(Statement(actor="chen", text="We resume."))  # the chair may always speak
        with SavedSession.open(log, load_scenario(str(CLASSROOM)))[0] as last:
            assert last.session.move_count == kept + 1


def test_damaged_tail_recovered_and_kept_aside(tmp_path: Path) -> None:
    """Garbage after the last good record is reported; the good prefix is kept, the
    damaged file is kept beside it, and the session goes on."""
    log = tmp_path / "session.jsonl"
    saved = SavedSession.create(log, classroom_1000())
    for _ in range(5):
        saved.push(Pass(actor=saved.session.state.holder() or ""))
    saved.close()
    with log.open("a") as stream:
        stream.write('{"n": 6, "move": {"kind": "pa')
    reopened, recovery = SavedSession.open(log, load_scenario(str(CLASSROOM)))
    assert recovery is not None
    assert recovery.kept == 5
    assert "cut off" in str(recovery)
    damaged = list(tmp_path.glob("session.damaged-*.jsonl"))
    assert damaged == [reopened.backup]
    assert damaged[0].read_text().endswith('"kind": "pa')
    reopened.push(Pass(actor=reopened.session.state.holder() or ""))
    reopened.close()
    again, recovery = SavedSession.open(log, load_scenario(str(CLASSROOM)))
    assert recovery is None
    assert len(again.session.moves) == 6


def test_checksum_catches_a_changed_byte(tmp_path: Path) -> None:
    """A record altered on disk fails its checksum and everything from it is set aside."""
    log = tmp_path / "session.jsonl"
    saved = SavedSession.create(log, classroom_1000())
    for _ in range(6):
        saved.push(Statement(actor=saved.session.state.holder() or "", text="We agree."))
    saved.close()
    lines = log.read_text().split("\n")
    assert "We agree." in lines[3]
    lines[3] = lines[3].replace("We agree.", "We object.")
    log.write_text("\n".join(lines))
    reopened, recovery = SavedSession.open(log, load_scenario(str(CLASSROOM)))
    assert recovery is not None
    assert "checksum" in recovery.reason
    assert recovery.line == 4
    assert len(reopened.session.moves) == 2


def test_log_for_another_scenario_version_refused(tmp_path: Path) -> None:
    """A log made with another version of the scenario is refused, and left untouched."""
    log = tmp_path / "session.jsonl"
    saved = SavedSession.create(log, classroom_1000())
    saved.push(Pass(actor="usa"))
    saved.close()
    before = log.read_bytes()
    changed = load_scenario(str(CLASSROOM)).model_copy(update={"title": "Changed"})
    with pytest.raises(LogError, match="different version"):
        SavedSession.open(log, changed)
    assert log.read_bytes() == before


def test_create_never_overwrites(tmp_path: Path) -> None:
    """Saving a new session where one exists is refused."""
    log = tmp_path / "session.jsonl"
    SavedSession.create(log, classroom_1000()).close()
    with pytest.raises(FileExistsError):
        SavedSession.create(log, classroom_1000())


def test_undo_rewrites_the_log(tmp_path: Path) -> None:
    """Undo takes the last move out of the log as well as the session."""
    log = tmp_path / "session.jsonl"
    saved = SavedSession.create(log, classroom_1000())
    saved.push(Pass(actor="usa"))
    saved.push(Pass(actor="china"))
    saved.undo()
    saved.close()
    reopened, _ = SavedSession.open(log, load_scenario(str(CLASSROOM)))
    assert reopened.session.moves == (Pass(actor="usa"),)


def test_sessions_listing(tmp_path: Path) -> None:
    """Saved sessions are listed with scenario, moves and whether they are finished."""
    saved = SavedSession.create(tmp_path / "lesson.jsonl", classroom_1000())
    saved.push(Pass(actor="usa"))
    (tmp_path / "junk.jsonl").write_text("not a log\n")
    listings = {item.name: item for item in list_sessions(tmp_path)}
    assert listings["lesson"].scenario == "quantum-classroom"
    assert listings["lesson"].moves == 1
    assert listings["lesson"].status == "in progress"
    assert listings["junk"].status.startswith("unreadable")


def test_listing_survives_a_broken_entry(tmp_path: Path) -> None:
    """A dangling link in the sessions folder is listed as unreadable; the rest still are."""
    saved = SavedSession.create(tmp_path / "lesson.jsonl", classroom_1000())
    saved.push(Pass(actor="usa"))
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "nowhere")
    listings = {item.name: item for item in list_sessions(tmp_path)}
    assert listings["lesson"].moves == 1
    assert listings["gone"].status.startswith("unreadable")


def test_complete_last_record_without_newline_kept(tmp_path: Path) -> None:
    """A last record that is whole but lacks its end of line is kept, and the file is
    ended cleanly so later moves append on their own lines."""
    log = tmp_path / "session.jsonl"
    saved = SavedSession.create(log, classroom_1000())
    for _ in range(3):
        saved.push(Pass(actor=saved.session.state.holder() or ""))
    saved.close()
    log.write_text(log.read_text().removesuffix("\n"))
    reopened, recovery = SavedSession.open(log, load_scenario(str(CLASSROOM)))
    assert recovery is None
    assert len(reopened.session.moves) == 3
    reopened.push(Pass(actor=reopened.session.state.holder() or ""))
    reopened.close()
    again, recovery = SavedSession.open(log, load_scenario(str(CLASSROOM)))
    assert recovery is None
    assert len(again.session.moves) == 4
