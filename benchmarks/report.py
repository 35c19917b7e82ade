"""The debrief against the session it describes: ``python benchmarks/report.py`` (part
of ``make bench``).

For each size (delegations x terms; the scenario of ``analysis.generated``: four-option
terms with a deadline scale as every 10th, random ideals and priorities, a chair), the
scenario is written to a file, ``simulator run`` plays it and saves its log, and
``simulator report LOG --format html`` writes its debrief; both timed as a user runs
them (whole commands, start-up included). Target: the report takes at most twice the
run that made it, at every size. (A 1,000-delegation table is refused by ``validate``:
a scenario seats at most 200.)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from analysis import generated

SIZES = ["7x11", "100x60", "200x60"]
"""Delegations x terms, as the issue measured them."""
ROUNDS: dict[str, int] = {}
"""Round limits other than the generated scenario's ten."""
TARGET = 2.0
"""The most a report may take, as a multiple of its run."""


def timed(*args: str) -> float:
    """The wall time of ``simulator ARGS`` (it must succeed)."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "simulator", *args], check=True, capture_output=True, text=True
    )
    return time.perf_counter() - start


def measure(size: str, folder: Path) -> tuple[float, float]:
    """The run's and the report's wall time for one size."""
    delegations, terms = (int(n) for n in size.split("x"))
    scenario = generated(terms, delegations=delegations)
    data = scenario.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    path = folder / f"generated-{size}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    log = folder / f"generated-{size}.jsonl"
    rounds = ["--rounds", str(ROUNDS[size])] if size in ROUNDS else []
    run = timed("run", str(path), *rounds, "--log", str(log), "--json")
    report = timed("report", str(log), "--format", "html", "-o", str(folder / f"{size}.html"))
    return run, report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default=",".join(SIZES), help="e.g. 7x11,100x60")
    args = parser.parse_args(argv)
    print("debrief (report --format html) against the run that made it")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes.split(","):
            run, report = measure(size, Path(folder))
            verdict = "ok" if report <= TARGET * run else "over target"
            print(
                f"  {size:>8}: run {run:7.2f} s, report {report:7.2f} s, "
                f"ratio {report / run:4.2f} (target <= {TARGET:g}) {verdict}",
                flush=True,
            )


if __name__ == "__main__":
    main()
