"""Finding scenarios and replay scripts: a path the user gives, or the name of one that
ships inside the package.

Shipped files are package data (``simulator/shipped``), read through
``importlib.resources`` so that they are found the same way in a source checkout, an
editable install and a plain ``pip install`` / ``pipx install``. ``$SIMULATOR_SCENARIOS``
names another folder of scenarios (with its own ``replays/``) to use instead.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

DEFAULT_SCENARIO = "quantum-classroom"
"""The scenario used when none is named."""

OVERRIDE = "SIMULATOR_SCENARIOS"
"""The environment variable that names a folder of scenarios to use instead of the shipped ones."""


class ScenarioNotFound(LookupError):
    """A scenario named on the command line that is neither a file nor a shipped one."""


def shipped_folder() -> Path:
    """The folder of shipped scenarios: ``$SIMULATOR_SCENARIOS`` if set, else the
    package's own ``shipped`` folder."""
    configured = os.environ.get(OVERRIDE)
    if configured:
        return Path(configured)
    folder = files("simulator").joinpath("shipped")
    if not isinstance(folder, Path):
        raise ScenarioNotFound(
            "the shipped scenarios are inside a zipped package and cannot be read as files; "
            f"install the package unzipped or set {OVERRIDE} to a folder of scenarios"
        )
    return folder


def _yaml_files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.yaml")) if path.is_file()}


def shipped_scenarios() -> dict[str, Path]:
    """Shipped scenario files by name (file name without ``.yaml``)."""
    return _yaml_files(shipped_folder())


def shipped_replays() -> dict[str, Path]:
    """Shipped replay scripts by name (file name without ``.yaml``)."""
    return _yaml_files(shipped_folder() / "replays")


def schema_file() -> Path:
    """The shipped JSON Schema of scenario files."""
    return shipped_folder() / "schema" / "scenario.schema.json"


def _names(found: dict[str, Path]) -> str:
    return ", ".join(found) or f"(none found in {shipped_folder()})"


def resolve(name_or_path: str | None) -> Path:
    """The file for a scenario given as a path or as a shipped scenario's name."""
    wanted = name_or_path or DEFAULT_SCENARIO
    path = Path(wanted)
    if path.is_file():
        return path
    shipped = shipped_scenarios()
    if wanted in shipped:
        return shipped[wanted]
    raise ScenarioNotFound(
        f"{wanted}: no such file, and no shipped scenario of that name (shipped: {_names(shipped)})"
    )


def shipped_replay(name: str) -> Path | None:
    """The shipped replay script of that name, if there is one."""
    return shipped_replays().get(name)


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
