"""Where reports go: written whole (atomically), readable by others as any new file is
(not private like a session log), into a folder that exists unless asked to create it."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from simulator.engine.errors import LogError
from simulator.report.debrief import Sitting
from simulator.storage.files import write_atomic
from simulator.storage.sessions import read_header


class MissingFolder(OSError):
    """The folder a report is to be written into does not exist."""

    def __init__(self, folder: Path) -> None:
        super().__init__(f"{folder}: no such folder (add --parents to create it)")
        self.folder = folder

    def __str__(self) -> str:
        return str(self.args[0])


def save_report(path: Path, text: str | bytes, *, parents: bool = False) -> None:
    """Write ``text`` to ``path``. Raises ``MissingFolder`` when its folder does not
    exist and ``parents`` is not set (with it, the folder is created), and ``OSError``
    when it cannot be written."""
    folder = path.parent
    if not folder.is_dir():
        if folder.exists() or not parents:
            raise MissingFolder(folder)
        folder.mkdir(parents=True)
    write_atomic(path, text)
    mask = os.umask(0)
    os.umask(mask)
    path.chmod(0o666 & ~mask)


def sitting_of(log: Path) -> Sitting:
    """Where the session in ``log`` was played: its name (the file's, without suffix),
    the day the log last changed (UTC) and who chaired, as its header says."""
    try:
        chair = read_header(log).chair or "computer"
    except LogError:
        chair = "computer"
    changed = datetime.fromtimestamp(log.stat().st_mtime, UTC).strftime("%Y-%m-%d")
    return Sitting(log.stem, changed, chair)
