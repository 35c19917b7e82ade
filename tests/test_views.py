"""Views cut by the core: the public view holds no private number, a seat's view holds
its own brief and nobody else's, and the chair's view holds the injects."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from simulator.agents.driver import run_session
from simulator.engine.moves import Propose
from simulator.engine.sampling import random_move
from simulator.engine.session import Session
from simulator.scenario_files import load_scenario
from simulator.views import chair_view, preview, proposal_preview, public_view, seat_view
from tests.conftest import SCENARIOS

NAMES = sorted(path.stem for path in SCENARIOS.glob("*.yaml"))


def numbers(tree: Any, path: str = "") -> list[str]:
    """The paths of every non-integer number in a JSON tree."""
    if isinstance(tree, dict):
        return [p for k, v in tree.items() for p in numbers(v, f"{path}.{k}")]
    if isinstance(tree, list):
        return [p for i, v in enumerate(tree) for p in numbers(v, f"{path}[{i}]")]
    return [path] if isinstance(tree, float) else []


def sessions(name: str) -> list[Session]:
    scenario = load_scenario(str(SCENARIOS / f"{name}.yaml"))
    played = run_session(scenario, seed=1)
    rng = random.Random(7)
    wild = Session(scenario, seed=2)
    for _ in range(120):
        state = wild.state
        if state.over:
            break
        move = random_move(state, state.holder() or state.table.moderator, rng)
        assert move is not None
        wild.push(move)
    return [played, wild]


@pytest.mark.parametrize("name", NAMES)
def test_public_view_holds_no_private_number(name: str) -> None:
    """At every point of a computer-played and a random session, the public view carries
    no fractional number at all (satisfactions, walk-away points and priorities are
    private), and it serialises to JSON."""
    for session in sessions(name):
        for k in range(0, len(session.moves) + 1, 7):
            tree = json.loads(public_view(session, k).model_dump_json())
            assert numbers(tree) == [], (name, k)


@pytest.mark.parametrize("name", NAMES)
def test_seat_view_holds_only_its_own_brief(name: str) -> None:
    """A seat's view carries numbers only in its own brief, and none of another
    delegation's confidential words (its brief, its position notes)."""
    session = sessions(name)[0]
    table = session.state.table
    for seat in table.voters:
        for k in (0, len(session.moves) // 2, len(session.moves)):
            view = seat_view(session, seat, k)
            tree = json.loads(view.model_dump_json())
            assert all(p.startswith(".brief.") for p in numbers(tree)), seat
            text = view.model_dump_json()
            for other in table.voters:
                if other == seat:
                    continue
                record = table.actors[other]
                secrets = [record.brief] + [p.note for p in record.positions.values()]
                leaked = [s for s in secrets if len(s) > 20 and json.dumps(s)[1:-1] in text]
                assert not leaked, (seat, other, leaked[:1])
        assert view.brief.walk_away == table.actors[seat].reservation


def test_chair_view_lists_injects_and_everyone() -> None:
    """The chair sees the injects (fired or not) and every delegation's satisfaction."""
    session = sessions("quantum-classroom")[0]
    view = chair_view(session)
    assert {i.id for i in view.injects} == {i.id for i in session.scenario.injects}
    assert all(i.fired for i in view.injects if i.id in session.state.fired)
    assert len(view.satisfaction) == len(session.state.table.voters)


def test_preview_is_what_the_motion_would_give() -> None:
    """The preview of a package for the proposer is its satisfaction once the package is
    on the floor."""
    scenario = load_scenario(str(SCENARIOS / "quantum-classroom.yaml"))
    session = Session(scenario)
    while session.state.phase == "openings":
        holder = session.state.holder()
        assert holder is not None
        session.push(_pass(holder))
    holder = session.state.holder()
    assert holder is not None
    values = {"verification": "mutual_monitoring", "climate_pilot": "monitoring_network"}
    expected = preview(session.state, holder, values)
    session.push(Propose(actor=holder, values=values))
    motion = session.state.motion
    assert motion is not None
    assert expected == pytest.approx(motion.utilities[holder])
    assert preview(session.state, holder, {"verification": "nonsense"}) is None


def test_a_proposal_preview_names_the_red_line_it_crosses() -> None:
    """A delegation weighing a text is told, in words, which of its red lines the text
    crosses (the United States: verification below mutual monitoring), with its
    satisfaction and walk-away point; a text within its limits names none."""
    scenario = load_scenario(str(SCENARIOS / "quantum-classroom.yaml"))
    state = Session(scenario).state
    crossing = proposal_preview(state, "usa", {"verification": "voluntary_reporting"})
    assert crossing is not None
    assert crossing.verdict == "crosses one of your red lines"
    assert any(
        line.startswith("Verification: Voluntary national reporting crosses its red line")
        and "verification remains paramount" in line
        for line in crossing.red_lines
    )
    assert crossing.satisfaction == pytest.approx(
        preview(state, "usa", {"verification": "voluntary_reporting"}), abs=1e-4
    )
    assert crossing.walk_away == seat_view(Session(scenario), "usa").brief.walk_away
    within = proposal_preview(
        state,
        "usa",
        {
            "verification": "agency_inspections",
            "access": "allied_frameworks",
            "export_controls": "strict_national",
            "technology_transfer": "strong_ip",
        },
    )
    assert within is not None
    assert not any("Verification" in line for line in within.red_lines + within.outside)
    assert proposal_preview(state, "usa", {"verification": "nonsense"}) is None


def test_an_inject_line_carries_its_prompt() -> None:
    """An inject's transcript line is its title, and the line carries what the chair reads
    out (the inject's text), for screens that show the prompt."""
    from simulator.engine.moves import FireInject

    scenario = load_scenario(str(SCENARIOS / "quantum-classroom.yaml"))
    session = Session(scenario)
    inject = scenario.injects[0]
    session.push(FireInject(actor=session.state.table.moderator, inject=inject.id))
    lines = [line for line in public_view(session).lines if line.kind == "inject"]
    assert [(line.text, line.prompt) for line in lines] == [(inject.title, inject.text)]


def test_a_brief_shows_priorities_as_shares() -> None:
    """Each term's priority in a brief is also given as its share of the delegation's
    priorities; the shares add up to one."""
    scenario = load_scenario(str(SCENARIOS / "quantum-classroom.yaml"))
    brief = seat_view(Session(scenario), "usa").brief
    assert sum(p.share for p in brief.positions) == pytest.approx(1.0, abs=1e-3)
    top = max(brief.positions, key=lambda p: p.priority)
    assert top.share == max(p.share for p in brief.positions)


def _pass(actor: str) -> Any:
    from simulator.engine.moves import Pass

    return Pass(actor=actor)


def test_tally_during_a_vote_counts_the_ballots() -> None:
    """Issue 17's running tally: at move 50 of the classroom replay a vote on the motion
    is under way with six ballots for it and none declared outside the vote; the tally
    counts the ballots (it read 'For: nobody' when it counted declarations only)."""
    from simulator.replay.opening import open_session

    replay = open_session(str(SCENARIOS / "replays" / "classroom-dialogue.yaml")).session
    view = public_view(replay.fork(at=50))
    assert view.vote is not None
    assert view.vote.subject == "motion"
    assert view.motion is not None
    assert len(view.motion.backing) == 6
    assert view.motion.backing == tuple(name for name, _ in view.vote.ballots)
    assert view.motion.opposing == ()
    assert view.vote.waiting_for == ("Mexico",)


def test_tally_outside_a_vote_counts_declarations() -> None:
    """Before any vote, the tally is who has declared support, opposition or abstention."""
    session = sessions("quantum-classroom")[0]
    for k in range(len(session.moves) + 1):
        state = session.state_at(k)
        if state.motion is not None and state.vote is None and state.motion.declared:
            view = public_view(session, k)
            assert view.motion is not None
            declared = state.motion.declared
            names = state.table.name
            assert view.motion.backing == tuple(
                names(a) for a, b in declared.items() if b == "support"
            )
            assert view.motion.opposing == tuple(
                names(a) for a, b in declared.items() if b == "oppose"
            )
            return
    pytest.fail("no declared motion in the played session")


def test_transcript_lines_carry_their_move() -> None:
    """The numbered transcript holds the same moves as the plain one, each line with the
    move it tells of, and what was announced at the start as move 0."""
    session = sessions("quantum-classroom")[0]
    view = public_view(session, 30)
    moves = [line for line in view.lines if line.kind == "move"]
    assert [line.move for line in moves] == list(range(1, 31))
    assert [line.text for line in moves] == [t for t in view.transcript if not t.startswith("  ")]
    assert all(line.move == 0 for line in view.lines[: len(session.state_at(0).events)])


@pytest.mark.parametrize("name", NAMES)
def test_inject_effects_and_walk_aways_are_the_chairs_alone(name: str) -> None:
    """The chair's view carries each delegation's walk-away point and each inject's
    effects; no seat's view and no public view carries an inject's effects."""
    session = sessions(name)[0]
    chair = chair_view(session)
    assert [n for n, _ in chair.walk_away] == [n for n, _, _ in chair.satisfaction]
    effects = [e for i in chair.injects for e in i.effects if len(e) > 20]
    for seat in session.state.table.voters:
        text = seat_view(session, seat).model_dump_json()
        assert not [e for e in effects if json.dumps(e)[1:-1] in text], seat
    public = public_view(session).model_dump_json()
    assert not [e for e in effects if json.dumps(e)[1:-1] in public]


def test_transcript_follows_undo_and_a_different_move() -> None:
    """The transcript of a session whose last move was taken back and replaced by another
    is the transcript of a session that made the other move in the first place."""
    played = sessions("quantum-classroom")[0]
    at = next(
        k
        for k in range(1, len(played.moves))
        if played.moves[k - 1].kind != "pass"
        and played.state_at(k - 1).vote is None
        and played.state_at(k - 1).holder() == played.moves[k - 1].actor
    )
    live = played.fork(at=at)
    public_view(live)  # the transcript is told up to the move
    live.undo()
    holder = live.state.holder()
    assert holder is not None
    live.push(_pass(holder))
    fresh = played.fork(at=at - 1)
    fresh.push(_pass(holder))
    assert public_view(live).lines == public_view(fresh).lines
    assert public_view(live).transcript == public_view(fresh).transcript


def test_a_transcript_tells_each_move_once_and_again_once_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A ``Transcript`` kept by whoever shows a session tells each new move once (no cache
    lives in the module: a view made without one tells its moves afresh); a move taken
    back and replaced is told again, and the view is the one made afresh."""
    import simulator.views as views

    told: list[int] = []
    describe = views.describe  # type: ignore[attr-defined]

    def counted(move: Any, *args: Any, **kwargs: Any) -> str:
        told.append(1)
        return describe(move, *args, **kwargs)

    monkeypatch.setattr(views, "describe", counted)
    played = sessions("quantum-classroom")[0]
    session = Session(played.base, seed=1)
    transcript = views.Transcript()
    for move in list(played.moves)[:40]:
        session.push(move)
        public_view(session, transcript=transcript)
    assert len(told) == 40
    session.undo()
    state = session.state
    replacing = random_move(state, state.holder() or state.table.moderator, random.Random(3))
    assert replacing is not None
    session.push(replacing)
    told.clear()
    kept = public_view(session, transcript=transcript)
    assert len(told) == 1  # the replacing move alone
    assert kept == public_view(session)
    told.clear()
    public_view(session)
    assert len(told) == 40  # no transcript kept: told afresh
