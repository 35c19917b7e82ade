"""Playing a sweep's sessions: on local processes, or on a Dask ``distributed`` cluster.

Work goes out in small chunks (one grid point, a few seeds) and comes back as rows in the
order chunks finish; the caller writes them at once. A worker keeps each scenario variant
it has built (the base scenario with a grid point's settings applied) and its compiled
table for as long as it runs, so the table is compiled once per worker and grid point
rather than once per session (each session derives its seed's table from it). The
sessions of a chunk share one computer chair, which keeps the compromise texts it has
solved.

This module imports neither YAML nor the interface: a cluster's workers load only the
core and this module.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from simulator.agents.driver import advance, computer_players
from simulator.agents.mediator import MediatorPlayer
from simulator.engine.session import Session
from simulator.engine.table import Table
from simulator.scenario.identity import scenario_hash
from simulator.scenario.model import Scenario
from simulator.sweep.rows import Results, SessionRow
from simulator.sweep.spec import GridPoint

CHUNK = 8
"""Most sessions sent to a worker at once: rows come back (and are written) at least
this often per worker."""
IN_FLIGHT = 4
"""Chunks kept queued per worker, so no worker waits for the next."""
_KEPT_VARIANTS = 64
"""Most scenario variants a worker keeps."""

_VARIANTS: dict[tuple[str, GridPoint], tuple[Scenario, Table]] = {}
_LOCAL: dict[str, Any] = {}


@dataclass(frozen=True)
class Chunk:
    """Sessions to play together: one grid point, consecutive seeds."""

    point: GridPoint
    """The grid point."""
    seeds: tuple[int, ...]
    """The seeds to play it with."""


def variant(base: Scenario, key: str, point: GridPoint) -> tuple[Scenario, Table]:
    """The scenario a grid point plays and its compiled table, built once per worker and
    kept; ``key`` names the base scenario's content."""
    found = _VARIANTS.get((key, point))
    if found is None:
        if len(_VARIANTS) >= _KEPT_VARIANTS:
            _VARIANTS.clear()
        scenario = point.apply(base)
        found = _VARIANTS[(key, point)] = (scenario, Table.of(scenario))
    return found


def play_chunk(base: Scenario, key: str, chunk: Chunk) -> list[SessionRow]:
    """Play a chunk's sessions with the computer in every seat and in the chair, as
    ``run_session`` does, but with one computer chair for the sessions that play the same
    table: the compromise texts it works out depend only on the table and the state, so
    it keeps them from one session to the next instead of solving them again."""
    scenario, compiled = variant(base, key, chunk.point)
    rows = []
    chair: tuple[Table, MediatorPlayer] | None = None
    for seed in chunk.seeds:
        session = Session(scenario, seed=seed, table=compiled)
        table = session.state.table
        if chair is None or chair[0] is not table:
            chair = (table, MediatorPlayer(table.moderator))
        advance(session, computer_players(session.scenario, {}, session.seed), chair[1])
        state = session.state
        outcome = state.outcome
        payoffs = state.payoffs()
        rows.append(
            SessionRow(
                point=chunk.point,
                seed=seed,
                adopted=bool(outcome and outcome.adopted),
                moves=session.move_count,
                payoffs=tuple(payoffs[actor.id] for actor in scenario.voters()),
                values=state.draft,
            )
        )
    return rows


def chunks(todo: Sequence[tuple[GridPoint, int]], workers: int) -> list[Chunk]:
    """The sessions still to play, in grid then seed order, cut into chunks small enough
    to keep every worker busy and rows flowing."""
    size = max(1, min(CHUNK, len(todo) // (workers * IN_FLIGHT) or 1))
    cut: list[Chunk] = []
    for point, seed in todo:
        last = cut[-1] if cut else None
        if last is not None and last.point == point and len(last.seeds) < size:
            cut[-1] = Chunk(point, (*last.seeds, seed))
        else:
            cut.append(Chunk(point, (seed,)))
    return cut


Runner = Callable[[Scenario, str, list[Chunk]], Iterator[list[SessionRow]]]
"""Plays chunks of a base scenario, yielding each chunk's rows as it finishes."""


def in_process(base: Scenario, key: str, work: list[Chunk]) -> Iterator[list[SessionRow]]:
    """Play every chunk here, one after the other."""
    for chunk in work:
        yield play_chunk(base, key, chunk)


def local_processes(jobs: int) -> Runner:
    """A runner on ``jobs`` local worker processes (here, when ``jobs`` is 1)."""
    if jobs <= 1:
        return in_process

    def run(base: Scenario, key: str, work: list[Chunk]) -> Iterator[list[SessionRow]]:
        pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(base, key))
        try:
            yield from _windowed(
                lambda chunk: pool.submit(_play_local, chunk), work, jobs * IN_FLIGHT
            )
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    return run


def _start_worker(base: Scenario, key: str) -> None:
    _LOCAL["base"] = base
    _LOCAL["key"] = key


def _play_local(chunk: Chunk) -> list[SessionRow]:
    return play_chunk(_LOCAL["base"], _LOCAL["key"], chunk)


def _windowed(
    submit: Callable[[Chunk], Future[list[SessionRow]]], work: list[Chunk], window: int
) -> Iterator[list[SessionRow]]:
    pending = iter(work)
    running = {submit(chunk) for chunk in _take(pending, window)}
    while running:
        done, running = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            yield future.result()
        running |= {submit(chunk) for chunk in _take(pending, len(done))}


def _take(items: Iterator[Chunk], count: int) -> list[Chunk]:
    taken = []
    for item in items:
        taken.append(item)
        if len(taken) == count:
            break
    return taken


def default_jobs() -> int:
    """Worker processes when none are asked for: one per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def play_sweep(
    base: Scenario,
    points: Sequence[GridPoint],
    seeds: range,
    results: Results,
    runner: Runner,
    *,
    workers: int,
    advance: Callable[[int], None] | None = None,
) -> int:
    """Play every session of the grid not yet in ``results``, writing each chunk's rows
    as it finishes; returns how many sessions were played."""
    todo = [
        (point, seed) for point in points for seed in seeds if (point, seed) not in results.finished
    ]
    played = 0
    for rows in runner(base, scenario_hash(base), chunks(todo, workers)):
        results.write(rows)
        played += len(rows)
        if advance is not None:
            advance(len(rows))
    return played
