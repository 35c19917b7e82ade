"""The client side of a connection to the session server: join with a code, keep the
latest view of each table, send moves, and join again by itself when the connection
drops (a closed laptop, lost Wi-Fi). No interface here: ``simulator join`` renders what
this holds, and the tests and the load benchmark drive it directly.

The server sends a table's whole view once, then only what changed (``view_delta``,
protocol 1.3): this puts the whole view together again, so that everything above it sees
complete views (``ViewMessage``), the transcript as ``transcript`` and as ``lines``. A
message from the server that cannot be read is told as a ``Notice`` in plain words
(and a view that cannot be put together makes it join again, for whole views).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidURI, WebSocketException

from simulator.net.actions import CHAIR_MESSAGE
from simulator.net.deltas import DeltaError, applied
from simulator.net.protocol import (
    PROTOCOL,
    SERVER_MESSAGE,
    AnyServerMessage,
    Bye,
    Codes,
    DebriefMessage,
    ErrorMessage,
    Hello,
    MoveMessage,
    Notice,
    PreviewRequest,
    ProtocolError,
    ViewDelta,
    ViewMessage,
    Welcome,
    decode_server,
    encode,
    first_problem,
    major,
)

ServerMessage = AnyServerMessage


class JoinError(Exception):
    """Joining failed for a reason retrying will not mend (a wrong code, another version,
    no server at the address)."""


class SessionClient:
    """One joined connection."""

    def __init__(
        self,
        url: str,
        code: str,
        *,
        on_message: Callable[[ServerMessage], None] | None = None,
        reconnect: bool = True,
    ) -> None:
        self.url = url
        self.code = code
        self.on_message = on_message
        """Called with every message from the server (after this object has taken it in)."""
        self.reconnect = reconnect
        """Whether to join again when the connection drops."""
        self.welcome: Welcome | None = None
        """Who the server says this connection is."""
        self.views: dict[str, ViewMessage] = {}
        """The latest view of each table."""
        self.received: dict[str, float] = {}
        """When each table's latest view came (``time.monotonic``), to count its clock
        down between views."""
        self.codes: Codes | None = None
        self.debrief: str | None = None
        """The seat's own debrief, once the teacher has released it (Markdown)."""
        """The join codes (the chair only)."""
        self.closed_by_server: str | None = None
        """Why the server closed the connection for good, if it did."""
        self.unreadable: list[str] = []
        """What was wrong with each message from the server that could not be read."""
        self._raw: dict[str, dict[str, Any]] = {}
        # each table's latest view message as sent (JSON), for the next view_delta
        self._connection: ClientConnection | None = None
        self._changed = asyncio.Condition()
        self._reader: asyncio.Task[None] | None = None
        self._stopping = False

    # --- joining -------------------------------------------------------------------

    async def join(self) -> Welcome:
        """Connect and say hello; raises ``JoinError`` when the server refuses."""
        try:
            connection = await connect(self.url, max_size=1 << 24, open_timeout=10)
        except (OSError, InvalidURI, WebSocketException, TimeoutError) as error:
            raise JoinError(f"cannot reach a session server at {self.url} ({error})") from None
        await connection.send(encode(Hello(protocol=PROTOCOL, code=self.code)))
        try:
            first = decode_server(await connection.recv())
        except (ConnectionClosed, ProtocolError) as error:
            await connection.close()
            raise JoinError(
                f"the server at {self.url} did not answer as a session server ({error})"
            ) from None
        if isinstance(first, ErrorMessage):
            await connection.close()
            raise JoinError(first.message)
        if not isinstance(first, Welcome):
            await connection.close()
            raise JoinError("the server did not welcome this connection")
        if major(first.protocol) != major(PROTOCOL):
            await connection.close()
            raise JoinError(
                f"the server speaks protocol {first.protocol}, this program {PROTOCOL}: "
                "use the simulator of the server's version"
            )
        self.welcome = first
        self._connection = connection
        self._reader = asyncio.create_task(self._read(connection))
        await self._taken(first)
        return first

    async def close(self) -> None:
        """Leave (the seat stays a person's until the teacher says otherwise)."""
        self._stopping = True
        if self._connection is not None:
            await self._connection.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    async def drop(self) -> None:
        """Cut the connection as a lost network would (for tests): it joins again."""
        if self._connection is not None:
            await self._connection.close()

    async def _read(self, first: ClientConnection) -> None:
        connection: ClientConnection | None = first
        while connection is not None:
            try:
                async for text in connection:
                    try:
                        message = self._decoded(text)
                    except ProtocolError as error:
                        await self._unreadable(str(error))
                        continue
                    except DeltaError as error:
                        await self._unreadable(f"{error}; joining again for the whole view")
                        await connection.close()
                        break
                    await self._taken(message)
            except ConnectionClosed:
                pass
            if self._stopping or not self.reconnect or self.closed_by_server is not None:
                async with self._changed:
                    self._changed.notify_all()
                return
            connection = await self._rejoin()
            if connection is None:
                return

    async def _rejoin(self) -> ClientConnection | None:
        delay = 0.05
        while not self._stopping:
            try:
                connection = await connect(self.url, max_size=1 << 24, open_timeout=10)
                await connection.send(encode(Hello(protocol=PROTOCOL, code=self.code)))
                first = decode_server(await connection.recv())
            except (OSError, WebSocketException, ProtocolError, TimeoutError):
                await asyncio.sleep(delay)
                delay = min(2.0, delay * 2)
                continue
            if isinstance(first, ErrorMessage):
                self.closed_by_server = first.message
                async with self._changed:
                    self._changed.notify_all()
                return None
            self._connection = connection
            self._raw.clear()  # a new connection starts from whole views
            await self._taken(first)
            return connection
        return None

    def _decoded(self, text: str | bytes) -> ServerMessage:
        """A message from the server, checked; a ``view_delta`` is applied to the
        table's view and comes back as the whole ``ViewMessage``. ``ProtocolError`` for a
        message that is not the protocol's, ``DeltaError`` for changes that do not fit."""
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as error:
            raise ProtocolError("bad_message", f"it is not JSON ({error})") from None
        kind = data.get("type") if isinstance(data, dict) else None
        if kind == "view_delta":
            delta = decode_server(text)
            assert isinstance(delta, ViewDelta)
            base = self._raw.get(delta.table)
            if base is None:
                raise DeltaError(f"changes came for table {delta.table} before its view")
            data = applied(base, delta.changes)
            kind = data.get("type") if isinstance(data, dict) else None
        if kind != "view":
            return decode_server(text)
        try:
            message = SERVER_MESSAGE.validate_python(_with_transcript(data))
        except ValidationError as error:
            raise ProtocolError("bad_message", first_problem(error)) from None
        assert isinstance(message, ViewMessage)
        try:
            message.seen  # noqa: B018 - the view checked against its model now, not on screen
        except ValidationError as error:
            raise ProtocolError("bad_message", f"its view: {first_problem(error)}") from None
        self._raw[message.table] = data
        return message

    async def _unreadable(self, problem: str) -> None:
        """Tell whoever listens that a message from the server could not be read."""
        self.unreadable.append(problem)
        await self._taken(
            Notice(
                table=None,
                text=f"A message from the server could not be read ({problem}); the "
                "screen may be out of date. If it stays so, leave and join again.",
            )
        )

    async def _taken(self, message: ServerMessage) -> None:
        if isinstance(message, ViewMessage):
            self.views[message.table] = message
            self.received[message.table] = time.monotonic()
        elif isinstance(message, Codes):
            self.codes = message
        elif isinstance(message, Welcome):
            self.welcome = message
        elif isinstance(message, DebriefMessage):
            self.debrief = message.text
        elif isinstance(message, Bye):
            self.closed_by_server = message.reason
        self.last = message
        if self.on_message is not None:
            self.on_message(message)
        async with self._changed:
            self._changed.notify_all()

    # --- waiting -------------------------------------------------------------------

    async def wait_for(self, condition: Callable[[], bool]) -> None:
        """Wait until ``condition()`` holds after some message (or the connection ends)."""
        async with self._changed:
            await self._changed.wait_for(lambda: condition() or self._ended())

    def _ended(self) -> bool:
        return self.closed_by_server is not None or (
            self._reader is not None and self._reader.done()
        )

    def clock(self, table: str) -> float | None:
        """Seconds left in ``table``'s round now, counted down from its latest view."""
        message = self.views.get(table)
        if message is None or message.status.clock is None:
            return None
        if message.status.paused:
            return message.status.clock
        return max(0.0, message.status.clock - (time.monotonic() - self.received[table]))

    # --- sending -------------------------------------------------------------------

    def view(self, table: str | None = None) -> ViewMessage | None:
        """The latest view of ``table`` (default: this seat's table, or the only one)."""
        if table is None and self.welcome is not None:
            table = self.welcome.table or (self.welcome.tables[0] if self.welcome.tables else None)
        return self.views.get(table) if table is not None else None

    async def move(
        self, move: dict[str, Any], *, table: str | None = None, seen: int | None = None
    ) -> None:
        """Send a move made on the latest view (or on ``seen`` moves)."""
        if seen is None:
            current = self.view(table)
            seen = current.moves if current is not None else 0
        await self._send(encode(MoveMessage(seen=seen, move=move, table=table)))

    async def chair(self, action: str, **fields: Any) -> None:
        """Send a teacher's action (``ChairMessage``: ``action`` and its fields)."""
        message = CHAIR_MESSAGE.validate_python({"type": "chair", "action": action, **fields})
        await self._send(encode(message))

    async def preview(self, values: dict[str, Any]) -> None:
        """Ask how satisfied this seat would be with ``values`` in the draft (the answer
        comes as a ``Preview`` message)."""
        await self._send(encode(PreviewRequest(values=values)))

    async def send_text(self, text: str) -> None:
        """Send raw text (for tests of what the server does with bad messages)."""
        await self._send(text)

    async def _send(self, text: str) -> None:
        if self._connection is None:
            raise JoinError("not joined")
        try:
            await self._connection.send(text)
        except ConnectionClosed:
            raise JoinError(
                "the connection to the server dropped; it is joining again: make the move "
                "again once the table is back"
            ) from None


def _with_transcript(message: dict[str, Any]) -> dict[str, Any]:
    """A view message with the public view's ``transcript`` worked out from its
    ``lines`` where the server sent the transcript once (protocol 1.3)."""
    view = message.get("view")
    if not isinstance(view, dict):
        return message
    public = view.get("public", view)
    if not isinstance(public, dict) or "transcript" in public or "lines" not in public:
        return message
    lines = public["lines"]
    transcript = [
        line["text"] if line.get("kind") == "move" else f"  {line['text']}"
        for line in lines
        if isinstance(line, dict) and line.get("move") and isinstance(line.get("text"), str)
    ]
    public = {**public, "transcript": transcript}
    view = {**view, "public": public} if "public" in view else public
    return {**message, "view": view}
