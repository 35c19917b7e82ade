"""Opening a session from whatever the user names: a replay script (played through), a
saved session's log (its path or its name), with the scenario it was made with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.engine.log import Recovery
from simulator.engine.session import Session
from simulator.scenario.loading import load_scenario
from simulator.storage.catalog import scenario_for_log, shipped_replay, shipped_replays
from simulator.storage.sessions import read_header, read_log, session_path


@dataclass(frozen=True)
class Opened:
    """A session read back for replaying or reporting."""

    session: Session
    """The session."""
    scenario_path: Path
    """The scenario file it was made with."""
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
    scenario_path = scenario_for_log(read_header(path))
    scenario = load_scenario(str(scenario_path))
    decoded = read_log(path, scenario)
    return Opened(decoded.session, scenario_path, path, decoded.recovery)
