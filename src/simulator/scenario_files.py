"""Loading scenario files: YAML text to a checked ``Scenario``, or every problem at once.

This module is the edge between files and the core model: the core never reads files
or YAML itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from typing import Any

import yaml
from pydantic import ValidationError

from simulator.datafiles.located import DataFileError, LocatedProblem
from simulator.datafiles.reader import Document, parse_text, read_file
from simulator.datafiles.validation import field_names, located_problems
from simulator.scenario.checks import check_scenario
from simulator.scenario.lint import lint_scenario
from simulator.scenario.model import Scenario
from simulator.scenario.sources import check_quotes
from simulator.scenario.utility import with_points_reservations

WHAT = "scenario file"


class ScenarioError(DataFileError):
    """A scenario file that cannot be used, with every problem found in it."""


def load_scenario(filename: str) -> Scenario:
    """Read, validate and cross-check a scenario file.

    Raises ``ScenarioError`` listing every problem with file, line and column.
    """
    return _check(_read(filename))


def load_scenario_text(text: str, filename: str = "<text>") -> Scenario:
    """Like ``load_scenario``, from text already in memory."""
    return _check(_parse(text, filename))


def lint_file(
    filename: str, seeds: Mapping[str, str] | None = None
) -> tuple[Scenario | None, list[LocatedProblem]]:
    """The scenario in ``filename`` (None if unusable) and every error and warning.

    With ``seeds`` (seed file name to text), every source quote is checked against them.
    """
    try:
        document = _read(filename)
        scenario = _check(document)
    except DataFileError as error:
        return None, error.problems
    warnings = [
        document.problem(w.path, w.text(), on_key=w.on_key, severity="warning", code=w.code)
        for w in [*lint_scenario(scenario), *check_quotes(scenario, seeds or {})]
        if seeds is not None or w.code not in ("quote-not-in-seed", "unknown-seed")
    ]
    warnings.sort(key=lambda problem: (problem.mark.line, problem.mark.column))
    return scenario, warnings


def read_seeds(folder: str) -> dict[str, str]:
    """The seed documents in ``folder``: file name to text."""
    seeds = {}
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if entry.is_file() and entry.name.endswith(".txt"):
            with open(entry.path, encoding="utf-8") as stream:
                seeds[entry.name] = stream.read()
    return seeds


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as YAML text that loads back to an equal scenario."""
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    data = {"format": scenario.format, **data}
    return yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100)


class _PlainDumper(yaml.SafeDumper):
    """Writes repeated values out in full: scenario files may not use anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _read(filename: str) -> Document:
    try:
        return read_file(filename, what=WHAT)
    except DataFileError as error:
        raise ScenarioError(error.problems) from None


def _parse(text: str, filename: str) -> Document:
    try:
        return parse_text(text, filename, what=WHAT)
    except DataFileError as error:
        raise ScenarioError(error.problems) from None


def _check(document: Document) -> Scenario:
    data: Any = document.data
    if not isinstance(data, dict):
        # the value itself is never quoted: the file may be anything but a scenario
        shown = "a list" if isinstance(data, list) else f"a single {type(data).__name__} value"
        raise ScenarioError(
            [
                document.problem(
                    (),
                    "a scenario is a mapping of fields (id, title, terms, actors, ...), "
                    f"not {shown}",
                    code="not-a-mapping",
                )
            ]
        )
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        located = located_problems(error, document, _known_fields())
        raise ScenarioError([_with_options(p, data) for p in located]) from None
    problems = check_scenario(scenario)
    if problems:
        located = [
            document.problem(p.path, p.text(), on_key=p.on_key, code=p.code) for p in problems
        ]
        located.sort(key=lambda problem: (problem.mark.line, problem.mark.column))
        raise ScenarioError(located)
    return with_points_reservations(scenario)


def _with_options(problem: LocatedProblem, data: dict[str, Any]) -> LocatedProblem:
    """A wrong value on an options term, with the option ids it may take."""
    path = problem.path
    if len(path) != 3 or path[0] != "terms" or path[2] != "status_quo":
        return problem
    terms = data.get("terms")
    term = terms[path[1]] if isinstance(terms, list) and isinstance(path[1], int) else None
    options = term.get("options") if isinstance(term, dict) else None
    if not isinstance(options, list):
        return problem
    ids = [o["id"] for o in options if isinstance(o, dict) and isinstance(o.get("id"), str)]
    if not ids:
        return problem
    return replace(
        problem, message=f"{problem.message}; use one of the option ids: {', '.join(ids)}"
    )


@cache
def _known_fields() -> dict[str, set[str]]:
    return field_names(Scenario)
