"""The teacher chairing over the network, and the tables that must not stall without
them: under ``serve``'s defaults the computer facilitates and a table reaches a vote;
each chair's action is its own message; the facilitator's suggestion is a text the
table takes; time up moves the floor on; a finished table has no clock; a seat whose
device has gone is played by the computer after the grace period and handed back when
the device returns."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from simulator.cli import _parser as build_parser
from simulator.host import Event, Host
from simulator.net.classroom import Classroom
from simulator.net.protocol import ErrorMessage, ProtocolError, Suggestion, decode_client
from simulator.net.server import SessionServer
from tests.net.test_server import Running, open_server, source
from tests.net.test_server import running as running  # the fixture


async def until(host: Host, condition: Callable[[], bool]) -> None:
    """Wait for the table's events until ``condition()`` holds."""
    changed = asyncio.Event()
    stop = host.subscribe(lambda _: changed.set())
    try:
        while not condition():
            changed.clear()
            await changed.wait()
    finally:
        stop()


async def test_an_unchaired_table_under_the_defaults_reaches_a_vote(tmp_path: Path) -> None:
    """``serve`` with no --chair lets the computer facilitate: an all-computer table
    calls votes and settles the terms, where a table waiting for a chair who never acts
    agrees nothing."""
    args = build_parser().parse_args(["serve"])
    assert args.chair == "computer"
    classroom, _ = Classroom.open(
        tmp_path / "class",
        [source()],
        per_scenario=1,
        seed=0,
        computer_chair=args.chair == "computer",
        pace=0.0,
    )
    server = SessionServer(classroom, say=lambda _: None)
    await server.start("127.0.0.1", 0)
    host = classroom.hosts["t1"]
    try:
        host.resume()
        await until(host, lambda: host.state.over)
        state = host.state
        assert state.votes, "no vote was ever held"
        assert len(state.agreed) >= len(state.table.terms) // 2, state.agreed
        assert state.outcome is not None
        assert state.outcome.adopted
    finally:
        await server.stop()


def test_each_chair_action_is_its_own_message() -> None:
    """A chair message is told apart by ``action``; a missing field is named."""
    message = decode_client('{"type": "chair", "action": "inject", "table": "t1", "inject": "x"}')
    assert type(message).__name__ == "Inject"
    with pytest.raises(ProtocolError, match=r"chair\.table_text\.values: Field required"):
        decode_client('{"type": "chair", "action": "table_text", "table": "t1"}')
    with pytest.raises(ProtocolError, match="does not match any of the expected tags"):
        decode_client('{"type": "chair", "action": "dance"}')


async def test_the_teacher_tables_the_facilitators_text_and_chairs(tmp_path: Path) -> None:
    run = await open_server(tmp_path / "class")
    host = run.classroom.hosts["t1"]
    answers: list[Suggestion] = []
    errors: list[ErrorMessage] = []

    def heard(message: object) -> None:
        if isinstance(message, Suggestion):
            answers.append(message)
        elif isinstance(message, ErrorMessage):
            errors.append(message)

    try:
        chair = await run.join(run.classroom.codes.chair, on_message=heard)
        await chair.chair("final_vote", table="t1")  # the openings close: negotiation
        await until(host, lambda: host.state.phase == "negotiation")
        await chair.chair("suggest", table="t1")
        await chair.wait_for(lambda: bool(answers))
        suggestion = answers[0]
        assert suggestion.kind == "table_text"
        assert suggestion.values
        await chair.chair("table_text", table="t1", values=suggestion.values)
        await until(host, lambda: host.state.motion is not None)
        motion = host.state.motion
        assert motion is not None
        assert dict(motion.values) == suggestion.values
        assert host.session.moves[-1].actor == host.state.table.moderator
        term = next(iter(suggestion.values))
        other = next(t for t in host.state.table.terms if t.id == term).values()[0]
        if other == suggestion.values[term]:
            other = next(t for t in host.state.table.terms if t.id == term).values()[-1]
        await chair.chair("amend", table="t1", values={term: other})
        await until(host, lambda: host.session.moves[-1].kind == "amend")
        await chair.chair("call_vote", table="t1")
        await until(host, lambda: host.state.vote is not None)
        agenda = (host.state.table.terms[0].id,)
        await chair.chair("chair", table="t1", chair="computer")
        await until(host, lambda: host.chair is not None)
        assert run.classroom.record.tables["t1"].chair == "computer"
        await chair.chair("chair", table="t1", chair="teacher")
        await until(host, lambda: host.chair is None)
        await chair.chair("agenda", table="t1", terms=list(agenda))
        await until(host, lambda: host.state.agenda == agenda)
        await chair.chair("table_text", table="t1", values=suggestion.values)
        await chair.wait_for(lambda: bool(errors))
        assert errors[0].error == "illegal"
        assert "t1: a vote is under way" in errors[0].message
    finally:
        await run.server.stop()


async def test_time_up_passes_the_floor_from_a_person(tmp_path: Path) -> None:
    """A person holding the floor when the round's time is up: the floor passes, with
    the reason in the transcript; the computer then plays on."""
    run = await open_server(tmp_path / "class")
    host = run.classroom.hosts["t1"]
    try:
        usa = await run.join(run.classroom.codes.tables["t1"]["usa"])
        await usa.wait_for(lambda: (v := usa.view()) is not None and bool(v.may))
        assert host.state.holder() == "usa"
        host.resume()
        host.set_round_time(0.001)
        await until(host, lambda: host.moves >= 1)
        first = host.session.moves[0]
        assert first.kind == "pass"
        assert first.actor == "usa"
        assert "time is up" in first.reason
    finally:
        await run.server.stop()


async def test_time_up_puts_the_motion_to_the_vote(tmp_path: Path) -> None:
    run = await open_server(tmp_path / "class")
    host = run.classroom.hosts["t1"]
    try:
        chair = await run.join(run.classroom.codes.chair)
        await chair.chair("final_vote", table="t1")
        await until(host, lambda: host.state.phase == "negotiation")
        await chair.chair("table_text", table="t1", values={"verification": "mutual_monitoring"})
        await until(host, lambda: host.state.motion is not None)
        events: list[Event] = []
        host.subscribe(events.append)
        await chair.chair("round_time", table="t1", seconds=0.001, time_up="vote")
        await chair.chair("resume", table="t1")
        await until(host, lambda: host.state.vote is not None or host.state.motion is None)
        call = next(m for m in host.session.moves if m.kind == "call_vote")
        assert call.actor == host.state.table.moderator
        assert "time is up" in call.reason
        assert any("Time is up" in e.text for e in events)
    finally:
        await run.server.stop()


async def test_a_finished_table_has_no_clock(running: Running) -> None:
    chair = await running.join(running.classroom.codes.chair)
    await chair.wait_for(lambda: len(chair.views) == 2)
    await chair.chair("round_time", table="*", seconds=120)
    await chair.wait_for(lambda: all(v.status.clock == 120 for v in chair.views.values()))
    await chair.chair("end", table="t1")
    await chair.wait_for(lambda: chair.views["t1"].status.clock is None)
    assert chair.clock("t1") is None
    assert chair.views["t2"].status.clock == 120


async def test_an_absent_seat_is_played_after_the_grace_period_and_handed_back(
    running: Running,
) -> None:
    classroom = running.classroom
    host = classroom.hosts["t1"]
    chair = await running.join(classroom.codes.chair)
    await chair.wait_for(lambda: len(chair.views) == 2)
    await chair.chair("grace", table="*", seconds=0.05)
    await chair.wait_for(lambda: chair.views["t1"].status.grace == 0.05)
    usa = await running.join(classroom.codes.tables["t1"]["usa"])
    await until(host, lambda: host.seats.get("usa") == "human")
    await usa.close()
    await until(host, lambda: host.seats.get("usa") == "computer")
    await chair.wait_for(lambda: chair.views["t1"].status.seats["usa"].stand_in)
    assert not chair.views["t1"].status.seats["usa"].connected
    back = await running.join(classroom.codes.tables["t1"]["usa"])
    await until(host, lambda: host.seats.get("usa") == "human")
    await chair.wait_for(
        lambda: (s := chair.views["t1"].status.seats["usa"]).connected and not s.stand_in
    )
    await back.wait_for(lambda: (v := back.view()) is not None and bool(v.may))


async def test_who_chairs_and_what_time_up_does_outlast_a_restart(tmp_path: Path) -> None:
    """The teacher's choices at the console are kept in the class record: started again
    with the same command, the table is chaired as the teacher left it."""
    run = await open_server(tmp_path / "class")
    chair = await run.join(run.classroom.codes.chair)
    await chair.wait_for(lambda: chair.view("t1") is not None)
    await chair.chair("chair", table="t1", chair="computer")
    await chair.chair("round_time", table="t1", seconds=300, time_up="pass")
    await chair.wait_for(
        lambda: (
            (v := chair.view("t1")) is not None
            and v.status.chair == "computer"
            and v.status.time_up == "pass"
        )
    )
    await chair.close()
    await run.server.stop()
    again = await open_server(tmp_path / "class")  # the command's chair: the teacher
    try:
        host = again.classroom.hosts["t1"]
        assert host.chair is not None
        assert host.time_up == "pass"
        assert host.round_seconds == 300
    finally:
        await again.server.stop()


async def test_the_transcript_says_whose_word_a_chair_move_was(tmp_path: Path) -> None:
    """Where the computer chairs, a move the teacher makes from the chair is the
    mediator's in the transcript, at the teacher's word; where the teacher chairs, it is
    the chair's."""
    run = await open_server(tmp_path / "class", tables=2)
    t1, t2 = run.classroom.hosts["t1"], run.classroom.hosts["t2"]
    try:
        chair = await run.join(run.classroom.codes.chair)
        await chair.wait_for(lambda: len(chair.views) == 2)
        await chair.chair("chair", table="t1", chair="computer")
        await until(t1, lambda: t1.chair is not None)
        await chair.chair("end", table="*")
        await until(t1, lambda: t1.state.over)
        await until(t2, lambda: t2.state.over)
        assert "Dr. Chen ends the session: at the teacher's word" in t1.public_view().transcript
        assert "The chair ends the session" in t2.public_view().transcript
    finally:
        await run.server.stop()
