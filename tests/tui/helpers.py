"""Building the app for interface tests: a fresh data folder, a chosen seating."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from simulator.engine.session import Seat
from simulator.host import Host
from simulator.scenario_files import load_scenario
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


async def table_opened(
    pilot: Pilot[None], app: SimulatorApp, old: Host | None = None, limit: int = 500
) -> Host:
    """Wait until the app has opened a table other than ``old``'s (a screen asks for one
    with a message, which the app handles on its next turn), and return its host."""
    for _ in range(limit):
        host = app.host
        if host is not None and host is not old:
            return host
        await pilot.pause()
    raise AssertionError("no table was opened")


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


def big_motion_vote(data: Path, *, humans: tuple[str, ...] | None = None) -> Path:
    """A saved classroom session in the middle of a vote on a motion that changes every
    term (people in every seat but ``humans`` says otherwise, so nothing moves by itself);
    returns its log."""
    from simulator.engine.moves import CallVote, Pass, Propose
    from simulator.engine.session import Session
    from simulator.storage.sessions import SavedSession

    scenario = load_scenario(str(CLASSROOM))
    everyone = tuple(a.id for a in scenario.voters())
    session = Session(scenario, seed=1, seats=seats(*(everyone if humans is None else humans)))
    while session.state.phase == "openings":
        holder = session.state.holder()
        assert holder is not None
        session.push(Pass(actor=holder))
    state = session.state
    holder = state.holder()
    assert holder is not None
    values = {}
    for term in state.table.terms[:11]:
        options = term.values()
        values[term.id] = next(v for v in reversed(options) if v != state.value(term.id))
    session.push(Propose(actor=holder, values=values))
    session.push(CallVote(actor=state.table.moderator))
    log = data / "sessions" / "vote.jsonl"
    log.parent.mkdir(parents=True, exist_ok=True)
    session.chair = "human"
    SavedSession.create(log, session, scenario_path=str(CLASSROOM)).close()
    return log


def screen_lines(app: SimulatorApp) -> list[str]:
    """The screen as lines of text, as a terminal would show it."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]
