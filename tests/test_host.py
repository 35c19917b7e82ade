"""The host of one table: people's moves, the computer at its pace, events, seats handed
over, the round clock, and the views it cuts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from simulator.agents.driver import run_session
from simulator.engine.errors import IllegalMoveError
from simulator.engine.moves import Pass, Statement
from simulator.engine.session import Session
from simulator.host import Event, Host, StaleMoveError
from simulator.scenario_files import load_scenario
from simulator.storage.catalog import resolve
from simulator.storage.sessions import SavedSession, read_log

CLASSROOM = resolve("quantum-classroom")


def open_host(tmp_path: Path, seats: dict[str, str], **kwargs: object) -> Host:
    scenario = load_scenario(str(CLASSROOM))
    session = Session(scenario, seed=3, seats=seats)  # type: ignore[arg-type]
    saved = SavedSession.create(tmp_path / "t.jsonl", session)
    return Host(saved, dict(seats), **kwargs)  # type: ignore[arg-type]


async def until(condition: object, host: Host) -> None:
    """Wait for ``condition()`` on the host's events (never for a time)."""
    changed = asyncio.Event()
    stop = host.subscribe(lambda _: changed.set())
    try:
        while not condition():  # type: ignore[operator]
            changed.clear()
            await changed.wait()
    finally:
        stop()


async def test_computer_plays_the_whole_session_as_run_session_does(tmp_path: Path) -> None:
    """With the computer in every seat and the chair, the host's session is the one
    ``run_session`` plays, move for move, and every move is in the log on disk."""
    host = open_host(tmp_path, {}, human_chair=False, pace=0.0)
    events: list[Event] = []
    host.subscribe(events.append)
    runner = asyncio.create_task(host.run())
    await until(lambda: host.state.over, host)
    host.close()
    await runner
    expected = run_session(host.session.base, seed=3)
    assert list(host.session.moves) == list(expected.moves)
    assert [e.moves for e in events if e.kind == "move"] == list(range(1, len(expected.moves) + 1))
    on_disk = read_log(tmp_path / "t.jsonl", host.session.base)
    assert list(on_disk.session.moves) == list(expected.moves)


async def test_the_computer_waits_for_a_person_and_goes_on_after(tmp_path: Path) -> None:
    seats = {"china": "human"}
    host = open_host(tmp_path, seats, pace=0.0)
    runner = asyncio.create_task(host.run())
    await host.settled()
    assert host.state.holder() == "china"
    made = host.moves
    assert all(m.actor != "china" for m in host.session.moves)
    host.submit(Statement(actor="china", text="We listen."), seen=made)
    await until(lambda: host.moves > made + 1, host)
    assert host.session.moves[made].actor == "china"
    host.close()
    await runner


async def test_a_stale_or_illegal_move_changes_nothing(tmp_path: Path) -> None:
    host = open_host(tmp_path, {"usa": "human", "china": "human"})
    host.submit(Pass(actor="usa"), seen=0)
    with pytest.raises(StaleMoveError, match="you saw 0 moves, it has 1"):
        host.submit(Pass(actor="china"), seen=0)
    with pytest.raises(IllegalMoveError):
        host.submit(Pass(actor="usa"), seen=1)  # not usa's turn
    assert host.moves == 1
    assert len(read_log(tmp_path / "t.jsonl", host.session.base).session.moves) == 1
    host.close()


async def test_a_seat_handed_to_the_computer_is_played_and_back(tmp_path: Path) -> None:
    host = open_host(tmp_path, {"usa": "human"}, pace=0.0)
    events: list[Event] = []
    host.subscribe(events.append)
    runner = asyncio.create_task(host.run())
    await host.settled()
    assert host.moves == 0  # usa opens, and a person plays it
    host.set_seat("usa", "computer")
    await until(lambda: host.moves >= 1, host)
    assert host.session.moves[0].actor == "usa"
    host.set_seat("usa", "human")
    assert "usa" not in host.players
    assert [e.text for e in events if e.kind == "seats"] == [
        "United States is now played by the computer.",
        "United States is now played by a person.",
    ]
    with pytest.raises(KeyError):
        host.set_seat("atlantis", "human")
    host.close()
    await runner


async def test_pause_holds_the_computer_and_undo_pauses(tmp_path: Path) -> None:
    host = open_host(tmp_path, {}, human_chair=False, pace=0.0, paused=True)
    runner = asyncio.create_task(host.run())
    await host.settled()
    assert host.moves == 0
    host.resume()
    await until(lambda: host.moves >= 3, host)
    host.pause()
    await host.settled()
    made = host.moves
    host.undo()
    assert host.paused
    assert host.moves == made - 1
    host.close()
    await runner


async def test_the_round_clock_stops_when_paused_and_says_when_time_is_up(tmp_path: Path) -> None:
    host = open_host(tmp_path, dict.fromkeys(("usa", "china"), "human"))
    assert host.clock() is None
    events: list[Event] = []
    host.subscribe(events.append)
    host.set_round_time(0.05)
    host.pause()
    held = host.clock()
    assert held is not None
    assert held > 0
    host.resume()
    await until(lambda: any("Time is up" in e.text for e in events), host)
    assert host.clock() == 0.0
    host.close()


async def test_a_failing_player_pauses_its_table_with_a_problem(tmp_path: Path) -> None:
    host = open_host(tmp_path, {}, human_chair=False, pace=0.0)

    def broken(state: object = None) -> None:
        raise RuntimeError("out of ideas")

    host.computer_move = broken  # type: ignore[method-assign]
    events: list[Event] = []
    host.subscribe(events.append)
    runner = asyncio.create_task(host.run())
    await until(lambda: host.paused, host)
    assert any(e.kind == "problem" and "out of ideas" in e.text for e in events)
    host.close()
    await runner


def test_the_shared_screen_shows_only_what_it_may(tmp_path: Path) -> None:
    host = open_host(tmp_path, {"usa": "human", "china": "human"})
    view = host.screen_view()
    assert type(view).__name__ == "SeatView"
    assert view.seat == "usa"  # type: ignore[union-attr]
    assert type(host.screen_view(projector=True)).__name__ == "PublicView"
    assert not host.may_see("china")
    host.close()
    alone = open_host(tmp_path / "b", {})
    assert type(alone.screen_view()).__name__ == "ChairView"
    alone.close()


def test_views_kept_between_moves_match_views_worked_out_afresh(tmp_path: Path) -> None:
    """The host works a view out once per move and keeps the transcript as it goes; what
    it shows is what the views module works out from the moves, after moves and undos."""
    from simulator.agents.driver import computer_players
    from simulator.views import chair_view, public_view, seat_view

    host = open_host(tmp_path, {})
    players = computer_players(host.session.scenario, {}, 3)
    for step in range(60):
        holder = host.state.holder()
        if holder is None:
            break
        move = players[holder].decide(host.state)
        assert move is not None
        host.submit(move)
        if step % 7 == 3:
            host.undo()
            host.paused = False
        assert host.public_view() == public_view(host.session)
        assert host.seat_view("usa") == seat_view(host.session, "usa")
    assert host.chair_view() == chair_view(host.session)
    host.close()


def test_the_host_tells_the_chairs_moves_as_whoever_chairs(tmp_path: Path) -> None:
    """A log saved without saying who chairs, taken up with a person in the chair: the
    transcript and the undo notice credit the chair's moves to the chair; with the
    computer in the chair, to the scenario's mediator."""
    cases = ((True, "The chair", "the chair"), (False, "Dr. Chen", "Dr. Chen"))
    for human_chair, who, by in cases:
        host = open_host(tmp_path / str(human_chair), {}, human_chair=human_chair)
        assert host.saved.header.chair is None
        moderator = host.state.table.moderator
        while host.state.phase == "openings":
            holder = host.state.holder()
            assert holder is not None
            host.submit(Pass(actor=holder))
        host.submit(Statement(actor=moderator, text="Let us begin."))
        assert f'{who}: "Let us begin."' in host.public_view().transcript
        told: list[Event] = []
        host.subscribe(told.append)
        host.undo()
        assert told[-1].text == f"The last move was taken back (statement by {by})."
        host.close()


def test_the_chairs_injects_and_the_briefs_follow_a_fire_and_its_undo(tmp_path: Path) -> None:
    """The host keeps each seat's brief and the chair's injects between moves: an inject
    fired and taken back shows in them as in views worked out afresh."""
    from simulator.engine.moves import FireInject
    from simulator.views import chair_view, seat_view

    host = open_host(tmp_path, {})
    before = host.chair_view()
    inject = host.session.scenario.injects[0]
    host.submit(FireInject(actor=host.state.table.moderator, inject=inject.id))
    fired = host.chair_view()
    assert fired == chair_view(host.session)
    assert [i.fired for i in fired.injects if i.id == inject.id] == [True]
    assert host.seat_view("usa") == seat_view(host.session, "usa")
    host.undo()
    assert host.chair_view() == chair_view(host.session) == before
    assert [i.fired for i in host.chair_view().injects if i.id == inject.id] == [False]
    host.close()
