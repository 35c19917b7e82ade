"""Batches: many seeded computer-played sessions across worker processes.

Results stream back as small records and are folded into running totals at once, so
memory stays flat however many sessions are played.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import math
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from simulator.agents.driver import play_out
from simulator.engine.session import Session
from simulator.engine.table import Table
from simulator.report.outcome import session_facts
from simulator.scenario.common import TermValue
from simulator.scenario.model import Scenario


@dataclass(frozen=True, slots=True)
class Result:
    """One session of a batch, reduced to what the totals need."""

    seed: int
    """The session seed."""
    adopted: bool
    """Whether an agreement was adopted."""
    values: tuple[TermValue, ...]
    """The final value of each term."""
    payoffs: tuple[float, ...]
    """Each delegation's payoff: its utility for the agreement, or its walk-away value."""
    acceptable: tuple[bool, ...]
    """Whether the final draft was acceptable to each delegation."""
    moves: int
    """How many moves the session took."""
    conceded: tuple[bool, ...]
    """Whether each delegation moved its public stance at least once."""
    walked_out: bool
    """Whether any delegation walked out."""
    final_blocked: bool
    """Whether a final vote was held and failed."""


_WORKER: dict[str, Any] = {}
PR_SET_PDEATHSIG = 1
"""Linux's prctl option: the signal a process gets when the thread that forked it ends."""


def play_one(
    scenario: Scenario, seed: int, round_limit: int | None, table: Table | None = None
) -> Result:
    """Play one session with the computer in every seat and in the chair, and reduce it to
    a result record; ``table`` is ``scenario``'s compiled table, compiled once for the
    batch (each session derives its own seed's table from it)."""
    session = Session(scenario, seed=seed, round_limit=round_limit, table=table)
    play_out(session)
    state = session.state
    outcome = state.outcome
    facts = session_facts(session)
    return Result(
        seed=seed,
        adopted=bool(outcome and outcome.adopted),
        values=state.draft,
        payoffs=tuple(state.payoffs().values()),
        acceptable=tuple(state.acceptable(a) for a in state.utilities),
        moves=session.move_count,
        conceded=tuple(a in facts.conceded for a in state.utilities),
        walked_out=bool(facts.walked_out),
        final_blocked=facts.final_blocked,
    )


def _init_worker(scenario: Scenario, round_limit: int | None, parent: int) -> None:
    _leave_with(parent)
    _WORKER["scenario"] = scenario
    _WORKER["round_limit"] = round_limit
    _WORKER["table"] = Table.of(scenario)


def _play_chunk(seeds: range) -> list[Result]:
    scenario, table = _WORKER["scenario"], _WORKER["table"]
    return [play_one(scenario, seed, _WORKER["round_limit"], table) for seed in seeds]


@dataclass
class BatchSummary:
    """Running totals over a batch of sessions."""

    scenario: Scenario
    """The scenario played."""
    runs: int = 0
    """Sessions played so far."""
    adopted: int = 0
    """Sessions that adopted a treaty."""
    moves: int = 0
    """Moves played in all sessions."""
    seconds: float = 0.0
    """Wall-clock time taken."""
    values: list[Counter[TermValue]] = field(default_factory=list)
    """Per term, how often each value was adopted."""
    utility_sum: list[float] = field(default_factory=list)
    """Per delegation, the sum of final utilities."""
    utility_squares: list[float] = field(default_factory=list)
    """Per delegation, the sum of squared final utilities."""
    acceptable: list[int] = field(default_factory=list)
    """Per delegation, in how many sessions the final draft was acceptable to it."""
    conceded: list[int] = field(default_factory=list)
    """Per delegation, in how many sessions it moved its public stance."""
    packages: set[tuple[TermValue, ...]] = field(default_factory=set)
    """The distinct texts adopted."""
    walkouts: int = 0
    """Sessions in which some delegation walked out."""
    blocked: int = 0
    """Sessions whose final vote failed."""
    tense: int = 0
    """Sessions with a walk-out or a failed final vote."""
    all_conceded: int = 0
    """Sessions in which every delegation moved its public stance."""

    def __post_init__(self) -> None:
        voters = len(self.scenario.voters())
        self.values = [Counter() for _ in self.scenario.terms]
        self.utility_sum = [0.0] * voters
        self.utility_squares = [0.0] * voters
        self.acceptable = [0] * voters
        self.conceded = [0] * voters

    def add(self, result: Result) -> None:
        """Fold one session's result into the totals."""
        self.runs += 1
        self.moves += result.moves
        if result.adopted:
            self.adopted += 1
            self.packages.add(result.values)
            for counter, value in zip(self.values, result.values, strict=True):
                counter[value] += 1
        for a, (u, ok) in enumerate(zip(result.payoffs, result.acceptable, strict=True)):
            self.utility_sum[a] += u
            self.utility_squares[a] += u * u
            self.acceptable[a] += ok
            self.conceded[a] += result.conceded[a]
        self.walkouts += result.walked_out
        self.blocked += result.final_blocked
        self.tense += result.walked_out or result.final_blocked
        self.all_conceded += all(result.conceded)

    def as_dict(self) -> dict[str, Any]:
        """The summary as a JSON-ready object."""
        voters = [a.id for a in self.scenario.voters()]
        runs = max(1, self.runs)
        return {
            "scenario": self.scenario.id,
            "runs": self.runs,
            "adopted": self.adopted,
            "agreement_rate": round(self.adopted / runs, 6),
            "mean_moves": round(self.moves / runs, 3),
            "seconds": round(self.seconds, 3),
            "distinct_adopted_packages": len(self.packages),
            "walkout_rate": round(self.walkouts / runs, 6),
            "blocked_final_vote_rate": round(self.blocked / runs, 6),
            "walkout_or_blocked_rate": round(self.tense / runs, 6),
            "every_delegation_conceded_rate": round(self.all_conceded / runs, 6),
            "adopted_values": {
                term.id: {str(v): n for v, n in counter.most_common()}
                for term, counter in zip(self.scenario.terms, self.values, strict=True)
            },
            "utilities": {
                actor: {
                    "mean": round(self.utility_sum[a] / runs, 6),
                    "sd": round(self._sd(a), 6),
                    "acceptable_rate": round(self.acceptable[a] / runs, 6),
                    "concession_rate": round(self.conceded[a] / runs, 6),
                }
                for a, actor in enumerate(voters)
            },
        }

    def _sd(self, a: int) -> float:
        runs = max(1, self.runs)
        mean = self.utility_sum[a] / runs
        return math.sqrt(max(0.0, self.utility_squares[a] / runs - mean * mean))

    def render(self) -> str:
        """The summary as readable text."""
        data = self.as_dict()
        lines = [
            f"{self.scenario.title}: {self.runs} sessions in {self.seconds:.1f} s "
            f"({self.runs / max(self.seconds, 1e-9):.0f} per second)",
            f"{self.scenario.vocabulary.adopted()} in {self.adopted} "
            f"({data['agreement_rate']:.1%}); "
            f"{data['mean_moves']:.0f} moves per session on average",
            f"{len(self.packages)} distinct texts adopted; a walk-out in "
            f"{data['walkout_rate']:.0%} of sessions, a failed final vote in "
            f"{data['blocked_final_vote_rate']:.0%}; every {self.scenario.vocabulary.party} "
            f"conceded in public in {data['every_delegation_conceded_rate']:.0%}",
            "",
            "Adopted value per term (share of adopted treaties):",
        ]
        for term, counter in zip(self.scenario.terms, self.values, strict=True):
            total = sum(counter.values())
            if not total:
                lines.append(f"  {term.name}: (never adopted)")
                continue
            shares = ", ".join(
                f"{term.label(v)} {n / total:.0%}" for v, n in counter.most_common(3)
            )
            lines.append(f"  {term.name}: {shares}")
        lines += [
            "",
            "Payoff per delegation (utility of the agreement, or the walk-away value without "
            "one; mean ± sd; share of sessions the final draft was acceptable; share it "
            "conceded in public):",
        ]
        for actor in self.scenario.voters():
            stats = data["utilities"][actor.id]
            lines.append(
                f"  {actor.name}: {stats['mean']:.2f} ± {stats['sd']:.2f}; "
                f"{stats['acceptable_rate']:.0%}; {stats['concession_rate']:.0%}"
            )
        return "\n".join(lines) + "\n"


def _chunks(first: int, runs: int, size: int) -> Iterator[range]:
    for start in range(first, first + runs, size):
        yield range(start, min(first + runs, start + size))


def run_batch(
    path: str,
    scenario: Scenario,
    *,
    runs: int,
    jobs: int | None = None,
    first_seed: int = 0,
    round_limit: int | None = None,
    progress: bool = False,
    watch: Callable[[Result], None] | None = None,
) -> BatchSummary:
    """Play ``runs`` sessions (seeds from ``first_seed``) on ``jobs`` processes;
    ``watch``, if given, sees each session's result as it is counted."""
    jobs = jobs or os.cpu_count() or 1
    summary = BatchSummary(scenario)
    size = max(1, min(50, runs // (jobs * 8) or 1))
    start = time.perf_counter()
    bar = _progress(runs) if progress else None
    if jobs == 1:
        table = Table.of(scenario)
        results: Iterator[list[Result]] = (
            [play_one(scenario, seed, round_limit, table) for seed in chunk]
            for chunk in _chunks(first_seed, runs, size)
        )
        _collect(summary, results, bar, watch)
    else:
        with ProcessPoolExecutor(
            jobs, initializer=_init_worker, initargs=(scenario, round_limit, os.getpid())
        ) as pool:
            _collect(summary, pool.map(_play_chunk, _chunks(first_seed, runs, size)), bar, watch)
    summary.seconds = time.perf_counter() - start
    if bar is not None:
        bar.stop()
    return summary


def _leave_with(parent: int) -> None:
    """Make this worker end when the batch that started it ends, however it ends (a
    worker left behind would idle forever). On Linux the kernel kills the worker when the
    batch's process goes; elsewhere a thread checks once a second that it is still there."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent went before the signal was asked for
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _collect(
    summary: BatchSummary,
    batches: Iterator[list[Result]],
    bar: Any,
    watch: Callable[[Result], None] | None,
) -> None:
    for batch in batches:
        for result in batch:
            summary.add(result)
            if watch is not None:
                watch(result)
        if bar is not None:
            bar.advance(len(batch))


class _Bar:
    def __init__(self, total: int) -> None:
        import sys

        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        # the bar draws with control sequences of its own: past the stream that escapes them
        terminal = getattr(sys.stderr, "stream", sys.stderr)
        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(file=terminal),
            transient=True,
        )
        self.task = self.progress.add_task("sessions", total=total)
        self.progress.start()

    def advance(self, count: int) -> None:
        self.progress.advance(self.task, count)

    def stop(self) -> None:
        self.progress.stop()


def _progress(total: int) -> _Bar:
    return _Bar(total)
