"""All benchmarks, one after the other: `make bench` (or `python benchmarks/run.py`).

Each benchmark runs in a process of its own and prints its figures and the ratios
between measurements of the same run; its output is shown as it comes. At the end every
target is printed beside the figure measured for it (met or not met), and
docs/benchmarks.md is written: the date, the machine (cores, processor, load average),
that table, and every benchmark's whole output, so that the figures the documentation
quotes are the last run's.

``--quick`` runs smaller sizes (fewer seeds, sessions, rows and moves: about a quarter of
an hour on a shared two-core machine) and says so beside each figure; ``--only NAME,...``
runs some benchmarks alone; ``--no-write`` leaves docs/benchmarks.md as it is;
``--rewrite`` runs nothing and writes docs/benchmarks.md again from the outputs it holds,
judged against the targets as they are now set here.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOC = ROOT / "docs" / "benchmarks.md"
PART_TIMEOUT = 3600
"""Seconds one benchmark may run before it is stopped and reported as such."""


@dataclass(frozen=True)
class Target:
    """A figure a benchmark prints, found in its output, and the target it is held to."""

    figure: str
    """What is measured, in words."""
    pattern: str
    """A regular expression over the output whose group ``v`` is the figure."""
    target: str
    """The target, in words."""
    met: Callable[[float], bool] | None = None
    """Whether the figure meets the target (None: the benchmark says, in group ``verdict``:
    'met', 'ok' or 'all met' against anything else)."""
    unit: str = ""
    worst: Callable[[list[float]], float] = max
    """Which of several figures is the worst when all meet the target (``min`` for a
    target that asks for at least so much)."""


@dataclass(frozen=True)
class Part:
    """One benchmark: its script, its arguments in a full and in a quick run, its targets."""

    name: str
    script: str
    full: tuple[str, ...] = ()
    quick: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    note: str = ""
    """What to know when reading its figures (written under its output)."""


@dataclass
class Outcome:
    part: Part
    argv: list[str]
    output: str
    status: int
    seconds: float
    when: str
    """When it ran, and the load average then."""
    found: list[tuple[Target, str | None, bool | None]] = field(default_factory=list)


NUMBER = r"(?P<v>[0-9][0-9,]*(?:\.[0-9]+)?)"

PARTS: tuple[Part, ...] = (
    Part(
        "startup",
        "startup.py",
        (),
        ("--runs", "3"),
        (
            Target(
                "`simulator --help` CPU against importing Textual",
                r"--help: .*?(?P<v>[0-9.]+)x",
                "<= 0.5x",
                lambda v: v <= 0.5,
                "x",
            ),
        ),
    ),
    Part(
        "loading",
        "loading.py",
        targets=(
            Target(
                "load + validate the default scenario",
                rf"load \+ validate \+ cross-check\s+{NUMBER} ms",
                "< 50 ms",
                lambda v: v < 50,
                "ms",
            ),
        ),
    ),
    Part(
        "engine",
        "engine.py",
        targets=(
            Target(
                "check + apply per move",
                rf"check \+ apply per move\s+{NUMBER} us",
                "<= 50 µs",
                lambda v: v <= 50,
                "µs",
            ),
            Target(
                "replay a 10,000-move log",
                rf"replay \d+ moves\s+{NUMBER} ms",
                "< 500 ms",
                lambda v: v < 500,
                "ms",
            ),
        ),
    ),
    Part(
        "logs",
        "logs.py",
        (),
        ("--moves", "20000"),
        (
            Target(
                "open the largest saved log",
                rf"median\s+{NUMBER} s,[^\n]*\(target",
                "100,000 moves in < 2 s",
                lambda v: v < 2,
                "s",
            ),
        ),
        "The logs are made by the benchmark with a round limit of 20,000; `simulator run` "
        "allows at most 1,000 rounds, and the longest log it makes is printed above.",
    ),
    Part(
        "sessions",
        "sessions.py",
        (),
        ("--batch-runs", "1000", "--seeds", "40"),
        (
            Target(
                "processor time of a default session (median)",
                rf"processor time per session: median {NUMBER} ms",
                "<= 15 ms",
                lambda v: v <= 15,
                "ms",
            ),
            Target(
                "10,000 sessions on 2 processes (wall time, at the measured rate)",
                r"batch: [^\n]*?(?P<v>[0-9]+) s per 10,000; target: 10,000 in <= 100 s: "
                r"(?P<verdict>met|NOT met)",
                "<= 100 s",
                unit="s",
            ),
            Target(
                "10,000 sessions on two cores of their own (the workers' processor time / 2)",
                rf"so {NUMBER} s per 10,000 on two cores",
                "<= 100 s",
                lambda v: v <= 100,
                "s",
            ),
        ),
        "A batch's wall time is what the machine has to spare: on a shared machine it is "
        "longer than its processor time over two cores, which is what two cores of its own "
        "would take. The engine's share of a session is small; the rest is the computer "
        "delegations and chair.",
    ),
    Part(
        "sweep",
        "sweep.py",
        (),
        ("--seeds", "40"),
        (
            Target(
                "2-worker Dask LocalCluster against 2 local processes",
                rf"LocalCluster[^\n]*?{NUMBER}x the 2 local processes",
                ">= 0.9x (no loss to Dask)",
                lambda v: v >= 0.9,
                "x",
                min,
            ),
        ),
        "A cluster's first sweep runs slower than the rest: its workers import the "
        "simulator and compile each grid point's table on their first chunk. A warm "
        "cluster runs near the local processes' rate; what it adds is printed above: each "
        "worker spends more processor time per session than a local process (Dask's event "
        "loop, heartbeats and sampling profiler run in the worker beside the sessions), and "
        "the scheduler and client run in the benchmark's own process on the same two cores, "
        "which a cluster on machines of its own does not share with its workers.",
    ),
    Part(
        "tui",
        "tui.py",
        targets=(
            Target(
                "`simulator play` cold start against a bare Textual app",
                r"simulator play\s+[0-9]+ ms\s+ratio (?P<v>[0-9.]+)",
                "<= 1.5x",
                lambda v: v <= 1.5,
                "x",
            ),
            Target(
                "keypress on the table, own work",
                rf"own work {NUMBER} ms per keypress",
                "< 10 ms",
                lambda v: v < 10,
                "ms",
            ),
            Target(
                "own work per computer move at 7 x 11",
                rf"\s7 x 11: per computer move[^\n]*?own work\s+{NUMBER}",
                "<= 8 ms",
                lambda v: v <= 8,
                "ms",
            ),
            Target(
                "own work per computer move at 50 x 60",
                rf"\s50 x 60: per computer move[^\n]*?own work\s+{NUMBER}",
                "<= 20 ms",
                lambda v: v <= 20,
                "ms",
            ),
        ),
    ),
    Part(
        "results_file",
        "results_file.py",
        ("--rows", "1000000"),
        ("--rows", "100000"),
        (
            Target(
                "resume and aggregate a results file",
                r"target <= 60 s and 500 MB: (?P<verdict>[A-Za-z ]+)",
                "<= 60 s and <= 500 MB each (10^6 rows)",
            ),
        ),
    ),
    Part(
        "listing",
        "listing.py",
        (),
        ("--sessions", "40"),
        (
            Target(
                "list saved sessions from their summaries",
                rf"from their summaries\s+{NUMBER} s",
                "< 1 s",
                lambda v: v < 1,
                "s",
            ),
        ),
    ),
    Part("analysis", "analysis.py", (), ("--budget", "0.5")),
    Part(
        "bargaining",
        "bargaining.py",
        (),
        ("--seeds", "60"),
        (
            Target(
                "scenarios meeting every bargaining target",
                r"scenarios meeting every target: (?P<v>[0-9]+) of (?P<of>[0-9]+)",
                "all",
                None,
            ),
        ),
    ),
    Part(
        "explanations",
        "explanations.py",
        (),
        ("--seeds", "5"),
        (
            Target(
                "explanations that name the wrong direction, all scenarios",
                r"(?m)^all\s+objections naming a term\s+[0-9]+\s+wrong direction\s+(?P<v>[0-9]+)",
                "0",
                lambda v: v == 0,
            ),
            Target(
                "seed lines a delegation repeats, all scenarios",
                r"(?m)^all\s.*repeated\s+(?P<v>[0-9]+)",
                "0",
                lambda v: v == 0,
            ),
        ),
    ),
    Part(
        "report",
        "report.py",
        (),
        ("--sizes", "7x11,50x30"),
        (
            Target(
                "debrief against its run, worst size",
                r"ratio\s+(?P<v>[0-9.]+) \(target <= 2\)",
                "<= 2x at every size",
                lambda v: v <= 2,
                "x",
            ),
        ),
    ),
    Part(
        "vs_negmas",
        "vs_negmas.py",
        (),
        ("--quick",),
        (
            Target(
                "(a) rounds per second, ours against NegMAS (median ratio)",
                r"median ratio (?P<v>[0-9,]+)x \(target >= 20x\)",
                ">= 20x",
                lambda v: v >= 20,
                "x",
            ),
            Target(
                "(c) two-party Pareto frontier, NegMAS's time over ours",
                r"ratio (?P<v>[0-9,]+)x \(target >= 10x\); frontier points equal",
                ">= 10x, the same points",
                lambda v: v >= 10,
                "x",
            ),
        ),
        note="NegMAS runs in benchmarks/.negmas-venv, installed from benchmarks/negmas-lock.txt "
        "(exact versions with hashes) on first use; it is never a dependency of the simulator. "
        "In (a) each side plays its own kind of negotiator: ours, the time-based player, "
        "looks only at its own utility and agrees on worse texts for the worst-off party "
        "than NegMAS's AspirationNegotiator, which searches the outcome space for each offer, "
        "so its speed ratio compares different work. (b) gives both sides the same paths: "
        "its ratio is the like-for-like speed. The table of players compares what each "
        "player gets the worst-off party on the same problems.",
    ),
    Part(
        "server",
        "server.py",
        ("--tables", "8"),
        (),
        (
            Target(
                "server CPU per move",
                rf"server CPU per move[^:]*: {NUMBER} ms",
                "<= 3 ms",
                lambda v: v <= 3,
                "ms",
            ),
            Target(
                "move to every client at its table, p99 (8 seats a table)",
                rf"has the view: median [0-9.]+ ms, p99 {NUMBER} ms",
                "< 50 ms",
                lambda v: v < 50,
                "ms",
            ),
        ),
    ),
    Part(
        "web",
        "web.py",
        targets=(
            Target(
                "move to every Chromium tab showing it, p99",
                rf"shows its line: [^\n]*p99 {NUMBER} ms",
                "< 150 ms",
                lambda v: v < 150,
                "ms",
            ),
            Target(
                "memory per WebSocket client",
                rf"per WebSocket client: {NUMBER} KiB",
                "< 1024 KiB",
                lambda v: v < 1024,
                "KiB",
            ),
        ),
    ),
    Part(
        "web_console",
        "web_console.py",
        targets=(
            Target(
                "click on a card to the card redrawn (median)",
                rf"click to card redrawn[^:]*: median {NUMBER} ms",
                "< 100 ms",
                lambda v: v < 100,
                "ms",
            ),
        ),
    ),
    Part(
        "console",
        "console.py",
        (),
        ("--seconds", "10"),
        (
            Target(
                "teacher's console at rest (worst table count)",
                rf"console {NUMBER}% of a core",
                "< 3% of a core",
                lambda v: v < 3,
                "%",
            ),
            Target(
                "arrow key to screen (median, worst table count)",
                rf"arrow key to screen: median {NUMBER} ms",
                "< 50 ms",
                lambda v: v < 50,
                "ms",
            ),
        ),
    ),
)


def now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def machine() -> str:
    """Cores, processor model and Python of this machine."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}; Python {platform.python_version()}"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f} (1, 5 and 15 minutes)"


def run_part(part: Part, quick: bool) -> Outcome:
    """Run one benchmark, echoing its output as it comes."""
    argv = [sys.executable, str(HERE / part.script), *(part.quick if quick else part.full)]
    print(f"$ {' '.join(['python', 'benchmarks/' + part.script, *argv[2:]])}", flush=True)
    start = time.perf_counter()
    lines: list[str] = []
    with subprocess.Popen(
        argv,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    ) as process:
        assert process.stdout is not None
        deadline = start + PART_TIMEOUT
        for line in process.stdout:
            lines.append(line)
            print(line, end="", flush=True)
            if time.perf_counter() > deadline:
                process.kill()
                lines.append(f"(stopped after {PART_TIMEOUT} s)\n")
                break
        status = process.wait()
    when = f"{now()}, load average {os.getloadavg()[0]:.1f}"
    outcome = Outcome(part, argv, "".join(lines), status, time.perf_counter() - start, when)
    for target in part.targets:
        outcome.found.append(judge(target, outcome.output))
    return outcome


def judge(target: Target, output: str) -> tuple[Target, str | None, bool | None]:
    """The figure found for ``target`` (the worst one where it is printed more than once)
    and whether it meets the target (None when the output does not say)."""
    matches = list(re.finditer(target.pattern, output))
    if not matches:
        return target, None, None
    if target.met is None:
        groups = matches[-1].groupdict()
        if "of" in groups:
            return target, f"{groups['v']} of {groups['of']}", groups["v"] == groups["of"]
        said = [m.groupdict() for m in matches]
        misses = [g for g in said if g["verdict"].strip().lower() not in ("met", "ok", "all met")]
        groups = misses[0] if misses else said[-1]
        verdict = groups["verdict"].strip()
        figure = f"{groups['v']} {target.unit}".strip() if groups.get("v") else verdict
        return target, figure, not misses
    values = [float(m.group("v").replace(",", "")) for m in matches]
    verdicts = [target.met(v) for v in values]
    worst = values[verdicts.index(False)] if False in verdicts else target.worst(values)
    space = "" if target.unit in ("x", "%") else " "
    return target, f"{worst:g}{space}{target.unit}".strip(), all(verdicts)


def summary(outcomes: list[Outcome], quick: bool) -> list[str]:
    """The targets beside their figures, as Markdown table rows."""
    rows = ["| Benchmark | Figure | Measured | Target | |", "| --- | --- | --- | --- | --- |"]
    for outcome in outcomes:
        name = outcome.part.name
        if outcome.status != 0:
            rows.append(f"| {name} | (the benchmark failed: exit {outcome.status}) | | | |")
        for target, figure, met in outcome.found:
            verdict = "not found in the output" if met is None else "met" if met else "NOT met"
            rows.append(
                f"| {name} | {target.figure} | {figure or '–'} | {target.target} | {verdict} |"
            )
    if quick:
        rows.append("")
        rows.append("(A quick run: smaller sizes than the targets are set for.)")
    return rows


AGAIN = "Run again on their own since (each section says when)"


def recorded() -> tuple[list[Outcome], bool, str, str, str, list[str]]:
    """The outcomes docs/benchmarks.md holds, with its run's quick flag, date, machine and
    load averages (for ``--rewrite``)."""
    text = DOC.read_text(encoding="utf-8")
    header = dict(
        re.findall(rf"^- (Run|Machine|Load average|{re.escape(AGAIN)}): (.*)$", text, re.M)
    )
    quick = header["Run"].endswith("(quick: smaller sizes)")
    started = header["Run"].removesuffix(" (quick: smaller sizes)")
    parts = {part.name: part for part in PARTS}
    outcomes = []
    sections = re.finditer(
        r"^## (?P<name>\S+)\n\n`(?P<command>[^`]*)` \((?P<seconds>[0-9]+) s(?:, exit "
        r"(?P<status>-?[0-9]+))?(?:; (?P<when>[^)]*))?\)\n\n```text\n(?P<output>.*?)\n```",
        text,
        re.M | re.S,
    )
    for found in sections:
        part = parts.get(found["name"])
        if part is None:
            continue
        argv = [sys.executable, str(HERE / part.script), *found["command"].split()[2:]]
        output = found["output"] + "\n"
        outcome = Outcome(
            part,
            argv,
            output,
            int(found["status"] or 0),
            float(found["seconds"]),
            found["when"] or "",
        )
        outcome.found = [judge(target, output) for target in part.targets]
        outcomes.append(outcome)
    again = header[AGAIN].split(", ") if AGAIN in header else []
    return outcomes, quick, started, header["Machine"], header["Load average"], again


def write_doc(
    outcomes: list[Outcome],
    quick: bool,
    started: str,
    at_start: str,
    *,
    where: str | None = None,
    loads: str | None = None,
    again: list[str] | None = None,
) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python benchmarks/run.py"
        + (" --quick" if quick else "")
        + "`): every figure here is the output of that run. Rerun it to refresh them: "
        "`make bench` runs every benchmark at full size (10,000 sessions, 10^6 result rows, "
        "a 200 x 60 debrief: far longer), `make bench ARGS=--quick` at smaller sizes, and "
        "`make bench ARGS='--only NAME,...'` runs those alone and replaces their sections "
        "here. Each benchmark also "
        "runs alone as `python benchmarks/NAME.py` (see `--help`). NegMAS, for the "
        "comparison only, is installed into `benchmarks/.negmas-venv` from "
        "`benchmarks/negmas-lock.txt` on first use, never into the project's environment.",
        "",
        f"- Run: {started}{' (quick: smaller sizes)' if quick else ''}",
        f"- Machine: {where or machine()}",
        f"- Load average: {loads or f'{at_start} at the start, {load()} at the end'}",
        *([f"- {AGAIN}: {', '.join(again)}"] if again else []),
        "",
        "## Targets",
        "",
        *summary(outcomes, quick),
        "",
    ]
    for outcome in outcomes:
        part = outcome.part
        command = " ".join(["python", f"benchmarks/{part.script}", *outcome.argv[2:]])
        lines += [
            f"## {part.name}",
            "",
            f"`{command}` ({outcome.seconds:.0f} s"
            + (f", exit {outcome.status}" if outcome.status else "")
            + (f"; {outcome.when})" if outcome.when else ")"),
            "",
            "```text",
            outcome.output.rstrip("\n").replace("```", "'''"),
            "```",
            "",
        ]
        if part.note:
            lines += [part.note, ""]
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, minutes not an hour")
    parser.add_argument(
        "--only", help="comma-separated benchmark names: " + ", ".join(p.name for p in PARTS)
    )
    parser.add_argument("--no-write", action="store_true", help="leave docs/benchmarks.md alone")
    parser.add_argument(
        "--rewrite",
        action="store_true",
        help="run nothing: judge the outputs docs/benchmarks.md holds against today's targets",
    )
    args = parser.parse_args(argv)
    if args.rewrite:
        outcomes, quick, started, where, loads, again = recorded()
        print("\n".join(summary(outcomes, quick)))
        write_doc(outcomes, quick, started, "", where=where, loads=loads, again=again)
        return 0
    chosen = PARTS
    if args.only:
        names = args.only.split(",")
        unknown = [n for n in names if n not in {p.name for p in PARTS}]
        if unknown:
            parser.error(f"no benchmark named {', '.join(unknown)}")
        chosen = tuple(p for p in PARTS if p.name in names)
    started = now()
    at_start = load()
    print(f"benchmarks: {machine()}; load average {at_start}", flush=True)
    outcomes = []
    for part in chosen:
        outcomes.append(run_part(part, args.quick))
        print(flush=True)
    print("\n".join(summary(outcomes, args.quick)))
    if args.no_write:
        pass
    elif not args.only:
        write_doc(outcomes, args.quick, started, at_start)
        print(f"\nwritten: {DOC.relative_to(ROOT)}")
    elif DOC.exists():  # the benchmarks run replace theirs in the last whole run's record
        kept, quick, first, where, loads, before = recorded()
        new = {outcome.part.name: outcome for outcome in outcomes}
        merged = [new.pop(o.part.name, o) for o in kept] + list(new.values())
        again = [*before, *(p.name for p in chosen if p.name not in before)]
        write_doc(merged, quick, first, "", where=where, loads=loads, again=again)
        print(f"\nupdated: {DOC.relative_to(ROOT)} ({', '.join(p.name for p in chosen)})")
    return 0 if all(o.status == 0 for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
