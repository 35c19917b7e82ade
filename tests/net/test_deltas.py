"""A table's view sent whole once, then only what changed (protocol 1.3): the changes
make the old view into the new one for any JSON; a client of 1.3 is sent one whole view
and then ``view_delta``s that never carry what does not change (the brief, the terms'
names, the title), and holds views equal to whole ones; a client of 1.2 still gets whole
views with the transcript as before; a message the client cannot read is told."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve

from simulator.net.client import ServerMessage, SessionClient
from simulator.net.deltas import DeltaError, applied, diff
from simulator.net.protocol import Notice, Status, speaks_deltas
from tests.net.test_server import open_server


def _seat() -> tuple[dict[str, Any], tuple[str, ...]]:
    """A seat's view after one statement, as protocol 1.3 sends it, and its transcript."""
    from simulator.engine.moves import Statement
    from simulator.engine.session import Session
    from simulator.scenario_files import load_scenario
    from simulator.storage.catalog import resolve
    from simulator.views import seat_view

    session = Session(load_scenario(str(resolve("quantum-classroom"))), seed=1)
    holder = session.state.holder()
    assert holder is not None
    session.push(Statement(actor=holder, text="We open."))
    view = seat_view(session, holder)
    tree = view.model_dump(mode="json")
    del tree["public"]["transcript"]
    return tree, view.public.transcript


SEAT, TRANSCRIPT = _seat()
STATUS = Status(paused=False, clock=None, round_seconds=None, seats={}).model_dump(mode="json")

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(-2, 2) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(JSON, JSON)
def test_the_changes_make_the_old_view_into_the_new(old: Any, new: Any) -> None:
    before = json.dumps(old)
    changes = diff(old, new)
    assert applied(old, json.loads(json.dumps(changes))) == new
    assert json.dumps(old) == before  # the view given is left as it was
    if old == new and type(old) is type(new):
        assert changes == []


def test_a_moving_window_is_sent_as_what_left_it_and_what_came() -> None:
    old = {"lines": [{"move": n} for n in range(60)]}
    new = {"lines": [{"move": n} for n in range(3, 63)]}
    changes = diff(old, new)
    assert changes == [
        {"op": "splice", "path": ["lines"], "at": 0, "remove": 3, "add": []},
        {"op": "splice", "path": ["lines"], "at": 57, "remove": 0, "add": new["lines"][57:]},
    ]
    assert applied(old, changes) == new


def test_changes_that_do_not_fit_are_refused_saying_which() -> None:
    with pytest.raises(DeltaError, match="change 2 of 2 does not fit"):
        applied(
            {"a": [1]},
            [{"op": "set", "path": ["a", 0], "value": 2}, {"op": "drop", "path": ["b"]}],
        )
    with pytest.raises(DeltaError, match="change 1 of 1"):
        applied({"a": [1]}, [{"op": "splice", "path": ["a"], "at": 2, "remove": 0, "add": []}])


def test_which_versions_are_sent_deltas() -> None:
    assert [speaks_deltas(v) for v in ("1.3", "1.10", "2.0", "1.2", "1.0", "1", "x.y")] == [
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]


async def _heard(url: str, code: str, protocol: str, moves: int) -> list[dict[str, Any]]:
    """The messages a raw connection of ``protocol`` is sent until its table has
    ``moves`` moves (views put together from deltas on the way)."""
    messages: list[dict[str, Any]] = []
    async with connect(url, max_size=1 << 24) as connection:
        await connection.send(json.dumps({"type": "hello", "protocol": protocol, "code": code}))
        view: dict[str, Any] | None = None
        async for text in connection:
            message = json.loads(text)
            messages.append(message)
            if message["type"] == "view":
                view = message
            elif message["type"] == "view_delta":
                assert view is not None
                view = applied(view, message["changes"])
            if view is not None and view["moves"] >= moves:
                return [*messages, {"type": "held", "view": view}]
    raise AssertionError("the connection closed first")


async def test_a_seat_gets_its_view_once_then_only_what_changed(tmp_path: Path) -> None:
    """A 1.3 and a 1.2 device on one seat over 20 computer moves: the first is sent one
    whole view and then only changes, none of them to what does not change, and holds
    the view the second is sent whole (less the transcript's second copy)."""
    run = await open_server(tmp_path / "class", tables=1)
    try:
        classroom = run.classroom
        chair = await run.join(classroom.codes.chair)
        code = classroom.codes.tables["t1"]["china"]
        new = asyncio.create_task(_heard(run.url, code, "1.3", 20))
        old = asyncio.create_task(_heard(run.url, code, "1.2", 20))
        await chair.wait_for(
            lambda: (v := chair.view("t1")) is not None and v.status.seats["china"].devices == 2
        )
        for seat in classroom.hosts["t1"].state.table.voters:
            await chair.chair("seat", table="t1", seat=seat, player="computer")
        await chair.chair("resume", table="t1")
        sent, whole_views = await asyncio.gather(new, old)
        await chair.chair("pause", table="t1")
    finally:
        for client in run.clients:
            await client.close()
        await run.server.stop()
    kinds = [m["type"] for m in sent]
    assert kinds[0] == "welcome"
    assert kinds.count("view") == 1
    assert kinds.count("view_delta") >= 19
    for delta in (m for m in sent if m["type"] == "view_delta"):
        paths = [change["path"] for change in delta["changes"]]
        assert not any(p[:3] == ["view", "brief", "positions"] for p in paths)
        assert not any(p[-1] in ("title", "summary", "name", "transcript") for p in paths)
    held = sent[-1]["view"]
    whole = next(
        m for m in reversed(whole_views) if m["type"] == "view" and m["moves"] == held["moves"]
    )
    public = dict(whole["view"]["public"])
    del public["transcript"]  # sent once, as lines, from 1.3 on
    assert held["view"] == {**whole["view"], "public": public}
    assert held["status"] == whole["status"]
    assert "view_delta" not in {m["type"] for m in whole_views}


async def test_the_client_tells_of_a_message_it_cannot_read() -> None:
    """A server that sends junk, an unknown message and changes with no view to change:
    each is told to whoever listens as a notice in plain words; the client reads on after
    the first two, and leaves (to join again for whole views) after the third."""

    async def odd(connection: ServerConnection) -> None:
        await connection.recv()
        await connection.send(
            json.dumps({"type": "welcome", "protocol": "1.3", "role": "seat", "tables": ["t1"]})
        )
        await connection.send("{not json")
        await connection.send(json.dumps({"type": "gossip"}))
        await connection.send(json.dumps({"type": "notice", "table": None, "text": "still here"}))
        await connection.send(json.dumps({"type": "view_delta", "table": "t1", "changes": []}))
        await connection.wait_closed()

    heard: list[ServerMessage] = []
    async with serve(odd, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        client = SessionClient(
            f"ws://127.0.0.1:{port}", "any", on_message=heard.append, reconnect=False
        )
        await client.join()
        await client.wait_for(lambda: len(client.unreadable) == 3)
        await client.close()
    told = [m.text for m in heard if isinstance(m, Notice)]
    assert len(told) == 4
    assert told[0].startswith("A message from the server could not be read (it is not JSON")
    assert "type" in told[1]
    assert told[2] == "still here"
    assert "changes came for table t1 before its view" in told[3]
    assert all("could not be read" in t for t in (told[0], told[1], told[3]))


async def test_the_client_holds_typed_views_and_tells_of_one_it_cannot_read() -> None:
    """Each view the client takes is checked against its model (``seen``: a seat's view
    here); a view that is no view's shape is told in plain words, and the view held
    stays the last good one."""
    from simulator.views import SeatView

    good = {"type": "view", "table": "t1", "moves": 0, "status": STATUS, "may": []}

    async def server(connection: ServerConnection) -> None:
        await connection.recv()
        await connection.send(
            json.dumps({"type": "welcome", "protocol": "1.3", "role": "seat", "tables": ["t1"]})
        )
        await connection.send(json.dumps({**good, "view": SEAT}))
        broken = {**SEAT, "brief": {**SEAT["brief"], "satisfaction": "high"}}
        await connection.send(json.dumps({**good, "moves": 1, "view": broken}))
        await connection.wait_closed()

    heard: list[ServerMessage] = []
    async with serve(server, "127.0.0.1", 0) as running:
        port = next(iter(running.sockets)).getsockname()[1]
        client = SessionClient(
            f"ws://127.0.0.1:{port}", "any", on_message=heard.append, reconnect=False
        )
        await client.join()
        await client.wait_for(lambda: len(client.unreadable) == 1)
        await client.close()
    view = client.view("t1")
    assert view is not None
    assert isinstance(view.seen, SeatView)
    assert view.moves == 0
    assert view.seen.public.transcript == TRANSCRIPT
    told = [m.text for m in heard if isinstance(m, Notice)]
    assert told == [
        "A message from the server could not be read (its view: seat.brief.satisfaction: "
        "Input should be a valid number, unable to parse string as a number); the screen "
        "may be out of date. If it stays so, leave and join again."
    ]
