"""The session log format, written and read here and nowhere else.

A log is JSON Lines: one header line, then one record per move, each carrying its number
and a checksum, so that a torn or corrupted tail is found and the good prefix recovered.

    {"format": "quantum-negotiation-session", "scenario": {...}, "seed": 0, ..., "version": 3}
    {"n": 1, "move": {"kind": "statement", "actor": "usa", ...}, "crc": "1a2b3c4d"}

The checksum is CRC-32 of ``"<n>:<move as compact JSON>"``. ``encode`` turns a session
into its log and ``decode`` turns the lines of a log back into a session, replaying every
move; ``encode_record`` is the line ``encode`` writes for one move, for appending. This
module turns text into sessions and back; reading and writing files is the storage edge's.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulator.engine.errors import IllegalMoveError, LogError
from simulator.engine.moves import MOVE_ADAPTER, Move
from simulator.engine.session import ROUND_LIMIT_MAX, Seat, Session
from simulator.scenario.identity import scenario_hash
from simulator.scenario.model import Scenario
from simulator.scenario.variation import drawn

FORMAT = "quantum-negotiation-session"
"""The ``format`` field of every session log's header."""
FORMAT_VERSION = 3
"""The version of the log format this code writes. Version 3 lets a move carry the rule
of the computer player that chose it (``rule``) and the seed passage its reason quotes
(``cites``); a move without them is written exactly as version 2 wrote it, so version 2
logs still read (``READ_VERSIONS``). Version 2 came with the vote rules a chair counts by
(every voting delegation is asked when a vote opens; an amendment is not a vote for it; a
motion on the floor at the round limit is voted on): the moves of a version 1 log would
not replay to the same session."""
READ_VERSIONS = frozenset({2, FORMAT_VERSION})
"""The log versions this program reads."""
RETIRED_VERSIONS = {
    1: "it was recorded under the earlier vote rules (declared support counted as a vote, "
    "an amendment as its amender's yes), and its moves would not replay to the same session"
}
"""Log versions this program no longer reads, and why."""
MAX_RECORD_CHARS = 1 << 20
"""The longest line a log may hold (a move is a few hundred characters)."""
MAX_KEPT_CHARS = 1 << 19
"""The largest scenario (as JSON) a log's header keeps; the shipped ones take 52 to 77 KB."""


_FRAME = re.compile(r'\{"n": (\d+), "move": (.*), "crc": "([0-9a-f]{8})"\}', re.DOTALL)
"""A record as ``encode_record`` writes it: its number, its move's text, its checksum."""


class ScenarioRef(BaseModel):
    """Which scenario, in which version, a log was made with."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    id: str
    """The scenario's id."""
    hash: str
    """The hash of the scenario's content: a log is only replayed against that version."""
    path: str | None = None
    """Where the scenario file was when the session started (a hint for finding it)."""
    content: str | None = None
    """The scenario itself, as the text of a scenario file (its fields as JSON, which a
    scenario file may be written in, in their own order: the order of positions and
    delegations is what a table's confidential numbers are drawn in), kept so that the
    log replays from any folder and after the file has moved or changed; left out when
    longer than ``MAX_KEPT_CHARS``."""


class LogHeader(BaseModel):
    """The first line of a log: what is needed to replay it against the right scenario."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    format: Literal["quantum-negotiation-session"] = "quantum-negotiation-session"
    """Marks the file as a session log."""
    version: int = FORMAT_VERSION
    """The version of the log format."""
    scenario: ScenarioRef
    """The scenario the session plays."""
    seed: int = Field(default=0, strict=True)
    """The seed for everything random in the session."""
    seats: dict[str, Seat] = {}
    """Who plays each delegation; unlisted delegations are played by the computer."""
    round_limit: int | None = Field(default=None, strict=True, ge=1, le=ROUND_LIMIT_MAX)
    """The number of negotiation rounds, when it overrides the scenario's."""
    chair: Literal["human", "computer"] | None = None
    """Who chairs, for the interface to seat the chair again on resuming and for the
    transcript to credit a person's moves from the chair to the chair."""
    variant: dict[str, dict[str, float]] | None = None
    """This table's confidential numbers as its seed drew them within the scenario's
    variation (per delegation: walk-away point, flexibility, priorities); a log whose
    numbers differ from those this program draws for its seed is refused."""


@dataclass(frozen=True)
class Recovery:
    """What was dropped when a log's tail could not be read."""

    line: int
    """The first line that could not be used."""
    reason: str
    """Why."""
    kept: int
    """How many moves were recovered."""
    dropped: int
    """How many records (non-empty lines) were dropped from the line on."""

    def __str__(self) -> str:
        return (
            f"line {self.line}: {self.reason}; {self.kept} moves recovered, "
            f"{self.dropped} record{'s' if self.dropped != 1 else ''} dropped"
        )


@dataclass(frozen=True)
class Decoded:
    """A log read back."""

    session: Session
    """The session its records replay to."""
    header: LogHeader
    """Its header."""
    recovery: Recovery | None
    """What was dropped from a damaged tail (only when reading with ``recover``)."""
    unterminated: bool
    """Whether the last record, though whole, lacks its end of line."""


def header_of(session: Session, *, scenario_path: str | None = None) -> LogHeader:
    """The header of ``session``'s log, with the scenario file's location when given."""
    ref = ScenarioRef(
        id=session.base.id,
        hash=scenario_hash(session.base),
        path=scenario_path,
        content=kept_content(session.base),
    )
    return LogHeader.model_validate(
        {
            "scenario": ref,
            "seed": session.seed,
            "seats": session.seats,
            "round_limit": session.round_limit,
            "chair": session.chair,
            "variant": _variant(session.base, session.seed),
        }
    )


def kept_content(scenario: Scenario) -> str | None:
    """The scenario as its log's header keeps it (None when too large to keep): its
    fields as JSON text, which load back to the same scenario and the same hash."""
    fields = {"format": scenario.format, **scenario.model_dump(mode="json", exclude_defaults=True)}
    text = json.dumps(fields, ensure_ascii=False)
    return text if len(text) <= MAX_KEPT_CHARS else None


def _variant(base: Scenario, seed: int) -> dict[str, dict[str, float]] | None:
    """What the table of ``seed`` drew, when the scenario varies between tables."""
    if base.variation.none():
        return None
    return drawn(base.actors, base.variant(seed).actors)


def encode_header(header: LogHeader) -> str:
    """The header line, without its newline."""
    return json.dumps(header.model_dump(exclude_none=True), sort_keys=True, ensure_ascii=False)


def checksum(number: int, move_json: str) -> str:
    """The checksum of record ``number`` holding ``move_json``."""
    # half a character (a lone surrogate) in a hand-made record still has a checksum, so
    # that the record is refused for what it holds rather than failing to be read
    return f"{zlib.crc32(f'{number}:{move_json}'.encode('utf-8', 'surrogatepass')):08x}"


def encode_record(number: int, move: Move) -> str:
    """The line for move ``number`` (from 1), without its newline."""
    body = MOVE_ADAPTER.dump_json(move).decode()
    return f'{{"n": {number}, "move": {body}, "crc": "{checksum(number, body)}"}}'


def encode(header: LogHeader, moves: Iterable[Move]) -> Iterator[str]:
    """The lines of a log (each ending in a newline): the header, then every move."""
    yield encode_header(header) + "\n"
    for number, move in enumerate(moves, start=1):
        yield encode_record(number, move) + "\n"


def decode_header(line: str, source: str = "<log>") -> LogHeader:
    """The header a log's first line holds; a ``LogError`` naming the line otherwise."""
    if len(line) > MAX_RECORD_CHARS:
        raise LogError(f"{source}:1: not a session log (the first line is too long)")
    try:
        raw = json.loads(line)
    except (ValueError, RecursionError):
        raise LogError(f"{source}:1: not a session log (the first line is not JSON)") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise LogError(f"{source}:1: not a session log (the header has no 'format: {FORMAT}')")
    version = raw.get("version")
    if isinstance(version, int) and version in RETIRED_VERSIONS:
        raise LogError(
            f"{source}:1: this is a version {version} session log, which this program no "
            f"longer reads: {RETIRED_VERSIONS[version]}; open it with the release that made it"
        )
    if isinstance(version, bool) or version not in READ_VERSIONS:
        raise LogError(
            f"{source}:1: log format version {version!r} is not supported (this program "
            f"reads versions {', '.join(str(v) for v in sorted(READ_VERSIONS))}); open it "
            "with the version that wrote it"
        )
    try:
        return LogHeader.model_validate(raw)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise LogError(f"{source}:1: the header's {where} is wrong: {first['msg']}") from None


def session_for(header: LogHeader, scenario: Scenario, source: str = "<log>") -> Session:
    """A new session as ``header`` describes it, once ``scenario`` is the very version the
    log was made with; a ``LogError`` otherwise."""
    if header.scenario.id != scenario.id:
        raise LogError(
            f"{source}:1: this log was made for scenario {header.scenario.id!r}, "
            f"not {scenario.id!r}"
        )
    if header.scenario.hash != scenario_hash(scenario):
        raise LogError(
            f"{source}:1: this log was made for a different version of scenario "
            f"{scenario.id!r} (the scenario file has changed since); replay it "
            "with the version it was made for"
        )
    voters = {actor.id for actor in scenario.voters()}
    if not set(header.seats) <= voters:
        raise LogError(
            f"{source}:1: the header's seats must map delegations of "
            f"{scenario.id!r} to 'human' or 'computer'"
        )
    if header.variant is not None and header.variant != _variant(scenario, header.seed):
        raise LogError(
            f"{source}:1: the confidential numbers this log's table was played with differ "
            f"from those drawn for its seed {header.seed}; replay it with the release that "
            "made it"
        )
    return Session(
        scenario,
        seed=header.seed,
        seats=header.seats,
        round_limit=header.round_limit,
        chair=header.chair,
    )


def decode(
    lines: Iterable[str], scenario: Scenario, *, source: str = "<log>", recover: bool = False
) -> Decoded:
    """The session a log records, from its lines (each with its newline, as a file gives
    them; the last may lack it). A bad header, or a log for another scenario version, is
    always a ``LogError``. A bad record is one too, unless ``recover``: then the moves
    before it are kept and the rest dropped, as after a crash mid-write."""
    stream = iter(lines)
    first = next(stream, "")
    if not first.strip():
        raise LogError(f"{source}:1: the log is empty; it should start with a header line")
    header = decode_header(first.removesuffix("\n").removesuffix("\r"), source)
    session = session_for(header, scenario, source)
    raw = first
    blank: int | None = None  # the first of a run of empty lines, which only the end may hold
    number = 1
    for number, raw in enumerate(stream, start=2):
        line = raw.removesuffix("\n").removesuffix("\r")
        if not line.strip():
            blank = number if blank is None else blank
            continue
        problem = "an empty line inside the log" if blank is not None else None
        where = blank or number
        if problem is None:
            problem = _push_record(session, line, session.move_count + 1)
            if problem is not None and not raw.endswith("\n"):
                problem = f"the last record was cut off ({problem})"
        if problem is None:
            continue
        if not recover:
            raise LogError(f"{source}:{where}: {problem}")
        dropped = 1 + sum(1 for rest in stream if rest.strip())
        recovery = Recovery(where, problem, session.move_count, dropped)
        return Decoded(session, header, recovery, unterminated=False)
    last_open = number > 1 and blank is None and not raw.endswith("\n")
    return Decoded(session, header, None, unterminated=last_open)


def decode_text(text: str, scenario: Scenario, *, source: str = "<log>") -> Session:
    """The session a whole log's text records; a ``LogError`` for anything wrong in it."""
    return decode(lines_of(text), scenario, source=source).session


def lines_of(text: str) -> Iterator[str]:
    """The lines of ``text`` split at newlines only, each with its newline."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _push_record(session: Session, line: str, expected: int) -> str | None:
    """Push the move a record holds; the problem with the record, or None."""
    if len(line) > MAX_RECORD_CHARS:
        return f"the record is longer than {MAX_RECORD_CHARS} characters"
    found = _as_written(line, expected)
    move = found if found is not None else _read_record(line, expected)
    if isinstance(move, str):
        return move
    try:
        session.push(move)
    except IllegalMoveError as error:
        return f"move {expected}: {error.reason}"
    return None


def _as_written(line: str, expected: int) -> Move | None:
    """The move of a record exactly as ``encode_record`` writes it, its checksum taken
    over the move's text as it stands (the fast path); None for any other record."""
    frame = _FRAME.fullmatch(line)
    if frame is None or frame.group(1) != str(expected):
        return None
    body = frame.group(2)
    if frame.group(3) != checksum(expected, body):
        return None
    try:
        return MOVE_ADAPTER.validate_json(body)
    except ValidationError:
        pass
    try:  # Python's reader takes what pydantic's refuses (half a character, for one)
        return MOVE_ADAPTER.validate_python(json.loads(body))
    except (ValueError, RecursionError):
        return None


def _read_record(line: str, expected: int) -> Move | str:
    """The move of any other record, or the problem with it, said as precisely as can be."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return "the record is not JSON"
    if not isinstance(record, dict) or set(record) != {"n", "move", "crc"}:
        return "the record should have exactly n, move and crc"
    if record["n"] != expected or isinstance(record["n"], bool):
        return f"expected move number {expected}, found {record['n']!r}"
    try:
        move = MOVE_ADAPTER.validate_python(record["move"])
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"not a valid move ({where}: {first['msg']})"
    try:
        canonical = MOVE_ADAPTER.dump_json(move).decode()
    except ValueError:  # text no move may hold, which the rules refuse once it is pushed
        canonical = ""
    if record["crc"] != checksum(expected, canonical):
        # not as this program writes it: the checksum may be of the record as it stands
        body = json.dumps(record["move"], separators=(",", ":"), ensure_ascii=False)
        if record["crc"] != checksum(expected, body):
            return "the checksum does not match: the record is damaged"
    return move
