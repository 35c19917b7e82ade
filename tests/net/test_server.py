"""The session server with real WebSocket clients on loopback (port 0): scripted clients
play a shipped replay script to the same log byte for byte; forged, stale, malformed and
flooding messages are refused without harm; a seat sees no other seat's numbers; a
dropped client joins again; several devices share a seat (up to a cap); the teacher acts
on every table; a stopped server takes every table up again with the same codes."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from simulator.engine.moves import MOVE_ADAPTER
from simulator.engine.session import Session
from simulator.net.classroom import Classroom, TableSource
from simulator.net.client import JoinError, SessionClient
from simulator.net.protocol import PROTOCOL, ErrorMessage, Notice, ViewMessage
from simulator.net.server import SessionServer
from simulator.replay.loading import play_script
from simulator.scenario_files import load_scenario
from simulator.storage.catalog import resolve, shipped_replays
from simulator.storage.sessions import read_log, save_log

CLASSROOM = "quantum-classroom"


def source(name: str = CLASSROOM) -> TableSource:
    path = resolve(name)
    return TableSource(name, path, load_scenario(str(path)))


class Running:
    def __init__(self, server: SessionServer, port: int) -> None:
        self.server = server
        self.url = f"ws://127.0.0.1:{port}"
        self.clients: list[SessionClient] = []

    @property
    def classroom(self) -> Classroom:
        return self.server.classroom

    async def join(self, code: str, **kwargs: object) -> SessionClient:
        client = SessionClient(self.url, code, **kwargs)  # type: ignore[arg-type]
        await client.join()
        self.clients.append(client)
        return client


async def open_server(
    folder: Path,
    *,
    tables: int = 1,
    round_limit: int | None = None,
    scenario: str = CLASSROOM,
    seed: int = 0,
) -> Running:
    classroom, _ = Classroom.open(
        folder,
        [source(scenario)],
        per_scenario=tables,
        seed=seed,
        computer_chair=False,
        pace=0.0,
        round_limit=round_limit,
    )
    server = SessionServer(classroom, say=lambda _: None)
    port = await server.start("127.0.0.1", 0)
    return Running(server, port)


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[Running]:
    run = await open_server(tmp_path / "class", tables=2)
    yield run
    for client in run.clients:
        await client.close()
    await run.server.stop()


@pytest.mark.parametrize("name", sorted(shipped_replays()))
async def test_scripted_clients_make_the_replay_log_byte_for_byte(
    tmp_path: Path, name: str
) -> None:
    """Every delegation and the chair on its own connection, each sending its moves of a
    shipped replay script when the table reaches them: the table's log is the log
    ``simulator replay --log`` writes for the script (for a script whose last word is
    the computer's, the log of its scripted moves), with the teacher recorded in the
    chair."""
    replay = play_script(str(shipped_replays()[name]))
    script = replay.script
    scripted = Session(
        replay.session.base, seed=script.seed, round_limit=script.round_limit, chair="human"
    )
    for move in script.moves:
        scripted.push(move)
    expected = tmp_path / "expected.jsonl"
    save_log(expected, scripted, scenario_path=str(replay.scenario_path))
    if script.then == "stop":
        assert list(scripted.moves) == list(replay.session.moves)
    run = await open_server(
        tmp_path / "class",
        scenario=replay.session.base.id,
        seed=script.seed,
        round_limit=script.round_limit,
    )
    codes = run.classroom.codes.tables["t1"]
    moderator = run.classroom.hosts["t1"].state.table.moderator
    turns: dict[str, list[tuple[int, dict[str, object]]]] = {}
    for index, move in enumerate(script.moves):
        data = MOVE_ADAPTER.dump_python(move, mode="json")
        turns.setdefault(move.actor, []).append((index, data))

    async def play(actor: str, code: str) -> None:
        client = await run.join(code)
        table = "t1" if actor == moderator else None
        for index, data in turns.get(actor, []):
            await client.wait_for(
                lambda i=index: (v := client.view("t1")) is not None and v.moves == i  # type: ignore[misc]
            )
            if actor != moderator:
                data = {k: v for k, v in data.items() if k != "actor"}  # the server sets it
            await client.move(data, table=table, seen=index)

    await asyncio.gather(
        play(moderator, run.classroom.codes.chair),
        *(play(actor, code) for actor, code in codes.items()),
    )
    host = run.classroom.hosts["t1"]
    watcher = run.clients[0]
    await watcher.wait_for(
        lambda: (v := watcher.view("t1")) is not None and v.moves == len(script.moves)
    )
    log = host.path
    for client in run.clients:
        await client.close()
    await run.server.stop()
    assert log.read_bytes() == expected.read_bytes()


async def test_a_forged_actor_a_stale_move_and_junk_are_refused(running: Running) -> None:
    codes = running.classroom.codes.tables["t1"]
    errors: list[ErrorMessage] = []
    usa = await running.join(codes["usa"], on_message=lambda m: _errors(m, errors))
    await usa.wait_for(lambda: usa.view() is not None)
    await usa.move({"kind": "statement", "actor": "china", "text": "We agree."})
    await usa.move({"kind": "statement", "text": "Hello."}, seen=5)
    await usa.send_text("{not json")
    await usa.send_text(json.dumps({"type": "move", "seen": 0, "move": {"kind": "fly"}}))
    await usa.send_text("x" * 20_000)
    await usa.move({"kind": "statement", "text": "Hello."}, table="t2")
    await usa.chair("pause")
    await usa.wait_for(lambda: len(errors) >= 7)
    assert [e.error for e in errors] == [
        "forged_actor",
        "stale",
        "bad_message",
        "bad_message",
        "bad_message",
        "not_allowed",
        "not_allowed",
    ]
    assert "you saw 5 moves, it has 0" in errors[1].message
    assert running.classroom.hosts["t1"].moves == 0
    assert running.classroom.hosts["t2"].moves == 0
    # the server still serves: a good move goes through
    await usa.move({"kind": "statement", "text": "Hello."})
    await usa.wait_for(lambda: (v := usa.view()) is not None and v.moves == 1)
    assert running.classroom.hosts["t1"].session.moves[0].actor == "usa"


async def test_a_seat_previews_a_proposal_for_its_own_eyes(running: Running) -> None:
    from simulator.net.protocol import Preview
    from simulator.views import preview

    answers: list[Preview] = []
    usa = await running.join(
        running.classroom.codes.tables["t1"]["usa"],
        on_message=lambda m: answers.append(m) if isinstance(m, Preview) else None,
    )
    values = {"verification": "agency_inspections"}
    await usa.preview(values)
    await usa.wait_for(lambda: bool(answers))
    state = running.classroom.hosts["t1"].state
    expected = preview(state, "usa", values)
    assert expected is not None
    assert answers[0].satisfaction == round(expected, 4)
    projector = await running.join(running.classroom.codes.projector)
    errors: list[ErrorMessage] = []
    projector.on_message = lambda m: _errors(m, errors)
    await projector.preview(values)
    await projector.wait_for(lambda: bool(errors))
    assert errors[0].error == "not_allowed"


async def test_a_bad_code_or_another_version_is_refused(running: Running) -> None:
    with pytest.raises(JoinError, match="no seat has that code"):
        await running.join("aaaaa-aaaaa")
    import websockets

    async with websockets.connect(running.url) as raw:
        await raw.send(json.dumps({"type": "hello", "protocol": "2.0", "code": "x"}))
        reply = json.loads(await raw.recv())
    assert reply["error"] == "version"
    assert f"protocol {PROTOCOL}" in reply["message"]


async def test_a_seat_sees_no_other_seats_numbers(running: Running) -> None:
    """Every message to a seat, over a stretch of computer play, holds its own brief and
    none of another delegation's confidential numbers."""
    classroom = running.classroom
    host = classroom.hosts["t1"]
    texts: list[str] = []
    usa = await running.join(
        classroom.codes.tables["t1"]["usa"],
        on_message=lambda m: texts.append(m.model_dump_json()),
    )
    chair = await running.join(classroom.codes.chair)
    await chair.chair("seat", table="t1", seat="usa", player="computer")
    await chair.chair("resume", table="t1")
    await usa.wait_for(lambda: (v := usa.view()) is not None and v.moves >= 40)
    await chair.chair("pause", table="t1")
    private = {
        actor.id: {repr(actor.reservation)}
        | {repr(position.priority) for position in actor.positions.values()}
        for actor in host.session.scenario.voters()
    }
    mine = private["usa"]
    others = set().union(*(v for k, v in private.items() if k != "usa"))
    views = [json.loads(t) for t in texts if '"type":"view"' in t]
    assert len(views) >= 10
    seen_mine = set()
    for view in views:
        assert view["view"]["seat"] == "usa"
        numbers = set(re.findall(r"-?\d+\.\d+", json.dumps(view["view"])))
        assert not (numbers & (others - mine)), "another delegation's number reached usa"
        seen_mine |= numbers & mine
    assert len(seen_mine) >= 5  # its own numbers do reach it: the check can see numbers


async def test_a_dropped_client_joins_again_and_a_second_device_shares_the_seat(
    running: Running,
) -> None:
    codes = running.classroom.codes.tables["t1"]
    usa = await running.join(codes["usa"])
    await usa.wait_for(lambda: usa.view() is not None)
    await usa.move({"kind": "statement", "text": "First."})
    await usa.wait_for(lambda: (v := usa.view()) is not None and v.moves == 1)
    await usa.drop()
    await usa.wait_for(lambda: usa._connection is not None and usa._connection.state.name == "OPEN")
    host = running.classroom.hosts["t1"]
    assert host.moves == 1
    assert read_log(host.path, host.session.base).session.move_count == 1
    # a delegation team: a second device with the same code joins beside the first
    teammate = await running.join(codes["usa"])
    await teammate.wait_for(lambda: (v := teammate.view()) is not None and v.moves == 1)
    await usa.wait_for(lambda: (v := usa.view()) is not None and v.status.seats["usa"].devices == 2)
    assert usa.closed_by_server is None
    host.submit(MOVE_ADAPTER.validate_python({"kind": "pass", "actor": "china"}), seen=1)
    await teammate.wait_for(lambda: (v := teammate.view()) is not None and v.moves == 2)
    await usa.wait_for(lambda: (v := usa.view()) is not None and v.moves == 2)


async def test_a_seat_holds_at_most_eight_devices(running: Running) -> None:
    from simulator.net.connections import DEVICES

    code = running.classroom.codes.tables["t2"]["iran"]
    team = [await running.join(code) for _ in range(DEVICES)]
    await team[0].wait_for(
        lambda: (v := team[0].view()) is not None and v.status.seats["iran"].devices == DEVICES
    )
    with pytest.raises(JoinError, match="devices hold this code"):
        await running.join(code)


async def test_the_teacher_acts_on_every_table(running: Running) -> None:
    classroom = running.classroom
    notices: list[str] = []
    chair = await running.join(
        classroom.codes.chair,
        on_message=lambda m: notices.append(m.text) if isinstance(m, Notice) else None,
    )
    await chair.wait_for(lambda: len(chair.views) == 2)
    await chair.chair("inject", table="*", inject="nonstate_codebreaking")
    await chair.wait_for(lambda: all(v.moves == 1 for v in chair.views.values()))
    for host in classroom.hosts.values():
        assert host.session.moves[0].kind == "fire_inject"
    await chair.chair("undo", table="t2")
    await chair.wait_for(lambda: chair.views["t2"].moves == 0)
    assert any("taken back" in n for n in notices)
    await chair.chair("round_time", table="*", seconds=600)
    await chair.wait_for(lambda: all(v.status.round_seconds == 600 for v in chair.views.values()))
    old = classroom.codes.tables["t1"]["china"]
    await chair.chair("new_code", table="t1", seat="china")
    await chair.wait_for(
        lambda: chair.codes is not None and chair.codes.tables["t1"]["china"] != old
    )
    with pytest.raises(JoinError):
        await running.join(old)
    assert chair.codes is not None
    await running.join(chair.codes.tables["t1"]["china"])
    first_log = classroom.hosts["t1"].path
    await chair.chair("inject", table="t1", inject="climate_uninhabitable")
    await chair.wait_for(lambda: chair.views["t1"].moves == 2)
    await chair.chair("restart", table="t1")
    await chair.wait_for(lambda: chair.views["t1"].moves == 0)
    assert classroom.hosts["t1"].path != first_log
    assert read_log(first_log, classroom.hosts["t1"].session.base).session.move_count == 2
    assert classroom.record.tables["t1"].log == classroom.hosts["t1"].path.name


async def test_the_teacher_hands_out_the_debriefs(running: Running) -> None:
    classroom = running.classroom
    notices: list[str] = []
    errors: list[ErrorMessage] = []
    chair = await running.join(
        classroom.codes.chair,
        on_message=lambda m: notices.append(m.text) if isinstance(m, Notice) else None,
    )
    await chair.wait_for(lambda: len(chair.views) == 2)
    await chair.chair("inject", table="t2", inject="nonstate_codebreaking")
    await chair.wait_for(lambda: chair.views["t2"].moves == 1)
    usa = await running.join(
        classroom.codes.tables["t1"]["usa"], on_message=lambda m: _errors(m, errors)
    )
    await usa.chair("debriefs", table="*")
    await usa.wait_for(lambda: bool(errors))
    assert errors[0].error == "not_allowed"
    folder = classroom.folder / "debriefs"
    assert not folder.exists()
    await chair.chair("debriefs", table="*")
    await chair.wait_for(lambda: any(n.startswith("Debriefs written") for n in notices))
    assert sorted(p.name for p in folder.iterdir()) == [
        "comparison.html",
        "gradebook.csv",
        "t1.html",
        "t2.html",
    ]
    rows = (folder / "gradebook.csv").read_text().splitlines()
    assert len(rows) == 1 + 2 * 7  # a header, then each seat of each table
    t2 = (folder / "t2.html").read_text()
    assert "Session “t2”" in t2
    assert "1 move ·" in t2
    assert "non-state actor" in t2.lower()
    comparison = (folder / "comparison.html").read_text()
    assert "t1" in comparison
    assert "t2" in comparison


async def test_flooding_is_slowed(running: Running) -> None:
    errors: list[ErrorMessage] = []
    usa = await running.join(
        running.classroom.codes.tables["t1"]["usa"], on_message=lambda m: _errors(m, errors)
    )
    for _ in range(120):
        await usa.send_text(json.dumps({"type": "ping"}))
    await usa.wait_for(lambda: any(e.error == "too_many" for e in errors))


async def test_a_stopped_server_takes_every_table_up_again(tmp_path: Path) -> None:
    run = await open_server(tmp_path / "class")
    codes = run.classroom.codes_json()
    usa = await run.join(run.classroom.codes.tables["t1"]["usa"])
    await usa.wait_for(lambda: usa.view() is not None)
    await usa.move({"kind": "statement", "text": "Before the break."})
    await usa.wait_for(lambda: (v := usa.view()) is not None and v.moves == 1)
    await usa.close()
    await run.server.stop()
    again = await open_server(tmp_path / "class")
    assert again.classroom.codes_json() == codes
    assert again.classroom.hosts["t1"].moves == 1
    assert again.classroom.hosts["t1"].seats["usa"] == "human"
    await again.server.stop()


async def test_the_teacher_releases_each_seat_its_own_debrief(running: Running) -> None:
    """Only the teacher releases the debriefs; each seat at the table then receives its own
    delegation's debrief (its brief revealed), never another's; a seat that joins later
    receives it on joining; a table not released sends nothing."""
    classroom = running.classroom
    codes = classroom.codes.tables
    errors: list[ErrorMessage] = []
    chair = await running.join(classroom.codes.chair)
    await chair.wait_for(lambda: len(chair.views) == 2)
    usa = await running.join(codes["t1"]["usa"], on_message=lambda m: _errors(m, errors))
    await usa.chair("release", table="t1")
    await usa.wait_for(lambda: bool(errors))
    assert errors[0].error == "not_allowed"
    assert usa.debrief is None
    elsewhere = await running.join(codes["t2"]["usa"])
    await chair.chair("release", table="t1")
    await usa.wait_for(lambda: usa.debrief is not None)
    assert usa.debrief is not None
    assert "# Your debrief: United States" in usa.debrief
    scenario = classroom.hosts["t1"].session.scenario
    briefs = {a.id: a.brief for a in scenario.voters()}
    assert briefs["usa"][:60] in usa.debrief
    assert briefs["china"][:60] not in usa.debrief
    china = await running.join(codes["t1"]["china"])
    await china.wait_for(lambda: china.debrief is not None)
    assert "# Your debrief: China" in (china.debrief or "")
    assert elsewhere.debrief is None  # table t2 was not released


def _errors(message: object, errors: list[ErrorMessage]) -> None:
    if isinstance(message, ErrorMessage):
        errors.append(message)


__all__ = ["ViewMessage"]


async def test_the_client_refuses_a_server_of_another_major_version() -> None:
    """A server that welcomes in protocol 2.0 is refused by the client, saying why."""
    from websockets.asyncio.server import ServerConnection, serve

    async def newer(connection: ServerConnection) -> None:
        await connection.recv()
        await connection.send(
            json.dumps({"type": "welcome", "protocol": "2.0", "role": "seat", "tables": ["t1"]})
        )
        await connection.wait_closed()

    async with serve(newer, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        with pytest.raises(JoinError, match=r"the server speaks protocol 2\.0"):
            await SessionClient(f"ws://127.0.0.1:{port}", "any").join()


async def test_each_audience_gets_its_view_as_worked_out_afresh(running: Running) -> None:
    """Views are cut and encoded once per move and sent whole once, then as what changed:
    what a seat and the chair hold reads back as their views worked out afresh from the
    session (the transcript cut to the latest lines, sent once as ``lines``), message
    fields and all."""
    from simulator.net.frames import TRANSCRIPT_LINES
    from simulator.views import chair_view, seat_view

    classroom = running.classroom
    host = classroom.hosts["t1"]
    usa = await running.join(classroom.codes.tables["t1"]["usa"])
    chair = await running.join(classroom.codes.chair)
    await chair.chair("seat", table="t1", seat="usa", player="computer")
    await chair.chair("resume", table="t1")
    await usa.wait_for(lambda: (v := usa.view()) is not None and v.moves >= 30)
    await chair.chair("pause", table="t1")
    await usa.wait_for(lambda: (v := usa.view()) is not None and v.moves == host.moves)
    await chair.wait_for(
        lambda: (v := chair.view("t1")) is not None and v.moves == host.moves and v.status.paused
    )

    def trimmed(view: dict[str, object]) -> dict[str, object]:
        public = dict(view["public"])  # type: ignore[call-overload]
        lines = public["lines"][-TRANSCRIPT_LINES:]
        public["lines"] = lines
        public["transcript"] = [
            line["text"] if line["kind"] == "move" else f"  {line['text']}"
            for line in lines
            if line["move"]
        ]
        return {**view, "public": public}

    seen = usa.view()
    assert seen is not None
    assert seen.view == trimmed(seat_view(host.session, "usa").model_dump(mode="json"))
    chairs = chair.view("t1")
    assert chairs is not None
    assert chairs.view == trimmed(chair_view(host.session).model_dump(mode="json"))
    assert chairs.may  # the chair may act at any time


def test_a_view_message_put_together_from_its_parts_is_the_encoded_message() -> None:
    """The view message the server puts together from parts it encoded once is, byte
    for byte, the message ``encode`` makes of the same fields."""
    from simulator.net.frames import _MAY, view_message
    from simulator.net.protocol import May, SeatStatus, Status, encode

    status = Status(
        paused=True,
        clock=12.5,
        round_seconds=None,
        seats={"usa": SeatStatus(player="human", connected=True, devices=2)},
    )
    may = (May(kind="propose", terms=("a", "b"), injects=()), May(kind="pass"))
    view = {"public": {"title": 'A "quoted" title \u00e9', "moves": 3}, "seat": "usa"}
    expected = encode(ViewMessage(table="t\u00e91", moves=3, status=status, may=may, view=view))
    made = view_message(
        "t\u00e91",
        3,
        status.model_dump_json(),
        _MAY.dump_json(may).decode(),
        json.dumps(view, separators=(",", ":"), ensure_ascii=False),
    )
    assert made == expected
