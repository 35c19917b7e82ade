"""The solver chair, for research (``rules.chair: solver``): it lets the delegations
negotiate, and when talks stall it tables a compromise text — the Nash bargaining point
of the delegations still at the table, over the terms not yet agreed — revised round by
round as the table changes.

The computer chair reads every brief, as a teacher running the exercise could. Its
search for a compromise is limited to ``CHAIR_EFFORT`` partial drafts: within that it
is exact for every scenario shipped and far beyond, and past it the chair tables the
best text found (a limit counted in drafts, not seconds, so the same session gives the
same texts on every machine). The interface asks it for its move off the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.analysis.bargaining import maximin_search, nash_search
from simulator.analysis.space import Indexes, scenario_space
from simulator.engine.moves import AdvancePhase, Amend, CallVote, Move, Propose
from simulator.engine.state import State
from simulator.scenario.common import TermValue

DEBATE_AMENDMENTS = 4
"""The chair calls the vote on a motion amended this many times."""
CHAIR_EFFORT = 20_000
"""The most partial drafts the chair examines looking for one compromise text: at most
about a third of a second of search for seven delegations. The Nash points of the
benchmark's sixty-term tables without red lines are found exactly well within it
(``benchmarks/analysis.py``)."""


@dataclass
class SolverChair:
    """The computer playing the chair as a solver: it tables the Nash bargaining point."""

    actor: str
    """The chair's actor id."""
    _cache: dict[Any, Indexes | None] = field(default_factory=dict, repr=False)
    """Compromise texts already worked out, by the table they were worked out for."""

    def decide(self, state: State) -> Move | None:
        """The chair's intervention now, or None to let the delegations continue."""
        if state.over or state.vote is not None or state.phase != "negotiation":
            return None
        name = state.table.name(self.actor)
        if len(state.agreed) == len(state.table.terms):
            return AdvancePhase(
                actor=self.actor,
                reason=f"{name}: every term is agreed; the "
                f"{state.table.scenario.vocabulary.agreement} goes to the final vote",
            )
        words = state.table.scenario.vocabulary
        motion = state.motion
        age = state.moves - motion.tabled_at if motion is not None else 0
        if motion is not None and age >= len(state.table.order) and self._blocked(state):
            text = self.compromise(state, among=tuple(motion.values))
            if text and any(motion.values.get(t) != v for t, v in text.items()):
                return Amend(
                    actor=self.actor,
                    values=text,
                    reason=f"{name} revises the text: a {words.party} that can block the "
                    f"{words.agreement} objects to it",
                )
        if motion is not None and (
            motion.amendments >= DEBATE_AMENDMENTS or age >= 2 * len(state.table.order)
        ):
            return CallVote(
                actor=self.actor,
                reason=f"{name} calls the vote: the motion has been debated long enough",
            )
        if motion is None and state.turn == 0 and self._stalled(state):
            text = self.compromise(state)
            if text:
                return Propose(
                    actor=self.actor,
                    values=text,
                    reason=f"{name} tables a "
                    "compromise text balancing the gains of every delegation at "
                    "the table",
                )
        return None

    def _blocked(self, state: State) -> bool:
        """Whether a delegation whose no would sink the treaty in the final vote objects to
        the motion on the floor."""
        motion = state.motion
        assert motion is not None
        rule = state.table.scenario.final_vote_rule()
        if rule.method in ("consensus", "unanimity"):
            blockers = set(state.present_electorate())
        else:
            blockers = set(rule.required_parties)
        return any(motion.declared.get(a) == "oppose" for a in blockers)

    def _stalled(self, state: State) -> bool:
        limit = state.table.scenario.rules.round_limit
        failed = sum(1 for vote in state.votes if not vote.passed)
        return state.round >= max(2, (limit + 1) // 2) or failed >= 2

    def compromise(
        self, state: State, among: tuple[str, ...] | None = None
    ) -> dict[str, TermValue] | None:
        """The Nash bargaining point of the delegations in the room over the open terms
        (only those in ``among``, if given), or, when no draft gives them all more than
        their walk-away points, the draft that leaves the worst-off best placed; only the
        terms it would change."""
        table = state.table
        present = state.present_voters()
        if not present:
            return None
        draft = tuple(
            table.index_of(t.id, v) or 0 for t, v in zip(table.terms, state.draft, strict=True)
        )
        fixed = tuple(
            term.id in state.agreed
            or bool(state.agenda and term.id not in state.agenda)
            or (among is not None and term.id not in among)
            for term in table.terms
        )
        key = (present, draft, fixed, tuple(sorted((a, p) for a, p in state.priorities.items())))
        if key not in self._cache:
            space = scenario_space(table.scenario, list(present), dict(state.priorities))
            candidates = [
                [draft[i]] if fixed[i] else list(range(space.sizes[i]))
                for i in range(len(table.terms))
            ]
            point = nash_search(space, candidates=candidates, effort=CHAIR_EFFORT).point
            if point is None:
                point = maximin_search(space, candidates, effort=CHAIR_EFFORT).point
            self._cache[key] = point.outcome if point is not None else None
        outcome = self._cache[key]
        if outcome is None:
            return None
        return {
            term.id: table.values[i][v]
            for i, (term, v) in enumerate(zip(table.terms, outcome, strict=True))
            if v != draft[i]
        } or None
