"""Firing injects: the scenario's scripted events and what they change.

An inject fires when the moderator fires it, when its round begins (``apply`` starts
rounds), or, for a conditional inject, as soon as its condition holds after a move.
Firing applies its effects in order — priorities reweighed, public stances moved, trust
shifted — records it as fired and logs an event, deterministically.
"""

from __future__ import annotations

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
    recorded as fired, and an event logged. Priorities it reweighs are applied together,
    after its other effects, and every utility worked out once for them."""
    table = state.table
    reweighed: dict[str, list[float]] = {}
    for effect in inject.effects:
        if isinstance(effect, PriorityChange):
            tables = table.utility.get(effect.actor)
            t = table.term_index[effect.term]
            if tables is not None and t in tables.terms:
                if effect.actor not in reweighed:
                    reweighed[effect.actor] = list(state.priorities[effect.actor])
                reweighed[effect.actor][tables.terms.index(t)] *= effect.factor
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
    if reweighed:
        state = _reweigh(state, reweighed)
    state = evolve(state, fired=(*state.fired, inject.id))
    return add_event(state, number, "inject", f"{inject.title}", inject.id)


def _reweigh(state: State, priorities: dict[str, list[float]]) -> State:
    """The state with some delegations' priorities replaced, and every utility with them."""
    table = state.table
    weights = table.reweigh(
        state.weights,
        {actor: table.utility[actor].weights(p) for actor, p in priorities.items()},
    )
    utilities, _ = table.score(weights, state.indexes)
    state = evolve(
        state,
        priorities={**state.priorities, **{a: tuple(p) for a, p in priorities.items()}},
        weights=weights,
        utilities=utilities,
    )
    if state.motion is not None:
        utilities, crossed = table.score(weights, state.motion.indexes)
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
