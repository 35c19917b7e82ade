"""The join client driven as a person drives it (Pilot), against a real server on
loopback: a student types the code and speaks; the teacher pauses and resumes a table,
hands a seat to the computer and writes the debriefs; the projector shows the public
view only."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Select, Static

from simulator.engine.moves import AdvancePhase
from simulator.net.console import ConsoleScreen
from simulator.net.join import JoinApp, ProjectorScreen, SeatScreen
from simulator.tui.screens.dialogs import BriefScreen, PackageDialog
from simulator.tui.seat import preview_words
from simulator.views import proposal_preview
from tests.net.test_server import open_server


async def until(pilot: object, condition: object, limit: int = 500) -> None:
    """Let the app run until ``condition()`` holds, looking again after each short pause
    (each also lets the app handle what it was sent); fails after ``limit`` pauses."""
    for _ in range(limit):
        if condition():  # type: ignore[operator]
            return
        await pilot.pause(0.02)  # type: ignore[attr-defined]
    raise AssertionError("the condition never held")


async def test_a_student_types_the_code_and_speaks(tmp_path: Path) -> None:
    run = await open_server(tmp_path / "class")
    code = run.classroom.codes.tables["t1"]["usa"]
    host = run.classroom.hosts["t1"]
    app = JoinApp(run.url)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*code, "enter")
            await until(pilot, lambda: isinstance(app.screen, SeatScreen))
            await until(
                pilot, lambda: "your move" in str(app.screen.query_one("#actions", Static).render())
            )
            await pilot.press("s")
            await pilot.press(*"We ask for inspections.", "enter")
            await until(pilot, lambda: host.moves == 1)
            assert host.session.moves[0].actor == "usa"
            from simulator.tui.widgets.table_view import TableView

            shown = app.screen.query_one(TableView).view
            assert shown is not None
            assert type(shown).__name__ == "SeatView"
            assert shown.seat == "usa"  # type: ignore[union-attr]
    finally:
        await run.server.stop()


async def test_a_released_debrief_opens_on_the_students_screen(tmp_path: Path) -> None:
    """When the teacher releases the debriefs, the student's screen opens its own
    delegation's debrief; Escape goes back to the table and D opens it again."""
    run = await open_server(tmp_path / "class")
    code = run.classroom.codes.tables["t1"]["iran"]
    app = JoinApp(run.url, code)
    teacher = None
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, SeatScreen))
            from simulator.net.client import SessionClient
            from simulator.net.join_dialogs import OwnDebrief

            teacher = SessionClient(run.url, run.classroom.codes.chair)
            await teacher.join()
            await teacher.chair("release", table="t1")
            await until(pilot, lambda: isinstance(app.screen, OwnDebrief))
            shown = app.screen
            assert isinstance(shown, OwnDebrief)
            assert shown.text.startswith("# Your debrief: Iran")
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, SeatScreen))
            await pilot.press("D")
            await until(pilot, lambda: isinstance(app.screen, OwnDebrief))
    finally:
        if teacher is not None:
            await teacher.close()
        await run.server.stop()


async def test_a_wrong_code_is_asked_again(tmp_path: Path) -> None:
    run = await open_server(tmp_path / "class")
    app = JoinApp(run.url)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*"zzzzz-zzzzz", "enter")
            await until(
                pilot,
                lambda: (
                    "no seat has that code"
                    in str(app.screen.query_one("#problem", Static).render())
                ),
            )
    finally:
        await run.server.stop()


async def test_the_teacher_pauses_resumes_and_hands_a_seat_over(tmp_path: Path) -> None:
    run = await open_server(tmp_path / "class", tables=2)
    host = run.classroom.hosts["t1"]
    app = JoinApp(run.url, run.classroom.codes.chair)
    try:
        async with app.run_test(size=(140, 40)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, ConsoleScreen))
            await until(pilot, lambda: app.screen.query_one(DataTable).row_count == 2)
            assert host.paused
            await pilot.press("space")
            await until(pilot, lambda: not host.paused)
            await pilot.press("space")
            await until(pilot, lambda: host.paused)
            await pilot.press("c")
            await pilot.press("enter")  # the first seat: the United States
            await until(pilot, lambda: host.seats.get("usa") == "human")
            await pilot.press("c", "enter")
            await until(pilot, lambda: host.seats.get("usa") == "computer")
            debriefs = tmp_path / "class" / "debriefs"
            await pilot.press("d")
            # every table's analysis is worked out first: seconds on a loaded machine
            await until(pilot, lambda: (debriefs / "gradebook.csv").exists(), limit=6000)
            await until(
                pilot,
                lambda: any("Debriefs written" in str(n.message) for n in app._notifications),
            )
            assert sorted(p.name for p in debriefs.iterdir()) == [
                "comparison.html",
                "gradebook.csv",
                "t1.html",
                "t2.html",
            ]
    finally:
        await run.server.stop()


async def test_the_projector_shows_no_private_number(tmp_path: Path) -> None:
    run = await open_server(tmp_path / "class")
    app = JoinApp(run.url, run.classroom.codes.projector)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, ProjectorScreen))
            await until(pilot, lambda: app.client is not None and app.client.view() is not None)
            assert app.client is not None
            view = app.client.view()
            assert view is not None
            assert "brief" not in view.view
            assert "satisfaction" not in view.view
            await pilot.pause()  # let the header take its title before the app closes
    finally:
        await run.server.stop()


async def test_a_students_preview_and_brief_are_the_ones_the_shared_screen_shows(
    tmp_path: Path,
) -> None:
    """A networked student's proposal form says what the hot seat's does (satisfaction,
    walk-away point, verdict and any red line, from the core), and ``i`` opens the same
    brief, drawn from the seat's view."""
    run = await open_server(tmp_path / "class")
    host = run.classroom.hosts["t1"]
    host.submit(AdvancePhase(actor=host.state.table.moderator))
    holder = host.state.holder()
    assert holder is not None
    app = JoinApp(run.url, run.classroom.codes.tables["t1"][holder])
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, SeatScreen))
            actions = app.screen.query_one("#actions", Static)
            await until(pilot, lambda: "[p] propose" in str(actions.render()))
            await pilot.press("p")
            await until(pilot, lambda: isinstance(app.screen, PackageDialog))
            form = app.screen
            assert isinstance(form, PackageDialog)
            first = form.terms[0]
            form.query_one(f"#term-{first.id}", Select).value = len(first.choices) - 1
            await pilot.pause()
            values = form.values()
            words = preview_words(
                len(values), proposal_preview(host.state, holder, values), private=True
            )
            assert "Your satisfaction with this text" in words
            preview = form.query_one("#preview", Static)
            await until(pilot, lambda: str(preview.render()) == words)
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, SeatScreen))
            await pilot.press("i")
            await until(pilot, lambda: isinstance(app.screen, BriefScreen))
            brief = app.screen
            assert isinstance(brief, BriefScreen)
            assert brief.brief == host.seat_view(holder).brief
            assert brief.name_text == host.state.table.name(holder)
    finally:
        await run.server.stop()
