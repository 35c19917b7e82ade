"""Sessions: push, undo, replay, fork, and the JSON Lines log."""

from __future__ import annotations

import json
import random
import re

import pytest

from simulator.engine.errors import IllegalMoveError, LogError
from simulator.engine.log import decode, decode_text, encode_record, lines_of
from simulator.engine.moves import Statement
from simulator.engine.sampling import random_move
from simulator.engine.session import Session
from simulator.scenario.model import Scenario
from simulator.scenario_files import load_scenario
from tests.conftest import SCENARIOS
from tests.engine.helpers import log_text, scenario


def classroom() -> Scenario:
    return load_scenario(str(SCENARIOS / "quantum-classroom.yaml"))


def played(count: int = 80, seed: int = 7) -> Session:
    """A classroom session with ``count`` random legal moves (fewer if it ends)."""
    session = Session(classroom(), seed=seed, seats={"usa": "human", "china": "human"})
    rng = random.Random(seed)
    while len(session.moves) < count and not session.state.over:
        state = session.state
        actor = state.holder() if rng.random() > 0.1 else state.table.moderator
        move = random_move(
            state, actor or state.table.moderator, rng, frozenset({"end_session", "advance_phase"})
        )
        assert move is not None
        session.push(move)
    return session


def test_undo_is_replay_without_the_last_move() -> None:
    """Undo drops the last move: the state equals a replay of the others."""
    session = played()
    last = session.moves[-1]
    assert session.undo() == last
    again = Session.replay(session.base, session.moves, seed=session.seed)
    assert session.state == again.state


def test_undo_with_no_moves() -> None:
    """There is nothing to undo before the first move."""
    with pytest.raises(IllegalMoveError, match="no move to undo"):
        Session(scenario()).undo()


def test_fork_starts_from_any_point() -> None:
    """A fork at k has the first k moves and the state after them, and is independent."""
    session = played()
    fork = session.fork(at=30)
    assert fork.moves == session.moves[:30]
    assert fork.state == Session.replay(session.base, session.moves[:30], seed=session.seed).state
    assert fork.state == session.state_at(30)
    fork.undo()
    assert len(session.moves) == 80


def test_fork_outside_the_session() -> None:
    """A fork point must lie within the session."""
    with pytest.raises(IllegalMoveError, match="cannot fork"):
        played(10).fork(at=11)


def test_replay_is_deterministic() -> None:
    """The same scenario and moves always give the same state."""
    session = played()
    assert Session.replay(classroom(), session.moves, seed=session.seed).state == session.state


def test_log_round_trip_is_lossless() -> None:
    """A session written to JSON Lines and read back has the same header, moves and state."""
    session = played()
    text = log_text(session)
    again = decode_text(text, session.base)
    assert again.moves == session.moves
    assert again.state == session.state
    assert (again.seed, again.seats) == (session.seed, session.seats)
    assert log_text(again) == text


def test_log_header() -> None:
    """The header names the format, version, scenario id and hash, seed and seats."""
    header = json.loads(log_text(played(3)).splitlines()[0])
    assert header["format"] == "quantum-negotiation-session"
    assert header["version"] == 3
    assert header["scenario"]["id"] == "quantum-classroom"
    assert len(header["scenario"]["hash"]) == 64
    assert header["seats"] == {"usa": "human", "china": "human"}


def test_log_for_another_scenario_refused() -> None:
    """A log made for a different scenario is refused, naming both."""
    text = log_text(played(5))
    with pytest.raises(LogError, match="made for scenario 'quantum-classroom', not 'mini'"):
        decode_text(text, scenario())


def test_log_for_another_version_refused() -> None:
    """A log made for another version of the same scenario is refused."""
    session = played(5)
    changed = session.base.model_copy(update={"title": "A new title"})
    with pytest.raises(LogError, match="different version"):
        decode_text(log_text(session), changed)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("not json\n", "not JSON"),
        ('{"format": "other"}\n', "not a session log"),
        ('{"format": "quantum-negotiation-session", "version": 99}\n', "version 99"),
    ],
)
def test_malformed_header_refused(text: str, message: str) -> None:
    """A log whose header is missing or wrong is refused with a located message."""
    with pytest.raises(LogError, match=message):
        decode_text(text, classroom())


def test_log_of_the_earlier_vote_rules_refused_by_name() -> None:
    """A version 1 log, recorded under the earlier vote rules, is refused with a message
    that names its version and why, never replayed to a different session."""
    lines = log_text(played(5)).splitlines()
    header = json.loads(lines[0])
    assert header["version"] == 3
    lines[0] = json.dumps({**header, "version": 1})
    with pytest.raises(LogError, match="version 1 session log") as caught:
        decode_text("\n".join(lines) + "\n", classroom())
    assert "earlier vote rules" in str(caught.value)


def test_version_2_log_still_reads() -> None:
    """A version 2 log (written before moves carried the computer's rule) reads and
    replays to the same session; a move with a rule is written with it, and one without
    exactly as version 2 wrote it."""
    session = played(5)
    lines = log_text(session).splitlines()
    header = json.loads(lines[0])
    lines[0] = json.dumps({**header, "version": 2})
    assert decode_text("\n".join(lines) + "\n", classroom()).state == session.state
    plain = Statement(actor="usa", text="We speak.")
    assert '"rule"' not in encode_record(1, plain)
    ruled = Statement(actor="usa", text="We speak.", rule="open")
    assert '"rule":"open"' in encode_record(1, ruled)
    again = decode_text(lines[0] + "\n" + encode_record(1, ruled) + "\n", classroom())
    assert again.moves[0] == ruled


def test_malformed_move_refused_with_line() -> None:
    """A line that is not a move is refused, naming its line."""
    lines = log_text(played(5)).splitlines()
    lines[3] = '{"n": 3, "move": {"kind": "teleport", "actor": "usa"}, "crc": "00000000"}'
    with pytest.raises(LogError, match=r"<log>:4: not a valid move"):
        decode_text("\n".join(lines) + "\n", classroom())


def test_illegal_move_in_log_refused_with_number() -> None:
    """A move the rules do not allow is refused, naming its number."""
    lines = log_text(played(5)).splitlines()
    lines.append(encode_record(6, Statement(actor="mexico", text="out of turn")))
    with pytest.raises(LogError, match="<log>:7: move 6: it is not Mexico's turn"):
        decode_text("\n".join(lines) + "\n", classroom())


def test_damaged_record_detected_by_checksum() -> None:
    """A record whose content was altered fails its checksum."""
    text = log_text(played(10)).replace('"actor":"china"', '"actor":"iran"', 1)
    with pytest.raises(LogError, match="checksum"):
        decode_text(text, classroom())


def test_torn_tail_recovered() -> None:
    """A log cut off mid-record keeps every complete move when recovering, and names
    the line that was cut."""
    session = played(30)
    text = log_text(session)
    torn = text[: len(text) - 25]
    with pytest.raises(LogError, match="cut off"):
        decode_text(torn, classroom())
    decoded = decode(lines_of(torn), classroom(), recover=True)
    recovered, recovery = decoded.session, decoded.recovery
    assert recovery is not None
    assert recovery.kept == 29
    assert recovered.moves == session.moves[:29]
    assert recovered.state == session.state_at(29)


def test_records_must_be_in_order() -> None:
    """Records carry their numbers; one out of place is refused."""
    lines = log_text(played(5)).splitlines()
    lines[2], lines[3] = lines[3], lines[2]
    with pytest.raises(LogError, match="expected move number 2"):
        decode_text("\n".join(lines) + "\n", classroom())


def _log_holding(text: str) -> tuple[Session, str]:
    """A new session and the text of a log whose one record, written as the log writer
    writes records (with a good checksum), is a statement of ``text``: what a log made
    before the text gate, or edited by hand, may hold."""
    session = Session(scenario())
    record = encode_record(1, Statement(actor="usa", text=text))
    return session, log_text(session) + record + "\n"


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("hello \x1b]0;PWNED\x07 world", "a control character (U+001B)"),
        ("\x1b[2J", "a control character (U+001B)"),
        ("next\x85line", "a line break (U+0085)"),
        ("\x9b31m", "a control character (U+009B)"),
        ("nul\x00", "a control character (U+0000)"),
        ("one\u2028two\u2029three", "a line break (U+2028)"),
        ("one\ntwo", "a line break (U+000A)"),
        ("abc\u202edcba", "a control of writing direction (U+202E)"),
        ("\u2066isolate\u2069", "a control of writing direction (U+2066)"),
    ],
)
def test_move_with_text_no_move_may_hold_refused_in_a_log(text: str, what: str) -> None:
    """A record in a log whose text holds what no move may (a control character that
    could act on a terminal, a line break that could fake another line, a control of
    writing direction that could make a line read as another) is refused by the same gate
    as a move made at the table, naming its line and the character."""
    session, log = _log_holding(text)
    with pytest.raises(LogError, match=rf"<log>:2: move 1: the text holds {re.escape(what)}"):
        decode_text(log, session.base)


@pytest.mark.parametrize(
    "text", ["\x1b[2J", "one\ntwo", "a\u2028b", "rtl \u202e override", "half \ud800"]
)
def test_move_with_text_no_move_may_hold_refused_at_the_table(text: str) -> None:
    """The rules refuse a move whose text the log could not hold or a screen could not
    show as the one line it is; nothing changes."""
    session = Session(scenario())
    with pytest.raises(IllegalMoveError, match="the text holds"):
        session.push(Statement(actor="usa", text=text))
    assert session.move_count == 0


def test_text_in_other_scripts_and_emoji_is_a_move() -> None:
    """Right-to-left scripts, emoji (surrogate pairs in JSON) and accents pass the gate and
    read back intact."""
    session = Session(scenario())
    text = "مرحبا שלום 😀 café — «ok»"
    session.push(Statement(actor="usa", text=text))
    again = decode_text(log_text(session), session.base)
    assert again.moves == session.moves


def test_moves_snapshot_is_not_a_copy_and_does_not_change() -> None:
    """``moves`` is a snapshot: later pushes and undos do not show in one taken before."""
    session = played(12)
    expected = tuple(session.moves)
    before = session.moves
    assert len(before) == session.move_count == 12
    session.undo()
    session.undo()
    rng = random.Random(99)
    for _ in range(4):
        state = session.state
        move = random_move(state, state.holder() or state.table.moderator, rng)
        assert move is not None
        session.push(move)
    assert session.moves != before
    assert len(before) == 12
    assert tuple(before) == expected
    assert before[-1] == expected[-1]
    assert before[1:3] == expected[1:3]


@pytest.mark.parametrize(
    "header",
    [
        '{"format": "quantum-negotiation-session", "version": true}',
        "[" * 100_000 + "]" * 100_000,
        '{"format": "quantum-negotiation-session", "version": 2, "seed": ' + "9" * 5000 + "}",
    ],
)
def test_odd_headers_refused(header: str) -> None:
    """A header that is not a proper session header is refused as a log error."""
    with pytest.raises(LogError):
        decode_text(header + "\n", scenario())


def test_header_seats_and_seed_checked() -> None:
    """The header's seed is a whole number and its seats name delegations and players."""
    lines = log_text(Session(scenario())).splitlines()
    for bad in ('"seed": true', '"seats": {"nobody": "robot"}'):
        header = json.loads(lines[0])
        key, value = bad.split(": ", 1)
        header[json.loads(key)] = json.loads(value)
        with pytest.raises(LogError, match=r"seed|seats"):
            decode_text(json.dumps(header) + "\n", scenario())


def test_states_between_checkpoints_are_derived_exactly() -> None:
    """A session keeps only some of its states; every state it gives back, in any order
    and after undo and fork, equals the state reached by replaying that many moves."""
    session = Session(classroom(), seed=7, round_limit=1000)
    rng = random.Random(7)
    avoid = frozenset({"end_session", "advance_phase", "walk_out"})
    while session.move_count < 200:
        state = session.state
        move = random_move(state, state.holder() or state.table.moderator, rng, avoid)
        assert move is not None
        session.push(move)
    moves = tuple(session.moves)
    truth = Session(classroom(), seed=7, round_limit=1000)
    expected = [truth.state]
    for move in moves:
        expected.append(truth.push(move))
    rng = random.Random(3)
    for k in [*range(len(moves) + 1), *rng.sample(range(len(moves) + 1), 60)]:
        assert session.state_at(k) == expected[k], k
    for _ in range(70):
        session.undo()
    assert session.state == expected[len(moves) - 70]
    assert session.state_at(64) == expected[64]
    fork = Session.replay(classroom(), moves[:150], seed=7, round_limit=1000).fork(100)
    assert fork.state == expected[100]
    assert fork.state_at(99) == expected[99]
    with pytest.raises(IndexError):
        session.state_at(len(moves))


def test_log_header_records_the_tables_variant() -> None:
    """A session of a scenario that varies between tables records in its log header the
    numbers its seed drew; replaying the log plays the same table, and a log whose numbers
    were changed is refused."""
    session = played(5, seed=11)
    header = json.loads(log_text(session).splitlines()[0])
    drawn = header["variant"]
    usa = session.state.table.actors["usa"]
    assert drawn["usa"]["reservation"] == usa.reservation
    assert drawn["usa"]["reservation"] != classroom().actor("usa").reservation  # type: ignore[union-attr]
    again = decode_text(log_text(session), session.base)
    assert again.state == session.state
    lines = log_text(session).splitlines()
    drawn["usa"]["reservation"] = 0.99
    lines[0] = json.dumps({**header, "variant": drawn})
    with pytest.raises(LogError, match="confidential numbers"):
        decode_text("\n".join(lines) + "\n", session.base)


def test_a_session_holds_at_most_moves_max_moves(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the most moves a session may hold, every move is refused (so every log that
    was written replays in bounded time), and a log holding more reads up to the bound."""
    import simulator.engine.rules as rules

    monkeypatch.setattr(rules, "MOVES_MAX", 3)
    session = Session(scenario())
    moderator = session.state.table.moderator
    for number in range(3):
        session.push(Statement(actor=moderator, text=f"Point {number}."))
    with pytest.raises(IllegalMoveError, match="the session holds 3 moves, the most"):
        session.push(Statement(actor=moderator, text="One more."))
    longer = log_text(session) + encode_record(4, Statement(actor=moderator, text="More.")) + "\n"
    with pytest.raises(LogError, match="<log>:5: move 4: the session holds 3 moves"):
        decode_text(longer, session.base)


def test_a_hand_made_record_holding_half_a_character_is_refused_by_the_gate() -> None:
    """A record with a good checksum whose text is a lone surrogate (``\\ud800``, which no
    writer of this program makes) is refused for what it holds, naming the line, rather
    than failing to be read."""
    import zlib

    session = Session(scenario())
    moderator = session.state.table.moderator
    body = f'{{"actor":"{moderator}","kind":"statement","text":"\\ud800","quote":null}}'
    crc = f"{zlib.crc32(f'1:{body}'.encode()):08x}"
    log = log_text(session) + f'{{"n": 1, "move": {body}, "crc": "{crc}"}}\n'
    with pytest.raises(LogError, match=r"<log>:2: move 1: the text holds half a character"):
        decode_text(log, session.base)
