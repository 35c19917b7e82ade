"""Random play against the engine's invariants (a hypothesis state machine).

Legal and illegal moves and undos are played on the shipped scenarios; after each step:
values stay within their terms; replaying the log gives the same state; the JSON round
trip of the log is lossless; an illegal move leaves the state unchanged; no legal move
remains once the session is over; a vote passes exactly when the decision rule is met;
utilities updated move by move equal utilities computed from scratch.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from functools import cache

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from simulator.engine.errors import IllegalMoveError
from simulator.engine.log import decode_text
from simulator.engine.moves import (
    Amend,
    CallVote,
    Concede,
    FireInject,
    Move,
    Propose,
    Return,
    SetAgenda,
    Statement,
    Support,
)
from simulator.engine.rules import check, legal_moves
from simulator.engine.sampling import random_move
from simulator.engine.session import Session
from simulator.scenario.model import Scenario
from simulator.scenario.rules import DecisionRule
from simulator.scenario_files import load_scenario
from tests.conftest import SCENARIOS, examples
from tests.engine.helpers import log_text
from tests.engine.test_decision import reference


@cache
def shipped(name: str) -> Scenario:
    return load_scenario(str(SCENARIOS / f"{name}.yaml"))


NAMES = sorted(path.stem for path in SCENARIOS.glob("*.yaml"))


class Negotiation(RuleBasedStateMachine):
    session: Session
    votes_seen: int

    @initialize(name=st.sampled_from(NAMES), rounds=st.integers(1, 4))
    def start(self, name: str, rounds: int) -> None:
        scenario = shipped(name)
        limit = max(
            rounds, *(i.trigger.round for i in scenario.injects if i.trigger.kind == "scheduled")
        )
        rules = scenario.rules.model_copy(update={"round_limit": limit})
        self.session = Session(scenario.model_copy(update={"rules": rules}))
        self.votes_seen = 0

    @precondition(lambda self: not self.session.state.over)
    @rule(
        seed=st.integers(0, 2**32),
        moderator=st.booleans(),
        count=st.integers(1, 12),
        focus=st.sampled_from(["anything", "motions", "finish"]),
    )
    def legal_moves_in_a_row(self, seed: int, moderator: bool, count: int, focus: str) -> None:
        """Play up to ``count`` random legal moves; ``motions`` prefers proposing, amending
        and voting; ``finish`` lets the moderator move the session to its end."""
        rng = random.Random(seed)
        avoid = {
            "anything": frozenset({"end_session", "advance_phase"}),
            "motions": frozenset(
                {
                    "end_session",
                    "advance_phase",
                    "statement",
                    "walk_out",
                    "set_agenda",
                    "pass",
                    "concede",
                }
            ),
            "finish": frozenset({"end_session", "statement", "walk_out", "set_agenda"}),
        }[focus]
        for _ in range(count):
            state = self.session.state
            if state.over:
                break
            by_moderator = (moderator and rng.random() < 0.3) or state.holder() is None
            actor = state.table.moderator if by_moderator else state.holder()
            assert actor is not None
            move = random_move(state, actor, rng, avoid)
            assert move is not None, legal_moves(state, actor)
            assert check(state, move) is None, (move, check(state, move))
            self.session.push(move)
            event(f"legal {move.kind}")
        state = self.session.state
        if state.over:
            event(
                "session over" + (" (adopted)" if state.outcome and state.outcome.adopted else "")
            )
        if any(vote.passed for vote in state.votes):
            event("a motion passed")

    @rule(data=st.data())
    def odd_move(self, data: st.DataObject) -> None:
        state = self.session.state
        actors = [*state.table.voters, state.table.moderator, "nobody"]
        actor = data.draw(st.sampled_from(actors))
        terms = [t.id for t in state.table.terms] + ["no_such_term"]
        term = data.draw(st.sampled_from(terms))
        value = data.draw(st.sampled_from(["none", "agency", 2030, 2035.5, -1, "x"]))
        odd: list[Move] = [
            Statement(actor=actor, text="?"),
            Propose(actor=actor, values={term: value}),
            Amend(actor=actor, values={term: value}),
            Support(actor=actor),
            CallVote(actor=actor),
            Concede(actor=actor, term=term, to=value),
            Return(actor=actor),
            FireInject(actor=actor, inject="no_such_inject"),
            SetAgenda(actor=actor, terms=(term,)),
        ]
        move = data.draw(st.sampled_from(odd))
        before, moves = state, self.session.moves
        if check(state, move) is None:
            self.session.push(move)
            return
        with pytest.raises(IllegalMoveError):
            self.session.push(move)
        assert self.session.state is before
        assert self.session.moves == moves

    @precondition(lambda self: len(self.session.moves) > 0)
    @rule()
    def undo(self) -> None:
        self.session.undo()
        self.votes_seen = min(self.votes_seen, len(self.session.state.votes))

    @invariant()
    def values_stay_within_terms(self) -> None:
        state = self.session.state
        for term, value in zip(state.table.terms, state.draft, strict=True):
            assert term.index_of(value) is not None
        for stances in state.stances.values():
            for term_id, value in stances.items():
                assert state.table.index_of(term_id, value) is not None

    @invariant()
    def replay_gives_same_state(self) -> None:
        again = Session.replay(self.session.base, self.session.moves, seed=self.session.seed)
        assert again.state == self.session.state

    @invariant()
    def log_round_trip_is_lossless(self) -> None:
        text = log_text(self.session)
        again = decode_text(text, self.session.base)
        assert again.moves == self.session.moves
        assert log_text(again) == text

    @invariant()
    def nothing_legal_once_over(self) -> None:
        state = self.session.state
        if state.over:
            assert state.outcome is not None
            for actor in (*state.table.voters, state.table.moderator):
                assert legal_moves(state, actor) == []

    @invariant()
    def votes_follow_the_rule(self) -> None:
        state = self.session.state
        table = state.table
        weights = {a: table.weight(a) for a in table.electorate}
        for record in state.votes[self.votes_seen :]:
            rule_ = (
                table.scenario.rules.decision
                if record.subject == "motion"
                else table.scenario.final_vote_rule()
            )
            cast = {
                **dict.fromkeys(record.yes, "support"),
                **dict.fromkeys(record.no, "oppose"),
                **dict.fromkeys(record.abstain, "abstain"),
            }
            members = dict.fromkeys(table.electorate, 1.0) | weights
            assert record.passed == _reference(rule_, cast, table.electorate, members)
            assert not set(record.yes + record.no + record.abstain) - set(table.electorate)
        self.votes_seen = len(state.votes)

    @invariant()
    def utilities_match_full_recompute(self) -> None:
        state = self.session.state
        indexes = [t.index_of(v) for t, v in zip(state.table.terms, state.draft, strict=True)]
        for actor, tables in state.table.utility.items():
            full = tables.utility(indexes, state.weights[actor])  # type: ignore[arg-type]
            assert state.utilities[actor] == pytest.approx(full, abs=1e-9)
            assert state.crossed[actor] == tables.red_lines_crossed(indexes)  # type: ignore[arg-type]
        assert list(state.indexes) == indexes

    @invariant()
    def motion_utilities_match_full_recompute(self) -> None:
        state = self.session.state
        motion = state.motion
        if motion is None:
            return
        values = {**state.draft_dict(), **motion.values}
        indexes = [t.index_of(values[t.id]) for t in state.table.terms]
        assert list(motion.indexes) == indexes
        assert list(motion.values) == [t.id for t in state.table.terms if t.id in motion.values]
        for actor, tables in state.table.utility.items():
            full = tables.utility(indexes, state.weights[actor])  # type: ignore[arg-type]
            assert motion.utilities[actor] == pytest.approx(full, abs=1e-9)
            assert motion.crossed[actor] == tables.red_lines_crossed(indexes)  # type: ignore[arg-type]


def _reference(
    rule_: DecisionRule, cast: dict[str, str], voters: Iterable[str], weights: dict[str, float]
) -> bool:
    import tests.engine.test_decision as decision

    saved = decision.MEMBERS
    decision.MEMBERS = tuple(voters)
    try:
        return reference(rule_, cast, weights)
    finally:
        decision.MEMBERS = saved


Negotiation.TestCase.settings = settings(
    max_examples=examples(40),
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestNegotiation = Negotiation.TestCase
