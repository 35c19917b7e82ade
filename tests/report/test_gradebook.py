"""The class's results for a gradebook: ``simulator report CLASSFOLDER --csv`` gives one
row per seat per table of a class folder (golden), the same as JSON, and cells a
spreadsheet would run as formulas are made plain."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from simulator.net.classroom import Classroom, TableSource
from simulator.report.gradebook import COLUMNS, plain_cell
from simulator.storage.catalog import resolve
from simulator.storage.sessions import SavedSession
from tests.conftest import run_simulator
from tests.engine.test_golden import classroom, classroom_convergence, classroom_deadlock
from tests.report.test_reports import check_golden


def class_folder(tmp_path: Path) -> Path:
    """A class of two tables kept as ``simulator serve`` keeps one: t1 played the
    scripted convergence with a student in the United States' seat, t2 the scripted
    deadlock."""
    folder = tmp_path / "period-2"
    source = TableSource("quantum-classroom", resolve("quantum-classroom"), classroom())
    opened, _ = Classroom.open(
        folder, [source], per_scenario=2, seed=0, computer_chair=False, pace=0.0
    )
    opened.hosts["t1"].set_seat("usa", "human")  # a student joined the seat
    opened.seated("t1")
    opened.close()
    for table, (scenario, moves) in (
        ("t1", classroom_convergence()),
        ("t2", classroom_deadlock()),
    ):
        saved, _ = SavedSession.open(folder / f"{table}.jsonl", scenario)
        with saved:
            for move in moves:
                saved.push(move)
    return folder


def test_golden_class_csv(tmp_path: Path) -> None:
    """One row per seat per table, in table and speaking order, with the columns a
    teacher pastes into a gradebook."""
    folder = class_folder(tmp_path)
    done = run_simulator("report", str(folder), "--csv", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    check_golden("class-gradebook.csv", done.stdout)
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert tuple(rows[0]) == COLUMNS
    assert [(r["table"], r["seat"]) for r in rows[:2]] == [("t1", "usa"), ("t1", "china")]
    assert len(rows) == 14
    assert [r["player"] for r in rows].count("person") == 1  # as the class records it
    assert rows[0]["player"] == "person"
    russia = next(r for r in rows if r["table"] == "t2" and r["seat"] == "russia")
    assert (russia["walk_outs"], russia["adopted"], russia["signed"]) == ("1", "no", "")


def test_json_and_file_output(tmp_path: Path) -> None:
    """--json gives the same rows; -o writes the file and says how many rows."""
    folder = class_folder(tmp_path)
    out = tmp_path / "grades" / "period-2.csv"
    missing = run_simulator("report", str(folder), "--csv", "-o", str(out), cwd=tmp_path)
    assert missing.returncode == 2
    made = run_simulator("report", str(folder), "--csv", "-o", str(out), "--parents", cwd=tmp_path)
    assert made.returncode == 0
    assert "14 rows" in made.stderr
    as_json = run_simulator("report", str(folder), "--json", cwd=tmp_path)
    rows = json.loads(as_json.stdout)
    from_csv = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [str(r["margin"]) for r in rows] == [r["margin"] for r in from_csv]


def test_text_cells_are_never_formulas() -> None:
    """A name a spreadsheet would run as a formula is shown as text; control
    characters are written out; numbers stay numbers."""
    assert plain_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert plain_cell("@SUM(A1)") == "'@SUM(A1)"
    assert plain_cell("Mexico\x1b[31m") == "Mexico\\u001b[31m"
    assert plain_cell(-0.25) == -0.25
