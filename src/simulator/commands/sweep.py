"""``simulator sweep``: a grid of scenario variants times a range of seeds, every session
played by the computer, one CSV row per session, resumable, and the aggregates per grid
point."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from simulator.commands import EXIT_INVALID, EXIT_OK, positive


def register(verbs: Any) -> None:
    """Add the sweep verb to the parser."""
    sweep = verbs.add_parser(
        "sweep",
        help="play a grid of scenario variants over many seeds, one CSV row per session",
        description="Play every point of a sweep file's grid (round limits, variation "
        "shares) with every seed of its range, the computer in every seat and in the chair. "
        "Each session's row (the grid values, seed, scenario, adopted or not, moves, each "
        "delegation's payoff, each term's final value, a key naming the adopted text) is "
        "appended to OUT as soon as it is played, so an interrupted sweep loses nothing: run "
        "the same command again and it plays only the sessions missing from OUT. At the end "
        "the aggregates per grid point (agreement rate, moves, distinct texts, mean payoffs) "
        "are computed from OUT in grid and seed order: the same sweep always gives the same "
        "numbers.",
        epilog="SPEC is a sweep file or the name of a shipped one (example). A sweep file "
        "names a scenario (a file beside it or a shipped name), seeds: {first: 0, count: N} "
        "and a grid, e.g. grid: {round_limit: [4, 8, 16], variation: {priority: [0, 0.2]}} "
        "(also reservation and flexibility shares); at most "
        "1,000,000 sessions. Runs on local processes, or with --scheduler on a Dask cluster "
        "(needs the sweep extra: pip install 'quantum-negotiation-simulator[sweep]'; the "
        "workers need the simulator installed). Exit status: 0 when every session is "
        "played; 2 when the sweep file, its scenario or OUT is unusable, or the scheduler "
        "cannot be reached.",
    )
    sweep.add_argument("spec", metavar="SPEC", help="sweep file (YAML) or shipped sweep name")
    sweep.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="CSV file for the rows, resumed if it holds some (default: SPEC's name with "
        ".csv, in the current folder)",
    )
    where = sweep.add_mutually_exclusive_group()
    where.add_argument(
        "--jobs",
        type=positive,
        metavar="J",
        help="local worker processes (default: one per core)",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://HOST:8786)",
    )
    sweep.add_argument(
        "--json", action="store_true", help="print the aggregates as JSON instead of a table"
    )
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")
    sweep.set_defaults(run=_sweep)


def _sweep(args: argparse.Namespace) -> int:
    from simulator.datafiles.located import DataFileError
    from simulator.sweep.cluster import Cluster, SchedulerError
    from simulator.sweep.loading import load_sweep, sweep_file
    from simulator.sweep.rows import Layout, ResultsError, aggregate, open_results
    from simulator.sweep.running import Runner, default_jobs, local_processes, play_sweep

    filename = sweep_file(args.spec)
    try:
        sweep = load_sweep(filename)
    except DataFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    out = Path(args.output or f"{Path(filename).stem}.csv")
    seeds = sweep.spec.seeds.range()
    layout = Layout(sweep.scenario, sweep.points)
    cluster = None
    runner: Runner
    try:
        if args.scheduler:
            cluster = Cluster(args.scheduler)
            runner, workers = cluster.run, cluster.workers()
        else:
            workers = args.jobs or default_jobs()
            runner = local_processes(workers)
        results = open_results(out, layout, seeds)
    except (SchedulerError, ResultsError) as error:
        print(f"simulator: {error}", file=sys.stderr)
        return _closed(cluster, EXIT_INVALID)
    except OSError as error:
        print(f"{out}: cannot write the results ({error.strerror})", file=sys.stderr)
        return _closed(cluster, EXIT_INVALID)
    resumed = len(results.finished)
    bar = _Bar(sweep.sessions(), resumed) if not args.quiet and sys.stderr.isatty() else None
    start = time.perf_counter()
    try:
        played = play_sweep(
            sweep.scenario,
            sweep.points,
            seeds,
            results,
            runner,
            workers=workers,
            advance=bar.advance if bar else None,
        )
    finally:
        results.close()
        if bar is not None:
            bar.stop()
        _closed(cluster, EXIT_OK)
    seconds = time.perf_counter() - start
    try:
        summaries = aggregate(out, layout, sweep.points, seeds)
    except ResultsError as error:
        print(f"simulator: {error}", file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        print(json.dumps([summary.as_dict() for summary in summaries], ensure_ascii=False))
        return EXIT_OK
    title = sweep.spec.title or filename
    print(f"{title}: {sweep.scenario.title}")
    print(
        f"{sweep.sessions()} sessions: {played} played in {seconds:.1f} s"
        + (f", {resumed} already in {out}" if resumed else "")
        + f"; one row per session in {out}"
    )
    sys.stdout.write(_table(summaries, sweep.scenario))
    return EXIT_OK


def _closed(cluster: Any, status: int) -> int:
    if cluster is not None:
        cluster.close()
    return status


def _table(summaries: list[Any], scenario: Any) -> str:
    from simulator.sweep.spec import AXES

    names = {actor.id: actor.name for actor in scenario.voters()}
    header = [
        *(axis.name for axis in AXES),
        "sessions",
        "agreed",
        "moves",
        "texts",
        "mean payoff",
        "lowest mean payoff",
    ]
    lines = [header]
    for summary in summaries:
        payoffs = summary.payoffs
        lowest = min(payoffs, key=lambda actor: (payoffs[actor], actor))
        mean = sum(payoffs.values()) / max(1, len(payoffs))
        lines.append(
            [
                *summary.point.cells(),
                str(summary.sessions),
                f"{summary.adopted / max(1, summary.sessions):.1%}",
                f"{summary.mean_moves:.1f}",
                str(summary.packages),
                f"{mean:.3f}",
                f"{payoffs[lowest]:.3f} ({names[lowest]})",
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "".join(
        "  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        + "\n"
        for line in lines
    )


class _Bar:
    """The progress of a sweep on stderr, counting the rows already there."""

    def __init__(self, total: int, done: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.progress.add_task("sessions", total=total, completed=done)
        self.progress.start()

    def advance(self, count: int) -> None:
        self.progress.advance(self.task, count)

    def stop(self) -> None:
        self.progress.stop()
