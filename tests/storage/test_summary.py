"""Listings read a saved session's summary instead of replaying it, and never trust the
summary over the log: a log changed since its summary is replayed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.engine.moves import Pass
from simulator.engine.session import Session
from simulator.scenario_files import load_scenario
from simulator.storage import listing
from simulator.storage.sessions import SavedSession
from simulator.storage.summary import summary_path
from tests.conftest import SCENARIOS

SCENARIO = load_scenario(str(SCENARIOS / "quantum-classroom.yaml"))


def saved(path: Path, moves: int) -> SavedSession:
    session = SavedSession.create(path, Session(SCENARIO, round_limit=100))
    for _ in range(moves):
        session.push(Pass(actor=session.session.state.holder() or ""))
    return session


def no_replay(*_: object, **__: object) -> object:
    raise AssertionError("the listing replayed a log whose summary matches it")


def test_closed_session_is_listed_from_its_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closing a session writes its summary; the listing reads it without replaying."""
    saved(tmp_path / "s.jsonl", 12).close()
    assert json.loads(summary_path(tmp_path / "s.jsonl").read_text())["moves"] == 12
    monkeypatch.setattr("simulator.storage.opening.open_log", no_replay)
    [item] = listing.list_sessions(tmp_path)
    assert (item.name, item.moves, item.status, item.scenario) == (
        "s",
        12,
        "in progress",
        "quantum-classroom",
    )


def test_log_changed_since_its_summary_is_replayed(tmp_path: Path) -> None:
    """A log that grew after its summary was written (a writer that crashed before
    closing) is replayed, listed with its real count, and its summary made anew."""
    log = tmp_path / "s.jsonl"
    saved(log, 5).close()
    again, _ = SavedSession.open(log, SCENARIO)
    for _ in range(3):
        again.push(Pass(actor=again.session.state.holder() or ""))
    again.lock.release()  # gone without closing: the summary still says 5
    assert json.loads(summary_path(log).read_text())["moves"] == 5
    [item] = listing.list_sessions(tmp_path)
    assert item.moves == 8
    assert json.loads(summary_path(log).read_text())["moves"] == 8


def test_summary_is_never_listed_and_a_broken_one_is_ignored(tmp_path: Path) -> None:
    """The summary file is not a session; a summary that is not one is ignored."""
    saved(tmp_path / "s.jsonl", 2).close()
    summary_path(tmp_path / "s.jsonl").write_text("not json")
    items = listing.list_sessions(tmp_path)
    assert [(i.name, i.moves) for i in items] == [("s", 2)]
