"""Reading sweep files (the edge): YAML to a checked ``SweepSpec`` and its scenario, with
every problem located in the sweep file as FILE:LINE:COL."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from simulator.datafiles.located import DataFileError
from simulator.datafiles.reader import Document, read_file
from simulator.datafiles.validation import field_names, located_problems
from simulator.scenario.loading import load_scenario
from simulator.scenario.model import Scenario
from simulator.storage.catalog import shipped_folder, shipped_scenarios
from simulator.sweep.spec import GridPoint, SweepSpec, grid_points

WHAT = "sweep file"


class SweepError(DataFileError):
    """A sweep file that cannot be run, with every problem found in it."""


@dataclass(frozen=True)
class Sweep:
    """A sweep file read and checked, with its scenario loaded."""

    spec: SweepSpec
    """What the file asks for."""
    scenario: Scenario
    """The scenario it names, as loaded."""
    scenario_path: Path
    """The scenario's file."""
    points: tuple[GridPoint, ...]
    """The grid, in its fixed order."""

    def sessions(self) -> int:
        """How many sessions the whole sweep plays."""
        return len(self.points) * self.spec.seeds.count


def shipped_sweeps() -> dict[str, Path]:
    """Shipped sweep files by name (file name without ``.yaml``)."""
    folder = shipped_folder() / "sweeps"
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.yaml")) if path.is_file()}


def sweep_file(name: str) -> str:
    """The file a command-line argument names: itself when it is a path, else the shipped
    sweep of that name (a name that is neither is left for the reader to report)."""
    if Path(name).exists() or name.endswith((".yaml", ".yml")):
        return name
    shipped = shipped_sweeps().get(name)
    return str(shipped) if shipped is not None else name


def load_sweep(filename: str) -> Sweep:
    """Read and check a sweep file and load its scenario; raises ``SweepError`` (or
    ``ScenarioError`` for a broken scenario) naming file, line and column."""
    spec, document = _read(filename)
    path = _scenario_path(spec, filename, document)
    scenario = load_scenario(str(path))
    return Sweep(spec, scenario, path, tuple(grid_points(spec, scenario)))


def _read(filename: str) -> tuple[SweepSpec, Document]:
    try:
        document = read_file(filename, what=WHAT)
    except DataFileError as error:
        raise SweepError(error.problems) from None
    data: Any = document.data
    if not isinstance(data, dict):
        raise SweepError(
            [document.problem((), "a sweep is a mapping of fields (scenario, seeds, grid, ...)")]
        )
    try:
        return SweepSpec.model_validate(data), document
    except ValidationError as error:
        raise SweepError(located_problems(error, document, _known_fields())) from None


def _scenario_path(spec: SweepSpec, filename: str, document: Document) -> Path:
    beside = Path(filename).parent / spec.scenario
    if beside.is_file():
        return beside
    shipped = shipped_scenarios()
    if spec.scenario in shipped:
        return shipped[spec.scenario]
    raise SweepError(
        [
            document.problem(
                ("scenario",),
                f"no scenario '{spec.scenario}' beside the sweep file or among the shipped "
                f"ones ({', '.join(shipped)})",
            )
        ]
    )


@cache
def _known_fields() -> dict[str, set[str]]:
    return field_names(SweepSpec)
