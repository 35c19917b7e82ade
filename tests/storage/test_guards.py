"""The guards around saved sessions: one writer at a time, no file replaced that is not a
session log, true copies of damaged files under unique names, no stray temporary files,
only regular files read, and a cap on what one log may cost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulator.engine.errors import LogError
from simulator.engine.moves import Pass
from simulator.engine.session import Session
from simulator.scenario_files import load_scenario
from simulator.storage import sessions
from simulator.storage.listing import list_sessions
from simulator.storage.lock import SessionInUse, SessionLock
from simulator.storage.sessions import NotASessionLog, SavedSession, read_log, save_log
from tests.conftest import SCENARIOS, run_simulator

CLASSROOM = SCENARIOS / "quantum-classroom.yaml"
SCENARIO = load_scenario(str(CLASSROOM))


def saved_with(path: Path, moves: int) -> None:
    with SavedSession.create(path, Session(SCENARIO, round_limit=100)) as saved:
        for _ in range(moves):
            saved.push(Pass(actor=saved.session.state.holder() or ""))


def test_second_writer_refused_naming_the_holder(tmp_path: Path) -> None:
    """While a session is open for writing, opening it again for writing is refused with
    a message naming the process that holds it and how to read it without writing."""
    log = tmp_path / "t.jsonl"
    saved_with(log, 2)
    first, _ = SavedSession.open(log, SCENARIO)
    with pytest.raises(SessionInUse, match=rf"process {os.getpid()} .*read-only"):
        SavedSession.open(log, SCENARIO)
    with pytest.raises(SessionInUse):
        save_log(log, first.session, force=True)
    first.close()
    second, _ = SavedSession.open(log, SCENARIO)
    second.close()


def test_run_log_refused_while_a_session_is_open_elsewhere(tmp_path: Path) -> None:
    """A second program (``run --log NAME --force``) is refused while this one holds the
    session, and the log is left as it was."""
    log = tmp_path / "sessions" / "t.jsonl"
    saved_with(log, 2)
    before = log.read_bytes()
    with SavedSession.open(log, SCENARIO)[0]:
        result = run_simulator("run", "--rounds", "2", "--log", "t", "--force", cwd=tmp_path)
    assert result.returncode == 2
    assert f"open for writing by process {os.getpid()}" in result.stderr
    assert "Traceback" not in result.stderr
    assert log.read_bytes() == before


def test_run_log_never_replaces_a_file_without_force(tmp_path: Path) -> None:
    """``run --log notes`` next to a file called notes leaves it alone (a bare name is a
    session in the sessions folder); an existing session is only replaced with --force;
    a file that is not a session log is never replaced."""
    (tmp_path / "notes").write_text("my notes\n")
    result = run_simulator("run", "--rounds", "2", "--log", "notes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "notes").read_text() == "my notes\n"
    assert (tmp_path / "sessions" / "notes.jsonl").exists()
    again = run_simulator("run", "--rounds", "2", "--log", "notes", cwd=tmp_path)
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert (
        run_simulator("run", "--rounds", "3", "--log", "notes", "--force", cwd=tmp_path).returncode
        == 0
    )
    (tmp_path / "mine.jsonl").write_text("not a log\n")
    forced = run_simulator("run", "--rounds", "2", "--log", "mine.jsonl", "--force", cwd=tmp_path)
    assert forced.returncode == 2
    assert "not a session log" in forced.stderr
    assert (tmp_path / "mine.jsonl").read_text() == "not a log\n"


def test_save_log_refuses_a_file_that_is_not_a_log(tmp_path: Path) -> None:
    """Even when forced, a file that is not a session log is not replaced."""
    other = tmp_path / "other.jsonl"
    other.write_text('{"some": "json"}\n')
    with pytest.raises(NotASessionLog):
        save_log(other, Session(SCENARIO), force=True)
    assert other.read_text() == '{"some": "json"}\n'


def test_damaged_file_copied_byte_for_byte_under_unique_names(tmp_path: Path) -> None:
    """The copy kept of a damaged log holds its very bytes (an invalid UTF-8 byte stays
    as it was), and two recoveries within the same second keep two copies."""
    log = tmp_path / "t.jsonl"
    saved_with(log, 4)
    raw = bytearray(log.read_bytes())
    second_record = raw.index(b'"n": 2')
    raw[second_record + 20] = 0xFF
    copies = []
    for _ in range(2):
        log.write_bytes(bytes(raw))
        saved, recovery = SavedSession.open(log, SCENARIO)
        saved.close()
        assert recovery is not None
        assert recovery.kept == 1
        assert recovery.dropped == 3
        assert saved.backup is not None
        assert saved.backup.read_bytes() == bytes(raw)
        assert saved.backup.stat().st_mode & 0o777 == 0o600  # private, as the log is
        copies.append(saved.backup)
    assert copies[0] != copies[1]
    assert len(list(tmp_path.glob("t.damaged-*.jsonl"))) == 2
    assert read_log(log, SCENARIO).session.move_count == 1


def test_stray_temporary_files_cleaned_and_never_listed(tmp_path: Path) -> None:
    """Files left by an atomic write cut short are removed when the session is opened or
    the folder listed, unless another program is writing that session now."""
    saved_with(tmp_path / "a.jsonl", 1)
    saved_with(tmp_path / "b.jsonl", 1)
    for name in ("a", "b", "gone"):
        (tmp_path / f".{name}.jsonl.x1y2.tmp").write_text("half a log")
    lock = SessionLock.take(tmp_path / "b.jsonl", "a test")
    listed = list_sessions(tmp_path)
    assert sorted(item.name for item in listed) == ["a", "b"]
    assert sorted(p.name for p in tmp_path.glob("*.tmp")) == [".b.jsonl.x1y2.tmp"]
    lock.release()
    SavedSession.open(tmp_path / "b.jsonl", SCENARIO)[0].close()
    assert not list(tmp_path.glob("*.tmp"))


def test_fifo_in_the_sessions_folder_is_listed_not_opened(tmp_path: Path) -> None:
    """A FIFO named like a log is listed as not a regular file, and refused when named,
    instead of blocking the program."""
    saved_with(tmp_path / "real.jsonl", 1)
    os.mkfifo(tmp_path / "pipe.jsonl")
    listed = {item.name: item.status for item in list_sessions(tmp_path)}
    assert listed["pipe"] == "unreadable: not a regular file"
    assert listed["real"] == "in progress"
    with pytest.raises(LogError, match="not a regular file"):
        read_log(tmp_path / "pipe.jsonl", SCENARIO)
    with pytest.raises(LogError, match="not a regular file"):
        SavedSession.open(tmp_path / "pipe.jsonl", SCENARIO)
    os.mkfifo(tmp_path / "pipe.yaml")
    ran = run_simulator("run", "pipe.yaml", cwd=tmp_path)
    assert ran.returncode == 2
    assert "pipe.yaml: not a regular file, so not a scenario" in ran.stderr


def test_log_over_the_size_cap_refused_and_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A log larger than a log may be is refused with its size, and listed as too large;
    the other sessions are still listed."""
    saved_with(tmp_path / "big.jsonl", 30)
    saved_with(tmp_path / "small.jsonl", 1)
    cap = (tmp_path / "small.jsonl").stat().st_size + 100
    assert (tmp_path / "big.jsonl").stat().st_size > cap
    monkeypatch.setattr(sessions, "MAX_LOG_BYTES", cap)
    monkeypatch.setattr("simulator.storage.listing.MAX_LOG_BYTES", cap)
    with pytest.raises(LogError, match="a session log may be at most"):
        read_log(tmp_path / "big.jsonl", SCENARIO)
    listed = {item.name: item.status for item in list_sessions(tmp_path)}
    assert listed["big"].startswith("too large")
    assert listed["small"] == "in progress"


def test_overlong_record_and_newline_flood(tmp_path: Path) -> None:
    """A record longer than any move is read as damage without being held whole, and a
    flood of empty lines at the end of a log is read as its end."""
    log = tmp_path / "t.jsonl"
    saved_with(log, 3)
    good = log.read_bytes()
    log.write_bytes(good + b"\n" * 3_000_000)
    assert read_log(log, SCENARIO, recover=False).session.move_count == 3
    log.write_bytes(good + b'{"n": 4, "move": "' + b"x" * 3_000_000 + b'"}\n')
    decoded = read_log(log, SCENARIO)
    assert decoded.recovery is not None
    assert "longer than" in decoded.recovery.reason
    assert decoded.session.move_count == 3


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--rounds", "2", "--log", "n" * 300],
        ["run", "s" * 300],
        ["batch", "--runs", "1", "s" * 300],
        ["sessions", "--folder", "f" * 300],
        ["replay", "r" * 300],
    ],
)
def test_name_too_long_is_a_message(tmp_path: Path, args: list[str]) -> None:
    """A 300-character name is an error message and exit 2 (never an internal error)."""
    result = run_simulator(*args, cwd=tmp_path)
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert result.stderr.strip()


def test_sessions_of_a_folder_that_is_not_there(tmp_path: Path) -> None:
    """A mistyped --folder is said, not listed as an empty one."""
    (tmp_path / "notes").write_text("notes\n")
    for name, said in (("nowhere", "no such folder"), ("notes", "not a folder")):
        result = run_simulator("sessions", "--folder", name, cwd=tmp_path)
        assert result.returncode == 2
        assert f"{name}: {said}" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    listed = run_simulator("sessions", "--folder", "empty", cwd=tmp_path)
    assert listed.returncode == 0
    assert "No saved sessions" in listed.stdout
