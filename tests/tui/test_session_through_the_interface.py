"""A whole classroom session played through the interface, as a teacher and two students
at one screen would: statements, a proposal built in the form, an amendment, support and
votes, an inject from the moderator panel, undo, quitting and resuming."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Label, Select

from simulator.engine.session import Session
from simulator.scenario_files import load_scenario
from simulator.storage.lock import SessionInUse
from simulator.storage.sessions import SavedSession, read_log
from simulator.tui.app import SimulatorApp
from simulator.tui.screens.asking import ForkSeats
from simulator.tui.screens.dialogs import ModeratorPanel, PackageDialog
from simulator.tui.screens.handover import Handover
from simulator.tui.screens.table import TableScreen
from simulator.tui.widgets.table_view import TableView
from tests.tui.helpers import CLASSROOM, settle, start, table_opened


@pytest.fixture(autouse=True)
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SIMULATOR_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


async def test_two_students_and_the_computer(data: Path) -> None:
    """Two people in hot seat (the United States and China) and the computer elsewhere
    play through openings, a proposal, an amendment, votes, an inject and undo; the log on
    disk replays to the same state."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot, ("usa", "china"))
        host = app.host
        assert host is not None
        # the handover hides the table before the first student's turn
        assert isinstance(app.screen, Handover)
        await pilot.press("enter")
        assert isinstance(app.screen, TableScreen)
        # United States: an opening statement
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#text", Input).value = "Verification remains paramount."
        await pilot.press("enter")
        await pilot.pause()
        assert host.session.moves[-1].kind == "statement"
        # China gets the floor after a handover; it passes
        await settle(pilot, app)
        assert host.state.holder() == "china"
        await pilot.press("x")
        await settle(pilot, app)
        # round 1: the United States builds a proposal in the form
        assert host.state.phase == "negotiation"
        assert host.state.holder() == "usa"
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PackageDialog)
        dialog.query_one("#term-climate_pilot", Select).value = 2
        dialog.query_one("#term-verification", Select).value = 2
        await pilot.pause()
        assert "Your satisfaction with this text" in str(dialog.query_one("#preview").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        motion = host.state.motion
        assert motion is not None
        assert motion.values == {
            "verification": "mutual_monitoring",
            "climate_pilot": "joint_modelling",
        }
        await settle(pilot, app)
        # China amends the climate pilot up to the monitoring network
        assert host.state.holder() == "china"
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#term-climate_pilot", Select).value = 3
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        motion = host.state.motion
        if motion is not None:
            assert motion.values["climate_pilot"] == "monitoring_network"
        # the chair fires an inject from the moderator panel
        await pilot.press("m")
        await pilot.pause()
        panel = app.screen
        assert isinstance(panel, ModeratorPanel)
        panel.query_one("#inject", Select).value = "climate_uninhabitable"
        await pilot.pause()
        await pilot.click("#fire")
        await pilot.pause()
        assert "climate_uninhabitable" in host.state.fired
        # undo takes it back and pauses the computer
        moves = len(host.session.moves)
        await pilot.press("u")
        await pilot.pause()
        assert len(host.session.moves) == moves - 1
        assert "climate_uninhabitable" not in host.state.fired
        assert host.paused
        # the log on disk holds exactly the session's moves
        decoded = read_log(host.path, load_scenario(str(CLASSROOM)))
        assert decoded.recovery is None
        assert decoded.session.moves == host.session.moves
        # while the table is open, no other writer may open the session
        with pytest.raises(SessionInUse, match="open for writing by process"):
            SavedSession.open(host.path, load_scenario(str(CLASSROOM)))
        final = host.session.state
        path = host.path
    # resume in a new app: the same session, where it stopped
    again = SimulatorApp(resume=str(path))
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        assert again.host is not None
        assert again.host.state == final
        assert again.host.seats["usa"] == "human"


async def test_votes_and_final_vote_to_the_debrief(data: Path) -> None:
    """With one student as the United States, votes are cast with y / n and the session
    runs to its outcome and the debrief."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot, ("usa",))
        host = app.host
        assert host is not None
        for _ in range(400):
            await settle(pilot, app)
            state = host.state
            if state.over:
                break
            holder = state.holder()
            if state.vote is not None or (
                state.motion is not None and holder not in state.motion.declared
            ):
                await pilot.press("y")
            else:
                await pilot.press("x")
        assert host.state.over
        await pilot.press("d")
        await pilot.pause(0.5)
        assert type(app.screen).__name__ == "DebriefScreen"
        await pilot.press("e")
        await pilot.pause()
        # the export asks where (the current folder by default) and shows where it went
        field = app.screen.query_one("#path", Input)
        assert field.value.endswith("-debrief.html")
        field.value = str(data / "lesson.html")
        await pilot.press("enter")
        await pilot.pause()
        assert (data / "lesson.html").exists()
        assert (data / "lesson.md").exists()
        said = str(app.screen.query_one("#result", Label).render()).splitlines()
        assert said == ["Written:", str(data / "lesson.html"), str(data / "lesson.md")]


async def test_undo_hands_over_before_showing_another_delegation(data: Path) -> None:
    """Undo that gives the floor back to the other student hides the table first."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot, ("usa", "china"))
        await pilot.press("enter")  # the United States takes the keyboard
        await pilot.press("x")  # and passes: the floor goes to China
        await pilot.pause()
        assert isinstance(app.screen, Handover)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("u")  # China takes back the United States' pass
        await pilot.pause()
        assert isinstance(app.screen, Handover)


async def test_illegal_key_is_explained_not_crashing(data: Path) -> None:
    """Keys for moves that are not possible now are refused with a message."""
    app = SimulatorApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await start(app, pilot, ("usa", "china"))
        await pilot.press("enter")  # the handover
        await pilot.press("v")  # no motion to vote on in the openings
        await pilot.pause()
        assert any("not possible" in n.message for n in app._notifications)
        assert len(app.host.session.moves) == 0  # type: ignore[union-attr]


async def test_replay_view_steps_and_forks(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A saved session opens in the replay view; stepping moves through it (each step
    tells the one move it adds to the transcript) and a fork starts a new live session
    from the move shown."""
    from simulator import views
    from simulator.agents.driver import run_session
    from simulator.storage.sessions import save_log
    from simulator.tui.screens.replay import ReplayScreen

    scenario = load_scenario(str(CLASSROOM))
    finished = run_session(scenario, seed=2)
    log = data / "sessions" / "done.jsonl"
    save_log(log, finished, scenario_path=str(CLASSROOM))
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_replay(str(log))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        await pilot.press("right", "right", "right")
        assert screen.position == 3
        told: list[int] = []
        describe = views.describe  # type: ignore[attr-defined]

        def counted(move: Any, *args: Any, **kwargs: Any) -> str:
            told.append(1)
            return describe(move, *args, **kwargs)

        monkeypatch.setattr(views, "describe", counted)
        await pilot.press("right")
        assert screen.position == 4
        assert len(told) == 1  # the move added; the three before were told already
        monkeypatch.setattr(views, "describe", describe)
        assert screen.query_one(TableView).view == views.chair_view(finished, 4)
        await pilot.press("end")
        assert screen.position == len(finished.moves)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("²", "enter")  # not a move number: refused, not a crash
        await pilot.pause()
        assert isinstance(app.screen, ReplayScreen)
        await pilot.press("home", "right", "right")
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ForkSeats)  # who plays the fork, and who chairs
        replayed = app.host
        await pilot.press("ctrl+s")
        await table_opened(pilot, app, replayed)
        assert isinstance(app.screen, TableScreen)
        assert app.host is not None
        assert app.host.session.moves == finished.moves[:2]
        header = app.host.path.read_text().split("\n")[0]
        assert '"path"' in header  # a fork remembers its scenario file
        assert isinstance(Session, type)
