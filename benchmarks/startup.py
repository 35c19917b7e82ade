"""The start-up cost of ``simulator`` commands that need nothing heavy, against importing
Textual: ``simulator --help``, ``simulator sessions --help`` and ``simulator --version``,
each in fresh processes, and which heavy modules each loaded (the scenario models,
pydantic, asyncio, Textual, PyYAML).

Target: ``simulator --help`` at most half the cost of importing Textual (``import
textual.app``), and none of the heavy modules imported for help.

Run alone: ``python benchmarks/startup.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("simulator.scenario", "pydantic", "asyncio", "textual", "yaml")
"""Modules a command that needs none of them must not import."""


def cpu_of(command: list[str], runs: int) -> float:
    """The median CPU seconds (user + system) of ``command`` in a fresh process."""
    times = []
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
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
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True, env=env
    ).stdout
    return out.split("\n")[-2].split() if out.strip() else []


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
    print(f"  machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
