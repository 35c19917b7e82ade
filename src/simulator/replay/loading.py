"""Loading replay scripts (the edge): YAML to a checked script and its scenario, and
playing it, with every problem located in the script file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from simulator.agents.driver import play_out
from simulator.datafiles.located import DataFileError
from simulator.datafiles.reader import Document, read_file
from simulator.datafiles.validation import field_names, located_problems
from simulator.engine.errors import IllegalMoveError
from simulator.engine.session import Session
from simulator.replay.expectations import unmet
from simulator.replay.script import ReplayScript
from simulator.scenario.loading import load_scenario
from simulator.storage.catalog import shipped_scenarios
from simulator.storage.files import is_regular

WHAT = "replay script"


class ReplayError(DataFileError):
    """A replay script that cannot be played, with every problem found in it."""


@dataclass
class Replay:
    """A replay script played through."""

    script: ReplayScript
    """The script."""
    scenario_path: Path
    """The scenario file it named."""
    session: Session
    """The session it produced."""

    def unmet(self) -> list[str]:
        """Expectations the outcome does not meet (empty when all are met or none set)."""
        if self.script.expect is None:
            return []
        return unmet(self.script.expect, self.session.state, self.session.move_count)


def load_script(filename: str) -> tuple[ReplayScript, Document]:
    """Read and validate a replay script; raises ``ReplayError`` naming file and place."""
    try:
        document = read_file(filename, what=WHAT)
    except DataFileError as error:
        raise ReplayError(error.problems) from None
    data: Any = document.data
    if not isinstance(data, dict):
        raise ReplayError(
            [
                document.problem(
                    (), "a replay script is a mapping of fields (title, scenario, moves, ...)"
                )
            ]
        )
    try:
        return ReplayScript.model_validate(data), document
    except ValidationError as error:
        raise ReplayError(located_problems(error, document, _known_fields())) from None


def play_script(filename: str) -> Replay:
    """Load a replay script, its scenario, and play it; raises ``ReplayError`` (or
    ``ScenarioError`` for a broken scenario) naming the file and the move."""
    script, document = load_script(filename)
    path = _scenario_path(script, filename, document)
    scenario = load_scenario(str(path))
    session = Session(scenario, seed=script.seed, round_limit=script.round_limit)
    for index, move in enumerate(script.moves):
        try:
            session.push(move)
        except IllegalMoveError as error:
            raise ReplayError(
                [
                    document.problem(
                        ("moves", index),
                        f"move {index + 1} "
                        f"({move.kind} by {move.actor}) is not allowed: "
                        f"{error.reason}",
                    )
                ]
            ) from None
    if script.then == "computer":
        play_out(session)
    return Replay(script, path, session)


def _scenario_path(script: ReplayScript, filename: str, document: Document) -> Path:
    relative = Path(filename).parent / script.scenario
    if relative.suffix in (".yaml", ".yml") and is_regular(relative):
        return relative  # only a scenario file is read, never any other file named here
    shipped = shipped_scenarios()
    if script.scenario in shipped:
        return shipped[script.scenario]
    raise ReplayError(
        [
            document.problem(
                ("scenario",),
                f"no scenario '{script.scenario}' (a .yaml file) "
                "beside the script or among the shipped ones "
                f"({', '.join(shipped)})",
            )
        ]
    )


@cache
def _known_fields() -> dict[str, set[str]]:
    return field_names(ReplayScript)
