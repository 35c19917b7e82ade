"""One WebSocket connection to the session server: saying who it is (``greet``), what it
is waiting to be sent (``Client``), how fast it may send (``Bucket``), and refusals."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from simulator.net.classroom import Classroom, Holder, normal
from simulator.net.frames import Frame
from simulator.net.protocol import (
    PROTOCOL,
    ErrorCode,
    ErrorMessage,
    Hello,
    ProtocolError,
    decode_client,
    encode,
    major,
    speaks_deltas,
)

RATE = 20.0
"""Messages a second a connection may send, on average."""
BURST = 40.0
"""Messages a connection may send at once before it is slowed."""
HELLO_SECONDS = 30.0
"""How long a new connection has to say who it is."""
BAD_CODES = 5
"""Wrong codes a connection may try before it is closed."""
DEVICES = 8
"""How many devices may hold one code at once (a delegation team shares its seat)."""


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

    def close(self) -> None:
        """Close the connection once what is waiting has been sent."""
        self.outbox.put_nowait(None)
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

    async def pump(self) -> None:
        """Send its messages in order, then the latest view of each table, until it is
        closed."""
        connection = self.connection
        try:
            while True:
                await self.wake.wait()
                self.wake.clear()
                while not self.outbox.empty():
                    text = self.outbox.get_nowait()
                    if text is None:
                        await connection.close()
                        return
                    await connection.send(text)
                views, self.pending_views = self.pending_views, {}
                for frame in views.values():
                    text = self.view_text(frame)
                    if text is not None:
                        await connection.send(text)
        except ConnectionClosed:
            return


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


async def refuse(connection: ServerConnection, code: ErrorCode, message: str) -> None:
    """Tell ``connection`` its message was refused, and why (a closed one: nothing)."""
    with contextlib.suppress(ConnectionClosed):
        await connection.send(encode(ErrorMessage(error=code, message=message)))


async def greet(
    connection: ServerConnection, classroom: Classroom, devices: Callable[[str], int]
) -> Client | None:
    """Wait for a good ``hello``; returns the client, or None once it is refused.
    ``devices(code)``: how many connections hold the (normalised) code now."""
    tries = 0
    while tries < BAD_CODES:
        try:
            text = await asyncio.wait_for(connection.recv(), HELLO_SECONDS)
        except TimeoutError:
            await refuse(connection, "not_joined", "say hello with a code first")
            return None
        try:
            message = decode_client(text)
        except ProtocolError as error:
            tries += 1
            await refuse(connection, error.code, error.args[0])
            continue
        if not isinstance(message, Hello):
            tries += 1
            await refuse(connection, "not_joined", "say hello with a code first")
            continue
        if major(message.protocol) != major(PROTOCOL):
            await refuse(
                connection,
                "version",
                f"this server speaks protocol {PROTOCOL}; the client speaks "
                f"{message.protocol}: use the simulator of the server's version",
            )
            return None
        holder = classroom.holder(message.code)
        if holder is None:
            tries += 1
            await refuse(connection, "bad_code", "no seat has that code; check it")
            continue
        code = code_of(classroom, holder)
        if devices(code) >= DEVICES:
            await refuse(
                connection,
                "too_many",
                f"{DEVICES} devices hold this code already; join from one of them",
            )
            return None
        return Client(connection, holder, code, deltas=speaks_deltas(message.protocol))
    return None


def code_of(classroom: Classroom, holder: Holder) -> str:
    """``holder``'s code now, normalised."""
    return normal(classroom.code_of(holder))


def address_of(connection: ServerConnection) -> str:
    """The network address a connection comes from (its host, without the port)."""
    remote = connection.remote_address
    return str(remote[0]) if isinstance(remote, tuple) and remote else str(remote)
