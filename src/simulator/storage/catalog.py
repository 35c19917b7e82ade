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
