"""``simulator serve`` as a teacher runs it: killed with SIGKILL and started again with
the same command, it takes the table up from its log with the same codes, and a client
that was connected joins again by itself; bad input gets a clear message and exit 2."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.net.client import SessionClient
from simulator.net.protocol import Welcome
from simulator.storage.sessions import read_log
from tests.conftest import run_simulator
from tests.net.ports import free_port


def start(tmp_path: Path, port: int, said: list[str] | None = None) -> subprocess.Popen[str]:
    """The server; returns once it has printed that it serves (its own word), with what
    it printed until then in ``said``."""
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "simulator",
            "serve",
            "--port",
            str(port),
            "--codes",
            str(tmp_path / "codes.json"),
            "--name",
            "period-3",
        ],
        env={**os.environ, "SIMULATOR_DATA": str(tmp_path / "data")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert child.stdout is not None
    for line in child.stdout:
        if said is not None:
            said.append(line)
        if line.startswith("Press Ctrl-C"):
            return child
    raise AssertionError(f"the server did not start (exit {child.wait()})")


async def test_killed_and_started_again_with_the_same_command(tmp_path: Path) -> None:
    port = free_port()
    first: list[str] = []
    server = start(tmp_path, port, first)
    codes = json.loads((tmp_path / "codes.json").read_text())
    welcomes: list[object] = []
    client = SessionClient(
        f"ws://127.0.0.1:{port}",
        codes["tables"]["t1"]["usa"],
        on_message=lambda m: welcomes.append(m) if isinstance(m, Welcome) else None,
    )
    await client.join()
    await client.wait_for(lambda: client.view() is not None)
    await client.move({"kind": "statement", "text": "Saved before the crash."})
    await client.wait_for(lambda: (v := client.view()) is not None and v.moves == 1)
    server.send_signal(signal.SIGKILL)
    server.wait()
    second: list[str] = []
    again = await asyncio.to_thread(start, tmp_path, port, second)
    try:
        assert json.loads((tmp_path / "codes.json").read_text()) == codes
        # the class drew its own seed, printed it, and plays it again when taken up
        seeds = [line for line in first if line.startswith("Seed ")]
        assert len(seeds) == 1
        assert [line for line in second if line.startswith("Seed ")] == seeds
        # the client that was connected joins again by itself, and sees the saved move
        await client.wait_for(lambda: len(welcomes) == 2)
        await client.wait_for(lambda: (v := client.view()) is not None and v.moves == 1)
        china = SessionClient(f"ws://127.0.0.1:{port}", codes["tables"]["t1"]["china"])
        await china.join()
        await china.move({"kind": "statement", "text": "Back after the restart."}, seen=1)
        await client.wait_for(lambda: (v := client.view()) is not None and v.moves == 2)
        await china.close()
        log = tmp_path / "data" / "sessions" / "classes" / "period-3" / "t1.jsonl"
        header = json.loads(log.read_text().splitlines()[0])
        assert header["scenario"]["id"] == "quantum-classroom"
        assert seeds[0].startswith(f"Seed {header['seed']} ")
        slips = (log.parent / "join-slips.html").read_text()
        for seat_code in codes["tables"]["t1"].values():
            assert seat_code in slips
        assert any(line.startswith("Join slips to print:") for line in first)
        from simulator.scenario_files import load_scenario
        from simulator.storage.catalog import resolve

        session = read_log(log, load_scenario(str(resolve("quantum-classroom")))).session
        assert [m.text for m in session.moves] == [  # type: ignore[union-attr]
            "Saved before the crash.",
            "Back after the restart.",
        ]
    finally:
        await client.close()
        again.send_signal(signal.SIGINT)
        again.wait(20)
    assert again.returncode == 0


def test_bad_input_is_refused_clearly(tmp_path: Path) -> None:
    missing = run_simulator("serve", "no-such-scenario", cwd=tmp_path)
    assert missing.returncode == 2
    assert "no-such-scenario" in missing.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = run_simulator(
            "serve", "--port", str(port), "--name", "busy", "--codes", "codes.json", cwd=tmp_path
        )
    assert busy.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in busy.stderr
    # nothing was served, so nothing of the class it would have been is left behind
    assert not (tmp_path / "sessions" / "classes" / "busy").exists()
    assert not (tmp_path / "codes.json").exists()
    from simulator.net.classroom import Classroom, TableSource
    from simulator.scenario_files import load_scenario
    from simulator.storage.catalog import resolve

    path = resolve("quantum-classroom")
    source = TableSource("quantum-classroom", path, load_scenario(str(path)))
    folder = tmp_path / "sessions" / "classes" / "period-4"
    classroom, _ = Classroom.open(
        folder, [source], per_scenario=1, seed=0, computer_chair=False, pace=0.0
    )
    classroom.close()
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    other = run_simulator(
        "serve", "--port", "0", "--tables", "2", "--name", "period-4", cwd=tmp_path
    )
    assert other.returncode == 2  # the class there holds one table, not two
    assert "holds another class" in other.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    joined = run_simulator("join", "http://example.org", cwd=tmp_path)
    assert joined.returncode == 2
    assert "not a server address" in joined.stderr


def test_on_every_interface_the_printed_addresses_and_links_are_reachable_ones(
    tmp_path: Path,
) -> None:
    """With --host 0.0.0.0 (the class command), serve prints and writes links at this
    machine's network address, never at 0.0.0.0; --codes holds every code's link and
    --slips a printable slip (QR code and link) for every code."""
    port = free_port()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "simulator",
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            str(port),
            "--codes",
            str(tmp_path / "codes.json"),
            "--slips",
            str(tmp_path / "slips.html"),
            "--folder",
            str(tmp_path / "class"),
        ],
        env={**os.environ, "SIMULATOR_DATA": str(tmp_path / "data")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert child.stdout is not None
    printed = []
    try:
        for line in child.stdout:
            printed.append(line)
            if line.startswith("Press Ctrl-C"):
                break
    finally:
        child.terminate()
        child.wait(20)
    said = "".join(printed)
    assert "0.0.0.0" not in said
    codes = json.loads((tmp_path / "codes.json").read_text())
    usa = codes["tables"]["t1"]["usa"]
    link = codes["links"]["tables"]["t1"]["usa"]
    assert link.endswith(f":{port}/#{usa}")
    assert "0.0.0.0" not in json.dumps(codes["links"])
    assert f"{link}  United States" in said
    assert codes["links"]["projector"].endswith(codes["projector"])
    slips = (tmp_path / "slips.html").read_text()
    assert (tmp_path / "slips.html").stat().st_mode & 0o777 == 0o600
    assert slips.count('class="slip"') == len(codes["tables"]["t1"]) + 2
    assert slips.count("<svg") == slips.count('class="slip"')
    assert link in slips
    assert "0.0.0.0" not in slips


def test_each_new_class_draws_its_own_seed_and_keeps_it(tmp_path: Path) -> None:
    """Without a seed, each new class draws a fresh one and records it; taken up again
    without a seed it keeps its own, and with another seed it is refused; a seed given is
    played; with a seed per table, table N plays the seed + N - 1."""
    from simulator.net.classroom import ClassError, Classroom, TableSource
    from simulator.scenario_files import load_scenario
    from simulator.storage.catalog import resolve

    path = resolve("quantum-classroom")
    source = TableSource("quantum-classroom", path, load_scenario(str(path)))

    def opened(name: str, seed: int | None, tables: int = 1, **more: bool) -> Classroom:
        classroom, _ = Classroom.open(
            tmp_path / name,
            [source],
            per_scenario=tables,
            seed=seed,
            computer_chair=False,
            pace=0.0,
            **more,
        )
        classroom.close()
        return classroom

    drawn = [opened(f"section-{n}", None).record.seed for n in range(6)]
    assert len(set(drawn)) > 1  # six draws from 900,000 seeds are not all alike
    again = opened("section-0", None)
    assert again.record.seed == drawn[0]
    assert {h.session.seed for h in again.hosts.values()} == {drawn[0]}
    with pytest.raises(ClassError, match=f"--seed {drawn[0]}"):
        opened("section-0", drawn[0] + 1)
    assert opened("fixed", 1234).record.seed == 1234
    apart = opened("apart", 50, tables=3, seed_per_table=True)
    assert [h.session.seed for h in apart.hosts.values()] == [50, 51, 52]
    record = json.loads((tmp_path / "apart" / "class.json").read_text())
    assert (record["seed"], record["seed_per_table"]) == (50, True)


async def test_a_closed_standard_output_neither_stops_a_join_nor_loses_the_class(
    tmp_path: Path,
) -> None:
    """``serve | tee log`` after Ctrl-C has reached ``tee`` first: the server's standard
    output is a pipe nobody reads. A student still joins and moves (the server's
    "joined" line goes nowhere), and Ctrl-C stops the server with every table saved and
    the class folder kept, exit 0."""
    port = free_port()
    server = start(tmp_path, port)
    assert server.stdout is not None
    server.stdout.close()  # the reader of the pipe has gone
    codes = json.loads((tmp_path / "codes.json").read_text())
    client = SessionClient(f"ws://127.0.0.1:{port}", codes["tables"]["t1"]["usa"])
    await client.join()
    await client.wait_for(lambda: client.view() is not None)
    await client.move({"kind": "statement", "text": "Said while nobody reads the server."})
    await client.wait_for(lambda: (v := client.view()) is not None and v.moves == 1)
    await client.close()
    server.send_signal(signal.SIGINT)
    assert server.wait(60) == 0
    folder = tmp_path / "data" / "sessions" / "classes" / "period-3"
    assert (folder / "class.json").is_file()
    record = json.loads((folder / "class.json").read_text())
    log = folder / record["tables"]["t1"]["log"]
    from simulator.scenario_files import load_scenario
    from simulator.storage.catalog import resolve

    scenario = load_scenario(str(resolve("quantum-classroom")))
    assert read_log(log, scenario, recover=False).session.move_count == 1


def test_serving_keeps_the_start_up_heap_out_of_the_collector_and_gives_it_back() -> None:
    """While a class is served, what it was set up with is frozen out of the garbage
    collector's passes and young objects are collected less often; both as before once
    serving stops."""
    from simulator.commands.serving import _THRESHOLDS, _collector_spared

    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    with _collector_spared():
        assert gc.get_freeze_count() > frozen
        assert gc.get_threshold() == _THRESHOLDS != before
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
