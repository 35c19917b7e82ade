"""Loading replay scripts (the edge): YAML to a checked script and its scenario, and
playing it, with every problem located in the script file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from simulator.agents.driver import play_out
from simulator.datafiles.located import DataFileError
from simulator.datafiles.reader import Document, read_file
from simulator.datafiles.validation import field_names, located_problems, read_record
from simulator.engine.errors import IllegalMoveError
from simulator.engine.session import Session
from simulator.replay.expectations import unmet
from simulator.replay.script import ReplayScript
from simulator.replay.upgrade import UpgradeError, upgraded_moves
from simulator.scenario_files import load_scenario
from simulator.storage.catalog import scenario_beside, shipped_scenarios

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
    return read_record(
        filename, ReplayScript, what=WHAT, fields="title, scenario, moves", error=ReplayError
    )


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
    found = scenario_beside(script.scenario, filename)
    if found is not None:
        return found
    raise ReplayError(
        [
            document.problem(
                ("scenario",),
                f"no scenario '{script.scenario}' (a .yaml file) "
                "beside the script or among the shipped ones "
                f"({', '.join(shipped_scenarios())})",
            )
        ]
    )


def upgrade_script(filename: str) -> str:
    """A format 1 replay script as format 2 YAML text, with the ballots its votes implied
    (see ``replay.upgrade``); raises ``ReplayError`` naming the file and place when it is
    not a format 1 script or a move cannot be made even so."""
    try:
        document = read_file(filename, what=WHAT)
    except DataFileError as failure:
        raise ReplayError(failure.problems) from None
    data = document.data
    if not isinstance(data, dict) or data.get("format") != 1:
        raise ReplayError(
            [
                document.problem(
                    ("format",) if isinstance(data, dict) else (),
                    "only a format 1 replay script is upgraded; this one is not",
                )
            ]
        )
    try:
        script = ReplayScript.model_validate({**data, "format": 2})
    except ValidationError as failure:
        raise ReplayError(located_problems(failure, document, field_names(ReplayScript))) from None
    scenario = load_scenario(str(_scenario_path(script, filename, document)))
    session = Session(scenario, seed=script.seed, round_limit=script.round_limit)
    try:
        moves = upgraded_moves(session, script.moves)
    except UpgradeError as error:
        raise ReplayError(
            [
                document.problem(
                    ("moves", error.index),
                    f"move {error.index + 1} is not allowed even with the ballots added: {error}",
                )
            ]
        ) from None
    written = [
        {"actor": m.actor, "kind": m.kind, **m.model_dump(mode="json", exclude_defaults=True)}
        for m in moves
    ]
    upgraded = {**data, "format": 2, "moves": written}
    added = len(moves) - len(script.moves)
    head = (
        f"# Upgraded from format 1 by simulator replay --upgrade: {added} ballot"
        f"{'s' if added != 1 else ''} added after the calls for a vote (the original's "
        "comments are not kept).\n"
    )
    return head + yaml.safe_dump(upgraded, sort_keys=False, allow_unicode=True, width=100)
