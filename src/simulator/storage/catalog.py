"""Finding scenarios: a path the user gives, or the name of a shipped scenario."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SCENARIO = "quantum-classroom"
"""The scenario used when none is named."""


def shipped_folder() -> Path | None:
    """The folder of shipped scenarios: ``$SIMULATOR_SCENARIOS`` if set, else the
    ``scenarios`` folder of the source checkout the package runs from."""
    configured = os.environ.get("SIMULATOR_SCENARIOS")
    if configured:
        return Path(configured)
    candidate = Path(__file__).resolve().parents[3] / "scenarios"
    return candidate if candidate.is_dir() else None


def shipped_scenarios() -> dict[str, Path]:
    """Shipped scenario files by name (file name without ``.yaml``)."""
    folder = shipped_folder()
    if folder is None or not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


class ScenarioNotFound(LookupError):
    """A scenario named on the command line that is neither a file nor a shipped one."""


def resolve(name_or_path: str | None) -> Path:
    """The file for a scenario given as a path or as a shipped scenario's name."""
    wanted = name_or_path or DEFAULT_SCENARIO
    path = Path(wanted)
    if path.exists():
        return path
    shipped = shipped_scenarios()
    if wanted in shipped:
        return shipped[wanted]
    names = ", ".join(shipped) or "(none found)"
    raise ScenarioNotFound(
        f"{wanted}: no such file, and no shipped scenario of that name (shipped: {names})"
    )


def scenario_for_log(header: dict[str, object]) -> Path:
    """The scenario file a session log was made with: the path its header records when
    that file still exists, else the shipped scenario of the same id."""
    made_for = header.get("scenario")
    if not isinstance(made_for, dict):
        raise ScenarioNotFound("the log's header names no scenario")
    recorded = made_for.get("path")
    if isinstance(recorded, str) and Path(recorded).is_file():
        return Path(recorded)
    scenario_id = made_for.get("id")
    shipped = shipped_scenarios()
    if isinstance(scenario_id, str) and scenario_id in shipped:
        return shipped[scenario_id]
    raise ScenarioNotFound(
        f"the log was made with scenario {scenario_id!r}, which is neither "
        "at its recorded path nor among the shipped scenarios"
    )
