"""A move is saved off the server's loop: while one table's move waits on the disk, the
other tables go on, the waiting move counts nowhere (no view shows it, no ``ack`` is
sent), the table's next moves wait their turn, and the move counts once it is durable."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from simulator.engine.errors import IllegalMoveError
from simulator.engine.moves import Statement
from simulator.host import Host
from simulator.net.client import ServerMessage, SessionClient
from simulator.net.protocol import Ack
from simulator.storage.files import Disk
from simulator.storage.sessions import read_log
from tests.net.test_server import open_server
from tests.test_host import open_host


class HeldDisk(Disk):
    """A disk whose fsync waits until the test lets it go (the write itself is done)."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.go = threading.Event()

    def fsync(self, fd: int) -> None:
        self.entered.set()
        if not self.go.wait(30):
            raise OSError("the test never let the fsync go")
        super().fsync(fd)


async def held(disk: HeldDisk) -> None:
    """Wait (off the loop) until a save is waiting on ``disk``."""
    assert await asyncio.to_thread(disk.entered.wait, 30)


def opening(host: Host, text: str) -> Statement:
    holder = host.state.holder()
    assert holder is not None
    return Statement(actor=holder, text=text)


async def test_a_move_counts_only_once_durable_and_the_table_waits_its_turn(
    tmp_path: Path,
) -> None:
    host = open_host(tmp_path, {})
    disk = host.saved.disk = HeldDisk()
    first = opening(host, "We open.")
    saving = asyncio.create_task(host.save(first, seen=0))
    await held(disk)
    # the loop is free (this test runs on it), and the move counts nowhere yet
    assert host.moves == 0
    assert host.public_view().moves == 0
    with pytest.raises(IllegalMoveError, match="being saved"):
        host.submit(first)
    with pytest.raises(IllegalMoveError, match="being saved"):
        host.undo()
    queued = asyncio.create_task(host.save(first, seen=0))  # sent on the same table
    disk.go.set()
    await saving
    assert host.moves == 1
    assert list(read_log(host.path, host.session.base).session.moves) == [first]
    with pytest.raises(Exception, match="moved on since you looked"):
        await queued  # it waited for the first and is now stale
    host.close()


async def test_other_tables_are_answered_while_one_waits_on_the_disk(tmp_path: Path) -> None:
    run = await open_server(tmp_path / "class", tables=2)
    try:
        hosts = run.classroom.hosts
        disk = hosts["t1"].saved.disk = HeldDisk()
        clients: dict[str, SessionClient] = {}
        heard: dict[str, list[ServerMessage]] = {"t1": [], "t2": []}
        for table in ("t1", "t2"):
            holder = hosts[table].state.holder()
            assert holder is not None
            code = run.classroom.codes.tables[table][holder]
            clients[table] = await run.join(code, on_message=heard[table].append)
        await clients["t1"].move({"kind": "statement", "text": "Held on the disk."})
        await held(disk)
        await clients["t2"].move({"kind": "statement", "text": "Saved meanwhile."})
        await clients["t2"].wait_for(lambda: any(isinstance(m, Ack) for m in heard["t2"]))
        view = clients["t1"].view()
        assert view is not None
        assert view.moves == 0  # no view shows the waiting move
        assert not any(isinstance(m, Ack) for m in heard["t1"])
        disk.go.set()
        await clients["t1"].wait_for(lambda: any(isinstance(m, Ack) for m in heard["t1"]))
        assert hosts["t1"].moves == 1
        on_disk = read_log(hosts["t1"].path, hosts["t1"].session.base)
        assert on_disk.session.move_count == 1
    finally:
        for client in run.clients:
            await client.close()
        await run.server.stop()
