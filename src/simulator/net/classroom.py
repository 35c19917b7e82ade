"""A class in session: the tables a server runs, their logs, and the join codes, kept in
one folder so that a server stopped (or killed) and started again with the same command
takes every table up where it was, with the same codes.

    CLASS/class.json      which tables, which scenario each plays, who sits where, the codes
    CLASS/t1.jsonl        table t1's session log (the same crash-safe log as ``play``)
    CLASS/t2.jsonl        ...

``class.json`` is readable by the user alone (the codes are the keys to the seats), and
written whole to a temporary file then renamed, so it is always the old or the new one.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from simulator.engine.errors import LogError
from simulator.engine.log import Recovery
from simulator.engine.session import Seat, Session
from simulator.host import Host
from simulator.scenario.model import Scenario
from simulator.storage.files import write_atomic
from simulator.storage.sessions import SavedSession

FORMAT: Literal["quantum-negotiation-class"] = "quantum-negotiation-class"
"""The ``format`` field of ``class.json``."""
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
"""Letters and digits a code is made of (none that read like another: no i, l, o, 0, 1)."""
CODE_LENGTH = 10
"""Characters in a code (about 50 bits: unguessable at the rate the server answers)."""


def new_code() -> str:
    """A fresh join code, e.g. ``k7mqx-3hr9t``, from the operating system's randomness."""
    letters = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{letters[:5]}-{letters[5:]}"


def normal(code: str) -> str:
    """A code as typed (any case, with or without the dash or spaces) in its one form."""
    return "".join(c for c in code.lower() if c.isalnum())


class ClassError(Exception):
    """A class folder that cannot be used as asked, and why."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableRecord(_Record):
    scenario: str
    """The scenario as the command named it (a shipped name or a path)."""
    log: str
    """The table's log file, in the class folder."""
    seats: dict[str, Seat] = {}
    """Who plays each delegation (the computer where nobody has joined)."""
    round_seconds: float | None = None
    """Seconds each round is given, when the teacher times rounds."""
    time_up: Literal["pass", "vote"] | None = None
    """What happens when a round's time is up, once the teacher has said."""
    chair: Literal["teacher", "computer"] | None = None
    """Who chairs, once the teacher has handed the chair over at the console (until then,
    the command's ``--chair``)."""


class CodesRecord(_Record):
    tables: dict[str, dict[str, str]]
    chair: str
    projector: str


class ClassRecord(_Record):
    format: Literal["quantum-negotiation-class"] = FORMAT
    version: Literal[1] = 1
    seed: int
    """The class's seed: the confidential numbers every table draws (a fresh draw for each
    new class unless the teacher gave one)."""
    seed_per_table: bool = False
    """Whether each table draws its own numbers: table N plays seed + N - 1."""
    round_limit: int | None = None
    tables: dict[str, TableRecord]
    codes: CodesRecord


@dataclass(frozen=True)
class Holder:
    """Who a code belongs to."""

    role: Literal["seat", "chair", "projector"]
    table: str | None = None
    seat: str | None = None


@dataclass(frozen=True)
class TableSource:
    """One scenario the command names: how it was named, and the scenario."""

    name: str
    path: Path
    scenario: Scenario


def draw_seed() -> int:
    """A fresh seed for a new class, from the operating system's randomness: six digits,
    short enough to read out and write down."""
    return 100_000 + secrets.randbelow(900_000)


def table_ids(sources: list[TableSource], per_scenario: int) -> list[tuple[str, TableSource]]:
    """Each table's id and scenario: ``t1``, ``t2``… for one scenario; ``<scenario>-1``…
    for several."""
    if len(sources) == 1:
        return [(f"t{i}", sources[0]) for i in range(1, per_scenario + 1)]
    return [
        (f"{source.scenario.id}-{i}", source)
        for source in sources
        for i in range(1, per_scenario + 1)
    ]


class Classroom:
    """The tables of one class, their hosts, and the codes."""

    def __init__(self, folder: Path, record: ClassRecord, hosts: dict[str, Host]) -> None:
        self.folder = folder
        """Where the class is kept."""
        self.record = record
        """What ``class.json`` holds."""
        self.hosts = hosts
        """Each table's host, by table id."""
        self.default_chair: Literal["teacher", "computer"] = "teacher"
        """Who chairs a table the teacher has not handed over (the command's choice)."""
        self.codes_file: Path | None = None
        """Where ``serve --codes FILE`` keeps a copy of the codes, brought up to date
        whenever a code is renewed."""
        self.page: str | None = None
        """The address of the web client's page, when the codes file also holds each
        code's link (``serve --codes``)."""
        self._holders: dict[str, Holder] = {}
        self._index()

    @property
    def codes(self) -> CodesRecord:
        """The join codes."""
        return self.record.codes

    def holder(self, code: str) -> Holder | None:
        """Who a code (as typed) belongs to, if anyone."""
        return self._holders.get(normal(code))

    def code_of(self, holder: Holder) -> str:
        """The code of a seat, the chair or the projector."""
        codes = self.codes
        if holder.role == "chair":
            return codes.chair
        if holder.role == "projector":
            return codes.projector
        assert holder.table is not None
        assert holder.seat is not None
        return codes.tables[holder.table][holder.seat]

    def renew(self, holder: Holder) -> str:
        """Give a seat (or the chair, or the projector) a new code; the old one stops
        working. It takes effect only once ``class.json`` holds it (an ``OSError``
        otherwise, and the old code goes on working); the ``--codes`` file follows."""
        code = new_code()
        codes = self.codes
        tables = {t: dict(seats) for t, seats in codes.tables.items()}
        chair, projector = codes.chair, codes.projector
        if holder.role == "chair":
            chair = code
        elif holder.role == "projector":
            projector = code
        else:
            assert holder.table is not None
            assert holder.seat is not None
            tables[holder.table][holder.seat] = code
        record = self.record.model_copy(
            update={"codes": CodesRecord(tables=tables, chair=chair, projector=projector)}
        )
        _write_record(self.folder, record)
        self.record = record
        self._index()
        if self.codes_file is not None:
            write_codes(self.codes_file, self.codes_file_json())
        return code

    def codes_file_json(self) -> dict[str, Any]:
        """What the codes file holds: the codes, and each code's link when the page's
        address is known (in the same shape as the codes)."""
        from simulator.net.links import links_json

        codes = self.codes_json()
        if self.page is None:
            return codes
        return {**codes, "links": links_json(self.page, codes)}

    def seated(self, table: str) -> None:
        """Record who sits where at ``table`` now, who chairs, and its round time (after
        a change)."""
        host = self.hosts[table]
        tables = dict(self.record.tables)
        before = tables[table]
        chair = "computer" if host.chair is not None else "teacher"
        update: dict[str, Any] = {
            "seats": dict(host.seats),
            "round_seconds": host.round_seconds,
            "time_up": host.time_up if before.time_up or host.time_up != "vote" else None,
            "chair": chair if before.chair or chair != self.default_chair else None,
        }
        tables[table] = before.model_copy(update=update)
        self.record = self.record.model_copy(update={"tables": tables})
        self.save()

    def save(self) -> None:
        """Write ``class.json`` (readable by the user alone); an ``OSError`` when it
        cannot be written, the record in memory kept for the next write."""
        _write_record(self.folder, self.record)

    def codes_json(self) -> dict[str, Any]:
        """The codes as ``--codes FILE`` writes them."""
        return self.codes.model_dump()

    def restart(self, table: str) -> Host:
        """Start ``table`` again from the beginning, in a new log beside the old one (which
        is kept); the same seats, codes and pace. Returns the new host (paused). An
        ``OSError`` when the new log or the class record cannot be written, with nothing
        changed."""
        old = self.hosts[table]
        entry = self.record.tables[table]
        number = 2
        while (self.folder / f"{table}-{number}.jsonl").exists():
            number += 1
        log = f"{table}-{number}.jsonl"
        base = old.session
        session = Session(base.base, seed=base.seed, round_limit=base.round_limit, chair=base.chair)
        saved = SavedSession.create(
            self.folder / log, session, scenario_path=old.saved.header.scenario.path
        )
        tables = dict(self.record.tables)
        tables[table] = entry.model_copy(update={"log": log})
        record = self.record.model_copy(update={"tables": tables})
        try:
            _write_record(self.folder, record)
        except BaseException:
            saved.close()
            (self.folder / log).unlink(missing_ok=True)
            raise
        self.record = record
        host = Host(
            saved, dict(old.seats), human_chair=old.chair is None, paused=True, pace=old.pace
        )
        host.round_seconds = old.round_seconds
        host.time_up = old.time_up
        old.close()
        self.hosts[table] = host
        return host

    def close(self) -> None:
        """Stop every table and release its log."""
        for host in self.hosts.values():
            host.close()

    def _index(self) -> None:
        codes = self.codes
        holders = {
            normal(codes.chair): Holder("chair"),
            normal(codes.projector): Holder("projector"),
        }
        for table, seats in codes.tables.items():
            for seat, code in seats.items():
                holders[normal(code)] = Holder("seat", table, seat)
        self._holders = holders

    # --- opening ---------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        folder: Path,
        sources: list[TableSource],
        *,
        per_scenario: int,
        seed: int | None,
        computer_chair: bool,
        pace: float,
        round_limit: int | None = None,
        seed_per_table: bool = False,
    ) -> tuple[Classroom, list[str]]:
        """The class kept in ``folder``, taken up where it stopped if it is there (it must
        hold the same tables, and ``seed``, when given, must be its seed), else a new one
        playing ``seed`` (None: a fresh draw), with ``seed_per_table`` a different seed at
        each table. Returns it and what was said on the way (tables recovered from a
        damaged log). Raises ``ClassError`` or ``LogError``."""
        wanted = table_ids(sources, per_scenario)
        record_path = folder / "class.json"
        said: list[str] = []
        if record_path.exists():
            record = _read_record(record_path)
            if list(record.tables) != [t for t, _ in wanted] or any(
                record.tables[t].scenario != s.name for t, s in wanted
            ):
                have = ", ".join(f"{t} ({r.scenario})" for t, r in record.tables.items())
                raise ClassError(
                    f"{folder} holds another class (tables {have}); give another --name, "
                    "or the same scenarios and --tables to take it up again"
                )
            if (seed is not None and record.seed != seed) or record.round_limit != round_limit:
                raise ClassError(
                    f"{folder} holds a class played with --seed {record.seed}"
                    + (f" and --rounds {record.round_limit}" if record.round_limit else "")
                    + "; start it again with those, or give another --name"
                )
            hosts: dict[str, Host] = {}
            try:
                for table, source in wanted:
                    entry = record.tables[table]
                    saved, recovery = SavedSession.open(folder / entry.log, source.scenario)
                    if recovery is not None:
                        said.append(_recovered(table, recovery, saved))
                    chaired = computer_chair if entry.chair is None else entry.chair == "computer"
                    hosts[table] = _host(saved, entry.seats, chaired, pace)
                    if entry.round_seconds:
                        hosts[table].round_seconds = entry.round_seconds
                    if entry.time_up:
                        hosts[table].time_up = entry.time_up
            except BaseException:
                for host in hosts.values():
                    host.close()
                raise
            classroom = cls(folder, record, hosts)
            classroom.default_chair = "computer" if computer_chair else "teacher"
            return classroom, said
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        hosts = {}
        tables: dict[str, TableRecord] = {}
        if seed is None:
            seed = draw_seed()
        try:
            for n, (table, source) in enumerate(wanted):
                log = f"{table}.jsonl"
                session = Session(
                    source.scenario,
                    seed=seed + n if seed_per_table else seed,
                    round_limit=round_limit,
                    chair="computer" if computer_chair else "human",
                )
                saved = SavedSession.create(folder / log, session, scenario_path=str(source.path))
                hosts[table] = _host(saved, {}, computer_chair, pace)
                tables[table] = TableRecord(scenario=source.name, log=log)
        except BaseException:
            for host in hosts.values():
                host.close()
            raise
        codes = CodesRecord(
            tables={t: {a: new_code() for a in hosts[t].state.table.voters} for t in hosts},
            chair=new_code(),
            projector=new_code(),
        )
        record = ClassRecord(
            seed=seed,
            seed_per_table=seed_per_table,
            round_limit=round_limit,
            tables=tables,
            codes=codes,
        )
        classroom = cls(folder, record, hosts)
        classroom.default_chair = "computer" if computer_chair else "teacher"
        classroom.save()
        return classroom, said


def _write_record(folder: Path, record: ClassRecord) -> None:
    write_atomic(folder / "class.json", record.model_dump_json(indent=2) + "\n")


def write_codes(path: Path, codes: dict[str, Any]) -> None:
    """Write the join codes to ``path`` as JSON, readable by the user alone, in one step
    (the file is always the old codes or the new)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(codes, indent=2) + "\n")
    os.chmod(path, 0o600)


def _host(saved: SavedSession, seats: dict[str, Seat], computer_chair: bool, pace: float) -> Host:
    return Host(saved, dict(seats), human_chair=not computer_chair, paused=True, pace=pace)


def _recovered(table: str, recovery: Recovery, saved: SavedSession) -> str:
    return (
        f"table {table}: its log was damaged at line {recovery.line} ({recovery.reason}); "
        f"{recovery.kept} moves kept, {recovery.dropped} dropped; the damaged file is kept "
        f"at {saved.backup}"
    )


def class_logs(folder: Path) -> list[tuple[str, Path, dict[str, Seat]]] | None:
    """Each table of the class kept in ``folder``, its current log (a table started again
    plays its newest) and who sits where, in table order; None when ``folder`` holds no
    class. Raises ``ClassError`` when its record cannot be read."""
    path = folder / "class.json"
    if not path.exists():
        return None
    record = _read_record(path)
    return [
        (table, folder / entry.log, dict(entry.seats)) for table, entry in record.tables.items()
    ]


def class_seeds(folder: Path) -> list[tuple[str, str, int]]:
    """Each table of the class kept in ``folder``: its id, its scenario as the class
    names it, and the seed it plays. Raises ``ClassError`` when there is no class there or
    its record cannot be read."""
    path = folder / "class.json"
    if not path.is_file():
        raise ClassError(f"{folder}: no class here (no class.json); name a class folder")
    record = _read_record(path)
    return [
        (table, entry.scenario, record.seed + n if record.seed_per_table else record.seed)
        for n, (table, entry) in enumerate(record.tables.items())
    ]


def _read_record(path: Path) -> ClassRecord:
    try:
        if not path.is_file():
            raise ClassError(f"{path}: not a regular file")
        if os.path.getsize(path) > 4 * 1024 * 1024:
            raise ClassError(f"{path}: too large to be a class record")
        data = json.loads(path.read_text(encoding="utf-8"))
        return ClassRecord.model_validate(data)
    except (OSError, ValueError, ValidationError) as error:
        if isinstance(error, ValidationError):
            problem = error.errors()[0]
            where = ".".join(str(p) for p in problem["loc"])
            raise ClassError(f"{path}: {where}: {problem['msg']}") from None
        raise ClassError(f"{path}: cannot read the class record ({error})") from None


__all__ = [
    "ClassError",
    "Classroom",
    "Holder",
    "LogError",
    "TableSource",
    "new_code",
    "write_codes",
]
