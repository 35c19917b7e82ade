"""Opening a session from whatever the user names: a replay script (played through), or
a saved session's log (its path or its name) with the scenario it was made with."""

from __future__ import annotations

from pathlib import Path

from simulator.replay.loading import play_script
from simulator.storage.catalog import shipped_replay, shipped_replays
from simulator.storage.opening import Opened, open_log
from simulator.storage.sessions import session_path


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
    return open_log(path)
