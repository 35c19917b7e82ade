"""Evaluating an inject's declarative condition against the state.

Each kind of condition is read here and nowhere else; nothing in a scenario is ever
evaluated as code.
"""

from __future__ import annotations

from simulator.engine.state import State
from simulator.scenario.common import TermValue
from simulator.scenario.injects import (
    AllOf,
    AnyOf,
    Comparison,
    Condition,
    DraftValue,
    InjectFired,
    Not,
    RoundReached,
    StanceValue,
    TermAgreed,
    VotesFailed,
    WalkedOut,
)


def holds(condition: Condition, state: State) -> bool:
    """Whether ``condition`` is true of ``state``."""
    if isinstance(condition, RoundReached):
        return state.phase != "openings" and state.round >= condition.round
    if isinstance(condition, TermAgreed):
        return condition.term in state.agreed
    if isinstance(condition, DraftValue):
        return _compare(
            state, condition.term, state.value(condition.term), condition.op, condition.value
        )
    if isinstance(condition, StanceValue):
        stance = state.stances.get(condition.actor, {}).get(condition.term)
        return stance is not None and _compare(
            state, condition.term, stance, condition.op, condition.value
        )
    if isinstance(condition, WalkedOut):
        return condition.actor in state.absent
    if isinstance(condition, VotesFailed):
        return sum(1 for vote in state.votes if not vote.passed) >= condition.count
    if isinstance(condition, InjectFired):
        return condition.inject in state.fired
    if isinstance(condition, AllOf):
        return all(holds(inner, state) for inner in condition.conditions)
    if isinstance(condition, AnyOf):
        return any(holds(inner, state) for inner in condition.conditions)
    if isinstance(condition, Not):
        return not holds(condition.condition, state)
    raise TypeError(f"unknown condition {condition!r}")


def _compare(state: State, term: str, left: TermValue, op: Comparison, right: TermValue) -> bool:
    a = state.table.index_of(term, left)
    b = state.table.index_of(term, right)
    if a is None or b is None:
        return False
    return {
        "eq": a == b,
        "ne": a != b,
        "lt": a < b,
        "le": a <= b,
        "gt": a > b,
        "ge": a >= b,
    }[op]
