"""The list of saved sessions in a folder, as ``simulator sessions`` and the start screen
show it. A session is listed from its summary when the summary matches the log, and
replayed otherwise (see ``summary``). One broken, huge or strange entry is listed as such
and never breaks the rest; files left by atomic writes that a crash interrupted are
cleaned up on the way."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.engine.errors import LogError
from simulator.storage.files import TEMPORARY_SUFFIX, is_regular, remove_temporaries
from simulator.storage.lock import SessionInUse, SessionLock
from simulator.storage.sessions import MAX_LOG_BYTES, SUFFIX, read_header
from simulator.storage.summary import read_summary, write_summary


@dataclass(frozen=True)
class Listing:
    """One saved session, as ``simulator sessions`` shows it."""

    name: str
    """The session's name (its file name without the suffix)."""
    path: Path
    """Its file."""
    scenario: str
    """The scenario's id."""
    moves: int
    """How many moves it holds."""
    changed: float
    """When it last changed (seconds since the epoch)."""
    status: str
    """finished, in progress, or damaged / unreadable and why."""


def list_sessions(folder: Path) -> list[Listing]:
    """Every saved session in ``folder``, most recently changed first."""
    try:
        if not folder.is_dir():
            return []
        sweep_temporaries(folder)
        paths = sorted(folder.glob(f"*{SUFFIX}"))
    except OSError:
        return []
    listings = [_listing(path) for path in paths if ".damaged-" not in path.name]
    return sorted(listings, key=lambda item: -item.changed)


def sweep_temporaries(folder: Path) -> None:
    """Remove what interrupted atomic writes left in ``folder``, for every log no
    program is writing now."""
    targets = {
        path.name.removeprefix(".").split(f"{SUFFIX}.", 1)[0] + SUFFIX
        for path in folder.glob(f".*{SUFFIX}.*{TEMPORARY_SUFFIX}")
    }
    for name in targets:
        try:
            lock = SessionLock.take(folder / name, "cleaning up")
        except (SessionInUse, OSError):
            continue
        try:
            remove_temporaries(folder / name)
        finally:
            lock.release()


def _listing(path: Path) -> Listing:
    # Replaying a log loads the scenario models; a listing read from fresh summaries
    # does without them.
    from simulator.storage.opening import open_log

    try:
        status = path.stat()
    except (OSError, ValueError) as error:
        return Listing(path.stem, path, "?", 0, 0.0, f"unreadable: {_why(error)}")
    if not is_regular(path):
        return Listing(path.stem, path, "?", 0, status.st_mtime, "unreadable: not a regular file")
    if status.st_size > MAX_LOG_BYTES:
        return Listing(
            path.stem, path, "?", 0, status.st_mtime, f"too large ({status.st_size // 2**20} MB)"
        )
    summary = read_summary(path, status)
    if summary is not None:
        state = "finished" if summary.over else "in progress"
        return Listing(path.stem, path, summary.scenario, summary.moves, status.st_mtime, state)
    try:
        scenario_id = read_header(path).scenario.id
    except LogError as error:
        return Listing(path.stem, path, "?", 0, status.st_mtime, f"unreadable: {_why(error)}")
    try:
        opened = open_log(path)
    except Exception as error:  # one bad file never breaks the listing
        return Listing(
            path.stem, path, scenario_id, 0, status.st_mtime, f"cannot replay: {_why(error)}"
        )
    session, recovery = opened.session, opened.recovery
    state = "finished" if session.state.over else "in progress"
    if recovery is not None:
        state += f" (damaged: {recovery.kept} moves recoverable, {recovery.dropped} dropped)"
    else:
        write_summary(path, scenario_id, session.move_count, session.state.over)
    return Listing(path.stem, path, scenario_id, session.move_count, status.st_mtime, state)


def _why(error: BaseException) -> str:
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return text.splitlines()[0]
