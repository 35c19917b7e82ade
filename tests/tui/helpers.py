"""Building the app for interface tests: a fresh data folder, a chosen seating."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from simulator.engine.session import Seat
from simulator.scenario.loading import load_scenario
from simulator.tui.app import SimulatorApp
from simulator.tui.screens.table import TableScreen
from tests.conftest import SCENARIOS

CLASSROOM = SCENARIOS / "quantum-classroom.yaml"


def seats(*humans: str) -> dict[str, Seat]:
    """Every classroom delegation seated as the computer, but ``humans``."""
    scenario = load_scenario(str(CLASSROOM))
    return {a.id: ("human" if a.id in humans else "computer") for a in scenario.voters()}


async def start(
    app: SimulatorApp,
    pilot: Pilot[None],
    humans: tuple[str, ...],
    *,
    pace: float = 0.0,
    name: str = "lesson",
    human_chair: bool = True,
) -> None:
    """Start a classroom session from the app's start screen."""
    await pilot.pause()
    app.start_session(
        load_scenario(str(CLASSROOM)),
        CLASSROOM,
        seats(*humans),
        human_chair=human_chair,
        seed=1,
        name=name,
    )
    await pilot.pause()
    assert app.host is not None
    app.host.pace = pace


async def settle(pilot: Pilot[None], app: SimulatorApp, limit: float = 20.0) -> None:
    """Wait until a person must move (dismissing any handover) or the session is over."""
    waited = 0.0
    while waited < limit:
        await pilot.pause(0.02)
        waited += 0.02
        host = app.host
        assert host is not None
        if type(app.screen).__name__ == "Handover":
            await pilot.press("enter")
            continue
        if (
            isinstance(app.screen, TableScreen)
            and (host.state.over or host.holder_is_human())
            and host.idle
        ):
            return
    raise AssertionError("the session did not come back to a person")


def no_blink(app: SimulatorApp) -> None:
    """Stop input cursors blinking, so screenshots are stable."""
    for widget in app.screen.query(Input):
        widget.cursor_blink = False


def data_folder(tmp_path: Path) -> str:
    return str(tmp_path / "data")
