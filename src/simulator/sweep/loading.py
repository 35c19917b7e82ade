"""Reading sweep files (the edge): YAML to a checked ``SweepSpec`` and its scenario, with
every problem located in the sweep file as FILE:LINE:COL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.datafiles.located import DataFileError
from simulator.datafiles.reader import Document
from simulator.datafiles.validation import read_record
from simulator.scenario.model import Scenario
from simulator.scenario_files import load_scenario
from simulator.storage.catalog import scenario_beside, shipped_folder, shipped_scenarios
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
    return read_record(
        filename,
        SweepSpec,
        what=WHAT,
        fields="scenario, seeds, grid",
        error=SweepError,
        noun="sweep",
    )


def _scenario_path(spec: SweepSpec, filename: str, document: Document) -> Path:
    found = scenario_beside(spec.scenario, filename)
    if found is not None:
        return found
    raise SweepError(
        [
            document.problem(
                ("scenario",),
                f"no scenario '{spec.scenario}' (a .yaml file) beside the sweep file or among "
                f"the shipped ones ({', '.join(shipped_scenarios())})",
            )
        ]
    )
