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
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from pydantic import ValidationError
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from simulator.agents.facilitator import FacilitatorChair
from simulator.engine.errors import IllegalMoveError
from simulator.engine.moves import (
    MOVE_ADAPTER,
    AdvancePhase,
    Amend,
    CallVote,
    EndSession,
    FireInject,
    Move,
    Propose,
    SetAgenda,
)
from simulator.host import Event, Host, StaleMoveError
from simulator.net import protocol as chair
from simulator.net.classroom import Classroom, Holder
from simulator.net.frames import Cut, Frame
from simulator.net.pages import answer, is_upgrade, load_pages, refusal
from simulator.net.protocol import (
    PROTOCOL,
    Ack,
    AnyChairMessage,
    Bye,
    Choice,
    Codes,
    DebriefMessage,
    ErrorCode,
    ErrorMessage,
    Hello,
    MoveMessage,
    Notice,
    Preview,
    PreviewRequest,
    ProtocolError,
    SeatStatus,
    Status,
    Suggestion,
    TermChoices,
    Welcome,
    decode_client,
    encode,
    major,
    speaks_deltas,
)
from simulator.views import proposal_preview

RATE = 20.0
"""Messages a second a connection may send, on average."""
BURST = 40.0
"""Messages a connection may send at once before it is slowed."""
HELLO_SECONDS = 30.0
"""How long a new connection has to say who it is."""
BAD_CODES = 5
"""Wrong codes a connection may try before it is closed."""
GRACE = 60.0
"""Seconds a person's seat may stay empty (every device gone) before the computer plays
it, unless the server is told otherwise."""
DEVICES = 8
"""How many devices may hold one code at once (a delegation team shares its seat)."""
PER_ADDRESS = 64
"""Open connections one network address may hold (a classroom's devices each have their
own address; a script opening hundreds from one machine is refused)."""
TOTAL = 400
"""Open connections the server holds in all."""

LOG = logging.getLogger(__name__)


@dataclass(eq=False)
class Client:
    """One connection, once it has said who it is."""

    connection: ServerConnection
    holder: Holder
    code: str
    """The code it joined with (normalised)."""
    deltas: bool = False
    """Whether it speaks protocol 1.3 or later: sent only what changed in a view."""
    outbox: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    """Messages waiting to be sent, in order (None closes)."""
    pending_views: dict[str, Frame] = field(default_factory=dict)
    """The latest view of each table not yet sent (only the latest matters)."""
    sent: dict[str, Frame] = field(default_factory=dict)
    """The last view of each table sent (what the next ``view_delta`` changes)."""
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    def send(self, text: str) -> None:
        self.outbox.put_nowait(text)
        self.wake.set()

    def send_view(self, frame: Frame) -> None:
        self.pending_views[frame.table] = frame
        self.wake.set()

    def view_text(self, frame: Frame) -> str | None:
        """What to send for ``frame`` (None: nothing changed since the last view)."""
        if not self.deltas:
            assert frame.old is not None
            return frame.old
        text = frame.since(self.sent.get(frame.table))
        self.sent[frame.table] = frame
        return text

    def sees(self, table: str) -> bool:
        return self.holder.role != "seat" or self.holder.table == table


class Bucket:
    """A token bucket: ``RATE`` messages a second, ``BURST`` at once."""

    def __init__(self) -> None:
        self.tokens = BURST
        self.at = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(BURST, self.tokens + (now - self.at) * RATE)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


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
        self.grace = grace
        """Seconds a person's seat may stay empty before the computer plays it."""
        self.stand_ins: set[tuple[str, str]] = set()
        """The seats (table, delegation) the computer plays while their person is away."""
        self._empty: dict[tuple[str, str], tuple[float, asyncio.TimerHandle]] = {}
        self._stops: dict[str, Callable[[], None]] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._server: Server | None = None
        self._cuts: dict[str, Cut] = {}
        self._serials = itertools.count()
        """Each table's views as encoded for the state they were cut from."""
        self.released: dict[str, dict[str, str]] = {}
        """Each table whose debriefs the teacher has released: each seat's own debrief."""

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

    def _failed(self, table: str | None, what: str, error: BaseException) -> str:
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
            self._watch(table)
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
            client.outbox.put_nowait(None)
            client.wake.set()
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)
        for _, timer in self._empty.values():
            timer.cancel()
        self._empty.clear()
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
        address = _address(connection)
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
        self._stops[table] = host.subscribe(self._listener(table))
        self._tasks[table] = asyncio.create_task(host.run())

    async def _restart(self, table: str) -> None:
        stop, task = self._stops[table], self._tasks[table]
        await self.hosts[table].saved_all()  # the move being saved is saved first
        self.classroom.restart(table)  # an OSError here leaves the table as it was
        stop()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        self._attend(table)
        self._watch(table)
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
                self._watch(table)
            self.broadcast(table)

        return heard

    def _seated(self, table: str) -> None:
        """Keep who sits where in the class record; the teacher is told if it cannot be
        written (the table plays on; the record catches up at its next good write)."""
        try:
            self.classroom.seated(table)
        except OSError as error:
            self._failed(table, "saving the class record (class.json)", error)

    def broadcast(self, table: str) -> None:
        """Send every client that sees ``table`` its view of it as it is now. Never
        raises: a view that cannot be made is told to the teacher, and every other client
        still gets its own."""
        try:
            audience = [c for c in self.clients.values() if c.sees(table)]
            status = self.status(table) if audience else None
        except Exception as error:
            self._failed(table, "sending the table's views", error)
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
            self._failed(table, "sending the table's views", failure)

    def _frame_for(
        self, client: Client, table: str, status: Status, made: dict[str, Frame]
    ) -> Frame:
        """The view ``client`` is sent of ``table``; the chair's, the public view and
        each seat's (for all the devices sharing it) are made once per broadcast (kept in
        ``made``), and their views are cut and encoded once per move (``_cut``)."""
        host = self.hosts[table]
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
        host = self.hosts[table]
        cut = self._cuts.get(table)
        if cut is None or not cut.fits(host):
            cut = self._cuts[table] = Cut(next(self._serials), host.state, host.public_view())
        return cut

    def status(self, table: str) -> Status:
        """How ``table`` is running: paused, its clock, who sits where, who chairs."""
        host = self.hosts[table]
        devices = Counter(c.holder.seat for c in self.clients.values() if c.holder.table == table)
        return Status(
            paused=host.paused,
            clock=host.clock(),
            round_seconds=host.round_seconds,
            seats={
                seat: SeatStatus(
                    player=host.seats.get(seat, "computer"),
                    connected=devices[seat] > 0,
                    devices=devices[seat],
                    stand_in=(table, seat) in self.stand_ins,
                )
                for seat in host.state.table.voters
            },
            chair="teacher" if host.chair is None else "computer",
            time_up=host.time_up,
            grace=self.grace,
        )

    # --- seats left empty ------------------------------------------------------------

    def _here(self, table: str) -> set[str]:
        """The delegations at ``table`` with a device connected now."""
        return {
            c.holder.seat
            for c in self.clients.values()
            if c.holder.table == table and c.holder.seat is not None
        }

    def _watch(self, table: str) -> None:
        """Time every person's seat at ``table`` that has no device: once it has been empty
        for the grace period, the computer plays it until a device joins again."""
        host = self.hosts[table]
        here = self._here(table)
        empty = {s for s in host.humans() if s not in here}
        for key in [k for k in self._empty if k[0] == table and k[1] not in empty]:
            self._empty.pop(key)[1].cancel()
        loop = asyncio.get_running_loop()
        for seat in empty:
            if (table, seat) not in self._empty:
                since = time.monotonic()
                timer = loop.call_later(self.grace, self._gone, table, seat)
                self._empty[(table, seat)] = (since, timer)

    def _gone(self, table: str, seat: str) -> None:
        """The grace period of an empty seat is over: the computer plays it."""
        self._empty.pop((table, seat), None)
        host = self.hosts.get(table)
        if host is None or host.seats.get(seat) != "human" or seat in self._here(table):
            return
        self.stand_ins.add((table, seat))
        self.say(f"{table}: {host.state.table.name(seat)} is away; the computer plays it")
        host.set_seat(seat, "computer", why=" while its delegate is away")

    def set_grace(self, seconds: float) -> None:
        """Change the grace period; seats already empty keep the time they emptied."""
        self.grace = seconds
        loop = asyncio.get_running_loop()
        now = time.monotonic()
        for key, (since, timer) in list(self._empty.items()):
            timer.cancel()
            left = max(0.0, since + seconds - now)
            self._empty[key] = (since, loop.call_later(left, self._gone, *key))
        for table in self.hosts:
            self.broadcast(table)

    # --- connections ---------------------------------------------------------------

    async def _connection(self, connection: ServerConnection) -> None:
        client: Client | None = None
        writer: asyncio.Task[None] | None = None
        bucket = Bucket()
        address = _address(connection)
        self.addresses[address] = self.addresses.get(address, 0) + 1
        number = next(self._joined)
        try:
            client = await self._greet(connection)
            if client is None:
                return
            self.clients[number] = client
            self._joined_now(client)
            writer = asyncio.create_task(self._write(client))
            async for text in connection:
                if self.clients.get(number) is not client:
                    break  # its code was renewed
                if not bucket.take():
                    await self._refuse(
                        connection, "too_many", "too many messages: at most 20 a second"
                    )
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
                        self._watch(client.holder.table)
                        self.broadcast(client.holder.table)
                        self._chairs_told(client.holder.table)
                client.outbox.put_nowait(None)
                client.wake.set()
            if writer is not None:
                with contextlib.suppress(Exception):
                    await writer

    async def _greet(self, connection: ServerConnection) -> Client | None:
        """Wait for a good ``hello``; returns the client, or None once it is refused."""
        tries = 0
        while tries < BAD_CODES:
            try:
                text = await asyncio.wait_for(connection.recv(), HELLO_SECONDS)
            except TimeoutError:
                await self._refuse(connection, "not_joined", "say hello with a code first")
                return None
            try:
                message = decode_client(text)
            except ProtocolError as error:
                tries += 1
                await self._refuse(connection, error.code, error.args[0])
                continue
            if not isinstance(message, Hello):
                tries += 1
                await self._refuse(connection, "not_joined", "say hello with a code first")
                continue
            if major(message.protocol) != major(PROTOCOL):
                await self._refuse(
                    connection,
                    "version",
                    f"this server speaks protocol {PROTOCOL}; the client speaks "
                    f"{message.protocol}: use the simulator of the server's version",
                )
                return None
            holder = self.classroom.holder(message.code)
            if holder is None:
                tries += 1
                await self._refuse(connection, "bad_code", "no seat has that code; check it")
                continue
            code = normal_code_of(self.classroom, holder)
            if sum(1 for c in self.clients.values() if c.code == code) >= DEVICES:
                await self._refuse(
                    connection,
                    "too_many",
                    f"{DEVICES} devices hold this code already; join from one of them",
                )
                return None
            return Client(connection, holder, code, deltas=speaks_deltas(message.protocol))
        return None

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
            self._send_debrief(client)
        if holder.table is not None:
            self._watch(holder.table)
            self._chairs_told(holder.table)

    def _chairs_told(self, table: str) -> None:
        """Show the teacher who is here at ``table`` (the chair's view carries it)."""
        for client in self.clients.values():
            if client.holder.role == "chair":
                self.broadcast(table)
                return

    async def _write(self, client: Client) -> None:
        """Send a client its messages in order, then the latest view of each table."""
        connection = client.connection
        try:
            while True:
                await client.wake.wait()
                client.wake.clear()
                while not client.outbox.empty():
                    text = client.outbox.get_nowait()
                    if text is None:
                        await connection.close()
                        return
                    await connection.send(text)
                views, client.pending_views = client.pending_views, {}
                for frame in views.values():
                    text = client.view_text(frame)
                    if text is not None:
                        await connection.send(text)
        except ConnectionClosed:
            return

    async def _refuse(self, connection: ServerConnection, code: ErrorCode, message: str) -> None:
        with contextlib.suppress(ConnectionClosed):
            await connection.send(encode(ErrorMessage(error=code, message=message)))

    # --- what clients ask ------------------------------------------------------------

    async def _handle(self, client: Client, text: str | bytes) -> None:
        try:
            await self._answer(client, text)
        except Exception as error:
            table = client.holder.table
            line = self._failed(table, "a message from a client", error)
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
                await self._chair(client, message)
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
        await self._submit(client, table, move, seen=message.seen)

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

    async def _submit(self, client: Client, table: str, move: Move, *, seen: int | None) -> None:
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

    async def _chair(self, client: Client, message: AnyChairMessage) -> None:
        if client.holder.role != "chair":
            raise ProtocolError("not_allowed", "only the teacher's code can do that")
        if message.table == "*":
            tables = list(self.hosts)
        elif message.table in self.hosts:
            tables = [message.table]
        else:
            raise ProtocolError("unknown_table", f"there is no table '{message.table}'")
        if isinstance(message, chair.Debriefs):
            await self._debriefs(client, tables)
            return
        if isinstance(message, chair.ReleaseDebriefs):
            await self._release(client, tables)
            return
        if isinstance(message, chair.Grace):
            self.set_grace(message.seconds)
            return
        if isinstance(message, chair.Suggest):
            if len(tables) != 1:
                raise ProtocolError("unknown_table", "a suggestion is for one table")
            await self._suggest(client, tables[0])
            return
        if isinstance(message, chair.NewCode):
            if len(tables) != 1 and message.seat not in ("chair", "projector"):
                raise ProtocolError("unknown_table", "say whose seat, at which table")
            await self._new_code(client, tables[0], message.seat)
            return
        problems: list[str] = []
        codes: set[ErrorCode] = set()
        for table in tables:
            try:
                if isinstance(message, chair.RestartTable):
                    try:
                        await self._restart(table)
                    except OSError as error:
                        raise ProtocolError(
                            "not_saved",
                            f"the table could not be started again ({error.strerror or error})",
                        ) from None
                else:
                    await self._act(client, table, message)
            except ProtocolError as error:
                problems.append(f"{table}: {error.args[0]}")
                codes.add(error.code)
            except IllegalMoveError as error:
                problems.append(f"{table}: {error.reason}")
                codes.add("illegal")
            except KeyError as error:
                problems.append(f"{table}: {error.args[0]}")
                codes.add("illegal")
        if problems:
            raise ProtocolError(codes.pop() if len(codes) == 1 else "illegal", "; ".join(problems))

    async def _act(self, client: Client, table: str, message: AnyChairMessage) -> None:
        """Do one of the teacher's actions at one table (raises what it refuses)."""
        host = self.hosts[table]
        moderator = host.state.table.moderator
        # where the computer chairs, its moves are the scenario's mediator's: the reason of
        # a move the teacher makes there says whose word it was
        word = "" if host.chair is None else "at the teacher's word"
        move: Move | None = None
        match message:
            case chair.PauseTable():
                host.pause()
            case chair.ResumeTable():
                host.resume()
            case chair.UndoMove():
                await host.take_back()
            case chair.RoundTime(seconds=seconds, time_up=time_up):
                if time_up is not None:
                    host.time_up = time_up
                host.set_round_time(seconds)
            case chair.SeatPlayer(seat=seat, player=player):
                self.stand_ins.discard((table, seat))  # the teacher's word, not a stand-in
                host.set_seat(seat, player)
            case chair.TakeChair(chair=who):
                host.set_chair("human" if who == "teacher" else "computer")
            case chair.Inject(inject=inject):
                move = FireInject(actor=moderator, inject=inject)
            case chair.FinalVote():
                move = AdvancePhase(
                    actor=moderator, reason=word or "the chair opens the final vote"
                )
            case chair.EndTable():
                move = EndSession(actor=moderator, reason=word or "the chair ends the session")
            case chair.Agenda(terms=terms):
                move = SetAgenda(actor=moderator, terms=terms)
            case chair.TableText(values=values):
                move = Propose(actor=moderator, values=values, reason=word)
            case chair.AmendMotion(values=values):
                move = Amend(actor=moderator, values=values, reason=word)
            case chair.CallVote():
                move = CallVote(actor=moderator, reason=word)
        if move is not None:
            # the teacher's move counts on the table as it is now, whatever the computer
            # was about to do
            await self._submit(client, table, move, seen=None)

    async def _suggest(self, client: Client, table: str) -> None:
        """Send the teacher the computer facilitator's text for ``table`` now."""
        host = self.hosts[table]
        state, moves = host.state, host.moves
        facilitator = FacilitatorChair(state.table.moderator)
        move = await asyncio.to_thread(facilitator.suggest, state)
        if move is None:
            answer = Suggestion(table=table, moves=moves, kind=None)
        else:
            answer = Suggestion(
                table=table,
                moves=moves,
                kind="table_text" if isinstance(move, Propose) else "amend",
                values=dict(move.values),
                reason=move.reason,
            )
        client.send(encode(answer))

    async def _release(self, client: Client, tables: list[str]) -> None:
        """Send each seat at ``tables`` its own delegation's debrief, as the table stands,
        and keep it for whoever joins the seat later; tell the teacher."""
        from simulator.report.own import own_debriefs

        for table in tables:
            # worked out on a copy the table's next moves leave alone
            self.released[table] = await asyncio.to_thread(
                own_debriefs, self.hosts[table].session.fork()
            )
            for other in list(self.clients.values()):
                if other.holder.role == "seat" and other.holder.table == table:
                    self._send_debrief(other)
        names = ", ".join(tables)
        client.send(encode(Notice(table=None, text=f"Debriefs released to the seats at {names}")))

    def _send_debrief(self, client: Client) -> None:
        """Send a seat its own debrief, if its table's have been released."""
        table, seat = client.holder.table, client.holder.seat
        text = self.released.get(table or "", {}).get(seat or "")
        if table is not None and text is not None:
            client.send(encode(DebriefMessage(table=table, text=text)))

    async def _debriefs(self, client: Client, tables: list[str]) -> None:
        """Write the debrief of each of ``tables`` as it stands, and the comparison of
        tables, into the class folder; tell the teacher where."""
        from simulator.report.handout import Played, write_handouts

        folder = self.classroom.folder / "debriefs"
        # each table as it stands now: the thread works on copies the tables' next moves
        # leave alone
        played = [
            Played(t, self.hosts[t].session.fork(), self.hosts[t].path, dict(self.hosts[t].seats))
            for t in tables
        ]
        try:
            written = await asyncio.to_thread(write_handouts, folder, played)
        except OSError as error:
            raise ProtocolError(
                "illegal", f"{folder}: cannot write the debriefs ({error.strerror or error})"
            ) from None
        names = ", ".join(path.name for path in written)
        client.send(encode(Notice(table=None, text=f"Debriefs written in {folder}: {names}")))

    async def _new_code(self, client: Client, table: str, seat: str) -> None:
        if seat in ("chair", "projector"):
            holder = Holder(seat)  # type: ignore[arg-type]
        elif seat in self.classroom.codes.tables.get(table, {}):
            holder = Holder("seat", table, seat)
        else:
            raise ProtocolError(
                "bad_message", "say whose code to renew: a seat, chair or projector"
            )
        old = normal_code_of(self.classroom, holder)
        try:
            self.classroom.renew(holder)
        except OSError as error:
            if normal_code_of(self.classroom, holder) == old:
                raise ProtocolError(
                    "not_saved",
                    f"the new code could not be saved ({error.strerror or error}); the old "
                    "code still works",
                ) from None
            # saved in the class record; only the --codes copy could not be brought up to date
            self._failed(None, f"writing the codes file {self.classroom.codes_file}", error)
        for number, replaced in list(self.clients.items()):
            if replaced.code != old:
                continue
            del self.clients[number]
            replaced.send(encode(Bye(reason="the teacher gave your seat a new code")))
            replaced.outbox.put_nowait(None)
            replaced.wake.set()
        if holder.table is not None:
            self._watch(holder.table)  # its devices are gone: the grace period starts
        codes = encode(Codes(**self.classroom.codes_json()))
        for other in self.clients.values():
            if other.holder.role == "chair":
                other.send(codes)


def normal_code_of(classroom: Classroom, holder: Holder) -> str:
    from simulator.net.classroom import normal

    return normal(classroom.code_of(holder))


def _address(connection: ServerConnection) -> str:
    """The network address a connection comes from (its host, without the port)."""
    remote = connection.remote_address
    return str(remote[0]) if isinstance(remote, tuple) and remote else str(remote)


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


async def serve_until_stopped(
    server: SessionServer, host: str, port: int, ready: Callable[[int], Awaitable[None]]
) -> None:
    """Run ``server`` until the task is cancelled (Ctrl-C), then stop it cleanly."""
    bound = await server.start(host, port)
    try:
        await ready(bound)
        await asyncio.Event().wait()
    finally:
        await server.stop()
