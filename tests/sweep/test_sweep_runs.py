"""Playing sweeps: rows equal single sessions, a rerun resumes without repeating, a torn
last line is played again, and the aggregates do not depend on the order rows finish in
or on where the sessions ran."""

from __future__ import annotations

import csv
import json
import random
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator.agents.driver import run_session
from simulator.cli import main
from simulator.scenario.identity import scenario_hash
from simulator.scenario.model import Scenario
from simulator.scenario.variation import Variation
from simulator.sweep.loading import Sweep, load_sweep, sweep_file
from simulator.sweep.rows import Layout, SessionRow, aggregate, open_results
from simulator.sweep.running import (
    CHUNK,
    Chunk,
    chunks,
    in_process,
    play_chunk,
    play_sweep,
    variant,
)
from simulator.sweep.spec import GridPoint
from tests.conftest import base

SPEC = "scenario: mini.yaml\nseeds: {first: 5, count: 4}\ngrid:\n  round_limit: [1, 3, 6]\n"


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    (tmp_path / "mini.yaml").write_text(yaml.safe_dump(base(), sort_keys=False))
    path = tmp_path / "sweep.yaml"
    path.write_text(SPEC)
    return path


def sweep_json(spec: Path, out: Path, *extra: str, capsys: pytest.CaptureFixture[str]) -> object:
    assert main(["sweep", str(spec), "-o", str(out), "--json", "--quiet", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def rows_of(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_each_row_is_the_session_played_alone(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A row holds what run_session gives for its round limit and seed: adopted, moves,
    every payoff and every term's final value."""
    out = tmp_path / "out.csv"
    sweep_json(spec, out, "--jobs", "1", capsys=capsys)
    rows = rows_of(out)
    assert len(rows) == 12
    scenario = load_sweep(str(spec)).scenario
    for row in rows:
        session = run_session(scenario, seed=int(row["seed"]), round_limit=int(row["round_limit"]))
        state = session.state
        assert row["adopted"] == ("true" if state.outcome and state.outcome.adopted else "false")
        assert int(row["moves"]) == len(session.moves)
        for actor, payoff in state.payoffs().items():
            assert float(row[f"payoff:{actor}"]) == pytest.approx(payoff, abs=1e-6)
        for term, value in state.draft_dict().items():
            assert row[f"term:{term}"] == str(value)
        assert row["scenario"] == f"mini@{scenario_hash(scenario)[:12]}"
        assert bool(row["package"]) == (row["adopted"] == "true")


def test_grid_points_differ(spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The round limit is applied: a one-round session is shorter than a six-round one."""
    summaries = sweep_json(spec, tmp_path / "out.csv", "--jobs", "1", capsys=capsys)
    assert isinstance(summaries, list)
    assert [s["round_limit"] for s in summaries] == [1, 3, 6]
    assert all(s["sessions"] == 4 for s in summaries)
    assert summaries[0]["mean_moves"] < summaries[2]["mean_moves"]


def test_a_rerun_keeps_finished_rows_and_plays_the_rest(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a rerun, rows already in OUT are kept as they are (not played again) and only the
    missing sessions are played; a torn last line is dropped and its session played."""
    full = tmp_path / "full.csv"
    expected = sweep_json(spec, full, "--jobs", "1", capsys=capsys)
    lines = full.read_text().splitlines(keepends=True)
    kept = lines[:6]  # the header and five rows
    marked = kept[3].split(",")
    marked[lines[0].split(",").index("moves")] = (
        "99999"  # moves: a value no session gives, to see the row is not replayed
    )
    kept[3] = ",".join(marked)
    partial = tmp_path / "partial.csv"
    partial.write_text("".join(kept) + lines[6][: len(lines[6]) // 2])  # and a torn line
    sweep_json(spec, partial, "--jobs", "1", capsys=capsys)
    rows = rows_of(partial)
    assert len(rows) == 12
    assert len({(r["round_limit"], r["seed"]) for r in rows}) == 12
    assert sum(r["moves"] == "99999" for r in rows) == 1
    assert partial.read_text().count("\n") == 13
    restored = partial.read_text().replace(kept[3], lines[3])
    assert sorted(restored.splitlines()) == sorted(full.read_text().splitlines())
    capsys.readouterr()
    partial.write_text(restored)
    assert sweep_json(spec, partial, "--jobs", "1", capsys=capsys) == expected


def test_a_finished_sweep_plays_nothing_on_a_rerun(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rerunning a finished sweep leaves OUT byte for byte as it was."""
    out = tmp_path / "out.csv"
    sweep_json(spec, out, "--jobs", "1", capsys=capsys)
    before = out.read_bytes()
    assert main(["sweep", str(spec), "-o", str(out), "--quiet"]) == 0
    assert "0 played" in capsys.readouterr().out
    assert out.read_bytes() == before


def test_aggregates_do_not_depend_on_row_order(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rows in any order give the same aggregates, to the last digit."""
    out = tmp_path / "out.csv"
    expected = sweep_json(spec, out, "--jobs", "1", capsys=capsys)
    header, *rows = out.read_text().splitlines(keepends=True)
    random.Random(7).shuffle(rows)
    out.write_text(header + "".join(rows))
    assert sweep_json(spec, out, "--jobs", "1", capsys=capsys) == expected


def test_processes_give_the_same_numbers(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two worker processes write the same rows (in any order) and the same aggregates as
    one process."""
    alone, pooled = tmp_path / "alone.csv", tmp_path / "pooled.csv"
    assert sweep_json(spec, alone, "--jobs", "1", capsys=capsys) == sweep_json(
        spec, pooled, "--jobs", "2", capsys=capsys
    )
    assert sorted(alone.read_text().splitlines()) == sorted(pooled.read_text().splitlines())


def test_rows_are_written_as_chunks_finish(spec: Path, tmp_path: Path) -> None:
    """Each chunk's rows are in the file before the next chunk is played."""
    sweep = load_sweep(str(spec))
    layout = Layout(sweep.scenario, sweep.points)
    out = tmp_path / "out.csv"
    results = open_results(out, layout, sweep.spec.seeds.range())
    seen: list[int] = []

    def watching(base: Scenario, key: str, work: list[Chunk]) -> Iterator[list[SessionRow]]:
        for rows in in_process(base, key, work):
            seen.append(len(rows_of(out)))
            yield rows

    seeds = sweep.spec.seeds.range()
    play_sweep(sweep.scenario, sweep.points, seeds, results, watching, workers=1)
    results.close()
    assert len(seen) > 1
    assert seen == sorted(seen)
    assert seen[1] > seen[0]


def test_chunks_cover_every_session_once(spec: Path) -> None:
    """Work is cut into chunks of one grid point and at most CHUNK seeds, covering every
    session once, in grid then seed order."""
    sweep: Sweep = load_sweep(str(spec))
    todo = [(p, s) for p in sweep.points for s in range(100)]
    cut = chunks(todo, workers=2)
    assert [(c.point, s) for c in cut for s in c.seeds] == todo
    assert all(1 <= len(c.seeds) <= CHUNK for c in cut)


def test_a_worker_keeps_each_variant_and_its_table(spec: Path) -> None:
    """A worker builds a grid point's scenario once and keeps it, so the engine's table of
    it is compiled once: the same objects come back on every session."""
    sweep = load_sweep(str(spec))
    point = sweep.points[1]
    first, table = variant(sweep.scenario, "key", point)
    again = variant(sweep.scenario, "key", point)
    assert again[0] is first
    assert again[1] is table
    assert table.scenario is first
    assert first.rules.round_limit == 3


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a,b\n1,2\n", "out.csv:1: the columns are not this sweep's"),
        (None, "out.csv:2: a row for round_limit=2, variation.priority=0.0"),
        ("seed", "outside this sweep's seeds"),
        ("twice", "out.csv:3: a second row for round_limit=1, variation.priority=0.0"),
        ("scenario", "the scenario has changed since"),
    ],
)
def test_results_of_another_sweep_are_refused(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str | None, words: str
) -> None:
    """OUT holding another sweep's rows is refused with its line, and left untouched."""
    out = tmp_path / "out.csv"
    sweep_json(spec, out, "--jobs", "1", capsys=capsys)
    header, first, *_ = out.read_text().splitlines(keepends=True)
    if text is None:
        text = header + first.replace("1,", "2,", 1)
    elif text == "seed":
        text = header + first.replace(",5,", ",50,", 1)
    elif text == "twice":
        text = header + first + first
    elif text == "scenario":
        text = header + first.replace("mini@", "mini@0")
    out.write_text(text)
    assert main(["sweep", str(spec), "-o", str(out), "--quiet"]) == 2
    assert words in capsys.readouterr().err
    assert out.read_text() == text


def test_scheduler_without_distributed_says_how_to_install(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without Dask's distributed, --scheduler exits 2 saying how to install it."""
    monkeypatch.setitem(sys.modules, "distributed", None)
    assert main(["sweep", str(spec), "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'quantum-negotiation-simulator[sweep]'" in err


def test_an_unreachable_scheduler_exits_2(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scheduler that does not answer, or an address that is not one, is reported
    plainly with exit status 2, and no results file is started."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        port = closed.getsockname()[1]
        for address in (f"tcp://127.0.0.1:{port}", "nonsense://x", "no port"):
            out = tmp_path / "out.csv"
            assert main(["sweep", str(spec), "-o", str(out), "--scheduler", address]) == 2
            err = capsys.readouterr().err
            assert f"cannot reach the Dask scheduler at {address}" in err
            assert not out.exists()


def two_workers(distributed: Any) -> Any:
    """A LocalCluster of two single-threaded workers in this process, on loopback."""
    return distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        host="127.0.0.1",
        protocol="tcp://",
        dashboard_address=None,
    )


def test_a_dask_cluster_gives_the_same_numbers(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a two-worker LocalCluster the sweep writes the same rows and the same aggregates
    as on local processes."""
    distributed = pytest.importorskip("distributed")
    local = sweep_json(spec, tmp_path / "local.csv", "--jobs", "1", capsys=capsys)
    with two_workers(distributed) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        remote = sweep_json(spec, tmp_path / "dask.csv", "--scheduler", address, capsys=capsys)
    assert remote == local
    assert sorted((tmp_path / "dask.csv").read_text().splitlines()) == sorted(
        (tmp_path / "local.csv").read_text().splitlines()
    )


def test_sweep_help_explains() -> None:
    """simulator sweep --help explains the command, the file, resuming and the cluster."""
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "sweep", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    for words in ("usage: simulator sweep", "--scheduler", "resum", "round_limit", "[sweep]"):
        assert words in " ".join(result.stdout.split()), words


def test_aggregate_reads_the_file(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The aggregates are the file's rows counted: agreement and moves per grid point."""
    out = tmp_path / "out.csv"
    sweep = load_sweep(str(spec))
    sweep_json(spec, out, "--jobs", "1", capsys=capsys)
    summaries = aggregate(out, Layout(sweep.scenario, sweep.points), sweep.points, range(5, 9))
    rows = rows_of(out)
    for summary in summaries:
        mine = [r for r in rows if r["round_limit"] == str(summary.point.values[0])]
        assert summary.sessions == len(mine)
        assert summary.adopted == sum(r["adopted"] == "true" for r in mine)
        assert summary.mean_moves == pytest.approx(sum(int(r["moves"]) for r in mine) / len(mine))
        assert summary.packages == len({r["package"] for r in mine if r["package"]})


def test_a_second_sweep_on_the_same_file_is_refused(
    spec: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """While one sweep holds OUT, another sweep writing to it is refused with exit 2 and
    the file is left as it was."""
    out = tmp_path / "out.csv"
    sweep = load_sweep(str(spec))
    layout = Layout(sweep.scenario, sweep.points)
    holder = open_results(out, layout, sweep.spec.seeds.range())
    try:
        before = out.read_bytes()
        assert main(["sweep", str(spec), "-o", str(out), "--quiet"]) == 2
        assert "another sweep is writing to this file" in capsys.readouterr().err
        assert out.read_bytes() == before
    finally:
        holder.close()


def test_a_chunk_plays_as_sessions_played_alone() -> None:
    """The sessions of a chunk that play one table share one computer chair, which keeps
    the compromise texts it has worked out; each still ends exactly as the same session
    played alone (the classroom's chair tables compromises, so what it keeps is used;
    its tables are made the same for every seed by setting its variation to none)."""
    scenario = load_sweep(sweep_file("example")).scenario
    point = GridPoint((8, 0.0, 0.0, 0.0))
    played = point.apply(scenario)
    assert played.variation.none()
    rows = play_chunk(scenario, scenario_hash(scenario), Chunk(point, tuple(range(6))))
    for row in rows:
        alone = run_session(played, seed=row.seed)
        assert row.moves == alone.move_count
        assert row.values == alone.state.draft
        assert row.payoffs == tuple(alone.state.payoffs().values())
        assert row.adopted == bool(alone.state.outcome and alone.state.outcome.adopted)


def test_variation_rows_are_sessions_of_the_varied_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A row at a variation setting is the session of the scenario with that variation
    (each seed drawing its own table within it), and the setting changes the outcome."""
    (tmp_path / "mini.yaml").write_text(yaml.safe_dump(base(), sort_keys=False))
    spec = tmp_path / "sweep.yaml"
    spec.write_text(
        "scenario: mini.yaml\nseeds: {count: 6}\n"
        "grid:\n  variation: {priority: [0, 0.8], reservation: [0.4]}\n"
    )
    out = tmp_path / "out.csv"
    sweep_json(spec, out, "--jobs", "2", capsys=capsys)
    scenario = load_sweep(str(spec)).scenario
    rows = rows_of(out)
    assert len(rows) == 12
    payoffs: dict[str, set[str]] = {}
    for row in rows:
        variation = Variation(
            priority=float(row["variation.priority"]),
            reservation=float(row["variation.reservation"]),
        )
        varied = scenario.model_copy(update={"variation": variation})
        alone = run_session(varied, seed=int(row["seed"]))
        assert int(row["moves"]) == alone.move_count
        for actor, payoff in alone.state.payoffs().items():
            assert float(row[f"payoff:{actor}"]) == pytest.approx(payoff, abs=1e-6)
        payoffs.setdefault(row["variation.priority"], set()).add(row["payoff:usa"])
    assert payoffs["0.0"] != payoffs["0.8"]


def test_sweeps_one_after_another_on_one_cluster_each_have_their_scenario(spec: Path) -> None:
    """A sweep sends its scenario to the workers under a key of its own: a second sweep on
    the same scheduler right after the first (whose copy is being released) still finds
    its scenario, and plays the same rows."""
    distributed = pytest.importorskip("distributed")
    from simulator.sweep.cluster import Cluster

    sweep = load_sweep(str(spec))
    todo = [(p, s) for p in sweep.points for s in range(6)]
    with two_workers(distributed) as local:
        cluster = Cluster(local.scheduler_address)
        try:
            runs = [
                sorted(
                    (sweep.points.index(row.point), row.seed, row.values)
                    for rows in cluster.run(sweep.scenario, "key", chunks(todo, 2))
                    for row in rows
                )
                for _ in range(3)
            ]
        finally:
            cluster.close()
    assert len(runs[0]) == len(todo)
    assert runs[1] == runs[0]
    assert runs[2] == runs[0]
