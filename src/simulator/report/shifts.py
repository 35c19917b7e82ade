"""Every change of a delegation's public position in a session (stance, proposal,
amendment, inject) with what it cost that delegation, and the round clock the debrief
dates them by: what the debrief, the teachable moments, the comparison of tables and the
gradebook all read."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from simulator.engine.changes import canonical
from simulator.engine.moves import Amend, Concede, Move, Propose
from simulator.engine.session import Session
from simulator.engine.state import State
from simulator.engine.table import Table
from simulator.scenario.common import TermValue, listed


@dataclass(frozen=True)
class Shift:
    """A delegation moving its public position on one term."""

    move: int
    """The move it came with."""
    round: int
    """The negotiation round."""
    actor: str
    """Who moved (id)."""
    term: str
    """On which term (id)."""
    before: TermValue
    """Its public position before."""
    after: TermValue
    """Its public position after."""
    how: str
    """What moved it: 'stance' (a concession), 'proposal', 'amendment' or 'inject'."""
    cost: float
    """The satisfaction it gives up by the move (weighted, by its confidential brief):
    positive when it moves away from what it wants, negative when towards it."""
    cause: str = ""
    """For a move under an inject, the inject's title: the event moved it, not the
    delegation's own choice ('' otherwise)."""

    @property
    def chosen(self) -> bool:
        """Whether the delegation moved by its own move (a concession, proposal or
        amendment), not under an inject: only these count as its concessions."""
        return self.how != "inject"


def round_clock(session: Session) -> Callable[[int], int]:
    """The negotiation round after each move (what an inject fired after it opened), read
    from the round events (no replay)."""
    start = session.state_at(0).round
    starts = [e.move for e in session.state.events if e.kind == "round" and e.move]
    return lambda k: start + bisect_right(starts, k)


def round_of_move(session: Session) -> Callable[[int], int]:
    """The negotiation round each move was made in: a round's last move, which opens the
    next, still belongs to its own."""
    start = session.state_at(0).round
    starts = [e.move for e in session.state.events if e.kind == "round" and e.move]
    return lambda k: start + bisect_left(starts, k)


def public_positions(
    session: Session,
) -> tuple[dict[str, dict[str, TermValue]], tuple[Shift, ...]]:
    """Each delegation's public position on each term at the start, and every change of
    it after. The moves say most of it; the states are derived again only around the
    moves at which an inject fired (a replay of a long session costs as much as the
    session did)."""
    table = session.state.table
    start = session.state_at(0)
    opening = {a: dict(start.stances.get(a, {})) for a in table.voters}
    public = {a: dict(v) for a, v in opening.items()}
    priorities = dict(start.priorities)
    injected = sorted({e.move for e in session.state.events if e.kind == "inject" and e.move})
    round_after, round_of = round_clock(session), round_of_move(session)
    voters = set(table.voters)
    shifts: list[Shift] = []
    for k, move in enumerate(session.moves, start=1):
        changes = _stated(table, move, voters)
        cause = ""
        if injected and injected[0] == k:
            injected.pop(0)
            before, after = session.state_at(k - 1), session.state_at(k)
            changes += _injected(before, after)
            priorities = dict(after.priorities)
            fired = after.events[len(before.events) :]
            cause = listed([e.text for e in fired if e.kind == "inject"])
        for actor, term, value, how in changes:
            if actor not in public:
                continue
            previous = public[actor].get(term)
            public[actor][term] = value
            if previous is None or previous == value:
                continue
            worth = priorities[actor]
            cost = _satisfaction(table, worth, actor, term, previous) - _satisfaction(
                table, worth, actor, term, value
            )
            when = round_after(k) if how == "inject" else round_of(k)
            why = cause if how == "inject" else ""
            shifts.append(Shift(k, when, actor, term, previous, value, how, cost, why))
    return opening, tuple(shifts)


def _stated(table: Table, move: Move, voters: set[str]) -> list[tuple[str, str, TermValue, str]]:
    """The public positions ``move`` states: (delegation, term, value, how)."""
    if isinstance(move, Concede):
        return [(move.actor, move.term, canonical(table, move.term, move.to), "stance")]
    if isinstance(move, Propose | Amend) and move.actor in voters:
        how = "proposal" if isinstance(move, Propose) else "amendment"
        return [(move.actor, t, canonical(table, t, v), how) for t, v in move.values.items()]
    return []


def _injected(before: State, after: State) -> list[tuple[str, str, TermValue, str]]:
    """The public stances an inject moved between two states."""
    found: list[tuple[str, str, TermValue, str]] = []
    for actor, stances in after.stances.items():
        old = before.stances.get(actor, {})
        if stances is not old:
            found += [(actor, t, v, "inject") for t, v in stances.items() if old.get(t) != v]
    return found


def _satisfaction(
    table: Table, priorities: Sequence[float], actor: str, term: str, value: TermValue
) -> float:
    """How much ``value`` on ``term`` is worth to ``actor`` (its weighted satisfaction)."""
    utility = table.utility[actor]
    t = table.term_index[term]
    if t not in utility.terms:
        return 0.0
    k = utility.terms.index(t)
    index = table.index_of(term, value)
    if index is None:
        return 0.0
    return utility.weights(priorities)[k] * utility.curves[k][index]
