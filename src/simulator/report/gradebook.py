"""The class's results for a gradebook: one row per seat per table, as CSV (for a
spreadsheet) or as JSON, from the tables' sessions.

A row says who played the seat, what the final text gave it against its walk-away point,
whether it signed and would have accepted the final text, and what it did: moves,
statements, proposals, amendments, concessions (and the points they cost it), walk-outs
and ballots. Every text cell is plain: a cell a spreadsheet would read as a formula gets
a leading apostrophe, and control characters are dropped.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from simulator.engine.moves import Abstain, Amend, Concede, Oppose, Propose, Statement, Support
from simulator.engine.moves import WalkOut as WalkOutMove
from simulator.engine.session import Session
from simulator.engine.state import VoteRecord
from simulator.plaintext import printable
from simulator.report.shifts import public_positions

COLUMNS = (
    "scenario",
    "table",
    "seed",
    "seat",
    "delegation",
    "player",
    "satisfaction",
    "walk_away",
    "margin",
    "adopted",
    "signed",
    "would_accept_final",
    "final_vote",
    "moves",
    "statements",
    "proposals",
    "amendments",
    "concessions",
    "points_conceded",
    "walk_outs",
    "ballots",
)
"""The columns of the export, in order."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell starts that a spreadsheet would read as a formula."""


@dataclass(frozen=True)
class TableResult:
    """One table of the class: its name in the class and its session."""

    table: str
    """The table's id in the class (t1, t2, ...), or its log's name."""
    session: Session
    """What was played there."""
    seats: Mapping[str, str] | None = None
    """Who plays each delegation as the class records it (a person or the computer),
    when it knows better than the log's header; None: the log's."""


Row = dict[str, str | int | float]


def gradebook_rows(tables: Sequence[TableResult]) -> list[Row]:
    """One row per seat per table, tables in the order given, seats in speaking order."""
    rows: list[Row] = []
    for result in tables:
        seats = result.seats if result.seats is not None else result.session.seats
        rows += _table_rows(result.table, result.session, seats)
    return rows


def _table_rows(name: str, session: Session, seats: Mapping[str, str]) -> list[Row]:
    state = session.state
    table = state.table
    outcome = state.outcome
    adopted = outcome is not None and outcome.adopted
    finals = [vote for vote in state.votes if vote.subject == "treaty"]
    final = finals[-1] if finals else None
    _, shifts = public_positions(session)
    rows: list[Row] = []
    for actor in table.voters:
        mine = [m for m in session.moves if m.actor == actor]
        given = [s for s in shifts if s.actor == actor and s.chosen and s.cost > 1e-9]
        reservation = table.utility[actor].reservation
        rows.append(
            {
                "scenario": session.base.id,
                "table": name,
                "seed": session.seed,
                "seat": actor,
                "delegation": table.name(actor),
                "player": "person" if seats.get(actor) == "human" else "computer",
                "satisfaction": round(state.utilities[actor], 3),
                "walk_away": round(reservation, 3),
                "margin": round(state.utilities[actor] - reservation, 3),
                "adopted": "yes" if adopted else "no",
                "signed": ("yes" if actor in outcome.signatories else "no")
                if adopted and outcome is not None
                else "",
                "would_accept_final": "yes" if state.acceptable(actor) else "no",
                "final_vote": _ballot(final, actor),
                "moves": len(mine),
                "statements": sum(isinstance(m, Statement) for m in mine),
                "proposals": sum(isinstance(m, Propose) for m in mine),
                "amendments": sum(isinstance(m, Amend) for m in mine),
                "concessions": sum(isinstance(m, Concede) for m in mine),
                "points_conceded": round(sum(s.cost for s in given) * 100, 1),
                "walk_outs": sum(isinstance(m, WalkOutMove) for m in mine),
                "ballots": sum(isinstance(m, Support | Oppose | Abstain) for m in mine),
            }
        )
    return rows


def _ballot(vote: VoteRecord | None, actor: str) -> str:
    """How ``actor`` voted in the final vote ('' when none was held)."""
    if vote is None:
        return ""
    for ballot, word in (
        (vote.yes, "yes"),
        (vote.no, "no"),
        (vote.abstain, "abstain"),
        (vote.absent, "absent"),
    ):
        if actor in ballot:
            return word
    return ""


def plain_cell(value: str | int | float) -> str | int | float:
    """A cell as a spreadsheet should show it: text never read as a formula, and no
    control character."""
    if not isinstance(value, str):
        return value
    text = printable(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def gradebook_csv(rows: Sequence[Row]) -> str:
    """The rows as CSV with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: plain_cell(value) for key, value in row.items()})
    return out.getvalue()


def gradebook_json(rows: Sequence[Row]) -> str:
    """The rows as a JSON array of objects."""
    return json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n"
