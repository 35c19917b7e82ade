"""The keyboard paths a teacher and students use: the first seat one Tab from launch,
dialogs open on their first field, the chair's panel has a key for every action, `q`
asks before quitting mid-session, `t` switches halves on a small screen, and what keys
say once the session is over."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select

from simulator.engine.moves import EndSession
from simulator.tui.app import SimulatorApp
from simulator.tui.screens.asking import QuitDialog
from simulator.tui.screens.dialogs import ModeratorPanel, PackageDialog, TextDialog
from simulator.tui.screens.handover import Handover
from simulator.tui.screens.start import StartScreen
from simulator.tui.screens.table import TableScreen
from simulator.tui.widgets.table_view import TableView
from simulator.tui.widgets.ticks import Ticks
from tests.tui.helpers import big_motion_vote, settle, start, table_opened


@pytest.fixture(autouse=True)
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SIMULATOR_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


async def until_seats(pilot: object, app: SimulatorApp) -> Ticks:
    for _ in range(100):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        found = app.screen.query("#seats")
        if found and found.first(Ticks).option_count:
            return found.first(Ticks)
    raise AssertionError("the seats never appeared")


async def one_student(app: SimulatorApp, pilot: Pilot[None]) -> None:
    """A classroom session with a student as the United States, at the student's turn."""
    await start(app, pilot, ("usa",))
    await settle(pilot, app)


async def test_first_seat_is_one_tab_away_and_space_ticks_it() -> None:
    """From launch: Tab reaches the seats, space makes the first delegation a person,
    and ctrl+s starts with it seated as a person."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        seats = await until_seats(pilot, app)
        await pilot.press("tab")
        assert app.focused is seats
        await pilot.press("space", "down", "space")
        assert set(seats.selected) == {"usa", "china"}
        await pilot.press("ctrl+s")
        host = await table_opened(pilot, app)
        assert host.humans() == ["usa", "china"]


async def test_dialogs_open_on_their_first_field() -> None:
    """A statement's dialog focuses its text; the proposal form its first term."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await one_student(app, pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        host = app.host
        assert host is not None
        while host.state.phase == "openings":
            await pilot.press("x")
            await settle(pilot, app)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PackageDialog)
        assert isinstance(app.focused, Select)
        assert app.focused.id == f"term-{host.state.table.terms[0].id}"


async def test_chair_panel_keys(data: Path) -> None:
    """In the chair's panel, o switches the projector view and p pauses the computer;
    on the table, o switches the projector view back."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await one_student(app, pilot)
        screen = app.screen
        assert isinstance(screen, TableScreen)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ModeratorPanel)
        await pilot.press("o")
        await pilot.pause()
        assert screen.projector
        assert app.screen is screen  # type: ignore[comparison-overlap]
        await pilot.press("o")
        await pilot.pause()
        assert not screen.projector
        await pilot.press("m", "p")
        await pilot.pause()
        assert app.host is not None
        assert app.host.paused


async def test_chair_calls_the_vote_with_v(data: Path) -> None:
    """With a motion on the floor, m then v calls the vote."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        log = big_motion_vote(data)
        app.resume(log)
        await pilot.pause()
        host = app.host
        assert host is not None
        host.undo()  # back to before the vote was called
        await pilot.pause()
        if isinstance(app.screen, Handover):
            await pilot.press("enter")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ModeratorPanel)
        await pilot.press("v")
        await pilot.pause()
        assert host.state.vote is not None


async def test_q_asks_before_quitting_mid_session() -> None:
    """Mid-session q asks; n stays at the table, y quits."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await one_student(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_q_quits_at_once_on_the_start_screen() -> None:
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_t_switches_halves_at_80x24(data: Path) -> None:
    """At 80×24 the draft shows first; t shows the delegations and the transcript."""
    app = SimulatorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.resume(big_motion_vote(data))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen.query_one(TableView)
        assert view.has_class("narrow")
        assert view.query_one("#left").display
        assert not view.query_one("#right").display
        await pilot.press("t")
        await pilot.pause()
        assert view.query_one("#right").display
        assert not view.query_one("#left").display


async def test_after_the_end_keys_point_to_the_debrief() -> None:
    """Once the session is over, a move's key says so and points to the debrief."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await one_student(app, pilot)
        host = app.host
        assert host is not None
        host.submit(EndSession(actor=host.state.table.moderator))
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("press d for the debrief" in m for m in said)
        assert not any("not a person's turn" in m for m in said)


async def test_the_statement_box_refuses_what_no_move_may_hold() -> None:
    """Text pasted into the statement box with a control of writing direction (or any
    text the log could not hold as one line) is refused with the rules' reason, and the
    floor is still the student's; a plain statement then counts."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await one_student(app, pilot)
        host = app.host
        assert host is not None
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#text", Input).value = "We accept \u202eevery term"
        await pilot.press("enter")
        await pilot.pause()
        assert host.moves == 0
        assert any("control of writing direction" in n.message for n in app._notifications)
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#text", Input).value = "We accept the text as it stands."
        await pilot.press("enter")
        await pilot.pause()
        first = host.session.moves[0]
        assert (first.actor, first.kind) == ("usa", "statement")
