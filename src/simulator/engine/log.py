"""The session log format: JSON Lines, a header then one record per move, each record
carrying its number and a checksum, so a torn or corrupted tail is detected and the good
prefix recovered.

    {"format": "quantum-negotiation-session", "version": 1, "scenario": {...}, ...}
    {"n": 1, "move": {"kind": "statement", "actor": "usa", ...}, "crc": "1a2b3c4d"}

The checksum is CRC-32 of ``"<n>:<move as compact JSON>"``. This module only turns text
into sessions and back; reading and writing files is the storage edge's job.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from simulator.engine.errors import IllegalMoveError, LogError
from simulator.engine.moves import MOVE_ADAPTER, Move

if TYPE_CHECKING:
    from simulator.engine.session import Session
    from simulator.scenario.model import Scenario


@dataclass(frozen=True)
class Recovery:
    """What was dropped when a log's tail could not be read."""

    line: int
    """The first line that could not be used."""
    reason: str
    """Why."""
    kept: int
    """How many moves were recovered."""
    dropped_lines: int
    """How many lines were dropped from the tail."""

    def __str__(self) -> str:
        return (
            f"line {self.line}: {self.reason}; {self.kept} moves recovered, "
            f"{self.dropped_lines} line{'s' if self.dropped_lines != 1 else ''} dropped"
        )


def checksum(number: int, move_json: str) -> str:
    """The checksum of record ``number`` holding ``move_json``."""
    return f"{zlib.crc32(f'{number}:{move_json}'.encode()):08x}"


def record_line(number: int, move: Move) -> str:
    """The log line for move ``number`` (from 1), without the newline."""
    body = MOVE_ADAPTER.dump_json(move).decode()
    return f'{{"n": {number}, "move": {body}, "crc": "{checksum(number, body)}"}}'


def header_line(header: dict[str, Any]) -> str:
    """The log's first line, without the newline."""
    return json.dumps(header, sort_keys=True, ensure_ascii=False)


def parse_log(
    text: str, scenario: Scenario, *, source: str = "<log>", recover: bool = False
) -> tuple[Session, Recovery | None]:
    """The session a log records. A bad header, or a log for another scenario version, is
    always a ``LogError``. A bad record is a ``LogError`` too, unless ``recover``: then the
    moves before it are kept and the rest dropped, as after a crash mid-write."""
    from simulator.engine.session import Session, read_header

    lines = text.split("\n")
    if not lines[0].strip():
        raise LogError(f"{source}:1: the log is empty; it should start with a header line")
    seed, seats, round_limit = read_header(lines[0].removesuffix("\r"), scenario, source)
    session = Session(scenario, seed=seed, seats=seats, round_limit=round_limit)
    complete = text.endswith("\n")
    body = lines[1:]
    for index, raw in enumerate(body):
        number = index + 2
        line = raw.removesuffix("\r")
        last = index == len(body) - 1
        problem: str | None
        if not line.strip():
            if last or all(not rest.strip() for rest in body[index:]):
                break
            problem = "an empty line inside the log"
        else:
            problem = _apply_record(session, line, len(session.moves) + 1)
            if problem is not None and last and not complete:
                problem = f"the last record was cut off ({problem})"
        if problem is None:
            continue
        if not recover:
            raise LogError(f"{source}:{number}: {problem}")
        dropped = sum(1 for rest in body[index:] if rest.strip())
        return session, Recovery(number, problem, len(session.moves), dropped)
    return session, None


def _apply_record(session: Session, line: str, expected: int) -> str | None:
    """Push the move a record holds; the problem with the record, or None."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return "the record is not JSON"
    if not isinstance(record, dict) or set(record) != {"n", "move", "crc"}:
        return "the record should have exactly n, move and crc"
    if record["n"] != expected or isinstance(record["n"], bool):
        return f"expected move number {expected}, found {record['n']!r}"
    body = json.dumps(record["move"], separators=(",", ":"), ensure_ascii=False)
    try:
        move = MOVE_ADAPTER.validate_python(record["move"])
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        return f"not a valid move ({where}: {first['msg']})"
    canonical = MOVE_ADAPTER.dump_json(move).decode()
    if record["crc"] not in (checksum(expected, canonical), checksum(expected, body)):
        return "the checksum does not match: the record is damaged"
    try:
        session.push(move)
    except IllegalMoveError as error:
        return f"move {expected}: {error.reason}"
    return None
