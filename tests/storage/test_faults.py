"""A full disk or a failing disk never leaves a log that is not a valid prefix of the
session: every write through an injected ``Disk`` that fails after k bytes, at fsync, or
at rename (every k of a move's record, a sample of k over a new log's header), leaves the
file holding exactly the moves that counted."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from simulator.engine.log import decode_text, encode_header, encode_record, header_of
from simulator.engine.moves import Move, Statement
from simulator.engine.session import Session
from simulator.scenario_files import load_scenario
from simulator.storage.files import Disk
from simulator.storage.sessions import NotSaved, SavedSession
from tests.conftest import ROOT, SCENARIOS

CLASSROOM = SCENARIOS / "quantum-classroom.yaml"
SCENARIO = load_scenario(str(CLASSROOM))
SMALL = load_scenario(str(ROOT / "benchmarks" / "scenarios" / "two-party-sale.yaml"))
"""A small scenario, for the test that fails a header part-way (a header keeps its
scenario, and the classroom's is tens of kilobytes)."""


class FailingDisk(Disk):
    """A disk that fills up after ``room`` more bytes, or fails at fsync or rename."""

    def __init__(self) -> None:
        self.room: int | None = None
        self.fsync_fails = False
        self.replace_fails = False

    def write(self, fd: int, data: bytes) -> int:
        if self.room is None:
            return os.write(fd, data)
        if self.room == 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        written = os.write(fd, data[: self.room])
        self.room -= written
        return written

    def fsync(self, fd: int) -> None:
        if self.fsync_fails:
            raise OSError(errno.EIO, "Input/output error")
        os.fsync(fd)

    def replace(self, source: Path, target: Path) -> None:
        if self.replace_fails:
            raise OSError(errno.EROFS, "Read-only file system")
        os.replace(source, target)


def statement(session: Session, text: str) -> Move:
    return Statement(actor=session.state.holder() or "chen", text=text)


def on_disk(log: Path) -> Session:
    """The log as it is on disk, read strictly: any torn record is an error here."""
    return decode_text(log.read_text(), SCENARIO)


def started(tmp_path: Path, disk: FailingDisk, moves: int = 3) -> SavedSession:
    saved = SavedSession.create(tmp_path / "t.jsonl", Session(SCENARIO), disk=disk)
    for n in range(moves):
        saved.push(statement(saved.session, f"move {n}"))
    return saved


def test_append_failing_after_every_k_bytes_leaves_a_valid_prefix(tmp_path: Path) -> None:
    """For every k from 0 to the record's length, a disk full after k bytes leaves the log
    exactly as it was before the move; the move does not count, the failure is said, and
    once space is back the next move is saved after the good records, not a torn one."""
    disk = FailingDisk()
    saved = started(tmp_path, disk)
    before = saved.path.read_bytes()
    move = statement(saved.session, "a move made on a full disk")
    length = len(encode_record(4, move)) + 1
    for k in range(length):
        disk.room = k
        with pytest.raises(NotSaved, match=r"not saved .No space left"):
            saved.push(move)
        assert saved.path.read_bytes() == before, f"after {k} bytes"
        assert saved.session.move_count == 3
        assert saved.failure is not None
        assert "holds 3 moves" in saved.failure
    disk.room = None
    saved.push(move)
    assert saved.failure is None
    assert on_disk(saved.path).moves == saved.session.moves
    saved.close()


def test_failed_fsync_takes_the_move_back(tmp_path: Path) -> None:
    """A move whose fsync fails is not known to be on disk: it does not count and the log
    is cut back to the moves before it."""
    disk = FailingDisk()
    saved = started(tmp_path, disk)
    before = saved.path.read_bytes()
    disk.fsync_fails = True
    with pytest.raises(NotSaved, match="Input/output error"):
        saved.push(statement(saved.session, "unsynced"))
    assert saved.path.read_bytes() == before
    assert on_disk(saved.path).moves == saved.session.moves
    saved.close()


def test_failed_rename_on_undo_keeps_log_and_move(tmp_path: Path) -> None:
    """Undo rewrites the log by renaming a new file over it; if the rename fails, the log
    and the session both keep the move, and no temporary file is left."""
    disk = FailingDisk()
    saved = started(tmp_path, disk)
    before = saved.path.read_bytes()
    disk.replace_fails = True
    with pytest.raises(NotSaved, match="Read-only"):
        saved.undo()
    assert saved.path.read_bytes() == before
    assert saved.session.move_count == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [".t.jsonl.lock", "t.jsonl"]
    saved.close()


def test_new_log_on_a_full_disk_leaves_nothing(tmp_path: Path) -> None:
    """A new log that cannot be written whole (the disk full after k bytes of its header)
    is not created at all: no torn file, no temporary file, the name still free. The disk
    fails at once (k = 0) or after a part of the header (every other k, one path through
    the writer): k = 0, 1, the last two and every 101st byte between stand for them all."""
    length = len(encode_header(header_of(Session(SMALL))).encode())
    disk = FailingDisk()
    for k in sorted({*range(0, length + 1, 101), 1, length - 1, length}):
        disk.room = k
        with pytest.raises(OSError, match="No space left"):
            SavedSession.create(tmp_path / "t.jsonl", Session(SMALL), disk=disk)
        assert not (tmp_path / "t.jsonl").exists()
        assert not list(tmp_path.glob("*.tmp"))
    SavedSession.create(tmp_path / "t.jsonl", Session(SMALL)).close()
