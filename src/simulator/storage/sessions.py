"""Saved sessions: append-only logs in the user's data folder (or at a path the user
names), written so that killing the process at any moment loses at most the move being
written.

- A new log is written whole to a temporary file and renamed into place.
- Each move is appended as one checksummed line, flushed and fsynced before the move
  counts as made.
- Opening a log whose tail is torn or damaged keeps the good prefix: the damaged file is
  kept beside it (``NAME.damaged-TIMESTAMP.jsonl``), and the good prefix replaces it
  atomically. Nothing good is overwritten by something bad.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.engine.errors import LogError
from simulator.engine.log import Recovery, header_line, parse_log, record_line
from simulator.engine.moves import Move
from simulator.engine.session import Session
from simulator.engine.state import State
from simulator.scenario.model import Scenario
from simulator.storage.files import write_atomic

APP_NAME = "quantum-negotiation-simulator"
"""The application's name in the user's data folder."""
SUFFIX = ".jsonl"
"""The file suffix of saved sessions."""


def sessions_folder() -> Path:
    """Where sessions are saved: ``$SIMULATOR_DATA/sessions`` if set, else the user's data
    folder (e.g. ``~/.local/share/quantum-negotiation-simulator/sessions``)."""
    configured = os.environ.get("SIMULATOR_DATA")
    if configured:
        return Path(configured) / "sessions"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME)) / "sessions"


def session_path(name_or_path: str) -> Path:
    """A saved session's file: the path itself when it looks like one, else the session
    of that name in the sessions folder."""
    path = Path(name_or_path)
    if path.suffix == SUFFIX or len(path.parts) > 1 or path.exists():
        return path
    return sessions_folder() / f"{name_or_path}{SUFFIX}"


class SavedSession:
    """A session whose every move is on disk before it counts."""

    def __init__(self, path: Path, session: Session) -> None:
        self.path = path
        """The log file."""
        self.session = session
        """The session, in memory."""

    @classmethod
    def create(
        cls,
        path: Path,
        session: Session,
        *,
        scenario_path: str | None = None,
        chair: str | None = None,
    ) -> SavedSession:
        """Save ``session`` (and its moves so far) as a new log at ``path``; refuses to
        overwrite an existing file."""
        if path.exists():
            raise FileExistsError(f"{path}: a saved session already exists there")
        write_log(path, session, scenario_path=scenario_path, chair=chair)
        return cls(path, session)

    def push(self, move: Move) -> State:
        """Check and apply ``move``, and append it to the log (flushed and fsynced); if
        writing fails, the move is taken back and the error raised."""
        state = self.session.push(move)
        try:
            line = record_line(len(self.session.moves), move) + "\n"
            with open(self.path, "a", encoding="utf-8") as stream:
                stream.write(line)
                stream.flush()
                os.fsync(stream.fileno())
        except BaseException:
            self.session.undo()
            raise
        return state

    def undo(self) -> Move:
        """Take back the last move: the log is rewritten without it, atomically."""
        move = self.session.undo()
        try:
            self._rewrite()
        except BaseException:
            self.session.push(move)
            raise
        return move

    def _rewrite(self) -> None:
        header = read_header(self.path)
        lines = [header_line(header)]
        lines += [record_line(n, m) for n, m in enumerate(self.session.moves, start=1)]
        write_atomic(self.path, "\n".join(lines) + "\n")

    @classmethod
    def open(cls, path: Path, scenario: Scenario) -> tuple[SavedSession, Recovery | None]:
        """Open a saved session. A torn or damaged tail is dropped (the damaged file is
        kept beside it) and the good prefix kept; anything else wrong is a ``LogError``."""
        text = _read_text(path)
        session, recovery = parse_log(text, scenario, source=str(path), recover=True)
        saved = cls(path, session)
        if recovery is None and text and not text.endswith("\n"):
            saved._rewrite()  # a complete last record lacking its newline: end it cleanly
        if recovery is not None:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            backup = path.with_name(f"{path.stem}.damaged-{stamp}{SUFFIX}")
            write_atomic(backup, text)
            saved._rewrite()
        return saved, recovery


def write_log(
    path: Path, session: Session, *, scenario_path: str | None = None, chair: str | None = None
) -> None:
    """Write a whole session log at ``path`` atomically (replacing any file there), with
    the scenario file's location and who chairs (``human`` or ``computer``, for the
    interface to seat the chair again on resuming) in its header when given."""
    header = session.header()
    if chair is not None:
        header["chair"] = chair
    if scenario_path is not None:
        header["scenario"] = {**header["scenario"], "path": str(Path(scenario_path).resolve())}
    lines = [header_line(header)]
    lines += [record_line(n, m) for n, m in enumerate(session.moves, start=1)]
    write_atomic(path, "\n".join(lines) + "\n")


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LogError(f"{path}: no such saved session") from None
    except OSError as error:
        raise LogError(f"{path}: cannot read ({error.strerror})") from None
    # a damaged byte becomes U+FFFD, fails its record's checksum and is reported there
    return raw.decode("utf-8", errors="replace")


def read_header(path: Path) -> dict[str, Any]:
    """A log's header, or a ``LogError`` saying why it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            first = stream.readline()
    except OSError as error:
        raise LogError(f"{path}: cannot read ({error.strerror})") from None
    try:
        header = json.loads(first)
    except (ValueError, RecursionError):
        raise LogError(f"{path}:1: not a session log (the first line is not a header)") from None
    if not isinstance(header, dict) or not isinstance(header.get("scenario"), dict):
        raise LogError(f"{path}:1: not a session log")
    return header


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
    from simulator.scenario.loading import ScenarioError
    from simulator.storage.catalog import ScenarioNotFound
    from simulator.storage.opening import open_session

    if not folder.is_dir():
        return []
    listings = []
    for path in folder.glob(f"*{SUFFIX}"):
        if ".damaged-" in path.name:
            continue
        try:
            changed = path.stat().st_mtime
        except OSError as error:
            listings.append(
                Listing(path.stem, path, "?", 0, 0.0, f"unreadable: {error.strerror or error}")
            )
            continue
        try:
            header = read_header(path)
            scenario_id = str(header["scenario"].get("id", "?"))
        except LogError as error:
            listings.append(Listing(path.stem, path, "?", 0, changed, f"unreadable: {error}"))
            continue
        try:
            opened = open_session(str(path))
        except (LogError, ScenarioError, ScenarioNotFound, OSError) as error:
            lines = sum(1 for _ in path.open(encoding="utf-8", errors="replace")) - 1
            listings.append(
                Listing(
                    path.stem,
                    path,
                    scenario_id,
                    max(0, lines),
                    changed,
                    f"cannot replay: {str(error).splitlines()[0]}",
                )
            )
            continue
        session, recovery = opened.session, opened.recovery
        status = "finished" if session.state.over else "in progress"
        if recovery is not None:
            status += f" (damaged tail: {recovery.kept} moves recoverable)"
        listings.append(Listing(path.stem, path, scenario_id, len(session.moves), changed, status))
    return sorted(listings, key=lambda item: -item.changed)
