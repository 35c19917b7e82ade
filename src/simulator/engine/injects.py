"""Firing injects: the scenario's scripted events and what they change.

An inject fires when the moderator fires it, when its round begins (``apply`` starts
rounds), or, for a conditional inject, as soon as its condition holds after a move.
Firing applies its effects in order — priorities reweighed, public stances moved, trust
shifted — records it as fired and logs an event, deterministically.
"""

from __future__ import annotations

from types import MappingProxyType

from simulator.engine.changes import DEFAULT_TRUST, add_event, canonical
from simulator.engine.conditions import holds
from simulator.engine.state import State, evolve
from simulator.scenario.injects import (
    Conditional,
    Inject,
    PriorityChange,
    StanceChange,
    TrustChange,
)


def fire(state: State, inject: Inject, number: int) -> State:
    """The state after ``inject`` fires at move ``number``: its effects applied, it
    recorded as fired, and an event logged."""
    table = state.table
    for effect in inject.effects:
        if isinstance(effect, PriorityChange):
            state = _reweigh(state, effect.actor, effect.term, effect.factor)
        elif isinstance(effect, StanceChange):
            if effect.actor in state.stances:
                stance = canonical(table, effect.term, effect.to)
                stances = {
                    **state.stances,
                    effect.actor: {**state.stances[effect.actor], effect.term: stance},
                }
                state = evolve(state, stances=stances)
        elif isinstance(effect, TrustChange):
            current = state.trust.get(effect.actor, {})
            level = min(1.0, max(0.0, current.get(effect.toward, DEFAULT_TRUST) + effect.change))
            state = evolve(
                state, trust={**state.trust, effect.actor: {**current, effect.toward: level}}
            )
    state = evolve(state, fired=(*state.fired, inject.id))
    return add_event(state, number, "inject", f"{inject.title}", inject.id)


def _reweigh(state: State, actor: str, term: str, factor: float) -> State:
    tables = state.table.utility.get(actor)
    t = state.table.term_index[term]
    if tables is None or t not in tables.terms:
        return state
    k = tables.terms.index(t)
    priorities = list(state.priorities[actor])
    priorities[k] *= factor
    weights = MappingProxyType({**state.weights, actor: tables.weights(priorities)})
    utilities, _ = state.table.score(weights, state.indexes)
    state = evolve(
        state,
        priorities={**state.priorities, actor: tuple(priorities)},
        weights=weights,
        utilities=utilities,
    )
    if state.motion is not None:
        utilities, crossed = state.table.score(weights, state.motion.indexes)
        state = evolve(state, motion=evolve(state.motion, utilities=utilities, crossed=crossed))
    return state


def fire_conditionals(state: State, number: int) -> State:
    """The state with every conditional inject whose condition holds fired, repeatedly,
    until none is left to fire (nothing fires once the negotiation is over)."""
    if state.over:
        return state
    changed = True
    while changed:
        changed = False
        for inject in state.table.conditionals:
            trigger = inject.trigger
            assert isinstance(trigger, Conditional)
            if inject.id not in state.fired and holds(trigger.when, state):
                state = fire(state, inject, number)
                changed = True
    return state
