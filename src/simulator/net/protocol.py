"""The messages between the session server and its clients, checked on both sides (the
teacher's actions, one kind of client message, are in ``simulator.net.actions``).

Every message is one JSON object in one WebSocket text frame, with a ``type``. The
protocol is written down for people in ``docs/protocol.md``; this module is what the
programs hold each other to. A client says which protocol version it speaks in its
``hello``; a server of another major version refuses it with a clear message, and the
client refuses a ``welcome`` of another major version.
"""

from __future__ import annotations

import json
import re
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter, ValidationError

from simulator.net.actions import AnyChairMessage, ChairMessage
from simulator.views import ChairView, PublicView, SeatView

PROTOCOL = "1.3"
"""The protocol version this program speaks: major.minor (a minor version only adds)."""
DELTAS = (1, 3)
"""The first version whose clients are sent only what changed in a view (``view_delta``)."""
MAX_MESSAGE_CHARS = 16_384
"""The longest message a client may send (a move is a few hundred characters)."""

Role = Literal["seat", "chair", "projector"]
"""Who a connection is: a delegation's seat, the teacher (chair of every table), or the
projector (the public view of every table)."""

ErrorCode = Literal[
    "bad_message",
    "version",
    "bad_code",
    "not_joined",
    "not_allowed",
    "forged_actor",
    "stale",
    "illegal",
    "not_saved",
    "too_many",
    "unknown_table",
    "failed",
]
"""Why a message was refused (see docs/protocol.md)."""


_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
"""How a surrogate can appear in a message's JSON text (a frame itself is valid UTF-8)."""
_SURROGATE = re.compile("[\ud800-\udfff]")


def major(version: str) -> str:
    """The major part of a protocol version ('1' of '1.0')."""
    return version.split(".", 1)[0]


def speaks_deltas(version: str) -> bool:
    """Whether a client of protocol ``version`` understands ``view_delta`` (1.3 on)."""
    parts = version.split(".")
    try:
        numbers = (int(parts[0]), int(parts[1]) if len(parts) > 1 else 0)
    except ValueError:
        return False
    return numbers >= DELTAS


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


# --- from a client -----------------------------------------------------------------------


class Hello(_Message):
    """The first message of every connection: who it is."""

    type: Literal["hello"] = "hello"
    protocol: Annotated[str, Field(max_length=20)]
    """The protocol version the client speaks."""
    code: Annotated[str, Field(max_length=100)]
    """Its join code: a seat's, the teacher's or the projector's."""


class MoveMessage(_Message):
    """A move at a table. A seat's move is its delegation's (the server sets the actor);
    the chair's is the chair's, at the table it names."""

    type: Literal["move"] = "move"
    seen: Annotated[int, Field(ge=0)]
    """How many moves the table had in the view the move was made on."""
    move: dict[str, Any]
    """The move, as in a log (without ``actor``, or with the sender's own)."""
    table: Annotated[str, Field(max_length=100)] | None = None
    """The table, for the chair (a seat's table is its own)."""


class PreviewRequest(_Message):
    """A seat asks how satisfied it would be if ``values`` were written into the draft
    (before tabling a proposal); the answer is for its own eyes."""

    type: Literal["preview"] = "preview"
    values: dict[str, str | int | float]
    """Term values by term id."""


AnyClientMessage = Hello | MoveMessage | AnyChairMessage | PreviewRequest
ClientMessage = Annotated[
    Hello | MoveMessage | ChairMessage | PreviewRequest, Field(discriminator="type")
]
CLIENT_MESSAGE: TypeAdapter[AnyClientMessage] = TypeAdapter(ClientMessage)


# --- from the server ---------------------------------------------------------------------


class Choice(_Message):
    """One text a term may say."""

    value: str | int | float
    """The value, as a move gives it."""
    label: str
    """The text, as the agreement would say it."""


class TermChoices(_Message):
    """A term of the draft and every text it may say (for making proposals)."""

    id: str
    name: str
    choices: tuple[Choice, ...]


class May(_Message):
    """One kind of move the receiver may make now, and what it may be about."""

    kind: str
    terms: tuple[str, ...] = ()
    """For propose, amend, concede and set_agenda: the terms it may touch."""
    injects: tuple[str, ...] = ()
    """For fire_inject: the injects that may be fired."""


class Welcome(_Message):
    """The answer to a good ``hello``."""

    type: Literal["welcome"] = "welcome"
    protocol: str = PROTOCOL
    role: Role
    tables: tuple[str, ...]
    """The tables this connection sees (a seat: its own)."""
    table: str | None = None
    """A seat's table."""
    seat: str | None = None
    """A seat's delegation id."""
    name: str | None = None
    """A seat's delegation name."""
    terms: dict[str, tuple[TermChoices, ...]] = {}
    """Each table's terms and their possible texts."""


class SeatStatus(_Message):
    """Who plays one delegation."""

    player: Literal["human", "computer"]
    """A person or the computer."""
    connected: bool
    """Whether a person's client is connected now."""
    devices: int = 0
    """How many devices hold the seat's code now (a delegation team may share a seat)."""
    stand_in: bool = False
    """Whether the computer plays the seat only while its person is away (every device
    gone for the grace period); it hands the seat back when a device joins again."""


class Status(_Message):
    """How a table is running (beside its view)."""

    paused: bool
    """Whether the computer and the round clock are held."""
    clock: float | None
    """Seconds left in the round, when rounds are timed (None once the session is
    over: a finished table has no clock)."""
    round_seconds: float | None
    """Seconds each round is given, when rounds are timed."""
    seats: dict[str, SeatStatus]
    """Each delegation: who plays it (person or computer) and whether they are here."""
    chair: Literal["teacher", "computer"] = "teacher"
    """Who chairs the table: the teacher, or the computer facilitator (whose moves the
    teacher's always override)."""
    time_up: Literal["pass", "vote"] = "vote"
    """What happens when a round's time is up (see the ``round_time`` action)."""
    grace: float | None = None
    """Seconds a person's seat may stay empty before the computer plays it."""


def _audience(view: object) -> str:
    """Whose view ``view`` is, by its shape: a seat's has a brief, the chair's injects."""
    if isinstance(view, dict):
        return "seat" if "brief" in view else "chair" if "injects" in view else "public"
    return (
        "seat"
        if isinstance(view, SeatView)
        else "chair"
        if isinstance(view, ChairView)
        else "public"
    )


AnyView = Annotated[
    Annotated[SeatView, Tag("seat")]
    | Annotated[ChairView, Tag("chair")]
    | Annotated[PublicView, Tag("public")],
    Discriminator(_audience),
]
"""A seat's view, the chair's or the public view (``simulator.views``)."""
VIEW: TypeAdapter[SeatView | ChairView | PublicView] = TypeAdapter(AnyView)


class ViewMessage(_Message):
    """A table as this connection may see it, sent on joining and after every change."""

    type: Literal["view"] = "view"
    table: str
    moves: int
    """How many moves the table has: send it back as ``seen`` with a move."""
    status: Status
    may: tuple[May, ...] = ()
    """The moves the receiver may make now at this table (a seat's on its turn; the
    chair's at any time)."""
    view: dict[str, Any]
    """A seat's view to a seat, the chair's view to the chair, the public view to the
    projector, as JSON; ``seen`` is the same view as its model."""

    @cached_property
    def seen(self) -> SeatView | ChairView | PublicView:
        """The view as its model (``SeatView``, ``ChairView`` or ``PublicView``); raises
        pydantic's ``ValidationError`` for a view that is none of them (a client checks
        each view as it comes: ``simulator.net.client``)."""
        return VIEW.validate_python(self.view)


class ViewDelta(_Message):
    """What changed in a table's view since the last view of it sent on this connection
    (protocol 1.3 on): the client applies ``changes`` to the view message it holds
    (``simulator.net.deltas``) and has the new ``view``."""

    type: Literal["view_delta"] = "view_delta"
    table: str
    changes: list[dict[str, Any]]
    """Each change: ``set``, ``drop`` or ``splice`` at a path (docs/protocol.md)."""


class Ack(_Message):
    """A move saved and made."""

    type: Literal["ack"] = "ack"
    table: str
    moves: int


class Notice(_Message):
    """Something the people at a table are told (a move taken back, time up, a seat
    handed over, a problem)."""

    type: Literal["notice"] = "notice"
    table: str | None
    text: str


class ErrorMessage(_Message):
    """A message refused, and why; nothing changed."""

    type: Literal["error"] = "error"
    error: ErrorCode
    message: str


class Codes(_Message):
    """The join codes (to the chair, on joining and when one changes)."""

    type: Literal["codes"] = "codes"
    tables: dict[str, dict[str, str]]
    chair: str
    projector: str


class Preview(_Message):
    """The answer to a ``preview``: the seat's satisfaction (0 to 1) with the draft as
    the values would make it, or None when a value is not one of its term's."""

    type: Literal["preview"] = "preview"
    satisfaction: float | None
    values: dict[str, str | int | float]
    """The values asked about."""
    walk_away: float | None = None
    """The seat's walk-away point, for comparison."""
    red_lines: tuple[str, ...] = ()
    """Each value asked about that is behind one of the seat's red lines, in words: the
    term, the text and the red line."""
    outside: tuple[str, ...] = ()
    """Each other value asked about that the seat could not sign, in words: the term, the
    text and the range it could accept."""
    verdict: str | None = None
    """The text against the seat's limits in words ("crosses one of your red lines",
    "meets your walk-away point", "is below your walk-away point")."""


class Suggestion(_Message):
    """The answer to a ``suggest``: the text the computer facilitator would table (or
    the amendment it would make) at ``table`` now, for the teacher to edit and send."""

    type: Literal["suggestion"] = "suggestion"
    table: str
    moves: int
    """How many moves the table had when the suggestion was worked out."""
    kind: Literal["table_text", "amend"] | None
    """``table_text`` (no motion on the floor) or ``amend``; None when the facilitator
    has nothing to suggest (every open term is where it would put it)."""
    values: dict[str, str | int | float] = {}
    """The text of each term it would change, by term id."""
    reason: str = ""
    """Why, in the facilitator's words."""


class DebriefMessage(_Message):
    """A seat's own debrief, released by the teacher: its brief revealed, what it got, the
    moments it was part of (Markdown, for its eyes only)."""

    type: Literal["debrief"] = "debrief"
    table: str
    text: str


class Bye(_Message):
    """The server is closing this connection, and why."""

    type: Literal["bye"] = "bye"
    reason: str


AnyServerMessage = (
    Welcome
    | ViewMessage
    | ViewDelta
    | Ack
    | Notice
    | ErrorMessage
    | Codes
    | Preview
    | Suggestion
    | DebriefMessage
    | Bye
)
ServerMessage = Annotated[AnyServerMessage, Field(discriminator="type")]
SERVER_MESSAGE: TypeAdapter[AnyServerMessage] = TypeAdapter(ServerMessage)


class ProtocolError(ValueError):
    """A message that is not one of the protocol's."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code: ErrorCode = code


def encode(message: BaseModel) -> str:
    """A message as the text sent."""
    return message.model_dump_json(exclude_none=False)


def decode_client(text: str | bytes) -> AnyClientMessage:
    """A client's message, checked; raises ``ProtocolError`` saying what is wrong."""
    if isinstance(text, bytes):
        raise ProtocolError("bad_message", "messages are JSON text, not binary frames")
    if len(text) > MAX_MESSAGE_CHARS:
        raise ProtocolError(
            "bad_message", f"the message is {len(text)} characters; at most {MAX_MESSAGE_CHARS}"
        )
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ProtocolError("bad_message", f"the message is not JSON ({error})") from None
    half = _lone_surrogate(data) if _ESCAPED_SURROGATE.search(text) else None
    if half is not None:
        raise ProtocolError(
            "bad_message",
            f"the message holds half a character (a lone surrogate, \\u{half:04x}), "
            "which is not text",
        )
    try:
        return CLIENT_MESSAGE.validate_python(data)
    except ValidationError as error:
        raise ProtocolError("bad_message", first_problem(error)) from None


def _lone_surrogate(data: object) -> int | None:
    """The code of the first lone surrogate in any text (key or value) of decoded JSON:
    a ``\\ud800`` escape decodes to half a character, which can be neither saved nor
    sent. Walked without recursion, however deep the message nests."""
    waiting = [data]
    while waiting:
        value = waiting.pop()
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found is not None:
                return ord(found.group())
        elif isinstance(value, dict):
            waiting += value.keys()
            waiting += value.values()
        elif isinstance(value, list):
            waiting += value
    return None


def decode_server(text: str | bytes) -> AnyServerMessage:
    """A server's message, checked; raises ``ProtocolError``."""
    try:
        return SERVER_MESSAGE.validate_json(text)
    except ValidationError as error:
        raise ProtocolError("bad_message", first_problem(error)) from None


def first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    where = ".".join(str(p) for p in problem["loc"]) or "the message"
    return f"{where}: {problem['msg']}"
