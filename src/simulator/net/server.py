"""The session server: one asyncio process that runs a class's tables and is the only
writer of their logs, and a WebSocket connection for every seat, the teacher and the
projector (``docs/protocol.md``).

The server decides who a connection is from its code and nothing else: the actor of a
seat's move is the seat's delegation whatever the client sent (a move naming another
actor is refused), a seat sees its own brief and no other, and a move made against a
table that has changed since the sender looked is refused as stale. A move is answered
(``ack``) only once it is saved. A connection that floods the server is slowed and then
told; a message the server cannot read gets an error reply. Nothing a client sends can
stop another table: a failure while serving one table (a view that cannot be made, a
record that cannot be written) is told to the teacher and to that table's message alone,
never to another table's people or to the teacher's connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from pydantic import ValidationError
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from simulator.engine.errors import IllegalMoveError
from simulator.engine.moves import (
    MOVE_ADAPTER,
    Move,
)
from simulator.host import Event, Host, StaleMoveError
from simulator.net.absence import GRACE, Absences
from simulator.net.broadcast import Broadcaster
from simulator.net.classroom import Classroom
from simulator.net.connections import RATE, Bucket, Client, address_of, greet, refuse
from simulator.net.pages import answer, is_upgrade, load_pages, refusal
from simulator.net.protocol import (
    Ack,
    Bye,
    Choice,
    Codes,
    ErrorMessage,
    Hello,
    MoveMessage,
    Notice,
    Preview,
    PreviewRequest,
    ProtocolError,
    TermChoices,
    Welcome,
    decode_client,
    encode,
)
from simulator.net.teacher import Teacher
from simulator.previews import proposal_preview

PER_ADDRESS = 64
"""Open connections one network address may hold (a classroom's devices each have their
own address; a script opening hundreds from one machine is refused)."""
TOTAL = 400
"""Open connections the server holds in all."""

LOG = logging.getLogger(__name__)


class SessionServer:
    """A class's tables served over WebSockets."""

    def __init__(
        self, classroom: Classroom, *, say: Callable[[str], None] = print, grace: float = GRACE
    ) -> None:
        self.classroom = classroom
        self.clients: dict[int, Client] = {}
        """Every joined connection, by its number (several may hold one code: a
        delegation team on several devices)."""
        self._joined = itertools.count()
        self.addresses: dict[str, int] = {}
        """Open WebSocket connections by network address, for the caps."""
        self.per_address = PER_ADDRESS
        """Open connections one address may hold."""
        self.total = TOTAL
        """Open connections the server holds in all."""
        self.pages = load_pages()
        """The web client's files, served to browsers on the WebSocket's port."""
        self._say = say
        """Where the server reports what happens (the teacher's terminal)."""
        self.absences = Absences(lambda: self.hosts, self._here, self.say, grace)
        """The seats whose person has gone, timed."""
        self._stops: dict[str, Callable[[], None]] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._server: Server | None = None
        self.views = Broadcaster(self)
        """Each table's views, cut and sent."""
        self.teacher = Teacher(self)
        """The teacher's actions at the tables."""

    @property
    def hosts(self) -> dict[str, Host]:
        return self.classroom.hosts

    def say(self, line: str) -> None:
        """Report ``line`` on the teacher's terminal; a terminal that has gone (a closed
        pipe) never stops the server or a join."""
        try:
            self._say(line)
        except Exception:
            LOG.debug("could not report %r", line, exc_info=True)

    def failed(self, table: str | None, what: str, error: BaseException) -> str:
        """Tell the teacher (terminal and console) that ``what`` failed at ``table``; the
        sentence said."""
        where = f"{table}: " if table is not None else ""
        line = (
            f"{where}{what} failed ({type(error).__name__}: {error}); the rest of the class goes on"
        )
        LOG.debug("%s", line, exc_info=error)
        self.say(line)
        notice = encode(Notice(table=table, text=line))
        for client in self.clients.values():
            if client.holder.role == "chair":
                client.send(notice)
        return line

    # --- running -------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Start the tables' computer players and listen; returns the port."""
        for table in self.hosts:
            self._attend(table)
            self.watch(table)
        self._server = await serve(
            self._connection,
            host,
            port,
            max_size=1 << 20,
            max_queue=64,
            ping_interval=20,
            ping_timeout=20,
            compression=None,
            process_request=self._http,
        )
        sockets = list(self._server.sockets)
        return int(sockets[0].getsockname()[1]) if sockets else port

    async def stop(self) -> None:
        """Stop listening, tell every client, and close every table."""
        for client in list(self.clients.values()):
            client.send(encode(Bye(reason="the server is stopping")))
            client.close()
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)
        self.absences.stop()
        for stop in self._stops.values():
            stop()
        self.classroom.close()
        for task in self._tasks.values():
            task.cancel()
        for task in self._tasks.values():
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    def _http(self, connection: ServerConnection, request: Request) -> Response | None:
        """Answer a browser's request for a page, and refuse a WebSocket past the caps on
        open connections (per network address and in all); let any other through."""
        if not is_upgrade(request):
            return answer(self.pages, request)
        address = address_of(connection)
        if self.addresses.get(address, 0) >= self.per_address:
            return refusal(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"This address has {self.per_address} connections open already; close some "
                "tabs and try again.\n",
            )
        if sum(self.addresses.values()) >= self.total:
            return refusal(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"The server holds {self.total} connections, its most; try again later.\n",
            )
        return None

    def _attend(self, table: str) -> None:
        """Listen to ``table``'s host and let its computer players run."""
        host = self.hosts[table]
        host.saves_off_loop = True  # a table waiting on the disk holds up no other
        self._stops[table] = host.subscribe(self._listener(table))
        self._tasks[table] = asyncio.create_task(host.run())

    async def restart(self, table: str) -> None:
        stop, task = self._stops[table], self._tasks[table]
        await self.hosts[table].saved_all()  # the move being saved is saved first
        self.classroom.restart(table)  # an OSError here leaves the table as it was
        stop()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        self._attend(table)
        self.watch(table)
        text = encode(Notice(table=table, text="The teacher started the table again."))
        for client in self.clients.values():
            if client.sees(table):
                client.send(text)
        self.broadcast(table)

    # --- the tables' events --------------------------------------------------------

    def _listener(self, table: str) -> Callable[[Event], None]:
        def heard(event: Event) -> None:
            if event.text:
                notice = encode(Notice(table=table, text=event.text))
                for client in self.clients.values():
                    if client.sees(table):
                        client.send(notice)
            if event.kind in ("seats", "clock", "chair"):
                self._seated(table)
            if event.kind == "seats":
                self.watch(table)
            self.broadcast(table)

        return heard

    def _seated(self, table: str) -> None:
        """Keep who sits where in the class record; the teacher is told if it cannot be
        written (the table plays on; the record catches up at its next good write)."""
        try:
            self.classroom.seated(table)
        except OSError as error:
            self.failed(table, "saving the class record (class.json)", error)

    def broadcast(self, table: str) -> None:
        """Send every client that sees ``table`` its view of it as it is now (never
        raises: ``Broadcaster.broadcast``)."""
        self.views.broadcast(table)

    # --- seats left empty ------------------------------------------------------------

    def _here(self, table: str) -> set[str]:
        """The delegations at ``table`` with a device connected now."""
        return {
            c.holder.seat
            for c in self.clients.values()
            if c.holder.table == table and c.holder.seat is not None
        }

    def watch(self, table: str) -> None:
        """Time every person's seat at ``table`` that has no device (``Absences``)."""
        self.absences.watch(table)

    def set_grace(self, seconds: float) -> None:
        """Change the grace period; seats already empty keep the time they emptied."""
        self.absences.set_grace(seconds)
        for table in self.hosts:
            self.broadcast(table)

    @property
    def grace(self) -> float:
        """Seconds a person's seat may stay empty before the computer plays it."""
        return self.absences.grace

    @grace.setter
    def grace(self, seconds: float) -> None:
        self.absences.grace = seconds

    @property
    def stand_ins(self) -> set[tuple[str, str]]:
        """The seats (table, delegation) the computer plays while their person is away."""
        return self.absences.stand_ins

    # --- connections ---------------------------------------------------------------

    async def _connection(self, connection: ServerConnection) -> None:
        client: Client | None = None
        writer: asyncio.Task[None] | None = None
        bucket = Bucket()
        address = address_of(connection)
        self.addresses[address] = self.addresses.get(address, 0) + 1
        number = next(self._joined)
        try:
            client = await greet(connection, self.classroom, self._devices)
            if client is None:
                return
            self.clients[number] = client
            self._joined_now(client)
            writer = asyncio.create_task(client.pump())
            async for text in connection:
                if self.clients.get(number) is not client:
                    break  # its code was renewed
                if not bucket.take():
                    await refuse(connection, "too_many", "too many messages: at most 20 a second")
                    await asyncio.sleep(1 / RATE)
                    continue
                await self._handle(client, text)
        except ConnectionClosed:
            pass
        finally:
            left = self.addresses.get(address, 1) - 1
            if left > 0:
                self.addresses[address] = left
            else:
                self.addresses.pop(address, None)
            if client is not None:
                if self.clients.get(number) is client:
                    del self.clients[number]
                    if client.holder.table is not None:
                        self.watch(client.holder.table)
                        self.broadcast(client.holder.table)
                        self._chairs_told(client.holder.table)
                client.close()
            if writer is not None:
                with contextlib.suppress(Exception):
                    await writer

    def _devices(self, code: str) -> int:
        """How many connections hold ``code`` now."""
        return sum(1 for c in self.clients.values() if c.code == code)

    def _joined_now(self, client: Client) -> None:
        """Welcome a client that has just joined, and tell everyone who is here."""
        holder = client.holder
        tables = tuple(self.hosts) if holder.table is None else (holder.table,)
        name = None
        if holder.role == "seat":
            assert holder.table is not None
            assert holder.seat is not None
            name = self.hosts[holder.table].state.table.name(holder.seat)
        client.send(
            encode(
                Welcome(
                    role=holder.role,
                    tables=tables,
                    table=holder.table,
                    seat=holder.seat,
                    name=name,
                    terms={t: _choices(self.hosts[t]) for t in tables},
                )
            )
        )
        if holder.role == "seat":
            assert holder.table is not None
            assert holder.seat is not None
            host = self.hosts[holder.table]
            back = (holder.table, holder.seat) in self.stand_ins
            self.stand_ins.discard((holder.table, holder.seat))
            if host.seats.get(holder.seat, "computer") != "human":
                # a person has come: the seat is theirs
                host.set_seat(holder.seat, "human", why=" again" if back else "")
            self.say(f"{holder.table}: {name} joined")
        else:
            self.say(f"the {holder.role} joined")
        if holder.role == "chair":
            client.send(encode(Codes(**self.classroom.codes_json())))
        for table in tables:
            self.broadcast(table)
        if holder.role == "seat":
            self.teacher.send_debrief(client)
        if holder.table is not None:
            self.watch(holder.table)
            self._chairs_told(holder.table)

    def _chairs_told(self, table: str) -> None:
        """Show the teacher who is here at ``table`` (the chair's view carries it)."""
        for client in self.clients.values():
            if client.holder.role == "chair":
                self.broadcast(table)
                return

    # --- what clients ask ------------------------------------------------------------

    async def _handle(self, client: Client, text: str | bytes) -> None:
        try:
            await self._answer(client, text)
        except Exception as error:
            table = client.holder.table
            line = self.failed(table, "a message from a client", error)
            client.send(encode(ErrorMessage(error="failed", message=line)))

    async def _answer(self, client: Client, text: str | bytes) -> None:
        try:
            message = decode_client(text)
            if isinstance(message, Hello):
                raise ProtocolError("bad_message", "this connection has joined already")
            if isinstance(message, MoveMessage):
                await self._move(client, message)
            elif isinstance(message, PreviewRequest):
                self._preview(client, message)
            else:
                await self.teacher.act(client, message)
        except ProtocolError as error:
            client.send(encode(ErrorMessage(error=error.code, message=error.args[0])))

    async def _move(self, client: Client, message: MoveMessage) -> None:
        holder = client.holder
        if holder.role == "projector":
            raise ProtocolError("not_allowed", "the projector shows the table; it makes no move")
        if holder.role == "seat":
            assert holder.table is not None
            assert holder.seat is not None
            table, actor = holder.table, holder.seat
            if message.table is not None and message.table != table:
                raise ProtocolError("not_allowed", f"your seat is at table {table}")
        else:
            if message.table is None:
                raise ProtocolError("unknown_table", "say which table the chair's move is for")
            table = message.table
            if table not in self.hosts:
                raise ProtocolError("unknown_table", f"there is no table '{table}'")
            actor = self.hosts[table].state.table.moderator
        claimed = message.move.get("actor")
        if claimed is not None and claimed != actor:
            raise ProtocolError(
                "forged_actor", f"you play {actor} here; a move cannot be made for {claimed}"
            )
        move = _parse_move({**message.move, "actor": actor})
        await self.submit(client, table, move, seen=message.seen)

    def _preview(self, client: Client, message: PreviewRequest) -> None:
        holder = client.holder
        if holder.role != "seat" or holder.table is None or holder.seat is None:
            raise ProtocolError("not_allowed", "only a delegation's seat previews a proposal")
        state = self.hosts[holder.table].state
        unknown = [t for t in message.values if t not in state.table.term_index]
        if unknown:
            raise ProtocolError("bad_message", f"no term '{unknown[0]}' at this table")
        seen = proposal_preview(state, holder.seat, message.values)
        client.send(
            encode(
                Preview(values=message.values, satisfaction=None)
                if seen is None
                else Preview(
                    values=message.values,
                    satisfaction=seen.satisfaction,
                    walk_away=seen.walk_away,
                    red_lines=seen.red_lines,
                    outside=seen.outside,
                    verdict=seen.verdict,
                )
            )
        )

    async def submit(self, client: Client, table: str, move: Move, *, seen: int | None) -> None:
        """Make ``move`` at ``table`` and answer ``ack`` once it is durable (the disk is
        waited on off the loop: other tables go on meanwhile)."""
        host = self.hosts[table]
        try:
            await host.save(move, seen=seen)
        except StaleMoveError as error:
            raise ProtocolError("stale", str(error)) from None
        except IllegalMoveError as error:
            raise ProtocolError("illegal", error.reason) from None
        except OSError:
            raise ProtocolError(
                "not_saved",
                f"the move could not be saved ({host.saved.failure}); the teacher has been told",
            ) from None
        client.send(encode(Ack(table=table, moves=host.moves)))


def _choices(host: Host) -> tuple[TermChoices, ...]:
    return tuple(
        TermChoices(
            id=term.id,
            name=term.name,
            choices=tuple(Choice(value=v, label=term.label(v)) for v in term.values()),
        )
        for term in host.state.table.terms
    )


def _parse_move(data: dict[str, Any]) -> Move:
    try:
        return MOVE_ADAPTER.validate_python(data)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise ProtocolError("bad_message", f"move.{where}: {problem['msg']}") from None
