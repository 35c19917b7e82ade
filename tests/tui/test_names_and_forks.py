"""Sessions are named as the teacher expects (a fork after its source; a taken name is
said), a fork chooses its own seats and chair, and a person handed the floor sees what
happened since their last turn."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Select

from simulator.agents.driver import run_session
from simulator.scenario_files import load_scenario
from simulator.storage.sessions import save_log
from simulator.tui.app import SimulatorApp
from simulator.tui.screens.asking import ForkSeats
from simulator.tui.screens.handover import Handover
from simulator.tui.screens.table import TableScreen
from tests.tui.helpers import CLASSROOM, seats, start, table_opened


@pytest.fixture(autouse=True)
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SIMULATOR_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def saved_as(data: Path, name: str) -> Path:
    scenario = load_scenario(str(CLASSROOM))
    log = data / "sessions" / f"{name}.jsonl"
    save_log(log, run_session(scenario, seed=2), scenario_path=str(CLASSROOM))
    return log


async def test_a_fork_is_named_after_its_source_and_chooses_its_seats(data: Path) -> None:
    """A fork of the saved session "demo1" is saved as "demo1-fork", with the seats and
    the chair chosen for it (the United States to a person, the computer chairing)."""
    log = saved_as(data, "demo1")
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_replay(str(log))
        await pilot.pause()
        await pilot.press("right", "right", "right", "f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ForkSeats)
        await pilot.press("space")  # the first delegation: a person
        dialog.query_one("#fork-chair", Select).value = "computer"
        await pilot.press("ctrl+s")
        host = await table_opened(pilot, app)
        assert host.path.name == "demo1-fork.jsonl"
        assert host.humans() == ["usa"]
        assert host.chair is not None  # the computer chairs
        assert host.moves == 3


async def test_a_taken_name_is_said(data: Path) -> None:
    """A new session under a name already taken is saved under another, and the
    teacher is told which."""
    saved_as(data, "period-3")
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.start_session(
            load_scenario(str(CLASSROOM)),
            CLASSROOM,
            seats(),
            human_chair=True,
            seed=1,
            name="period-3",
        )
        await pilot.pause()
        assert app.host is not None
        assert app.host.path.name == "period-3-2.jsonl"
        said = [n.message for n in app._notifications]
        assert any("period-3 exists already" in m and "period-3-2" in m for m in said)


async def test_the_handover_tells_what_happened_since_the_last_turn() -> None:
    """Two students: after the United States speaks and the computer delegations move,
    the handover to China lists the United States' statement and what followed."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot, ("usa", "china"))
        assert isinstance(app.screen, Handover)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"We favour safeguards.", "enter")
        for _ in range(200):
            await pilot.pause(0.02)
            if isinstance(app.screen, Handover):
                break
        handover = app.screen
        assert isinstance(handover, Handover)
        assert handover.delegation == "China"
        assert next(line.move for line in handover.since if line.kind == "move") == 1
        assert "We favour safeguards." in handover.since[0].text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)


async def test_resuming_a_missing_session_stops_with_the_reason() -> None:
    """Like a scenario that cannot be found, a session that cannot be resumed stops the
    program with the reason (it used to open the start screen with a passing note)."""
    app = SimulatorApp(resume="nope")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    assert app.return_code == 1
