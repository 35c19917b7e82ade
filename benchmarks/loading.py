"""Scenario loading benchmark (part of `make bench`).

Prints wall-clock figures and, as the comparison that matters on a shared machine,
ratios between measurements taken in the same run.

Scenario loading: reading, parsing, validating and cross-checking the default scenario,
against the bare cost of parsing the same file with PyYAML (libyaml's CSafeLoader and
the pure-Python SafeLoader). Hostile files: how long each takes to be refused.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scenario.test_hostile_files import CASES  # noqa: E402

from simulator.scenario_files import ScenarioError, load_scenario  # noqa: E402

DEFAULT = ROOT / "scenarios" / "quantum-classroom.yaml"


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    """Seconds taken by each of ``repeat`` calls, after one warm-up call."""
    function()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def scenario_loading(repeat: int = 60) -> None:
    text = DEFAULT.read_text(encoding="utf-8")
    ours = statistics.median(timed(lambda: load_scenario(str(DEFAULT)), repeat))
    c_parse = statistics.median(timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader), repeat))
    py_parse = statistics.median(timed(lambda: yaml.load(text, Loader=yaml.SafeLoader), repeat))
    size = len(text.encode())
    print(f"scenario loading: {DEFAULT.name} ({size / 1024:.1f} KiB), median of {repeat}")
    print(f"  load + validate + cross-check      {ours * 1000:8.2f} ms   (target < 50 ms)")
    print(
        f"  bare yaml.load, CSafeLoader        {c_parse * 1000:8.2f} ms   "
        f"ratio ours/bare C = {ours / c_parse:.2f}"
    )
    print(
        f"  bare yaml.load, pure SafeLoader    {py_parse * 1000:8.2f} ms   "
        f"ratio ours/bare pure = {ours / py_parse:.2f}"
    )


def hostile_files() -> None:
    print("hostile files: time to refuse (target < 2 s each)")
    with tempfile.TemporaryDirectory() as folder:
        cases = dict(CASES)
        big = Path(folder) / "thirty_mb.yaml"
        with big.open("wb") as stream:
            stream.write(b"key: value\n" * (30 * 1024 * 1024 // 11))
        paths = {"thirty_mb_file": big}
        for name, (content, _) in cases.items():
            path = Path(folder) / f"{name}.yaml"
            path.write_bytes(content)
            paths[name] = path
        worst = 0.0
        for name, path in sorted(paths.items()):
            start = time.perf_counter()
            try:
                load_scenario(str(path))
            except ScenarioError:
                pass
            else:
                raise SystemExit(f"{name} was accepted")
            elapsed = time.perf_counter() - start
            worst = max(worst, elapsed)
            print(f"  {name:22s} {elapsed * 1000:8.2f} ms")
        print(f"  worst                  {worst * 1000:8.2f} ms")


def main() -> None:
    scenario_loading()
    hostile_files()


if __name__ == "__main__":
    main()
