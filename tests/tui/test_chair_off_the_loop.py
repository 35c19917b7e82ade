"""The computer chair's texts are worked out off the interface's event loop, so a long
search for a compromise never freezes the screen."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from simulator.engine.moves import Move
from simulator.engine.state import State
from simulator.host import Host
from simulator.tui.app import SimulatorApp
from tests.tui.helpers import settle, start


@pytest.fixture(autouse=True)
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SIMULATOR_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


async def test_computer_moves_are_worked_out_in_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the computer in the chair and in every seat but one, every move the computer
    works out for the table is worked out in a thread other than the interface's, and
    the session still comes back to the person."""
    threads: list[threading.Thread] = []
    original = Host.computer_move

    def recorded(self: Host, state: State | None = None) -> Move | None:
        threads.append(threading.current_thread())
        return original(self, state)

    monkeypatch.setattr(Host, "computer_move", recorded)
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot, ("usa",), human_chair=False)
        host = app.host
        assert host is not None
        assert host.chair is not None
        for _ in range(3):
            await settle(pilot, app)
            await pilot.press("x")
        await settle(pilot, app)
        made = [move.actor for move in host.session.moves]
        assert made.count("usa") == 3
        assert len(made) > 3
    assert threads
    assert all(thread is not threading.main_thread() for thread in threads)
