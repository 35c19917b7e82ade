"""Hand-outs for after class: the debrief of every table, for each scenario played at two
or more tables the comparison for the plenary, and the class's results for a gradebook,
written into one folder."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from simulator.engine.session import Session
from simulator.report.compare import comparison_html, tables_of
from simulator.report.debrief import Sitting, debrief
from simulator.report.files import save_report, sitting_of
from simulator.report.gradebook import TableResult, gradebook_csv, gradebook_rows
from simulator.report.render import html_report


@dataclass(frozen=True)
class Played:
    """One table's session as it stands, and the log it is saved in."""

    table: str
    session: Session
    log: Path
    seats: Mapping[str, str] | None = None
    """Who plays each delegation now (a person or the computer), as the host knows."""


def write_handouts(folder: Path, tables: Sequence[Played]) -> list[Path]:
    """Write ``<table>.html`` (its debrief) for each table, and ``comparison.html`` (or
    ``comparison-<scenario>.html`` when the class played several scenarios) for each
    scenario played at two or more tables, then ``gradebook.csv`` (one row per seat per
    table); the paths written, in that order. Raises ``OSError`` when the folder cannot be
    written."""
    written: list[Path] = []
    by_scenario: dict[str, list[tuple[Session, Sitting | None]]] = {}
    for played in tables:
        sitting = sitting_of(played.log)
        path = folder / f"{played.table}.html"
        save_report(path, html_report(debrief(played.session, sitting)), parents=True)
        written.append(path)
        by_scenario.setdefault(played.session.base.id, []).append((played.session, sitting))
    several = len(by_scenario) > 1
    for scenario, sessions in by_scenario.items():
        if len(sessions) < 2:
            continue
        name = f"comparison-{scenario}.html" if several else "comparison.html"
        path = folder / name
        save_report(path, comparison_html(tables_of(sessions)), parents=True)
        written.append(path)
    rows = gradebook_rows([TableResult(p.table, p.session, p.seats) for p in tables])
    path = folder / "gradebook.csv"
    save_report(path, gradebook_csv(rows), parents=True)
    written.append(path)
    return written
