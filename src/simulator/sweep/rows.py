"""The results of a sweep: one CSV row per session, written as sessions finish, read back
to resume a sweep and to aggregate it.

This module is the one place the format is written and read. A row is identified by its
grid point and seed; a rerun skips the rows already there. A kill can leave the last line
torn (no line end): it is dropped and its session played again. The aggregates are made
from the file, rows taken in grid order then seed order, so the same sweep gives the same
numbers whatever order its sessions finished in, and whether or not it was resumed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from simulator.scenario.common import TermValue
from simulator.scenario.identity import scenario_hash
from simulator.scenario.model import Scenario
from simulator.sweep.spec import AXES, GridPoint

try:
    import fcntl
except ImportError:  # not on a POSIX system: no lock
    fcntl = None  # type: ignore[assignment]

PRECISION = 6
"""Decimal places kept for payoffs in the results."""


class ResultsError(ValueError):
    """A results file that does not belong to this sweep or cannot be read; the message
    says which line and what to do."""


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One computer-played session of a sweep, reduced to what its row holds."""

    point: GridPoint
    """The grid point it was played at."""
    seed: int
    """Its seed."""
    adopted: bool
    """Whether an agreement was adopted."""
    moves: int
    """How many moves it took."""
    payoffs: tuple[float, ...]
    """Each delegation's payoff (its utility for the agreement, or its walk-away value
    without one), in the scenario's order of delegations."""
    values: tuple[TermValue, ...]
    """The final value of each term, in the scenario's order of terms."""


Key = tuple[GridPoint, int]
"""What identifies a row: its grid point and seed."""


class Layout:
    """The columns of a sweep's results: the grid's settings, the seed, the scenario's
    id and content hash, whether adopted, moves, each delegation's payoff, each term's
    final value, and the adopted text's key."""

    def __init__(self, scenario: Scenario, points: Sequence[GridPoint]) -> None:
        self.scenario_cell = f"{scenario.id}@{scenario_hash(scenario)[:12]}"
        """The scenario as its rows name it: id and the start of its content hash."""
        self.voters = tuple(actor.id for actor in scenario.voters())
        """The delegations whose payoffs are written, in order."""
        self.terms = tuple(term.id for term in scenario.terms)
        """The terms whose final values are written, in order."""
        self.points = {point.cells(): (index, point) for index, point in enumerate(points)}
        """The grid's points by their cells, with their place in the grid."""
        self.header = [
            *(axis.name for axis in AXES),
            "seed",
            "scenario",
            "adopted",
            "moves",
            *(f"payoff:{actor}" for actor in self.voters),
            *(f"term:{term}" for term in self.terms),
            "package",
        ]
        """The header row."""

    def cells(self, row: SessionRow) -> list[str]:
        """A session as its row of cells."""
        values = [_value_cell(value) for value in row.values]
        return [
            *row.point.cells(),
            str(row.seed),
            self.scenario_cell,
            "true" if row.adopted else "false",
            str(row.moves),
            *(f"{payoff:.{PRECISION}f}" for payoff in row.payoffs),
            *values,
            package_key(values) if row.adopted else "",
        ]

    def parse(self, cells: list[str], where: str) -> tuple[int, SessionRow, str]:
        """A row read back: its point's place in the grid, the row and its package key;
        raises ``ResultsError`` saying what is wrong at ``where``."""
        if len(cells) != len(self.header):
            raise ResultsError(
                f"{where}: the row has {len(cells)} cells, not {len(self.header)}; the file is "
                "damaged: remove the line (its session will be played again)"
            )
        axes = len(AXES)
        found = self.points.get(tuple(cells[:axes]))
        if found is None:
            shown = ", ".join(f"{a.name}={c}" for a, c in zip(AXES, cells, strict=False))
            raise ResultsError(
                f"{where}: a row for {shown}, which is not a point of this sweep's grid; the "
                "file holds another sweep's results: write to another file"
            )
        if cells[axes + 1] != self.scenario_cell:
            raise ResultsError(
                f"{where}: the row was played with scenario {cells[axes + 1]}, not "
                f"{self.scenario_cell}; the scenario has changed since: write to another file"
            )
        index, point = found
        try:
            seed, adopted, moves = int(cells[axes]), cells[axes + 2], int(cells[axes + 3])
            start = axes + 4
            payoffs = tuple(float(c) for c in cells[start : start + len(self.voters)])
        except ValueError as error:
            raise ResultsError(f"{where}: the row cannot be read ({error})") from None
        if adopted not in ("true", "false") or not all(map(math.isfinite, payoffs)):
            raise ResultsError(f"{where}: the row cannot be read; remove the line")
        values = tuple(cells[start + len(self.voters) : -1])
        row = SessionRow(point, seed, adopted == "true", moves, payoffs, values)
        return index, row, cells[-1]


def package_key(values: Sequence[str]) -> str:
    """A short key naming an adopted text: equal texts, equal keys."""
    return hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:12]


def _value_cell(value: TermValue) -> str:
    return value if isinstance(value, str) else json.dumps(value)


@dataclass
class Results:
    """A results file opened for a sweep: the rows already in it, and appending more."""

    path: Path
    """The file."""
    layout: Layout
    """Its columns."""
    finished: set[Key]
    """The sessions whose rows are already written."""
    stream: TextIO
    """Open for appending."""

    def write(self, rows: Iterable[SessionRow]) -> None:
        """Append rows and flush them, so that a kill loses at most a torn last line."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in rows:
            writer.writerow(self.layout.cells(row))
            self.finished.add((row.point, row.seed))
        self.stream.write(buffer.getvalue())
        self.stream.flush()

    def close(self) -> None:
        """Flush and close the file."""
        self.stream.close()


def open_results(path: Path, layout: Layout, seeds: range) -> Results:
    """Open ``path`` for a sweep's results: a new file with the header row, or an existing
    one of the same sweep, whose torn last line (if any) is cut off. Raises
    ``ResultsError`` when the file belongs to another sweep or is damaged, and
    ``OSError`` when it cannot be read or written."""
    finished: set[Key] = set()
    stream = open(path, "a+", encoding="utf-8", newline="")  # noqa: SIM115 (kept open)
    try:
        _lock(stream, path)
        rows, good_end = _read(path, layout, seeds)
    except BaseException:
        stream.close()
        raise
    for _, row, _ in rows:
        finished.add((row.point, row.seed))
    stream.truncate(good_end)
    stream.seek(good_end)
    if good_end == 0:
        csv.writer(stream, lineterminator="\n").writerow(layout.header)
        stream.flush()
    return Results(path, layout, finished, stream)


def _lock(stream: TextIO, path: Path) -> None:
    """Hold the file for this sweep alone while it runs (where the system can)."""
    if fcntl is None:
        return
    try:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise ResultsError(
            f"{path}: another sweep is writing to this file; wait for it to finish or stop it"
        ) from None


def read_rows(path: Path, layout: Layout, seeds: range) -> list[tuple[int, SessionRow, str]]:
    """Every complete row of a results file (place in the grid, row, package key), in
    grid order then seed order."""
    rows, _ = _read(path, layout, seeds)
    return sorted(rows, key=lambda item: (item[0], item[1].seed))


def _read(
    path: Path, layout: Layout, seeds: range
) -> tuple[list[tuple[int, SessionRow, str]], int]:
    """The complete rows of ``path`` and the byte offset where they end (0 when not even
    the header is complete)."""
    raw = path.read_bytes()
    end = raw.rfind(b"\n") + 1  # a last line without its line end is torn
    try:
        text = raw[:end].decode("utf-8")
    except UnicodeDecodeError:
        raise ResultsError(f"{path}: not a sweep's results (not UTF-8 text)") from None
    lines = list(csv.reader(io.StringIO(text, newline="")))
    if not lines:
        return [], 0
    if lines[0] != layout.header:
        raise ResultsError(
            f"{path}:1: the columns are not this sweep's ({','.join(layout.header[:4])},...); "
            "the file holds other results: write to another file"
        )
    rows = []
    seen: set[Key] = set()
    for number, cells in enumerate(lines[1:], start=2):
        index, row, package = layout.parse(cells, f"{path}:{number}")
        if row.seed not in seeds:
            raise ResultsError(
                f"{path}:{number}: a row for seed {row.seed}, outside this sweep's seeds "
                f"({seeds.start} to {seeds.stop - 1}): write to another file"
            )
        if (row.point, row.seed) in seen:
            raise ResultsError(
                f"{path}:{number}: a second row for {row.point.label()}, seed {row.seed}; "
                "two sweeps wrote to this file: remove one of the rows"
            )
        seen.add((row.point, row.seed))
        rows.append((index, row, package))
    return rows, end


@dataclass(frozen=True)
class PointSummary:
    """The sessions of one grid point, aggregated."""

    point: GridPoint
    """The grid point."""
    sessions: int
    """Sessions played."""
    adopted: int
    """Sessions that adopted an agreement."""
    mean_moves: float
    """Moves per session, on average."""
    packages: int
    """Distinct texts adopted."""
    payoffs: dict[str, float]
    """Each delegation's mean payoff."""

    def as_dict(self) -> dict[str, Any]:
        """The summary as a JSON-ready object."""
        runs = max(1, self.sessions)
        return {
            **{axis.name: value for axis, value in zip(AXES, self.point.values, strict=True)},
            "sessions": self.sessions,
            "adopted": self.adopted,
            "agreement_rate": round(self.adopted / runs, PRECISION),
            "mean_moves": round(self.mean_moves, 3),
            "distinct_adopted_packages": self.packages,
            "mean_payoffs": {a: round(u, PRECISION) for a, u in self.payoffs.items()},
        }


def aggregate(
    path: Path, layout: Layout, points: Sequence[GridPoint], seeds: range
) -> list[PointSummary]:
    """Per grid point, in grid order, the aggregates of the rows in ``path``, taken in seed
    order (sums are exactly rounded, so they do not depend on the order either)."""
    by_point: list[list[tuple[SessionRow, str]]] = [[] for _ in points]
    for index, row, package in read_rows(path, layout, seeds):
        by_point[index].append((row, package))
    summaries = []
    for point, rows in zip(points, by_point, strict=True):
        runs = max(1, len(rows))
        summaries.append(
            PointSummary(
                point=point,
                sessions=len(rows),
                adopted=sum(row.adopted for row, _ in rows),
                mean_moves=math.fsum(row.moves for row, _ in rows) / runs,
                packages=len({package for _, package in rows if package}),
                payoffs={
                    actor: math.fsum(row.payoffs[a] for row, _ in rows) / runs
                    for a, actor in enumerate(layout.voters)
                },
            )
        )
    return summaries
