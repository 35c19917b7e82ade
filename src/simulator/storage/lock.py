"""One writer per saved session: an exclusive operating-system lock (``flock``) held for
as long as a session is open for writing.

The lock is taken on a small file beside the log (``.NAME.jsonl.lock``), not on the log
itself, because undo and recovery replace the log by renaming a new file over it. While
it holds the lock, a writer keeps a line in that file saying who it is, so that a second
writer is told who holds the session. The lock file stays when the session is closed
(removing it could let two writers lock two different files); it is empty then.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import sys
import time
from pathlib import Path

from simulator.engine.errors import LogError
from simulator.plaintext import one_line
from simulator.storage.files import NotARegularFile


class SessionInUse(LogError):
    """A saved session that another program has open for writing."""


def lock_path(log: Path) -> Path:
    """The lock file of the log at ``log``."""
    return log.with_name(f".{log.name}.lock")


class SessionLock:
    """The exclusive right to write one saved session."""

    def __init__(self, log: Path, fd: int) -> None:
        self.log = log
        """The log this lock guards."""
        self._fd: int | None = fd

    @classmethod
    def take(cls, log: Path, purpose: str) -> SessionLock:
        """Lock ``log`` for writing, saying ``purpose`` to whoever asks later; raises
        ``SessionInUse`` naming the holder when another program has it."""
        path = lock_path(log)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | os.O_NOFOLLOW, 0o644)
        except OSError as error:
            if error.errno != errno.ELOOP:
                raise
            raise NotARegularFile(
                errno.ELOOP,
                "the session's lock file is a symbolic link; remove it (no program makes one)",
                str(path),
            ) from None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise NotARegularFile(
                    errno.EINVAL, "the session's lock file is not a regular file", str(path)
                )
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise SessionInUse(
                f"{log}: the session is open for writing by {holder}; close it there first, "
                "or open it read-only (simulator replay or simulator report)"
            ) from None
        except BaseException:
            os.close(fd)
            raise
        lock = cls(log, fd)
        lock._say(purpose)
        return lock

    def _say(self, purpose: str) -> None:
        assert self._fd is not None
        since = time.strftime("%Y-%m-%d %H:%M:%S")
        words = f"process {os.getpid()} ({purpose}, since {since})\n".encode()
        # on a full disk the lock still holds, even if it cannot say who holds it
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, words, 0)

    def release(self) -> None:
        """Give the session up (closing the lock file unlocks it)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self._fd, 0)
        os.close(self._fd)
        self._fd = None

    @property
    def held(self) -> bool:
        """Whether this lock is still held."""
        return self._fd is not None


def _holder(fd: int) -> str:
    try:
        words = one_line(os.pread(fd, 300, 0).decode("utf-8", errors="replace").strip())
    except OSError:
        words = ""
    return words or "another program"


def program() -> str:
    """How this program was started, to say in a lock: ``simulator play`` and the like."""
    started = sys.argv[0] if sys.argv else ""
    if "simulator" not in started:
        return Path(started).name or "python"
    verb = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "")
    return f"simulator {verb}".strip()
