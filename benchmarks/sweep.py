"""Sweeps: sessions per second per core on local processes and on a two-worker Dask
LocalCluster, and the start-up cost of one `simulator sweep` invocation (part of
`make bench`).

The sweep is the default scenario at round limits 4 and 8 (the cost of a session grows
with its rounds), the same seeds each time, rows written to a CSV file as in real use.
Run alone: ``python benchmarks/sweep.py [--seeds N]`` (default 150 seeds per point).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from simulator.batch import run_batch  # noqa: E402
from simulator.cli import main as simulator  # noqa: E402
from simulator.scenario_files import load_scenario  # noqa: E402
from simulator.storage.catalog import resolve  # noqa: E402

SPEC = (
    "title: benchmark\nscenario: quantum-classroom\nseeds: {{count: {seeds}}}\n"
    "grid: {{round_limit: [4, 8]{variation}}}\n"
)
ONE_TABLE = ", variation: {priority: [0], reservation: [0], flexibility: [0]}"
"""The grid setting that makes every seed play the same table (no variation)."""


def timed_sweep(
    folder: Path, seeds: int, *where: str, variation: str = ""
) -> tuple[float, int, object]:
    """Seconds for one whole sweep (into a new CSV file), sessions played, aggregates."""
    spec = folder / "bench.yaml"
    spec.write_text(SPEC.format(seeds=seeds, variation=variation))
    out = folder / f"out-{time.monotonic_ns()}.csv"
    printed = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(printed):
        status = simulator(["sweep", str(spec), "-o", str(out), "--json", "--quiet", *where])
    seconds = time.perf_counter() - start
    assert status == 0, status
    out.unlink()
    return seconds, 2 * seeds, json.loads(printed.getvalue())


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def local(folder: Path, seeds: int) -> tuple[object, float]:
    scenario = load_scenario(str(resolve("quantum-classroom")))
    one, sessions, numbers = timed_sweep(folder, seeds, "--jobs", "1")
    print(
        f"sweep: {sessions} sessions of quantum-classroom (round limits 4 and 8; as shipped, "
        "its variation gives every seed a table of its own)"
    )
    print(
        f"  1 process:            {sessions / one:6.1f} sessions/s ({sessions / one:.1f} per core)"
    )
    start = time.perf_counter()
    for rounds in (4, 8):
        run_batch("", scenario, runs=seeds, jobs=1, round_limit=rounds)
    batch = time.perf_counter() - start
    print(
        f"  the same sessions as two batches (simulator.batch.run_batch, one process): "
        f"{sessions / batch:6.1f} sessions/s; the sweep is {batch / one:.2f}x as fast"
    )
    fixed, _, _ = timed_sweep(folder, seeds, "--jobs", "1", variation=ONE_TABLE)
    print(
        f"  1 process, variation set to none (one table per grid point, compiled once and "
        f"its chair's compromises kept): {sessions / fixed:6.1f} sessions/s"
    )
    jobs = cores()
    before = children_cpu()
    many, _, same = timed_sweep(folder, seeds, "--jobs", str(jobs))
    cpu = children_cpu() - before
    assert same == numbers, "processes changed the aggregates"
    print(
        f"  {jobs} local processes:    {sessions / many:6.1f} sessions/s "
        f"({sessions / many / jobs:.1f} per core; speed-up {one / many:.2f}x on {jobs} cores); "
        f"the workers' processor time {cpu / sessions * 1000:.1f} ms a session"
    )
    return numbers, sessions / many


def children_cpu() -> float:
    """Processor time of this process's children that have ended (a sweep's workers)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def own_cpu() -> float:
    """Processor time of the process that calls it."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def dask(folder: Path, seeds: int, numbers: object, local_rate: float) -> None:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("  (Dask's distributed is not installed: pip install -e '.[sweep]')")
        return
    start = time.perf_counter()
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        started = time.perf_counter() - start
        address = cluster.scheduler_address
        cold, sessions, same = timed_sweep(folder, seeds, "--scheduler", address)
        assert same == numbers, "the cluster changed the aggregates"
        with Client(address, set_as_default=False) as client:
            workers = client.run(own_cpu)
            here = own_cpu()
            warm, _, same = timed_sweep(folder, seeds, "--scheduler", address)
            here = own_cpu() - here
            after = client.run(own_cpu)
        assert same == numbers, "the cluster changed the aggregates"
    worked = sum(after[w] - workers[w] for w in after)
    rate = sessions / warm
    print(
        f"  2-worker LocalCluster: {rate:6.1f} sessions/s "
        f"({rate / 2:.1f} per worker process) with workers that have played a "
        f"sweep before, {rate / local_rate:.2f}x the 2 local processes; "
        f"{sessions / cold:.1f} sessions/s on the first sweep (workers importing the "
        f"simulator and compiling the tables); the cluster took {started:.1f} s to start, "
        "not counted; aggregates equal to the local run's"
    )
    print(
        f"  where a cluster's time goes: its workers' processor time "
        f"{worked / sessions * 1000:.1f} ms a session (a worker's event loop, heartbeats "
        "and sampling profiler beside the sessions), and this process (the scheduler, "
        "the client, the CSV) "
        f"{here / sessions * 1000:.1f} ms a session on the same cores"
    )


def startup(folder: Path, repeat: int = 5) -> None:
    """Wall time of `simulator sweep` playing one session, against `simulator batch`
    playing one, and against starting Python and importing the command line."""
    spec = folder / "one.yaml"
    spec.write_text("scenario: quantum-classroom\nseeds: {count: 1}\n")
    out = folder / "one.csv"
    python = [sys.executable, "-m", "simulator"]
    commands = {
        "sweep": [*python, "sweep", str(spec), "-o", str(out), "--jobs", "1", "--quiet"],
        "batch": [*python, "batch", "--runs", "1", "--jobs", "1", "--quiet"],
        "bare": [sys.executable, "-c", "import simulator.cli"],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            out.unlink(missing_ok=True)
            start = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True)
            samples[name].append(time.perf_counter() - start)
    sweep, batch, bare = (statistics.median(samples[name]) for name in commands)
    print(
        f"  start-up: one sweep invocation playing 1 session takes {sweep * 1000:.0f} ms "
        f"(median of {repeat}; `simulator batch --runs 1` {batch * 1000:.0f} ms); Python and "
        f"the command line alone {bare * 1000:.0f} ms, so the sweep's own start (reading the "
        f"sweep and its scenario, the session, the aggregates) is {(sweep - bare) * 1000:.0f} ms"
    )


def main(seeds: int = 150) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        numbers, rate = local(folder, seeds)
        dask(folder, seeds, numbers, rate)
        startup(folder)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=150)
    main(parser.parse_args().seeds)
