"""A saved session's summary, kept beside its log so a listing need not replay it.

The summary (``.NAME.summary.json``) says how many moves the log holds, whether the
session is over, and which scenario it plays, together with the log's size and change
time when the summary was made. It is written when a session is closed, and by a
listing that had to replay the log. It is never trusted over the log: when the log's
size or change time differ from those it records (a crash before it was written, an
edit, a copy), the listing replays the log and writes a new one.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from simulator.storage.files import write_atomic

MAX_SUMMARY_BYTES = 4096
"""The largest summary read (a real one is under 200 bytes)."""


@dataclass(frozen=True)
class Summary:
    """What a listing shows of a saved session, and the log it was made from."""

    scenario: str
    """The scenario's id."""
    moves: int
    """How many moves the log holds."""
    over: bool
    """Whether the session has ended."""
    size: int
    """The log's size in bytes when the summary was made."""
    changed_ns: int
    """The log's change time (nanoseconds) when the summary was made."""


def summary_path(log: Path) -> Path:
    """Where the summary of ``log`` is kept."""
    return log.with_name(f".{log.stem}.summary.json")


def read_summary(log: Path, stat: os.stat_result) -> Summary | None:
    """The summary of ``log`` if there is one that matches the log as it is now
    (``stat``), else None."""
    path = summary_path(log)
    try:
        if path.stat().st_size > MAX_SUMMARY_BYTES:
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
        summary = Summary(
            scenario=str(raw["scenario"]),
            moves=int(raw["moves"]),
            over=bool(raw["over"]),
            size=int(raw["size"]),
            changed_ns=int(raw["changed_ns"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if summary.size != stat.st_size or summary.changed_ns != stat.st_mtime_ns:
        return None
    return summary


def write_summary(log: Path, scenario: str, moves: int, over: bool) -> None:
    """Record what ``log`` holds now; a failure to write it is harmless (the next listing
    replays the log)."""
    try:
        stat = log.stat()
        summary = Summary(scenario, moves, over, stat.st_size, stat.st_mtime_ns)
        write_atomic(summary_path(log), json.dumps(asdict(summary)))
    except OSError:
        return
