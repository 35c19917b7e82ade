"""The session server under a class's load: 4 tables x 8 seats (the human-rights
workshop) = 32 clients on loopback playing whole sessions, plus the teacher's console and
the projector, against ``simulator serve`` in its own process.

Each seat's client plays when the server says it may (a statement in the openings; then
now and then a proposal of random texts, otherwise a pass; a random ballot in a vote).
For every move: the time from sending it to every client at that table holding the new
view (median and 99th percentile), and whether any move was lost or made twice (each
table's log is compared with the moves the clients had acknowledged). The server's
memory and CPU are read from /proc after each round of sessions; the teacher restarts
every table for the next round, so the server plays ``--sessions`` sessions in all.

Targets: at most 3 ms of server CPU per move; p99 under 50 ms at 8 tables x 8 seats on 2
cores; no lost or duplicated move; memory flat over 20 back-to-back sessions. The clients
run in this one process: on a loaded machine their own work is most of the latency. With
more than one table, one table is measured first in the same run, and the p99 at N tables
is given as a ratio to it (other programs' load moves both alike).

The clients speak ``--protocol`` (1.3 by default: each view sent whole once, then only
what changed, put together again as the real clients do; 1.2: every view whole), and the
bytes of views each seat is sent per move are counted.

Run alone: ``python benchmarks/server.py [--sessions 20] [--tables 4] [--protocol 1.2]``;
``--profile FILE`` runs the server under cProfile (its loop's thread only: the saves'
worker threads are not in it) and writes the figures to FILE for ``python -m pstats``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "human-rights-workshop"
sys.path.insert(0, str(ROOT / "src"))
from simulator.net.deltas import applied  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Seat:
    """A student's client, reduced to what the load needs: json in, a move out."""

    def __init__(
        self,
        table: str,
        seat: str,
        code: str,
        url: str,
        rng: random.Random,
        address: str,
        protocol: str,
    ) -> None:
        self.table, self.seat, self.code, self.url, self.rng = table, seat, code, url, rng
        self.protocol = protocol
        self.view: dict[str, Any] | None = None
        """The latest view message, put together from the changes sent."""
        self.view_bytes = 0
        """The bytes of every view (whole or changes) it was sent."""
        self.address = address
        """The loopback address it connects from: each device in a classroom has its own,
        and the server holds at most 64 connections from one."""
        self.moves = 0
        self.may: list[dict[str, Any]] = []
        self.terms: list[dict[str, Any]] = []
        self.connection: ClientConnection | None = None
        self.sent: set[int] = set()
        self.acked = 0
        self.over = False
        self.voting = False

    async def join(self) -> None:
        self.connection = await connect(self.url, max_size=1 << 24, local_addr=(self.address, 0))
        await self.connection.send(
            json.dumps({"type": "hello", "protocol": self.protocol, "code": self.code})
        )
        welcome = json.loads(await self.connection.recv())
        assert welcome["type"] == "welcome", welcome
        self.terms = list(welcome["terms"][self.table])

    def choose(self) -> dict[str, Any] | None:
        kinds = {m["kind"]: m for m in self.may}
        if not kinds:
            return None
        if self.voting:
            return {"kind": self.rng.choice(["support", "support", "oppose", "abstain"])}
        if "propose" in kinds and self.rng.random() < 0.15:
            allowed = set(kinds["propose"]["terms"])
            terms = [t for t in self.terms if t["id"] in allowed]
            picked = self.rng.sample(terms, k=min(len(terms), self.rng.randint(1, 3)))
            return {
                "kind": "propose",
                "values": {t["id"]: self.rng.choice(t["choices"])["value"] for t in picked},
            }
        if "statement" in kinds and self.moves < 12:
            return {"kind": "statement", "text": f"{self.seat} opens."}
        if "pass" in kinds:
            return {"kind": "pass"}
        if "return" in kinds:
            return {"kind": "return"}
        return None


class Load:
    def __init__(self, url: str, codes: dict[str, Any], seed: int, protocol: str) -> None:
        rng = random.Random(seed)
        self.url = url
        self.seats = [
            Seat(
                table,
                seat,
                code,
                url,
                random.Random(rng.random()),
                f"127.0.0.{2 + number}",
                protocol,
            )
            for number, (table, seat, code) in enumerate(
                (table, seat, code)
                for table, seats in codes["tables"].items()
                for seat, code in seats.items()
            )
        ]
        self.by_table: dict[str, list[Seat]] = {}
        for seat in self.seats:
            self.by_table.setdefault(seat.table, []).append(seat)
        self.sent_at: dict[tuple[str, int], float] = {}
        self.seen_by: dict[tuple[str, int], int] = {}
        self.latencies: list[float] = []
        self.refused: list[str] = []
        self.done: dict[str, asyncio.Event] = {t: asyncio.Event() for t in self.by_table}

    async def run_seat(self, seat: Seat) -> None:
        assert seat.connection is not None
        async for text in seat.connection:
            message = json.loads(text)
            kind = message["type"]
            if kind in ("view", "view_delta"):
                seat.view_bytes += len(text.encode() if isinstance(text, str) else text)
            if kind == "view_delta":
                assert seat.view is not None
                message = seat.view = applied(seat.view, message["changes"])
                kind = "view"
            elif kind == "view":
                seat.view = message
            if kind == "view":
                moves = message["moves"]
                table = message["table"]
                if moves > seat.moves or moves == 0:
                    key = (table, moves)
                    if key in self.sent_at:
                        self.seen_by[key] = self.seen_by.get(key, 0) + 1
                        if self.seen_by[key] == len(self.by_table[table]):
                            self.latencies.append(time.perf_counter() - self.sent_at.pop(key))
                seat.moves = moves
                seat.may = message["may"]
                public = message["view"]["public"]
                seat.over = public["outcome"] is not None
                seat.voting = public["vote"] is not None
                if seat.over:
                    self.done[table].set()
                    continue
                move = seat.choose()
                if move is not None and moves not in seat.sent:
                    seat.sent.add(moves)
                    self.sent_at[(table, moves + 1)] = time.perf_counter()
                    self.seen_by[(table, moves + 1)] = 0
                    await seat.connection.send(
                        json.dumps({"type": "move", "seen": moves, "move": move})
                    )
            elif kind == "ack":
                seat.acked += 1
            elif kind == "error" and message["error"] != "stale":
                self.refused.append(message["message"])
                if "pass" in {m["kind"] for m in seat.may}:  # fall back on passing
                    await seat.connection.send(
                        json.dumps({"type": "move", "seen": seat.moves, "move": {"kind": "pass"}})
                    )


def pdf() -> bool:
    """Whether ``simulator serve`` makes the join slips' PDF here (WeasyPrint loads)."""
    sys.path.insert(0, str(ROOT / "src"))
    from simulator.report.pdf import PdfUnavailable, pdf_writer

    try:
        pdf_writer()
    except PdfUnavailable:
        return False
    return True


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> tuple[float, float]:
    """The process's CPU so far: user and system seconds (saving a move's fsync is
    system time, and grows with the disk's load from other programs)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


async def session_round(url: str, codes: dict[str, Any], seed: int, protocol: str) -> Load:
    load = Load(url, codes, seed, protocol)
    for seat in load.seats:
        await seat.join()
    watchers = []
    for code in (codes["chair"], codes["projector"]):
        watcher = await connect(url, max_size=1 << 24)
        await watcher.send(json.dumps({"type": "hello", "protocol": protocol, "code": code}))
        watchers.append(watcher)
    readers = [asyncio.create_task(load.run_seat(seat)) for seat in load.seats]
    drains = [asyncio.create_task(_drain(w)) for w in watchers]
    await watchers[0].send(json.dumps({"type": "chair", "action": "resume", "table": "*"}))
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in load.done.values())), 600)
    for seat in load.seats:
        assert seat.connection is not None
        await seat.connection.close()
    for task in readers:
        task.cancel()
    await watchers[0].send(json.dumps({"type": "chair", "action": "restart", "table": "*"}))
    await asyncio.sleep(0.2)
    for watcher in watchers:
        await watcher.close()
    for task in drains:
        task.cancel()
    return load


async def _drain(connection: ClientConnection) -> None:
    async for _ in connection:
        pass


def check_logs(folder: Path, loads: list[tuple[dict[str, str], Load]]) -> tuple[int, int]:
    """Moves in the logs, and moves lost or made twice (a log whose records are not
    numbered 1, 2, 3… or whose count differs from what the clients saw last)."""
    total = problems = 0
    for logs, load in loads:
        for table, log in logs.items():
            lines = (folder / log).read_text().splitlines()[1:]
            numbers = [json.loads(line)["n"] for line in lines]
            total += len(numbers)
            if numbers != list(range(1, len(numbers) + 1)):
                problems += 1
            last = max(seat.moves for seat in load.by_table[table])
            if last != len(numbers):
                problems += 1
    return total, problems


def serving(argv: list[str], data: str, profile: str | None = None) -> subprocess.Popen[str]:
    """``simulator serve ARGV`` in its own process, with ``data`` as its data folder
    (and, given ``profile``, cProfile's figures written there when it stops); returns
    once it says it serves."""
    profiling = ["-m", "cProfile", "-o", profile] if profile else []
    server = subprocess.Popen(
        [sys.executable, *profiling, "-m", "simulator", "serve", *argv],
        env={**os.environ, "SIMULATOR_DATA": data, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert server.stdout is not None
    for line in server.stdout:
        if line.startswith("Press Ctrl-C"):
            return server
    raise RuntimeError(f"the server did not start (exit {server.wait()})")


def measure(tables: int, sessions: int, protocol: str, profile: str | None = None) -> float:
    """Serve ``tables`` tables for ``sessions`` sessions in all and print the figures;
    returns the p99 in milliseconds."""
    rounds = max(1, sessions // tables)
    with tempfile.TemporaryDirectory() as data:
        port = free_port()
        folder = Path(data) / "class"
        codes_file = Path(data) / "codes.json"
        server = serving(
            [SCENARIO, "--tables", str(tables), "--port", str(port), "--pace", "0"]
            + ["--chair", "teacher"]  # every seat is a client's: the computer chairs nothing
            + ["--folder", str(folder), "--codes", str(codes_file)],
            data,
            profile,
        )
        assert server.stdout is not None
        if pdf():  # the slips' PDF is made on a thread: its CPU is not a move's
            for line in server.stdout:
                if line.startswith(("Join slips as PDF", "Join slips not")):
                    break
        codes = json.loads(codes_file.read_text())
        url = f"ws://127.0.0.1:{port}"
        clients = tables * len(next(iter(codes["tables"].values())))
        print(
            f"Session server: {tables} tables x {clients // tables} seats = {clients} "
            f"clients (protocol {protocol}) + teacher + projector, {rounds * tables} "
            f"sessions of {SCENARIO}"
        )
        memory: list[int] = []
        latencies: list[float] = []
        refused: list[str] = []
        played: list[tuple[dict[str, str], Load]] = []
        cpu_before = cpu_seconds(server.pid)
        wall = time.perf_counter()
        try:
            for number in range(rounds):
                record = json.loads((folder / "class.json").read_text())
                logs = {t: r["log"] for t, r in record["tables"].items()}
                load = asyncio.run(session_round(url, codes, seed=number, protocol=protocol))
                played.append((logs, load))
                latencies.extend(load.latencies)
                refused.extend(load.refused)
                memory.append(rss_kib(server.pid))
            elapsed = time.perf_counter() - wall
            user, system = (a - b for a, b in zip(cpu_seconds(server.pid), cpu_before, strict=True))
            cpu = user + system
        finally:
            server.terminate()
            server.wait(30)
        moves, problems = check_logs(folder, played)
        latencies.sort()
        p50 = statistics.median(latencies) * 1000
        p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000
        print(f"  moves: {moves} in {elapsed:.1f} s ({moves / elapsed:.0f} moves/s)")
        print(
            f"  send -> every client at the table has the view: median {p50:.1f} ms, "
            f"p99 {p99:.1f} ms (target p99 < 50 ms: {'met' if p99 < 50 else 'NOT met'})"
        )
        print(f"  lost or duplicated moves: {problems} (tables whose log disagrees)")
        print(f"  moves refused other than stale: {len(refused)}")
        seat_moves = sum(len(load.by_table) for _, load in played)
        view_bytes = sum(seat.view_bytes for _, load in played for seat in load.seats)
        per_seat = view_bytes / max(1, moves * clients // tables) / 1024
        print(
            f"  views sent to each seat per move: {per_seat:.2f} KB "
            f"({view_bytes / 2**20:.1f} MB in all, {seat_moves} tables played)"
        )
        print(f"  server CPU: {cpu:.1f} s over {elapsed:.1f} s ({cpu / elapsed:.0%} of one core)")
        per_move = cpu / moves * 1000
        print(
            f"  server CPU per move (joins and restarts included): {per_move:.2f} ms "
            f"(target <= 3 ms: {'met' if per_move <= 3 else 'NOT met'}): "
            f"user {user / moves * 1000:.2f} ms, system {system / moves * 1000:.2f} ms"
        )
        print(f"  machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        first, last = memory[0], memory[-1]
        print(
            f"  server memory after each round of {tables} sessions (MiB): "
            + ", ".join(f"{m / 1024:.0f}" for m in memory)
            + f"; last/first = {last / first:.2f}"
        )
        return p99


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="sessions in all (default 20)")
    parser.add_argument("--tables", type=int, default=4, help="tables at once (default 4)")
    parser.add_argument(
        "--protocol", default="1.3", help="the protocol the clients speak (default 1.3)"
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="profile the server at the most tables with cProfile, written to FILE "
        "(read it with python -m pstats; the figures are then the profiler's, not the "
        "server's)",
    )
    args = parser.parse_args(argv)
    if args.tables > 1:
        one = measure(1, max(1, args.sessions // args.tables), args.protocol)
    p99 = measure(args.tables, args.sessions, args.protocol, args.profile)
    if args.tables > 1:
        print(
            f"p99 at {args.tables} tables / p99 at 1 table, same run: {p99 / one:.2f} "
            f"({p99:.1f} / {one:.1f} ms)"
        )


if __name__ == "__main__":
    main()
