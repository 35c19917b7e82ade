"""Snapshots of every screen at fixed terminal sizes (pytest-textual-snapshot).

After a deliberate change of the interface, review and accept the new pictures with
``python -m pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from simulator.agents.driver import run_session
from simulator.scenario_files import load_scenario
from simulator.storage.sessions import save_log
from simulator.tui.app import SimulatorApp
from simulator.tui.screens.debrief import DebriefScreen
from simulator.tui.screens.start import StartScreen
from simulator.tui.widgets.ticks import Ticks
from tests.tui.helpers import CLASSROOM, big_motion_vote, no_blink, start

Snap = Callable[..., bool]


@pytest.fixture(autouse=True)
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SIMULATOR_DATA", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def at_table(*then: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Start a session with two students, past the first handover, then press keys."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, SimulatorApp)
        await start(app, pilot, ("usa", "china"), pace=0.0)
        await past_handover_then(pilot, then)

    return run_before


async def past_handover_then(pilot: Pilot[None], keys: tuple[str, ...]) -> None:
    """Press Enter on the handover, then ``keys`` one by one, and stop the cursors."""
    await pilot.press("enter")
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    no_blink(pilot.app)  # type: ignore[arg-type]


async def when(pilot: Pilot[None], done: Callable[[], bool], *groups: str) -> None:
    """Wait until ``done()`` holds: each round lets the screen handle what is pending,
    then waits for the app's workers of ``groups`` (loading a scenario, working out a
    debrief) to finish, so a slow machine only waits longer, never pictures a screen
    half-drawn. Fails after 50 rounds that change nothing."""
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        if done():
            return
        waited = [w for w in app.workers if w.group in groups]
        if waited:  # (an empty list would wait for every worker, the computer's too)
            await app.workers.wait_for_complete(waited)
    raise AssertionError(f"the screen did not come to the state pictured: {app.screen}")


def start_screen_ready(pilot: Pilot[None]) -> Callable[[], bool]:
    """Whether the start screen shows its chosen scenario and its seats."""

    def ready() -> bool:
        screen = pilot.app.screen
        return (
            isinstance(screen, StartScreen)
            and screen.scenario is not None
            and screen.query_one("#seats", Ticks).option_count > 0
        )

    return ready


SIZES = [(80, 24), (100, 30), (120, 40), (200, 60)]
"""The terminal sizes people use: a laptop's default, a small window, a usual one, a
large screen."""


def in_vote(*then: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Open a session in the middle of a vote on an eleven-term motion (people in every
    seat), past the handover, then press keys."""

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, SimulatorApp)
        await pilot.pause()
        app.resume(big_motion_vote(Path(os.environ["SIMULATOR_DATA"])))
        await pilot.pause()
        await past_handover_then(pilot, then)

    return run_before


class TestStart:
    @pytest.mark.parametrize("size", SIZES)
    def test_start_screen(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await when(pilot, start_screen_ready(pilot), "setup", "scenario")
            no_blink(pilot.app)  # type: ignore[arg-type]

        assert snap_compare(SimulatorApp(), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_packets_dialog(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            await when(pilot, start_screen_ready(pilot), "setup", "scenario")
            await pilot.press("ctrl+o")
            await pilot.pause()
            # the default folder is the current one, which differs from run to run
            folder = pilot.app.screen.query_one("#packets-folder", Input)
            folder.value = "/home/teacher/quantum-classroom-packets"
            no_blink(pilot.app)  # type: ignore[arg-type]

        assert snap_compare(SimulatorApp(), terminal_size=size, run_before=run_before)


class TestTable:
    @pytest.mark.parametrize("size", SIZES)
    def test_table(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        assert snap_compare(SimulatorApp(), terminal_size=size, run_before=at_table())

    @pytest.mark.parametrize("size", SIZES)
    def test_vote_on_a_big_motion(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        assert snap_compare(SimulatorApp(), terminal_size=size, run_before=in_vote())

    def test_transcript_half_at_80x24(self, snap_compare: Snap) -> None:
        assert snap_compare(SimulatorApp(), terminal_size=(80, 24), run_before=in_vote("t"))

    @pytest.mark.parametrize("size", SIZES)
    def test_projector(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        assert snap_compare(SimulatorApp(), terminal_size=size, run_before=in_vote("o"))

    @pytest.mark.parametrize("size", SIZES)
    def test_handover(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        async def run_before(pilot: Pilot[None]) -> None:
            app = pilot.app
            assert isinstance(app, SimulatorApp)
            await start(app, pilot, ("usa", "china"))

        assert snap_compare(SimulatorApp(), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_proposal_form(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        assert snap_compare(
            SimulatorApp(),
            terminal_size=size,
            run_before=at_table("s", "H", "i", "enter", "enter", "x", "enter", "p"),
        )

    @pytest.mark.parametrize("size", SIZES)
    def test_moderator_panel(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        assert snap_compare(SimulatorApp(), terminal_size=size, run_before=at_table("m"))

    @pytest.mark.parametrize("size", SIZES)
    def test_help(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        assert snap_compare(
            SimulatorApp(), terminal_size=size, run_before=at_table("question_mark")
        )

    @pytest.mark.parametrize("size", SIZES)
    def test_brief(self, snap_compare: Snap, size: tuple[int, int]) -> None:
        assert snap_compare(SimulatorApp(), terminal_size=size, run_before=at_table("i"))


def finished_log(data: Path) -> Path:
    scenario = load_scenario(str(CLASSROOM))
    log = data / "sessions" / "finished.jsonl"
    save_log(log, run_session(scenario, seed=2), scenario_path=str(CLASSROOM))
    return log


class TestReplayAndDebrief:
    @pytest.mark.parametrize("size", SIZES)
    def test_replay_view(self, snap_compare: Snap, data: Path, size: tuple[int, int]) -> None:
        log = finished_log(data)

        async def run_before(pilot: Pilot[None]) -> None:
            app: Any = pilot.app
            await pilot.pause()
            app.open_replay(str(log))
            await pilot.pause()
            for _ in range(20):
                await pilot.press("right")
            await pilot.pause()

        assert snap_compare(SimulatorApp(), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_debrief(self, snap_compare: Snap, data: Path, size: tuple[int, int]) -> None:
        log = finished_log(data)

        async def run_before(pilot: Pilot[None]) -> None:
            app: Any = pilot.app
            await pilot.pause()
            app.open_replay(str(log))
            await pilot.pause()
            await pilot.press("end", "d")
            await when(pilot, lambda: isinstance(pilot.app.screen, DebriefScreen), "debrief")

        assert snap_compare(SimulatorApp(), terminal_size=size, run_before=run_before)
