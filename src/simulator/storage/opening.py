"""Opening a saved session's log with the scenario it was made with: the file the log
names when it is that very version, else the copy the log's header keeps."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.engine.errors import LogError
from simulator.engine.log import LogHeader, Recovery
from simulator.engine.session import Session
from simulator.scenario.identity import scenario_hash
from simulator.scenario.model import Scenario
from simulator.scenario_files import ScenarioError, load_scenario, load_scenario_text
from simulator.storage.catalog import ScenarioNotFound, scenario_for_log
from simulator.storage.sessions import read_header, read_log


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


def open_log(path: Path) -> Opened:
    """Read the saved session log at ``path`` without changing it, with the scenario it
    was made with. Raises ``LogError`` for a broken log, ``ScenarioNotFound`` when the
    scenario it names cannot be found, and ``ScenarioError`` for a kept copy that is not
    a usable scenario."""
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
