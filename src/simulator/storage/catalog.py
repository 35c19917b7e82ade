"""Finding scenarios and replay scripts: a path the user gives, or the name of one that
ships inside the package.

Shipped files are the package ``simulator.shipped``, read through ``importlib.resources``:
in a checkout that is the top-level ``scenarios/`` folder (an editable install maps the
package there), in a wheel the ``simulator/shipped`` folder it installs, so they are found
the same way after ``make install``, a plain ``pip install`` or ``pipx install``.
``$SIMULATOR_SCENARIOS`` names another folder of scenarios (with its own ``replays/``) to
use instead.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.storage.files import is_regular

if TYPE_CHECKING:
    from simulator.engine.log import LogHeader

DEFAULT_SCENARIO = "quantum-classroom"
"""The scenario used when none is named."""

OVERRIDE = "SIMULATOR_SCENARIOS"
"""The environment variable that names a folder of scenarios to use instead of the shipped ones."""


class ScenarioNotFound(LookupError):
    """A scenario named on the command line that is neither a file nor a shipped one."""


def shipped_folder() -> Path:
    """The folder of shipped scenarios: ``$SIMULATOR_SCENARIOS`` if set, else the
    package ``simulator.shipped`` (``scenarios/`` in a checkout)."""
    configured = os.environ.get(OVERRIDE)
    if configured:
        return Path(configured)
    try:
        folder = files("simulator.shipped")
    except ModuleNotFoundError:
        raise ScenarioNotFound(
            "the shipped scenarios are not installed with the package; install it "
            f"(pip install, or make install in a checkout) or set {OVERRIDE} to a folder of "
            "scenarios"
        ) from None
    if not isinstance(folder, Path):
        raise ScenarioNotFound(
            "the shipped scenarios are inside a zipped package and cannot be read as files; "
            f"install the package unzipped or set {OVERRIDE} to a folder of scenarios"
        )
    return folder


def _yaml_files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.yaml")) if is_regular(path)}


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
    if is_regular(path):
        return path
    shipped = shipped_scenarios()
    if wanted in shipped:
        return shipped[wanted]
    if path.exists():
        kind = "a folder" if path.is_dir() else "not a regular file"
        raise ScenarioNotFound(f"{wanted}: {kind}, so not a scenario")
    raise ScenarioNotFound(
        f"{wanted}: no such file, and no shipped scenario of that name (shipped: {_names(shipped)})"
    )


def shipped_replay(name: str) -> Path | None:
    """The shipped replay script of that name, if there is one."""
    return shipped_replays().get(name)


def scenario_beside(name: str, filename: str) -> Path | None:
    """The scenario a replay script or sweep file named ``filename`` means by ``name``: a
    scenario file (``.yaml``) beside it, else the shipped scenario of that name; None
    when there is neither. Only a scenario file is ever read, never any other file."""
    beside = Path(filename).parent / name
    if beside.suffix in (".yaml", ".yml") and is_regular(beside):
        return beside
    return shipped_scenarios().get(name)


def scenario_for_log(header: LogHeader) -> Path:
    """The scenario file a session log was made with: the path its header records when
    that is still a regular ``.yaml`` file, else the shipped scenario of the same id. (A
    header naming any other file is not followed: a log must not make the program read,
    and quote, a file that is not a scenario.)"""
    made_for = header.scenario
    recorded = Path(made_for.path) if made_for.path else None
    if recorded is not None and recorded.suffix in (".yaml", ".yml") and is_regular(recorded):
        return recorded
    shipped = shipped_scenarios()
    if made_for.id in shipped:
        return shipped[made_for.id]
    raise ScenarioNotFound(
        f"the log was made with scenario {made_for.id!r}, which is neither "
        "at its recorded path nor among the shipped scenarios"
    )
