"""A sweep's results file near its limit: resuming (reading which sessions have rows) and
aggregating a file of ``--rows`` rows (default 1,000,000), each in a process of its own,
with its wall time and peak memory (the process's maximum resident set), against the
same process only loading the modules. Targets: at most 60 s and 500 MB each.

Run alone: ``python benchmarks/results_file.py [--rows N]``.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SPEC = (
    "title: limit\nscenario: quantum-classroom\nseeds: {{count: {seeds}}}\n"
    "grid: {{round_limit: [4, 8]}}\n"
)

WORK = """
import resource, sys, time
sys.path.insert(0, {src!r})
from pathlib import Path
from simulator.sweep.loading import load_sweep
from simulator.sweep.rows import Layout, aggregate, open_results
sweep = load_sweep({spec!r})
layout = Layout(sweep.scenario, sweep.points)
seeds = sweep.spec.seeds.range()
start = time.perf_counter()
if {job!r} == "resume":
    results = open_results(Path({out!r}), layout, seeds)
    found = len(results.finished)
    results.close()
elif {job!r} == "aggregate":
    found = sum(s.sessions for s in aggregate(Path({out!r}), layout, sweep.points, seeds))
else:
    found = 0
print(time.perf_counter() - start, found, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def write_results(folder: Path, rows: int) -> tuple[Path, Path]:
    """A sweep file and a results file of ``rows`` rows of that sweep (two grid points,
    rows / 2 seeds), as a sweep writes them, with made-up outcomes."""
    from simulator.sweep.loading import load_sweep
    from simulator.sweep.rows import Layout, SessionRow

    spec = folder / "limit.yaml"
    spec.write_text(SPEC.format(seeds=rows // 2))
    sweep = load_sweep(str(spec))
    layout = Layout(sweep.scenario, sweep.points)
    terms = sweep.scenario.terms
    rng = random.Random(0)
    out = folder / "limit.csv"
    with out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(layout.header)
        for seed in range(rows // 2):
            for point in sweep.points:
                values = tuple(rng.choice(term.values()) for term in terms)
                payoffs = tuple(round(rng.random(), 6) for _ in layout.voters)
                row = SessionRow(
                    point, seed, rng.random() < 0.8, rng.randint(60, 200), payoffs, values
                )
                writer.writerow(layout.cells(row))
    return spec, out


def measure(job: str, spec: Path, out: Path, source: Path) -> tuple[float, float, int]:
    """Seconds, peak megabytes and rows found for ``job`` in a fresh process running the
    simulator in ``source``."""
    code = WORK.format(src=str(source), spec=str(spec), out=str(out), job=job)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, found, peak = done.stdout.split()
    return float(seconds), int(peak) / 1024, int(found)


def main(rows: int, source: Path) -> None:
    with tempfile.TemporaryDirectory() as name:
        start = time.perf_counter()
        spec, out = write_results(Path(name), rows)
        size = out.stat().st_size / 2**20
        print(
            f"results file: {rows:,} rows ({size:.0f} MB) of the default scenario, written in "
            f"{time.perf_counter() - start:.1f} s"
        )
        _, base, _ = measure("none", spec, out, source)
        print(f"  loading the modules alone: peak {base:.0f} MB")
        for job in ("resume", "aggregate"):
            seconds, peak, found = measure(job, spec, out, source)
            assert found == rows, (job, found)
            verdict = "met" if seconds <= 60 and peak <= 500 else "MISSED"
            print(
                f"  {job:9}: {seconds:6.1f} s, peak {peak:5.0f} MB ({peak - base:.0f} MB above "
                f"the modules; {rows / seconds:,.0f} rows/s); target <= 60 s and 500 MB: {verdict}"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--source",
        type=Path,
        default=ROOT / "src",
        help="the simulator's source folder to measure (another checkout's, to compare)",
    )
    arguments = parser.parse_args()
    main(arguments.rows, arguments.source)
