"""The start-up cost of ``simulator`` commands that need nothing heavy, against importing
Textual: ``simulator --help``, ``simulator sessions --help`` and ``simulator --version``,
each in fresh processes, and which heavy modules each loaded (the scenario models,
pydantic, asyncio, Textual, PyYAML); then the cold start of ``simulator play`` beside a
bare Textual app's.

Targets: ``simulator --help`` at most half the cost of importing Textual (``import
textual.app``), and none of the heavy modules imported for help; ``simulator play`` to
its first frame at most 1.5 times a bare Textual app's.

The cold start is the wall time from launching a fresh interpreter to the first frame,
headless: the moment Textual posts its Ready event, right after it has drawn the first
frame (what the app does after it, such as filling in the rest of the start screen and
reading the scenario, is not counted). The simulator's goes through the modules the
``simulator`` command loads (``simulator.cli``, then the app); the bare app has a header,
a label and a footer. The two are launched in turn, so both see the same load; the ratio
of the medians is the figure, with the CPU time of each beside it.

Run alone: ``python benchmarks/startup.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("simulator.scenario", "pydantic", "asyncio", "textual", "yaml")
"""Modules a command that needs none of them must not import."""


CACHE = tempfile.TemporaryDirectory()
"""Where the measured processes keep their compiled bytecode, as an installed program
does (outside the checkout, whatever PYTHONDONTWRITEBYTECODE says)."""


def process_env() -> dict[str, str]:
    """The environment of a measured process: the checkout's sources, compiled once."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONPYCACHEPREFIX": CACHE.name}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def cpu_of(command: list[str], runs: int) -> float:
    """The median CPU seconds (user + system) of ``command`` in a fresh process, after
    one run that compiles its modules."""
    times = []
    env = process_env()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return statistics.median(times)


def heavy_imports(args: list[str]) -> list[str]:
    """The heavy modules (``HEAVY``) loaded by ``simulator ARGS``."""
    probe = (
        "import runpy, sys\n"
        f"sys.argv = ['simulator', *{args!r}]\n"
        "try:\n"
        "    runpy.run_module('simulator', run_name='__main__', alter_sys=True)\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(' '.join(h for h in {HEAVY!r} if h in sys.modules))\n"
    )
    env = process_env()
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True, env=env
    ).stdout
    return out.split("\n")[-2].split() if out.strip() else []


FIRST_FRAME = """
import os, time
from textual import events
APP
class FirstFrame(Base):
    def post_message(self, message):
        if isinstance(message, events.Ready):  # posted right after the first frame is drawn
            wall = time.time() - float(os.environ["LAUNCHED"])
            print(wall, time.process_time(), flush=True)
            self.exit()
        return super().post_message(message)
FirstFrame().run(headless=True)
"""

BARE_APP = FIRST_FRAME.replace(
    "APP",
    """from textual.app import App
from textual.widgets import Footer, Header, Static
class Base(App):
    def compose(self):
        yield Header(); yield Static("hello"); yield Footer()""",
)
"""A bare Textual app: a header, a label and a footer."""

PLAY = FIRST_FRAME.replace(
    "APP",
    """import simulator.cli
from simulator.tui.app import SimulatorApp as Base""",
)
"""``simulator play``: the modules the command loads, then the app."""


def cold_starts(runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds from launch to first frame, of the bare Textual app
    (``bare``) and of ``simulator play`` (``play``), launched in turn (after one launch
    of each that compiles their modules)."""
    samples: dict[str, list[tuple[float, float]]] = {"bare": [], "play": []}
    env = process_env()
    with tempfile.TemporaryDirectory() as data:
        env["SIMULATOR_DATA"] = data
        for run in range(runs + 1):
            for name, code in (("bare", BARE_APP), ("play", PLAY)):
                env["LAUNCHED"] = repr(time.time())
                done = subprocess.run(
                    [sys.executable, "-c", code], env=env, capture_output=True, text=True
                )
                if not done.stdout.strip():
                    raise SystemExit(f"{name}: no first frame\n{done.stderr}")
                wall, cpu = map(float, done.stdout.split()[:2])
                if run:
                    samples[name].append((wall, cpu))
    return {
        name: (
            statistics.median(wall for wall, _ in found),
            statistics.median(cpu for _, cpu in found),
        )
        for name, found in samples.items()
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="fresh processes each (default 7)")
    args = parser.parse_args(argv)
    python = [sys.executable]
    bare = cpu_of([*python, "-c", "pass"], args.runs)
    textual = cpu_of([*python, "-c", "import textual.app"], args.runs)
    print(
        f"Start-up, CPU per fresh process (median of {args.runs}; "
        f"python alone {bare * 1000:.0f} ms)"
    )
    print(f"  import textual.app: {textual * 1000:.0f} ms")
    for command in (["--help"], ["sessions", "--help"], ["--version"]):
        cost = cpu_of([*python, "-m", "simulator", *command], args.runs)
        heavy = heavy_imports(command)
        line = (
            f"  simulator {' '.join(command)}: {cost * 1000:.0f} ms = "
            f"{cost / textual:.2f}x importing Textual"
        )
        if command == ["--help"]:
            met = cost <= textual / 2 and not heavy
            line += f" (target <= 0.5x, nothing heavy: {'met' if met else 'NOT met'})"
        print(line)
        print(f"    heavy modules loaded: {', '.join(heavy) if heavy else 'none'}")
    starts = cold_starts(args.runs)
    (bare_wall, bare_cpu), (play_wall, play_cpu) = starts["bare"], starts["play"]
    ratio = play_wall / bare_wall
    print(
        f"  cold start to first frame: simulator play {play_wall * 1000:.0f} ms, bare Textual "
        f"app {bare_wall * 1000:.0f} ms = {ratio:.2f}x (target <= 1.5x: "
        f"{'met' if ratio <= 1.5 else 'NOT met'})"
    )
    print(
        f"    CPU to first frame: {play_cpu * 1000:.0f} ms against {bare_cpu * 1000:.0f} ms = "
        f"{play_cpu / bare_cpu:.2f}x"
    )
    print(f"  machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
