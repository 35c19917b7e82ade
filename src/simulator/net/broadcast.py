"""Sending the tables' views: each audience's view of a table cut and encoded once per
move (``frames``), and each client sent its own (whole, or what changed since its last)
whenever the table changes."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Protocol

from simulator.host import Host
from simulator.net.connections import Client
from simulator.net.frames import Cut, Frame
from simulator.net.protocol import SeatStatus, Status


class Tables(Protocol):
    """What sending the views needs of the server."""

    clients: dict[int, Client]

    @property
    def hosts(self) -> dict[str, Host]: ...

    @property
    def stand_ins(self) -> set[tuple[str, str]]: ...

    @property
    def grace(self) -> float: ...

    def failed(self, table: str | None, what: str, error: BaseException) -> str: ...


class Broadcaster:
    """The views of a server's tables, cut and sent."""

    def __init__(self, server: Tables) -> None:
        self.server = server
        self._cuts: dict[str, Cut] = {}
        """Each table's views as encoded for the state they were cut from."""
        self._serials = itertools.count()

    def broadcast(self, table: str) -> None:
        """Send every client that sees ``table`` its view of it as it is now. Never
        raises: a view that cannot be made is told to the teacher, and every other client
        still gets its own."""
        try:
            audience = [c for c in self.server.clients.values() if c.sees(table)]
            status = self.status(table) if audience else None
        except Exception as error:
            self.server.failed(table, "sending the table's views", error)
            return
        made: dict[str, Frame] = {}
        failure: Exception | None = None
        for client in audience:
            assert status is not None
            try:
                client.send_view(self._frame_for(client, table, status, made))
            except Exception as error:
                failure = failure or error
        if failure is not None:
            self.server.failed(table, "sending the table's views", failure)

    def _frame_for(
        self, client: Client, table: str, status: Status, made: dict[str, Frame]
    ) -> Frame:
        """The view ``client`` is sent of ``table``; the chair's, the public view and
        each seat's (for all the devices sharing it) are made once per broadcast (kept in
        ``made``), and their views are cut and encoded once per move (``_cut``)."""
        host = self.server.hosts[table]
        holder = client.holder
        if holder.role == "seat":
            assert holder.seat is not None
            key, actor = f"seat {holder.seat}", holder.seat
        elif holder.role == "chair":
            key, actor = "chair", host.state.table.moderator
        else:
            key, actor = holder.role, None
        frame = made.get(key)
        if frame is None:
            cut = self._cut(table)
            frame = made[key] = Frame(
                next(self._serials), table, key, host.moves, cut, status, cut.may(host, actor)
            )
        if client.deltas:
            frame.make_tree(host)
        else:
            frame.make_old(host)
        return frame

    def _cut(self, table: str) -> Cut:
        """``table``'s views for its state now (cut again once it has moved)."""
        host = self.server.hosts[table]
        cut = self._cuts.get(table)
        if cut is None or not cut.fits(host):
            # the briefs' terms go on from cut to cut for as long as the table's session
            same = cut is not None and cut.state.table is host.state.table
            briefs = cut.briefs if cut is not None and same else None
            cut = self._cuts[table] = Cut(
                next(self._serials), host.state, host.public_view(), briefs
            )
        return cut

    def status(self, table: str) -> Status:
        """How ``table`` is running: paused, its clock, who sits where, who chairs."""
        host = self.server.hosts[table]
        devices = Counter(
            c.holder.seat for c in self.server.clients.values() if c.holder.table == table
        )
        return Status(
            paused=host.paused,
            clock=host.clock(),
            round_seconds=host.round_seconds,
            seats={
                seat: SeatStatus(
                    player=host.seats.get(seat, "computer"),
                    connected=devices[seat] > 0,
                    devices=devices[seat],
                    stand_in=(table, seat) in self.server.stand_ins,
                )
                for seat in host.state.table.voters
            },
            chair="teacher" if host.chair is None else "computer",
            time_up=host.time_up,
            grace=self.server.grace,
        )
