"""The teacher's console driven by its keys (Pilot) against a real server on loopback:
one arrow press moves one table; nothing is drawn again while nothing changes; end,
restart, undo and the final vote ask first and name the table; a text is tabled from
the facilitator's suggestion; an inject shows its prompt and effects before it fires;
the chair, the agenda, the round time and the grace period each have a key; ``?`` lists
every key; the overview and the status line show one clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.message import Message
from textual.widgets import DataTable, Select, Static

from simulator.net.console import ConsoleScreen
from simulator.net.console_dialogs import Confirm, ConsoleHelp, InjectPrompt
from simulator.net.join import JoinApp
from simulator.net.join_dialogs import Choose
from simulator.tui.screens.dialogs import PackageDialog
from simulator.tui.widgets.table_view import TableView
from tests.net.test_join_app import until
from tests.net.test_server import Running, open_server


def text_of(widget: Any) -> str:
    return str(widget.render())


async def console(run: Running, pilot: Any, app: JoinApp) -> ConsoleScreen:
    await until(pilot, lambda: isinstance(app.screen, ConsoleScreen))
    screen = app.screen
    assert isinstance(screen, ConsoleScreen)
    await until(pilot, lambda: len(screen.client.views) == len(run.classroom.hosts))
    await until(pilot, lambda: "waiting" not in str(screen._rows))
    return screen


async def test_one_arrow_press_moves_one_table_and_nothing_redraws_at_rest(
    tmp_path: Path,
) -> None:
    run = await open_server(tmp_path / "class", tables=3)
    messages: list[Message] = []
    app = JoinApp(run.url, run.classroom.codes.chair)
    try:
        async with app.run_test(size=(120, 40), message_hook=messages.append) as pilot:
            screen = await console(run, pilot, app)
            drawn: list[object] = []
            detail = screen.query_one(TableView)
            original = detail.show
            detail.show = lambda view: (drawn.append(screen.selected()), original(view))[1]  # type: ignore[method-assign,func-returns-value]
            await pilot.press("down")
            await until(pilot, lambda: screen.selected() == "t2")
            await pilot.press("down")
            await until(pilot, lambda: screen.selected() == "t3")
            await pilot.press("up")
            await until(pilot, lambda: screen.selected() == "t2")
            await pilot.pause()
            # each table drawn as the cursor reached it (again only if the layout moved)
            assert [t for i, t in enumerate(drawn) if drawn[i - 1 : i] != [t]][-3:] == [
                "t2",
                "t3",
                "t2",
            ]
            settled = len(drawn)
            before = sum(isinstance(m, DataTable.RowHighlighted) for m in messages)
            for _ in range(5):  # views, ticks and notices that change nothing
                screen.show()
                screen.tick()
            await pilot.pause()
            assert len(drawn) == settled
            assert sum(isinstance(m, DataTable.RowHighlighted) for m in messages) == before
            assert "Table t2" in text_of(screen.query_one("#status", Static))
    finally:
        await run.server.stop()


async def test_destructive_keys_ask_first_and_name_the_table(tmp_path: Path) -> None:
    run = await open_server(tmp_path / "class", tables=2)
    t1, t2 = run.classroom.hosts["t1"], run.classroom.hosts["t2"]
    app = JoinApp(run.url, run.classroom.codes.chair)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await console(run, pilot, app)
            await pilot.press("down")
            await until(pilot, lambda: screen.selected() == "t2")
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, Confirm))
            assert "table t2" in text_of(app.screen.query_one("#question Static"))
            await pilot.press("n")
            await until(pilot, lambda: app.screen is screen)
            await pilot.press("e", "y")
            await until(pilot, lambda: run.classroom.hosts["t2"].state.over)
            assert not t1.state.over
            await until(pilot, lambda: screen._rows["t2"][0] == "finished")
            await pilot.press("up")
            await until(pilot, lambda: screen.selected() == "t1")
            await pilot.press("j", "enter")  # the first inject, at t1
            await until(pilot, lambda: isinstance(app.screen, InjectPrompt))
            await pilot.press("f")
            await until(pilot, lambda: t1.moves == 1)
            await pilot.press("u")
            await until(pilot, lambda: isinstance(app.screen, Confirm))
            question = text_of(app.screen.query_one("#question Static"))
            assert "table t1" in question
            assert "code-breaking" in question  # the move it takes back
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen)
            assert t1.moves == 1
            await pilot.press("u", "y")
            await until(pilot, lambda: t1.moves == 0)
            first_log = t1.path
            await pilot.press("ctrl+r")
            await until(pilot, lambda: isinstance(app.screen, Confirm))
            await pilot.press("y")
            await until(pilot, lambda: run.classroom.hosts["t1"].path != first_log)
            assert run.classroom.hosts["t2"] is t2
    finally:
        await run.server.stop()


async def test_the_teacher_tables_the_facilitators_text_and_calls_the_vote(
    tmp_path: Path,
) -> None:
    run = await open_server(tmp_path / "class")
    host = run.classroom.hosts["t1"]
    app = JoinApp(run.url, run.classroom.codes.chair)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await console(run, pilot, app)
            await pilot.press("p")  # the openings: no motion yet
            await until(pilot, lambda: any("Not now" in str(n.message) for n in app._notifications))
            await pilot.press("f")
            await until(pilot, lambda: isinstance(app.screen, Confirm))
            await pilot.press("y")
            await until(pilot, lambda: host.state.phase == "negotiation")
            await until(
                pilot, lambda: any(m.kind == "propose" for m in screen.client.views["t1"].may)
            )
            await pilot.press("p")
            await until(pilot, lambda: isinstance(app.screen, PackageDialog))
            form = app.screen
            assert isinstance(form, PackageDialog)
            await pilot.press("ctrl+g")
            await until(pilot, lambda: "facilitator's text" in text_of(form.query_one("#preview")))
            chosen = form.values()
            assert chosen
            await pilot.press("ctrl+s")
            await until(pilot, lambda: host.state.motion is not None)
            motion = host.state.motion
            assert motion is not None
            assert dict(motion.values) == chosen
            assert host.session.moves[-1].actor == host.state.table.moderator
            await pilot.press("a")
            await until(pilot, lambda: isinstance(app.screen, PackageDialog))
            form = app.screen
            assert isinstance(form, PackageDialog)
            first = form.terms[0]
            select = form.query_one(f"#term-{first.id}", Select)
            now = select.value
            select.value = 0 if now != 0 else 1
            await pilot.press("ctrl+s")
            await until(pilot, lambda: host.session.moves[-1].kind == "amend")
            await pilot.press("v")
            await until(pilot, lambda: host.state.vote is not None)
    finally:
        await run.server.stop()


async def test_the_chair_agenda_round_time_and_grace_each_have_a_key(tmp_path: Path) -> None:
    run = await open_server(tmp_path / "class", tables=2)
    host = run.classroom.hosts["t1"]
    app = JoinApp(run.url, run.classroom.codes.chair)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await console(run, pilot, app)
            assert host.chair is None
            await pilot.press("h")
            await until(pilot, lambda: host.chair is not None)
            await until(pilot, lambda: screen._rows["t1"][1] == "computer")
            await pilot.press("h")
            await until(pilot, lambda: host.chair is None)
            await pilot.press("H")  # every table's chair to the computer
            await until(pilot, lambda: all(h.chair for h in run.classroom.hosts.values()))
            await pilot.press("H")
            await until(pilot, lambda: not any(h.chair for h in run.classroom.hosts.values()))
            await pilot.press("g")
            await pilot.press("space", "ctrl+s")  # tick the first term, set the agenda
            await until(pilot, lambda: host.state.agenda == (host.state.table.terms[0].id,))
            await pilot.press("T", *"2", "enter")
            await until(pilot, lambda: isinstance(app.screen, Choose))
            await pilot.press("down", "enter")  # time up passes the floor
            await until(
                pilot,
                lambda: all(h.round_seconds == 120 for h in run.classroom.hosts.values()),
            )
            assert all(h.time_up == "pass" for h in run.classroom.hosts.values())
            await until(pilot, lambda: screen._rows["t1"][0].startswith("2:00"))
            status = text_of(screen.query_one("#status", Static))
            assert "2:00 left in the round" in status  # one clock: the row's and the line's
            await pilot.press("w", *"90", "enter")
            await until(pilot, lambda: run.server.grace == 90)
    finally:
        await run.server.stop()


async def test_the_question_mark_lists_every_key(tmp_path: Path) -> None:
    run = await open_server(tmp_path / "class")
    app = JoinApp(run.url, run.classroom.codes.chair)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            screen = await console(run, pilot, app)
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, ConsoleHelp))
            shown = text_of(app.screen.query_one("#help-keys Static"))
            for key, words in screen.key_list():
                assert words in shown, key
            for key in ("ctrl+r", "space", "?", "e", "u", "J", "F", "P", "R", "T", "w"):
                assert f"{key}  " in shown, key
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is screen)
    finally:
        await run.server.stop()


async def test_the_keys_for_every_table_and_a_new_code(tmp_path: Path) -> None:
    run = await open_server(tmp_path / "class", tables=2)
    hosts = run.classroom.hosts
    app = JoinApp(run.url, run.classroom.codes.chair)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await console(run, pilot, app)
            # The tables wait, paused, until the teacher starts them: what is fired or
            # opened below does not depend on how far the computer got meanwhile.
            assert all(h.paused for h in hosts.values())
            moves = {t: h.moves for t, h in hosts.items()}
            await pilot.press("J", "enter")
            await until(pilot, lambda: isinstance(app.screen, InjectPrompt))
            assert "every table" in text_of(app.screen.query_one("#question Static"))
            await pilot.press("f")
            await until(pilot, lambda: all(h.moves == moves[t] + 1 for t, h in hosts.items()))
            assert all(h.session.moves[-1].kind == "fire_inject" for h in hosts.values())
            await pilot.press("F")
            await until(pilot, lambda: isinstance(app.screen, Confirm))
            assert "every table" in text_of(app.screen.query_one("#question Static"))
            await pilot.press("y")
            await until(pilot, lambda: all(h.state.phase != "openings" for h in hosts.values()))
            await pilot.press("R")
            await until(pilot, lambda: not any(h.paused for h in hosts.values()))
            await pilot.press("P")
            await until(pilot, lambda: all(h.paused for h in hosts.values()))
            old = run.classroom.codes.tables["t1"]["usa"]
            await pilot.press("n", "enter")  # the first seat of t1: the United States
            await until(pilot, lambda: run.classroom.codes.tables["t1"]["usa"] != old)
    finally:
        await run.server.stop()
