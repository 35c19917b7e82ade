"""Files on disk, written so that a crash or a full disk never leaves a half-written file
in place of a good one, and read so that no file can hang or swamp the program.

Every write that saved data depends on goes through a ``Disk``: the operating system by
default, a ``Disk`` that fails on purpose in the tests (after some bytes, at fsync, at
rename), so that each failure path is tried.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMPORARY_SUFFIX = ".tmp"
"""The end of the name of a file being written before it is renamed into place."""


class NotARegularFile(OSError):
    """A path that names a FIFO, a device, a socket or a folder where a file was wanted."""


class Disk:
    """The operating system calls that saved data depends on, one seam for tests."""

    def write(self, fd: int, data: bytes) -> int:
        """Write some of ``data`` at the file's position; how many bytes were written."""
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        """Make what was written to ``fd`` durable."""
        os.fsync(fd)

    def replace(self, source: Path, target: Path) -> None:
        """Rename ``source`` over ``target`` in one step."""
        os.replace(source, target)


DISK = Disk()
"""The real disk."""


def write_all(fd: int, data: bytes, disk: Disk = DISK) -> None:
    """Write all of ``data`` to ``fd`` and make it durable."""
    view = memoryview(data)
    while view:
        written = disk.write(fd, view.tobytes())
        if written <= 0:
            raise OSError(errno.EIO, "nothing could be written")
        view = view[written:]
    disk.fsync(fd)


def write_atomic(path: str | os.PathLike[str], text: str | bytes, disk: Disk = DISK) -> None:
    """Write ``text`` to ``path``: into a temporary file beside it, flushed to disk, then
    renamed over the target, so the target is always either the old or the new file. A
    target that is there but is not a regular file (a link, a folder, a device, a FIFO)
    is never replaced: ``NotARegularFile``."""
    target = Path(path)
    _refuse_unless_regular(target)
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    data = text.encode() if isinstance(text, str) else text
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX, dir=folder
    )
    try:
        try:
            write_all(handle, data, disk)
        finally:
            os.close(handle)
        disk.replace(Path(temporary), target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    sync_folder(folder)


def kind_of(mode: int) -> str:
    """What a file of ``mode`` (from ``lstat``) is, in words, when it is not a regular file."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "a folder" if stat.S_ISDIR(mode) else "not a regular file"


def _refuse_unless_regular(target: Path) -> None:
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    if stat.S_ISREG(mode):
        return
    raise NotARegularFile(
        errno.EEXIST, f"{kind_of(mode)} is there; only a regular file is replaced", str(target)
    )


def sync_folder(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (where the system allows it)."""
    try:
        directory = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading, refusing anything but a regular file (a FIFO would
    block the program; a device could be endless)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            raise NotARegularFile(errno.EINVAL, f"{kind}; only regular files are read", str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def is_regular(path: Path) -> bool:
    """Whether ``path`` is a regular file (following links), without opening it."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def text_lines(stream: BinaryIO, longest: int) -> Iterator[str]:
    """The lines of ``stream`` as text (each with its newline; a damaged byte becomes
    U+FFFD), one at a time. A line longer than ``longest`` bytes is given as its first
    ``longest + 1`` bytes, one character per byte, and the rest of it skipped, so that a
    reader sees it is too long without holding it."""
    while True:
        line = stream.readline(longest + 1)
        if not line:
            return
        if len(line) > longest and not line.endswith(b"\n"):
            yield line.decode("latin-1")
            while line and not line.endswith(b"\n"):
                line = stream.readline(1 << 16)
            continue
        yield line.decode("utf-8", errors="replace")


def copy_aside(source: Path, label: str) -> Path:
    """A byte-for-byte copy of ``source`` beside it, under a name no other copy has
    (``NAME.LABEL-YYYYmmdd-HHMMSS-micro[-k].SUFFIX``), readable by its owner alone as the
    logs are; returns the copy's path."""
    stamp = time.strftime("%Y%m%d-%H%M%S") + f"-{time.time_ns() // 1000 % 1_000_000:06d}"
    for attempt in range(1000):
        extra = f"-{attempt}" if attempt else ""
        copy = source.with_name(f"{source.stem}.{label}-{stamp}{extra}{source.suffix}")
        try:
            fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "wb") as out, open_regular(source) as stream:
                shutil.copyfileobj(stream, out)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            copy.unlink(missing_ok=True)
            raise
        sync_folder(source.parent)
        return copy
    raise FileExistsError(errno.EEXIST, "no free name for a copy", str(source))


def remove_temporaries(target: Path) -> int:
    """Remove files left by atomic writes of ``target`` that never finished (a process
    killed mid-write); how many were removed. Call it only while no one writes ``target``."""
    removed = 0
    try:
        leftovers = list(target.parent.glob(f".{target.name}.*{TEMPORARY_SUFFIX}"))
    except OSError:
        return 0
    for leftover in leftovers:
        try:
            if stat.S_ISREG(leftover.lstat().st_mode):
                leftover.unlink()
                removed += 1
        except OSError:
            continue
    return removed
