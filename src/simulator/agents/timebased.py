"""A plain time-based concession player, for research comparisons with other
negotiation platforms (the same kind of player on both sides of a benchmark).

Its aspiration falls from 1 to its reservation over the rounds as ``1 - t ** (1/e)``
(e < 1 is Boulware, e = 1 linear, e > 1 a conceder). On its turn it backs the motion on
the floor when the motion meets its aspiration, and otherwise replaces the motion's text
with its own offer: the text nearest the motion (fewest steps) that meets its aspiration,
found by moving, one step at a time, the term that gains it most per step. When every
delegation in the room backs the motion, it calls the vote.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.engine.moves import Amend, CallVote, Move, Pass, Propose, Support
from simulator.engine.state import State
from simulator.scenario.common import TermValue


@dataclass
class TimeBasedPlayer:
    """The time-based concession player for one delegation."""

    actor: str
    """The delegation it plays."""
    exponent: float = 0.2
    """The concession curve's exponent: below 1 Boulware, 1 linear, above 1 conceder."""

    def aspiration(self, state: State) -> float:
        """The utility it holds out for at this point of the negotiation."""
        limit = state.table.scenario.rules.round_limit
        turns = len(state.table.order)
        t = min(1.0, ((max(state.round, 1) - 1) + state.turn / turns) / limit)
        reserve = state.table.utility[self.actor].reservation
        return float(reserve + (1 - reserve) * (1 - t ** (1 / self.exponent)))

    def decide(self, state: State) -> Move | None:
        """Its move now (None when it does not hold the floor)."""
        if state.over or state.holder() != self.actor or state.vote is not None:
            return None
        target = self.aspiration(state)
        motion = state.motion
        if motion is not None and motion.utilities[self.actor] >= target - 1e-12:
            if motion.declared.get(self.actor) != "support":
                return Support(actor=self.actor)
            if all(motion.declared.get(a) == "support" for a in state.present_voters()):
                return CallVote(actor=self.actor)
            return Pass(actor=self.actor)
        offer = self.offer(state, target)
        if offer is None:
            return Pass(actor=self.actor)
        if motion is None:
            return Propose(actor=self.actor, values=offer)
        changed = {t: v for t, v in offer.items() if motion.values.get(t) != v}
        return Amend(actor=self.actor, values=changed) if changed else Pass(actor=self.actor)

    def offer(self, state: State, target: float) -> dict[str, TermValue] | None:
        """Every open term's value in the text nearest the motion (or the draft) that gives
        this delegation at least ``target``."""
        table = state.table
        mine = table.utility[self.actor]
        weights = state.weights[self.actor]
        base = state.motion.values if state.motion is not None else {}
        current = [
            table.index_of(term.id, base.get(term.id, value)) or 0
            for term, value in zip(table.terms, state.draft, strict=True)
        ]
        open_terms = {t for t, term in enumerate(table.terms) if term.id not in state.agreed}
        utility = mine.utility(current, weights)
        ideals = [curve.index(max(curve)) for curve in mine.curves]
        while utility < target - 1e-12:
            best_gain, best = 0.0, None
            for k, t in enumerate(mine.terms):
                if t not in open_terms or current[t] == ideals[k]:
                    continue
                step = current[t] + (1 if ideals[k] > current[t] else -1)
                gain = weights[k] * (mine.curves[k][step] - mine.curves[k][current[t]])
                if gain > best_gain:
                    best_gain, best = gain, (t, step)
            if best is None:
                return None
            t, step = best
            current[t] = step
            utility += best_gain
        return {table.terms[t].id: table.values[t][current[t]] for t in sorted(open_terms)}
