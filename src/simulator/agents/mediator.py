"""A computer chair: it lets the delegations negotiate, and when talks stall it tables a
compromise text — the Nash bargaining point of the delegations still at the table, over
the terms not yet agreed — revised round by round as the table changes.

The computer chair reads every brief, as a teacher running the exercise could.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.analysis.bargaining import maximin_point, nash_point
from simulator.analysis.space import scenario_space
from simulator.engine.moves import AdvancePhase, CallVote, Move, Propose
from simulator.engine.state import State
from simulator.scenario.common import TermValue

DEBATE_AMENDMENTS = 4
"""The chair calls the vote on a motion amended this many times."""


@dataclass
class MediatorPlayer:
    """The computer playing the chair."""

    actor: str
    """The chair's actor id."""

    def decide(self, state: State) -> Move | None:
        """The chair's intervention now, or None to let the delegations continue."""
        if state.over or state.vote is not None or state.phase != "negotiation":
            return None
        name = state.table.name(self.actor)
        if len(state.agreed) == len(state.table.terms):
            return AdvancePhase(
                actor=self.actor,
                reason=f"{name}: every term is agreed; the treaty goes to the final vote",
            )
        motion = state.motion
        if motion is not None and (
            motion.amendments >= DEBATE_AMENDMENTS
            or state.moves - motion.tabled_at >= 2 * len(state.table.order)
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

    def _stalled(self, state: State) -> bool:
        limit = state.table.scenario.rules.round_limit
        failed = sum(1 for vote in state.votes if not vote.passed)
        return state.round >= max(2, (limit + 1) // 2) or failed >= 2

    def compromise(self, state: State) -> dict[str, TermValue] | None:
        """The Nash bargaining point of the delegations in the room over the open terms
        (or, when no draft gives them all more than their walk-away points, the draft
        that leaves the worst-off best placed); only the terms it would change."""
        table = state.table
        present = list(state.present_voters())
        if not present:
            return None
        space = scenario_space(table.scenario, present, dict(state.priorities))
        draft = [
            table.index_of(t.id, v) or 0 for t, v in zip(table.terms, state.draft, strict=True)
        ]
        candidates = [
            [draft[i]]
            if term.id in state.agreed or (state.agenda and term.id not in state.agenda)
            else list(range(space.sizes[i]))
            for i, term in enumerate(table.terms)
        ]
        point = nash_point(space, candidates=candidates) or maximin_point(space, candidates)
        if point is None:
            return None
        return {
            term.id: table.values[i][v]
            for i, (term, v) in enumerate(zip(table.terms, point.outcome, strict=True))
            if v != draft[i]
        } or None
