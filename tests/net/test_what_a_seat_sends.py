"""Nothing a seat sends can lose a class: text no move may hold is refused before it
counts (and what was acknowledged reads back after a restart, as ``simulator replay``
reads it), a lone surrogate is a bad message, a table whose views cannot be made or whose
class record cannot be written goes on and the teacher is told, and hypothesis-made
messages of any shape leave the table playing, the teacher able to join and every
acknowledged move in the log."""

from __future__ import annotations

import asyncio
import errno
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.net.protocol import Ack, ErrorMessage, Notice, Preview, ServerMessage
from simulator.storage.sessions import read_log
from tests.net.test_server import Running, open_server
from tests.net.test_server import running as running  # the fixture

HOSTILE = [
    ("wipe \u001b[2J the screen", "illegal"),
    ("a title \u001b]0;PWNED\u0007", "illegal"),
    ("csi \u009b31m", "illegal"),
    ("We agree.\n2. China: China accepts every term", "illegal"),
    ("one\u2028two", "illegal"),
    ("reads \u202ebackwards", "illegal"),
    ("half \ud800 a character", "bad_message"),
    ("\udfff", "bad_message"),
]
"""Texts a seat may send as a statement, and the error each is refused with."""


class Heard:
    """What one client was sent: acknowledgements, errors, previews and notices, in
    order."""

    def __init__(self) -> None:
        self.acks: list[Ack] = []
        self.errors: list[ErrorMessage] = []
        self.previews: list[Preview] = []
        self.notices: list[Notice] = []

    def __call__(self, message: ServerMessage) -> None:
        if isinstance(message, Ack):
            self.acks.append(message)
        elif isinstance(message, ErrorMessage):
            self.errors.append(message)
        elif isinstance(message, Preview):
            self.previews.append(message)
        elif isinstance(message, Notice):
            self.notices.append(message)

    @property
    def answers(self) -> int:
        """Moves acknowledged or refused, and previews answered."""
        return len(self.acks) + len(self.errors) + len(self.previews)


def statement(text: str, seen: int = 0) -> str:
    """A statement as a client's JSON text (``json.dumps`` escapes what is not ASCII, a
    lone surrogate as ``\\ud800``, so any text can travel in a valid UTF-8 frame)."""
    return json.dumps({"type": "move", "seen": seen, "move": {"kind": "statement", "text": text}})


async def test_hostile_text_is_refused_and_what_was_acknowledged_survives_a_restart(
    tmp_path: Path,
) -> None:
    """Every hostile statement is refused (``illegal``, or ``bad_message`` for half a
    character) and nothing changes; a good statement after them is acknowledged; the
    teacher joins; after a restart the table holds exactly the acknowledged move, with no
    damage said, and the log reads back whole, as ``replay`` and ``report`` read it."""
    run = await open_server(tmp_path / "class")
    heard = Heard()
    usa = await run.join(run.classroom.codes.tables["t1"]["usa"], on_message=heard)
    await usa.wait_for(lambda: usa.view() is not None)
    for number, (text, _) in enumerate(HOSTILE, start=1):
        await usa.send_text(statement(text))
        await usa.wait_for(lambda n=number: heard.answers >= n)  # type: ignore[misc]
    assert [e.error for e in heard.errors] == [code for _, code in HOSTILE]
    assert all("which no move may" in e.message for e in heard.errors if e.error == "illegal")
    assert run.classroom.hosts["t1"].moves == 0
    await usa.send_text(statement("We are ready to talk."))
    await usa.wait_for(lambda: len(heard.acks) == 1)
    teacher = await run.join(run.classroom.codes.chair)
    await teacher.wait_for(lambda: (v := teacher.view("t1")) is not None and v.moves == 1)
    log = run.classroom.hosts["t1"].path
    for client in run.clients:
        await client.close()
    await run.server.stop()

    again = await open_server(tmp_path / "class")
    assert again.classroom.hosts["t1"].moves == 1
    scenario = again.classroom.hosts["t1"].session.base
    await again.server.stop()
    decoded = read_log(log, scenario, recover=False)
    assert decoded.recovery is None
    assert [m.text for m in decoded.session.moves] == ["We are ready to talk."]  # type: ignore[union-attr]


async def test_a_table_whose_views_fail_does_not_lock_out_the_teacher(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table whose seat views cannot be made (whatever the cause) is told to the teacher
    as a notice; the teacher still joins and sees every table, and the other table's
    seats play on."""
    broken = running.classroom.hosts["t1"]

    def fails(seat: str) -> Any:
        raise RuntimeError("a view that cannot be made")

    monkeypatch.setattr(broken, "seat_view", fails)
    said: list[str] = []
    running.server._say = said.append
    usa1 = await running.join(running.classroom.codes.tables["t1"]["usa"])
    heard = Heard()
    teacher = await running.join(running.classroom.codes.chair, on_message=heard)
    await teacher.wait_for(
        lambda: teacher.view("t1") is not None and teacher.view("t2") is not None
    )
    assert any("sending the table's views failed" in line for line in said)
    usa2 = await running.join(running.classroom.codes.tables["t2"]["usa"])
    await usa2.wait_for(lambda: usa2.view() is not None)
    await usa2.move({"kind": "statement", "text": "Table two goes on."})
    await usa2.wait_for(lambda: (v := usa2.view()) is not None and v.moves == 1)
    await usa1.move({"kind": "statement", "text": "Table one's move still counts."})
    await teacher.wait_for(lambda: (v := teacher.view("t1")) is not None and v.moves == 1)


async def test_a_class_record_that_cannot_be_written_is_told_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``class.json`` unwritable (a full disk), a student still joins and the teacher
    is told; a renewed code does not take effect (the old one works, the teacher gets
    ``not_saved``); once writing works, the renewal counts and the ``--codes`` file has it."""
    import simulator.net.classroom as classroom_module
    from simulator.net.classroom import Holder, write_codes

    run = await open_server(tmp_path / "class")
    codes_file = tmp_path / "codes.json"
    write_codes(codes_file, run.classroom.codes_json())
    run.classroom.codes_file = codes_file
    real = classroom_module.write_atomic  # type: ignore[attr-defined]

    def full(path: Any, text: Any, *args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(classroom_module, "write_atomic", full)
    heard = Heard()
    teacher = await run.join(run.classroom.codes.chair, on_message=heard)
    old = run.classroom.codes.tables["t1"]["usa"]
    usa = await run.join(old)
    await usa.wait_for(lambda: usa.view() is not None)
    await teacher.wait_for(lambda: any("class.json" in n.text for n in heard.notices))
    await teacher.chair("new_code", table="t1", seat="usa")
    await teacher.wait_for(lambda: len(heard.errors) == 1)
    assert heard.errors[0].error == "not_saved"
    assert run.classroom.codes.tables["t1"]["usa"] == old
    assert run.classroom.holder(old) == Holder("seat", "t1", "usa")

    monkeypatch.setattr(classroom_module, "write_atomic", real)
    await teacher.chair("new_code", table="t1", seat="usa")
    await teacher.wait_for(lambda: run.classroom.codes.tables["t1"]["usa"] != old)
    assert (
        json.loads(codes_file.read_text())["tables"]["t1"]["usa"]
        == (run.classroom.codes.tables["t1"]["usa"])
    )
    for client in run.clients:
        await client.close()
    await run.server.stop()


# --- any message at all ----------------------------------------------------------------

ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=40)
"""Text of any characters, controls and lone surrogates among them."""
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
MOVES = st.fixed_dictionaries(
    {"kind": st.sampled_from(["statement", "propose", "pass", "support", "walk_out", "fly"])},
    optional={
        "text": ANY_TEXT,
        "actor": st.sampled_from(["usa", "china", "chen"]) | ANY_TEXT,
        "values": st.dictionaries(ANY_TEXT, JSON_VALUES, max_size=3),
        "reason": ANY_TEXT,
    },
)
MESSAGES = st.one_of(
    st.builds(
        lambda move, seen: json.dumps({"type": "move", "seen": seen, "move": move}),
        MOVES,
        st.integers(-1, 3),
    ),
    st.builds(lambda data: json.dumps(data), JSON_VALUES),
    st.builds(
        lambda kind, extra: json.dumps({"type": kind, **extra}),
        st.sampled_from(["hello", "chair", "preview", "move", "nonsense"]),
        st.dictionaries(ANY_TEXT, JSON_VALUES, max_size=3),
    ),
    ANY_TEXT.map(lambda text: json.dumps(text)[1:-1]),
    st.binary(max_size=30),
)
"""Messages a seat might send: moves of any shape with any text, any JSON, any text."""


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(MESSAGES, min_size=1, max_size=12))
def test_any_messages_leave_the_table_playing(messages: list[str | bytes]) -> None:
    """Whatever a seat sends, each message is answered or refused and the connection is
    not lost; the teacher joins and makes a move; after a restart the table holds every
    acknowledged move and reads back with no damage."""
    asyncio.run(_any_messages(messages))


async def _any_messages(messages: list[str | bytes]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        run = await open_server(Path(folder) / "class")
        heard = Heard()
        usa = await run.join(run.classroom.codes.tables["t1"]["usa"], on_message=heard)
        await usa.wait_for(lambda: usa.view() is not None)
        for message in messages:
            if isinstance(message, bytes):
                assert usa._connection is not None
                await usa._connection.send(message)
            else:
                with_surrogates = message.encode("utf-8", "surrogatepass").decode(
                    "utf-8", "replace"
                )
                await usa.send_text(with_surrogates)
        # every message is answered (a move once it is saved) before the teacher looks
        await usa.wait_for(lambda: heard.answers >= len(messages))
        teacher_heard = Heard()
        teacher = await run.join(run.classroom.codes.chair, on_message=teacher_heard)
        await teacher.wait_for(lambda: teacher.view("t1") is not None)
        seen = teacher.view("t1")
        assert seen is not None
        await teacher.move(
            {"kind": "statement", "text": "The chair speaks."}, table="t1", seen=seen.moves
        )
        await teacher.wait_for(lambda: teacher_heard.answers == 1)
        assert teacher_heard.acks, teacher_heard.errors
        host = run.classroom.hosts["t1"]
        acknowledged = host.moves
        assert acknowledged == len(heard.acks) + 1
        log = host.path
        scenario = host.session.base
        for client in run.clients:
            await client.close()
        await run.server.stop()
        assert read_log(log, scenario, recover=False).session.move_count == acknowledged
        again = await open_server(Path(folder) / "class")
        assert again.classroom.hosts["t1"].moves == acknowledged
        await again.server.stop()
