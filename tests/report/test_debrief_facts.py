"""What a debrief finds in a session: teachable moments from the votes and moves, and an
analysis that stays quick on tables too large for the searches."""

from __future__ import annotations

from simulator.agents.driver import run_session
from simulator.analysis.quick import one_change_improvement
from simulator.analysis.space import scenario_space
from simulator.engine.moves import Move, Oppose, Pass, Return
from simulator.engine.session import Session
from simulator.engine.state import VoteRecord
from simulator.report.debrief import SEARCHED_DELEGATIONS, Sitting, debrief
from simulator.report.moments import (
    _blocking,
    _minority_votes,
    _would_have_accepted,
)
from simulator.report.render import markdown
from simulator.report.shifts import round_clock
from simulator.scenario_files import load_scenario
from simulator.storage.catalog import resolve
from tests.analysis.test_analysis_limits import wide_scenario
from tests.engine.test_golden import classroom_convergence, classroom_deadlock


def vote(**fields: object) -> VoteRecord:
    base: dict[str, object] = {
        "move": 5,
        "round": 1,
        "subject": "motion",
        "values": {"verification": "agency"},
        "yes": (),
        "no": (),
        "abstain": (),
        "absent": (),
        "passed": True,
        "reason": "",
    }
    return VoteRecord(**{**base, **fields})  # type: ignore[arg-type]


class FakeState:
    def __init__(self, session: Session, votes: tuple[VoteRecord, ...]) -> None:
        self.table = session.state.table
        self.votes = votes


class FakeSession:
    def __init__(self, session: Session, votes: tuple[VoteRecord, ...]) -> None:
        self.state = FakeState(session, votes)


def test_a_text_carried_by_a_minority_while_most_abstained() -> None:
    """A motion that passes with fewer than half of the members voting yes while at
    least two abstain is a teachable moment, naming those who abstained."""
    scenario, moves = classroom_convergence()
    session = Session.replay(scenario, moves)
    carried = vote(yes=("usa", "ukraine", "israel"), abstain=("china", "russia", "iran", "mexico"))
    found = _minority_votes(FakeSession(session, (carried,)))  # type: ignore[arg-type]
    assert len(found) == 1
    assert "3 of 7 in favour while 4 abstained" in found[0].text
    assert "China, Russia, Iran and Mexico" in found[0].text
    plain = vote(yes=("usa", "ukraine", "israel", "mexico"), abstain=("china", "russia", "iran"))
    assert not _minority_votes(FakeSession(session, (plain,)))  # type: ignore[arg-type]


def test_a_blocking_coalition_is_a_minority_that_stopped_the_room() -> None:
    """A failed vote counts as blocked when at least half the members supported it;
    a motion nearly everybody rejected is not a blocking coalition."""
    scenario, moves = classroom_convergence()
    session = Session.replay(scenario, moves)
    blocked = vote(
        yes=("usa", "ukraine", "israel", "mexico"),
        no=("china",),
        abstain=("russia", "iran"),
        passed=False,
        blockers=("china", "russia", "iran"),
    )
    rejected = vote(
        yes=("usa",), no=("china", "russia", "iran"), passed=False, blockers=("china", "russia")
    )
    found = _blocking(FakeSession(session, (blocked, rejected)))  # type: ignore[arg-type]
    assert [moment.kind for moment in found] == ["blocking"]
    assert "China voted no; Russia and Iran abstained" in found[0].text


def test_one_change_improvement_finds_a_free_gain() -> None:
    """From the draft worst for the two delegations together, some change of one term
    leaves both at least as well off and one better off."""
    scenario = wide_scenario(3, delegations=2)
    space = scenario_space(scenario, ["d0", "d1"])
    worst = tuple(
        min(range(4), key=lambda v: space.gains[0][i][v] + space.gains[1][i][v]) for i in range(3)
    )
    better = one_change_improvement(space, worst)
    assert better is not None
    assert all(space.utility(a, better) >= space.utility(a, worst) - 1e-12 for a in range(2))


def test_a_large_table_is_analysed_without_the_searches_and_says_so() -> None:
    """Past SEARCHED_DELEGATIONS the debrief leaves out the Nash point and the zone of
    agreement, and its analysis says why, instead of taking minutes."""
    scenario = wide_scenario(6, delegations=SEARCHED_DELEGATIONS + 4)
    report = debrief(Session(scenario))
    assert not report.searched
    assert report.analysis.nash is None
    text = markdown(report)
    assert f"With {SEARCHED_DELEGATIONS + 4} delegations the table is too large" in text
    assert "there is no **Nash bargaining point**" not in text


def test_the_roster_says_who_played_each_seat_and_the_chair() -> None:
    """The roster reads the seats the log records: a person or the computer for each
    delegation, and for the chair; with the session's name and date."""
    scenario, moves = classroom_convergence()
    session = Session.replay(scenario, moves, seats={"usa": "human"})
    text = markdown(debrief(session, Sitting("lesson-3b", "2026-12-03", "human")))
    assert "Session “lesson-3b”, 2026-12-03" in text
    assert "| United States | a person |" in text
    assert "| China | the computer |" in text
    assert "| Chair (Dr. Chen) | a person |" in text


def test_the_round_clock_agrees_with_the_replayed_states() -> None:
    """The round after each move, read from the round events, is the replayed state's."""
    for scenario, moves in (classroom_convergence(), classroom_deadlock()):
        session = Session.replay(scenario, moves)
        round_after = round_clock(session)
        for k in range(session.move_count + 1):
            assert round_after(k) == session.state_at(k).round, k


def russia_stays_out() -> Session:
    """The scripted deadlock, but Russia never comes back after walking out: it passes
    when the floor reaches it, casts no ballot, and an inject fires while it is out."""
    scenario, moves = classroom_deadlock()
    back = next(k for k, move in enumerate(moves) if isinstance(move, Return))
    kept: list[Move] = [*moves[:back], Pass(actor="russia")]
    kept += [m for m in moves[back + 1 :] if not (isinstance(m, Oppose) and m.actor == "russia")]
    return Session.replay(scenario, kept)


def test_a_failed_treaty_creates_no_value_and_every_delegation_is_listed() -> None:
    """A failed treaty's debrief claims no value created; a delegation that walked out and
    stayed out is still in the walk-away table, marked, with whether it would have
    accepted the final text; an inject's move is credited to the inject, never counted as
    a delegation's concession."""
    session = russia_stays_out()
    assert session.state.absent == frozenset({"russia"})
    assert session.state.outcome is not None
    assert not session.state.outcome.adopted
    report = debrief(session)
    text = markdown(report)
    assert "**Value created**: none. No treaty was adopted" in text
    assert "**Value created**: +" not in text
    table = text.split("## Each delegation against its walk-away point")[1].split("\n## ")[0]
    assert "| Russia (walked out) | 0.14 | 0.43 | -0.29 |" in table
    assert len([line for line in table.splitlines() if line.startswith("| ")]) == 8
    forced = [shift for shift in report.shifts if shift.how == "inject"]
    assert forced
    assert all(not shift.chosen for shift in forced)
    assert forced[0].cause == "Quantum climate predictions show regions becoming uninhabitable"
    moved = text.split("### Moved by injects")[1].split("\n## ")[0]
    assert forced[0].cause in moved
    largest = next(m for m in report.moments if m.kind == "concession")
    assert "under an inject" not in largest.text


def test_a_delegation_that_blocked_a_text_it_would_have_accepted_is_named() -> None:
    """When the final vote fails, each delegation that did not vote yes although the text
    cleared its walk-away point and its limits is named as one that would have accepted
    it, with how it voted (or that it was not in the room); those that voted yes are
    not."""
    session = run_session(load_scenario(str(resolve("quantum-classroom"))), seed=0)
    state = session.state
    happy = [a for a in state.table.voters if state.acceptable(a)]
    assert len(happy) >= 3
    failed = vote(
        move=session.move_count,
        subject="treaty",
        yes=tuple(happy[2:]),
        no=(happy[0],),
        absent=(happy[1],),
        passed=False,
    )

    class Failed(FakeSession):
        def state_at(self, move: int) -> object:
            return state

    found = _would_have_accepted(Failed(session, (failed,)))  # type: ignore[arg-type]
    names = [state.table.name(a) for a in happy[:2]]
    assert [m.text.split(" would have")[0] for m in found] == names
    assert found[0].text.endswith("yet it voted no at the final vote.")
    assert found[1].text.endswith("yet it was not in the room at the final vote.")


def test_a_seats_own_debrief_holds_its_moments_and_its_brief_only() -> None:
    """A delegation's own debrief reveals its brief and no other, and lists the moments
    about it (its walk-out) and those about the whole table, not another's alone."""
    from simulator.report.own import own_debrief

    scenario, moves = classroom_deadlock()
    report = debrief(Session.replay(scenario, moves))
    russia = own_debrief(report, "russia")
    mexico = own_debrief(report, "mexico")
    briefs = {a.id: a.brief for a in scenario.voters()}
    assert briefs["russia"][:80] in russia
    assert briefs["mexico"][:80] not in russia
    assert "Russia walked out" in russia
    assert "Russia walked out" not in mexico
    assert "No treaty was adopted." in mexico
    assert "By your brief you would not have accepted it." in mexico
