"""The results of a sweep: one CSV row per session, written as sessions finish, read back
to resume a sweep and to aggregate it.

This module is the one place the format is written and read. A row is identified by its
grid point and seed; a rerun skips the rows already there. A kill can leave the last line
torn (no line end): it is dropped and its session played again. The aggregates are made
from the file, read a line at a time into exact running sums per grid point, so the same
sweep gives the same numbers whatever order its sessions finished in, and whether or not
it was resumed, and a million rows take memory for the grid alone.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
from collections.abc import Callable, Iterable, Sequence
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


class Finished:
    """Which sessions of a sweep have their rows written: one bit per grid point and
    seed, so that a sweep of a million sessions resumes in a few hundred kilobytes."""

    def __init__(self, layout: Layout, seeds: range) -> None:
        self._places = {point: index for index, point in layout.points.values()}
        self._seeds = seeds
        self._bits = bytearray((len(self._places) * len(seeds) + 7) // 8)
        self._count = 0

    def _slot(self, key: Key) -> int | None:
        point, seed = key
        place = self._places.get(point)
        if place is None or seed not in self._seeds:
            return None
        return place * len(self._seeds) + self._seeds.index(seed)

    def __contains__(self, key: object) -> bool:
        slot = self._slot(key)  # type: ignore[arg-type]
        return slot is not None and bool(self._bits[slot >> 3] & (1 << (slot & 7)))

    def add(self, key: Key) -> bool:
        """Mark ``key`` written; False when it already was."""
        slot = self._slot(key)
        if slot is None:
            raise KeyError(key)
        mask = 1 << (slot & 7)
        if self._bits[slot >> 3] & mask:
            return False
        self._bits[slot >> 3] |= mask
        self._count += 1
        return True

    def __len__(self) -> int:
        return self._count


@dataclass
class Results:
    """A results file opened for a sweep: the rows already in it, and appending more."""

    path: Path
    """The file."""
    layout: Layout
    """Its columns."""
    finished: Finished
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
    stream = open(path, "a+", encoding="utf-8", newline="")  # noqa: SIM115 (kept open)
    try:
        _lock(stream, path)
        finished, good_end = _scan(path, layout, seeds, None)
    except BaseException:
        stream.close()
        raise
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


Visit = Callable[[int, SessionRow, str], None]
"""Called with each complete row of a results file: its point's place in the grid, the
row and its package key."""


def _scan(path: Path, layout: Layout, seeds: range, visit: Visit | None) -> tuple[Finished, int]:
    """Read ``path`` a line at a time, checking every complete row and handing it to
    ``visit``; which sessions it holds and the byte offset where its complete rows end
    (0 when not even the header is complete). Nothing but the current line is held."""
    finished = Finished(layout, seeds)
    end = 0
    with open(path, "rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if not raw.endswith(b"\n"):
                break  # a last line without its line end is torn
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ResultsError(
                    f"{path}:{number}: not a sweep's results (not UTF-8 text)"
                ) from None
            cells = next(csv.reader([line]), [])
            if number == 1:
                if cells != layout.header:
                    raise ResultsError(
                        f"{path}:1: the columns are not this sweep's "
                        f"({','.join(layout.header[:4])},...); the file holds other results: "
                        "write to another file"
                    )
            else:
                index, row, package = layout.parse(cells, f"{path}:{number}")
                if row.seed not in seeds:
                    raise ResultsError(
                        f"{path}:{number}: a row for seed {row.seed}, outside this sweep's "
                        f"seeds ({seeds.start} to {seeds.stop - 1}): write to another file"
                    )
                if not finished.add((row.point, row.seed)):
                    raise ResultsError(
                        f"{path}:{number}: a second row for {row.point.label()}, seed "
                        f"{row.seed}; two sweeps wrote to this file: remove one of the rows"
                    )
                if visit is not None:
                    visit(index, row, package)
            end += len(raw)
    return finished, end


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


class _Sums:
    """Running sums of one grid point's rows, exact whatever order the rows come in:
    payoffs are summed in millionths (the precision the file holds them in)."""

    def __init__(self, voters: int) -> None:
        self.sessions = 0
        self.adopted = 0
        self.moves = 0
        self.payoffs = [0] * voters
        self.packages: set[str] = set()

    def add(self, row: SessionRow, package: str) -> None:
        self.sessions += 1
        self.adopted += row.adopted
        self.moves += row.moves
        for place, payoff in enumerate(row.payoffs):
            self.payoffs[place] += round(payoff * SCALE)
        if package:
            self.packages.add(package)


SCALE = 10**PRECISION
"""Payoffs as whole numbers of millionths, as the file writes them."""


def aggregate(
    path: Path, layout: Layout, points: Sequence[GridPoint], seeds: range
) -> list[PointSummary]:
    """Per grid point, in grid order, the aggregates of the rows in ``path``, read a line
    at a time into running sums per point; the sums are exact, so the aggregates do not
    depend on the order the rows were written in."""
    sums = [_Sums(len(layout.voters)) for _ in points]

    def visit(index: int, row: SessionRow, package: str) -> None:
        sums[index].add(row, package)

    _scan(path, layout, seeds, visit)
    summaries = []
    for point, total in zip(points, sums, strict=True):
        runs = max(1, total.sessions)
        summaries.append(
            PointSummary(
                point=point,
                sessions=total.sessions,
                adopted=total.adopted,
                mean_moves=total.moves / runs,
                packages=len(total.packages),
                payoffs={
                    actor: total.payoffs[place] / (runs * SCALE)
                    for place, actor in enumerate(layout.voters)
                },
            )
        )
    return summaries
