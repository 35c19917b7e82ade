"""Opening a session from whatever the user names: a replay script (played through), a
saved session's log (its path or its name), with the scenario it was made with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.engine.errors import LogError
from simulator.engine.log import LogHeader, Recovery
from simulator.engine.session import Session
from simulator.scenario.identity import scenario_hash
from simulator.scenario.loading import ScenarioError, load_scenario, load_scenario_text
from simulator.scenario.model import Scenario
from simulator.storage.catalog import (
    ScenarioNotFound,
    scenario_for_log,
    shipped_replay,
    shipped_replays,
)
from simulator.storage.sessions import read_header, read_log, session_path


@dataclass(frozen=True)
class Opened:
    """A session read back for replaying or reporting."""

    session: Session
    """The session."""
    scenario_path: Path | None
    """The scenario file it was made with (None when only the log's header still holds
    that version of the scenario)."""
    log_path: Path | None
    """The log it came from (None for a replay script)."""
    recovery: Recovery | None
    """What was dropped from a damaged tail, if anything (the file is not changed)."""


def script_named(source: str) -> Path | None:
    """The replay script ``source`` names, or None when it names a saved session: a
    ``.yaml`` path, or the name of a shipped replay when no saved session has that name."""
    if source.endswith((".yaml", ".yml")):
        return Path(source)
    if session_path(source).exists():
        return None
    return shipped_replay(source)


def open_session(source: str) -> Opened:
    """Read ``source`` without changing it. Raises ``DataFileError`` for a broken script
    or scenario, ``LogError`` for a broken log, ``ScenarioNotFound`` when the scenario a
    log names cannot be found, and ``FileNotFoundError`` for a name that is nothing."""
    from simulator.replay.loading import play_script

    script = script_named(source)
    if script is not None:
        replay = play_script(str(script))
        return Opened(replay.session, replay.scenario_path, None, None)
    path = session_path(source)
    if not path.exists():
        replays = ", ".join(shipped_replays()) or "none"
        raise FileNotFoundError(
            f"{source}: no such file, saved session or shipped replay (shipped replays: {replays})"
        )
    scenario, scenario_path = log_scenario(read_header(path), path)
    decoded = read_log(path, scenario)
    return Opened(decoded.session, scenario_path, path, decoded.recovery)


def log_scenario(header: LogHeader, log: Path) -> tuple[Scenario, Path | None]:
    """The scenario a log was made with, and its file when one holds that very version:
    the file at the recorded path or the shipped one of the same id when its content is
    the one the log was made with, else the copy the log's header keeps (read like a
    scenario file: checked, never run). Raises ``ScenarioNotFound`` when there is none,
    ``ScenarioError`` for a kept copy that is not a usable scenario, or ``LogError`` for
    one that is not the version the session was played with."""
    found: tuple[Scenario, Path] | None = None
    try:
        path = scenario_for_log(header)
        found = (load_scenario(str(path)), path)
    except (ScenarioNotFound, ScenarioError, OSError):
        found = None
    if found is not None and (
        header.scenario.content is None or scenario_hash(found[0]) == header.scenario.hash
    ):
        return found
    if header.scenario.content is not None:
        kept = load_scenario_text(header.scenario.content, f"{log} (the scenario its header keeps)")
        if scenario_hash(kept) != header.scenario.hash:
            raise LogError(
                f"{log}:1: the scenario its header keeps is not the version the session was "
                "played with (the header has been changed)"
            )
        return kept, None
    if found is not None:
        return found  # the log names another version: read_log says so
    raise ScenarioNotFound(
        f"the log was made with scenario {header.scenario.id!r}, which is neither "
        "at its recorded path nor among the shipped scenarios, and the log does not keep it"
    )
