"""A full disk at the table: the move is not made, the log stays a clean prefix, the
computer stops, the screen says so, and play goes on once writing works again."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.engine.log import decode_text
from simulator.scenario_files import load_scenario
from simulator.tui.app import SimulatorApp
from simulator.tui.screens.table import TableScreen
from tests.storage.test_faults import FailingDisk
from tests.tui.helpers import CLASSROOM, start


@pytest.fixture(autouse=True)
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SIMULATOR_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


async def test_full_disk_stops_the_table_and_says_so() -> None:
    """With the disk full, the computer's next move is refused and taken back: the
    computer is paused, the status line says nothing is saved, the log on disk holds
    exactly the moves made; with space back, space resumes and the log keeps up."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot, (), human_chair=False)
        host = app.host
        assert host is not None
        disk = FailingDisk()
        disk.room = 0
        host.saved.disk = disk
        for _ in range(500):  # until the computer tries to move and is refused
            if host.paused:
                break
            await pilot.pause(0.02)
        assert host.paused
        made = host.session.move_count
        on_disk = decode_text(host.path.read_text(), load_scenario(str(CLASSROOM)))
        assert on_disk.moves == host.session.moves
        assert isinstance(app.screen, TableScreen)
        status = str(app.screen.query_one("#status").render())
        assert "NOT SAVED" in status
        disk.room = None
        await pilot.press("space")
        for _ in range(500):  # until a move is saved again
            if host.session.move_count > made:
                break
            await pilot.pause(0.02)
        assert host.session.move_count > made
        assert host.saved.failure is None
        await pilot.press("space")
        await pilot.pause()
    again = decode_text(host.path.read_text(), load_scenario(str(CLASSROOM)))
    assert again.moves == host.session.moves
