"""A plain time-based concession player, for research comparisons with other
negotiation platforms (the same kind of player on both sides of a benchmark).

Its aspiration falls from 1 to its reservation over the rounds as ``1 - t ** (1/e)``
(e < 1 is Boulware, e = 1 linear, e > 1 a conceder). It takes no account of the others:
on its turn it backs the motion on the floor when the motion comes within 0.001 of its
aspiration, and otherwise replaces the motion with its own offer, the least satisfying
text it still finds at or above its aspiration along its concession path. The path runs
from its ideal text to its worst, one step on one term at a time, each time giving up the
step that costs it least; it is computed once, so an offer is a binary search. When
every delegation in the room backs the motion, it calls the vote.

Boulware players repeat themselves: the same offer meets the same motion round after
round. The player keeps the amendments it has made (moves are immutable) and offers the
same one again instead of building it anew.
"""

from __future__ import annotations

import bisect
import heapq
import math
from dataclasses import dataclass, field

from simulator.engine.moves import Amend, CallVote, Move, Oppose, Pass, Propose, Support
from simulator.engine.state import State
from simulator.engine.table import Table
from simulator.scenario.common import TermValue

ACCEPTANCE_TOLERANCE = 1e-3
"""How far below its aspiration a motion may fall and still be accepted."""
MEMORY = 4096
"""How many amendments a player keeps to offer again unchanged."""


@dataclass(frozen=True)
class TimeBasedPlayer:
    """The time-based concession player for one delegation (fixed once made: what it
    works out from its delegation and exponent is kept)."""

    actor: str
    """The delegation it plays."""
    exponent: float = 0.2
    """The concession curve's exponent: below 1 Boulware, 1 linear, above 1 conceder."""
    _table: Table | None = field(default=None, repr=False)
    _path: list[tuple[int, ...]] = field(default_factory=list, repr=False)
    _texts: dict[int, dict[str, TermValue]] = field(default_factory=dict, repr=False)
    _falls: list[float] = field(default_factory=list, repr=False)
    _amends: dict[tuple[object, ...], Move] = field(default_factory=dict, repr=False)
    _plain: dict[str, Move] = field(default_factory=dict, repr=False)
    _clock: tuple[int, int, float, float] = (1, 1, 0.0, 1.0)

    def aspiration(self, state: State) -> float:
        """The utility it holds out for at this point of the negotiation."""
        if state.table is not self._table:
            self._build(state.table)
        turns, limit, reserve, power = self._clock
        elapsed = state.round - 1 if state.round > 1 else 0
        t = (elapsed + state.turn / turns) / limit
        return reserve + (1 - reserve) * (1 - math.pow(t if t < 1.0 else 1.0, power))

    def decide(self, state: State) -> Move | None:
        """Its move now (None when it does not hold the floor). Asked in a vote, it votes
        yes on a motion that meets its aspiration and no otherwise."""
        if state.holder() != self.actor:
            return None
        target = self.aspiration(state)
        motion = state.motion
        if state.vote is not None:
            utility = (
                motion.utilities[self.actor]
                if state.vote.subject == "motion" and motion is not None
                else state.utilities[self.actor]
            )
            accepted = utility >= target - ACCEPTANCE_TOLERANCE
            return self._plain["support" if accepted else "oppose"]
        if motion is not None and motion.utilities[self.actor] >= target - ACCEPTANCE_TOLERANCE:
            if motion.declared.get(self.actor) != "support":
                return self._plain["support"]
            if all(motion.declared.get(a) == "support" for a in state.present_voters()):
                return self._plain["call_vote"]
            return self._plain["pass"]
        k = self._step(target)
        if motion is None:
            return Propose(actor=self.actor, values=self._open(state, k))
        # the same offer against the same motion is the same amendment: keep it
        values = motion.values
        if len(values) == len(self._path[0]):  # every term: its value indexes say it all
            key: tuple[object, ...] = (k, state.agreed, motion.indexes)
        else:
            key = (k, state.agreed, *values.items())
        move = self._amends.get(key)
        if move is None:
            offer = self._open(state, k)
            changed = {t: v for t, v in offer.items() if values.get(t) != v}
            move = Amend(actor=self.actor, values=changed) if changed else self._plain["pass"]
            if len(self._amends) >= MEMORY:
                self._amends.clear()
            self._amends[key] = move
        return move

    def offer(self, state: State, target: float) -> dict[str, TermValue]:
        """The open terms' values in the least satisfying text on its concession path that
        still gives it at least ``target``."""
        if state.table is not self._table:
            self._build(state.table)
        return dict(self._open(state, self._step(target)))

    def _step(self, target: float) -> int:
        """The last step of the path still at or above ``target``."""
        # levels fall along the path, so their negatives rise
        k = bisect.bisect_left(self._falls, -target + 1e-12)
        return max(0, min(len(self._path) - 1, k - 1))

    def _open(self, state: State, k: int) -> dict[str, TermValue]:
        """The open terms' values in the ``k``-th text of its path."""
        text = self._texts.get(k)
        if text is None:
            table = state.table
            text = self._texts[k] = {
                term: table.values[t][v]
                for t, (term, v) in enumerate(zip(table.ids, self._path[k], strict=True))
            }
        if not state.agreed:
            return text
        return {term: value for term, value in text.items() if term not in state.agreed}

    def _build(self, table: Table) -> None:
        """Its concession path: from its ideal text, each time the step away from the
        ideal on one term that costs it least (ties to the earlier term, then to the
        lower value), until no step is left. The candidate steps wait in a heap; once a
        term has moved to one side of the ideal, its steps to the other side are void."""
        mine = table.utility[self.actor]
        weights = mine.weights()
        current = [0] * len(table.terms)
        ideal = [curve.index(max(curve)) for curve in mine.curves]
        for k, t in enumerate(mine.terms):
            current[t] = ideal[k]
        side: dict[int, int] = {}
        waiting: list[tuple[float, int, int]] = []

        def offer_step(k: int, direction: int) -> None:
            t = mine.terms[k]
            step = current[t] + (-1 if direction == 0 else 1)
            curve = mine.curves[k]
            if 0 <= step < len(curve):
                heapq.heappush(
                    waiting, (weights[k] * (curve[current[t]] - curve[step]), k, direction)
                )

        for k in range(len(mine.terms)):
            offer_step(k, 0)
            offer_step(k, 1)
        level = 1.0 if mine.terms else 0.0
        path, levels = [tuple(current)], [level]
        while waiting:
            loss, k, direction = heapq.heappop(waiting)
            if side.setdefault(k, direction) != direction:
                continue
            t = mine.terms[k]
            current[t] += -1 if direction == 0 else 1
            level -= loss
            path.append(tuple(current))
            levels.append(level)
            offer_step(k, direction)
        self._texts.clear()
        self._amends.clear()
        kept = {
            "_table": table,
            "_clock": (
                len(table.order),
                table.scenario.rules.round_limit,
                mine.reservation,
                1 / self.exponent,
            ),
            "_path": path,
            "_falls": [-level for level in levels],
            "_plain": {
                "support": Support(actor=self.actor),
                "oppose": Oppose(actor=self.actor),
                "call_vote": CallVote(actor=self.actor),
                "pass": Pass(actor=self.actor),
            },
        }
        for name, value in kept.items():
            object.__setattr__(self, name, value)  # its own caches, on a frozen record
