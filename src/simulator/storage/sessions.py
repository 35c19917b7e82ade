"""Saved sessions: append-only logs in the user's data folder (or at a path the user
names), written so that a crash, a full disk or a second program loses nothing.

- One writer at a time: a session open for writing holds an exclusive lock (``lock.py``);
  a second writer is refused, told who holds it.
- A new log is written whole to a temporary file and renamed into place; a log is only
  ever replaced by another session log, never a file that is not one.
- Each move is appended as one checksummed line and fsynced before it counts. If the
  write fails (a full disk), the file is cut back to its last good length, the move does
  not count, and no move counts until a write succeeds.
- Opening a log whose tail is torn or damaged keeps the good prefix: a byte-for-byte copy
  of the damaged file is kept beside it (``NAME.damaged-TIMESTAMP.jsonl``), the good
  prefix replaces it atomically, and the caller is told how many records were dropped.
- Logs are read as a stream, one line at a time, and only from regular files of at most
  ``MAX_LOG_BYTES``.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from simulator.engine.apply import push
from simulator.engine.errors import IllegalMoveError, LogError
from simulator.engine.log import (
    FORMAT,
    MAX_RECORD_CHARS,
    Decoded,
    LogHeader,
    Recovery,
    decode,
    decode_header,
    encode,
    encode_record,
    header_of,
)
from simulator.engine.moves import Move
from simulator.engine.session import Session
from simulator.engine.state import State
from simulator.scenario.model import Scenario
from simulator.storage.files import (
    DISK,
    Disk,
    copy_aside,
    kind_of,
    open_regular,
    remove_temporaries,
    text_lines,
    write_all,
    write_atomic,
)
from simulator.storage.lock import SessionLock, program
from simulator.storage.summary import write_summary

APP_NAME = "quantum-negotiation-simulator"
"""The application's name in the user's data folder."""
SUFFIX = ".jsonl"
"""The file suffix of saved sessions."""
MAX_LOG_BYTES = 128 * 1024 * 1024
"""The largest log that is opened (about 400,000 moves; a session stops at 200,000)."""


@dataclass(frozen=True)
class PendingMove:
    """A move checked against its session and its record made, not yet saved."""

    move: Move
    data: bytes
    """Its record, as appended to the log."""
    number: int
    """Its number in the session (from 1)."""


class NotSaved(OSError):
    """A move that could not be written to its log (the log is as it was before it)."""


class NotASessionLog(LogError):
    """A file in the way of a new log that is not a session log (it is left alone)."""


def sessions_folder() -> Path:
    """Where sessions are saved: ``$SIMULATOR_DATA/sessions`` if set, else the user's data
    folder (e.g. ``~/.local/share/quantum-negotiation-simulator/sessions``)."""
    configured = os.environ.get("SIMULATOR_DATA")
    if configured:
        return Path(configured) / "sessions"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME)) / "sessions"


def session_path(name_or_path: str) -> Path:
    """A saved session's file: the path itself when it is one (it ends in ``.jsonl`` or
    names a folder), else the session of that name in the sessions folder."""
    path = Path(name_or_path)
    if path.suffix == SUFFIX or len(path.parts) > 1:
        return path
    return sessions_folder() / f"{name_or_path}{SUFFIX}"


def read_header(path: Path) -> LogHeader:
    """A log's header, or a ``LogError`` saying why it cannot be read."""
    try:
        with open_regular(path) as stream:
            first = next(text_lines(stream, MAX_RECORD_CHARS), "")
    except OSError as error:
        raise LogError(f"{path}: cannot read ({error.strerror or error})") from None
    return decode_header(first.removesuffix("\n").removesuffix("\r"), str(path))


def _record_of(number: int, move: Move) -> bytes:
    """The bytes of move ``number``'s record; ``IllegalMoveError`` when the move cannot
    be written as one (the rules' text gate refuses what a record cannot hold, so this
    is the last guard, not the first)."""
    try:
        return (encode_record(number, move) + "\n").encode()
    except (ValueError, UnicodeError):
        raise IllegalMoveError(
            "the move cannot be saved: it holds text that is not valid Unicode",
            number=number,
            kind=move.kind,
        ) from None


def output_refusal(path: Path, *, force: bool) -> str | None:
    """Why a command's output (``-o``) may not be written at ``path``, or None: a file
    there is replaced only with ``force``; a session log (any file whose first line is a
    log's header, a class's table among them) or anything but a regular file never is."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot look at it ({error.strerror or error})"
    if not stat.S_ISREG(mode):
        return f"{kind_of(mode)} is there, which an output never replaces; choose a file name"
    if _is_log(path):
        return "it is a saved session's log, which an output never replaces; choose another name"
    if not force:
        return "a file is already there; choose another name, or add --force to replace it"
    return None


def _is_log(path: Path) -> bool:
    """Whether ``path``'s first line says it is a session log."""
    try:
        with open_regular(path) as stream:
            first = next(text_lines(stream, MAX_RECORD_CHARS), "")
    except OSError:
        return False
    try:
        header = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(header, dict) and header.get("format") == FORMAT


def read_log(path: Path, scenario: Scenario, *, recover: bool = True) -> Decoded:
    """Read a log from disk without changing it, a line at a time; raises ``LogError``
    for a file that is missing, not a regular file, too large, or (without ``recover``)
    damaged anywhere."""
    try:
        with open_regular(path) as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_LOG_BYTES:
                raise LogError(
                    f"{path}: the log is {size / 2**20:.0f} MB; a session log may be at "
                    f"most {MAX_LOG_BYTES // 2**20} MB"
                )
            lines = text_lines(stream, MAX_RECORD_CHARS)
            return decode(lines, scenario, source=str(path), recover=recover)
    except FileNotFoundError:
        raise LogError(f"{path}: no such saved session") from None
    except OSError as error:
        raise LogError(f"{path}: cannot read ({error.strerror or error})") from None


class SavedSession:
    """A session open for writing: locked, and every move on disk before it counts."""

    def __init__(
        self, path: Path, session: Session, header: LogHeader, lock: SessionLock, disk: Disk
    ) -> None:
        self.path = path
        """The log file."""
        self.session = session
        """The session, in memory."""
        self.header = header
        """The log's header."""
        self.lock = lock
        """The lock that makes this the session's only writer."""
        self.disk = disk
        """Where writes go (the real disk, or one that fails on purpose in tests)."""
        self.failure: str | None = None
        """Why the last write failed, until one succeeds (no move counts meanwhile)."""
        self.backup: Path | None = None
        """The copy of the damaged file kept when opening recovered a damaged tail."""
        self._length = _size(path)
        self._torn = False

    @classmethod
    def create(
        cls,
        path: Path,
        session: Session,
        *,
        scenario_path: str | None = None,
        disk: Disk = DISK,
    ) -> SavedSession:
        """Save ``session`` (and its moves so far) as a new log at ``path``, and keep it
        open for writing; refuses to overwrite an existing file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = SessionLock.take(path, program())
        try:
            if os.path.lexists(path):
                raise FileExistsError(
                    errno.EEXIST, "a file already exists there; choose another name", str(path)
                )
            remove_temporaries(path)
            header = header_of(session, scenario_path=_absolute(scenario_path))
            write_atomic(path, "".join(encode(header, session.moves)), disk)
        except BaseException:
            lock.release()
            raise
        return cls(path, session, header, lock, disk)

    @classmethod
    def open(
        cls, path: Path, scenario: Scenario, *, disk: Disk = DISK
    ) -> tuple[SavedSession, Recovery | None]:
        """Open a saved session for writing. A torn or damaged tail is dropped (a copy of
        the damaged file is kept beside it, see ``backup``) and the good prefix kept;
        anything else wrong is a ``LogError``, and the file is left as it was."""
        lock = SessionLock.take(path, program())
        try:
            remove_temporaries(path)
            decoded = read_log(path, scenario)
            saved = cls(path, decoded.session, decoded.header, lock, disk)
            if decoded.recovery is not None:
                saved.backup = copy_aside(path, "damaged")
            if decoded.recovery is not None or decoded.unterminated:
                saved._rewrite()  # the good prefix, each record on its own line
        except BaseException:
            lock.release()
            raise
        return saved, decoded.recovery

    def push(self, move: Move) -> State:
        """Check and apply ``move`` and append it to the log (fsynced). A move whose
        record cannot be made is refused (``IllegalMoveError``) before it changes
        anything. If writing fails, the log is cut back to what it held, the move does
        not count and ``NotSaved`` is raised; the next move is only accepted once a
        write succeeds. The three steps, for a caller that writes on another thread:
        ``prepare``, ``write``, ``commit``."""
        pending = self.prepare(move)
        self.write(pending)
        return self.commit(pending)

    def prepare(self, move: Move) -> PendingMove:
        """Check ``move`` against the session as it is and make its record, changing
        nothing: ``IllegalMoveError`` if the rules refuse it, ``NotSaved`` while the log
        cannot be written."""
        self._mend()
        number = self.session.move_count + 1
        data = _record_of(number, move)
        push(self.session.state, move)  # the rules' check: the state it makes is not kept
        return PendingMove(move, data, number)

    def write(self, pending: PendingMove) -> None:
        """Append ``pending``'s record to the log and make it durable; the one step that
        waits on the disk, safe on a worker thread while nothing else writes this log or
        changes its session. On failure the log is cut back and ``NotSaved`` raised."""
        if pending.number != self.session.move_count + 1:
            raise NotSaved(errno.EINVAL, "the session changed before the move was saved")
        try:
            self._append(pending.data)
        except OSError as error:
            self._cut_back()
            raise self._not_saved(error) from None

    def commit(self, pending: PendingMove) -> State:
        """Make ``pending`` (written) count: the session takes the move."""
        state = self.session.push(pending.move)
        self._length += len(pending.data)
        self.failure = None
        return state

    def undo(self) -> Move:
        """Take back the last move: the log is rewritten without it, atomically."""
        self._mend()
        move = self.session.undo()
        try:
            self._rewrite()
        except OSError as error:
            self.session.push(move)
            raise self._not_saved(error) from None
        return move

    def close(self) -> None:
        """Stop writing: the summary a listing reads is brought up to date and the lock is
        released for another program."""
        if self.failure is None and not self._torn:
            state = self.session.state
            write_summary(self.path, self.header.scenario.id, self.session.move_count, state.over)
        self.lock.release()

    def __enter__(self) -> SavedSession:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _append(self, data: bytes) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            write_all(fd, data, self.disk)
        finally:
            os.close(fd)

    def _cut_back(self) -> None:
        """Cut the log back to its last good length (a failed append may have left part
        of a record); if even that fails, no write is made until it succeeds."""
        try:
            fd = os.open(self.path, os.O_WRONLY)
            try:
                os.ftruncate(fd, self._length)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            self._torn = True
        else:
            self._torn = False

    def _mend(self) -> None:
        if self._torn:
            self._cut_back()
        if self._torn:
            raise self._not_saved(OSError(errno.EIO, "the log could not be cut back"))
        if not self.lock.held:
            raise NotSaved(errno.EBADF, "the session is closed", str(self.path))

    def _rewrite(self) -> None:
        data = "".join(encode(self.header, self.session.moves)).encode()
        write_atomic(self.path, data, self.disk)
        self._length = len(data)

    def _not_saved(self, error: OSError) -> NotSaved:
        reason = error.strerror or str(error)
        count = self.session.move_count
        self.failure = (
            f"not saved ({reason}): the log is unchanged and holds {count} moves; no move "
            "counts until saving works again"
        )
        return NotSaved(error.errno or errno.EIO, self.failure, str(self.path))


def save_log(
    path: Path, session: Session, *, scenario_path: str | None = None, force: bool = False
) -> None:
    """Write a whole session as a new log at ``path`` (under the session's lock). An
    existing file is refused (``FileExistsError``) unless ``force``, and even then
    replaced only when it is itself a session log (else ``NotASessionLog``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = SessionLock.take(path, program())
    try:
        if os.path.lexists(path):
            if not force:
                raise FileExistsError(
                    errno.EEXIST,
                    "a file already exists there; choose another name, or add --force to "
                    "replace a saved session",
                    str(path),
                )
            try:
                read_header(path)
            except LogError:
                raise NotASessionLog(
                    f"{path}: not replaced, because it is not a session log; choose another name"
                ) from None
        remove_temporaries(path)
        header = header_of(session, scenario_path=_absolute(scenario_path))
        write_atomic(path, "".join(encode(header, session.moves)))
        write_summary(path, header.scenario.id, session.move_count, session.state.over)
    finally:
        lock.release()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _absolute(scenario_path: str | None) -> str | None:
    """A scenario file's path as a log records it: absolute, so that it is found again from
    any folder (the log keeps the scenario itself too, for when the file moves)."""
    return str(Path(scenario_path).absolute()) if scenario_path else None
