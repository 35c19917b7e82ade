"""Drawing random legal moves: for property tests, benchmarks and the simplest computer
player. Deterministic for a given ``random.Random``."""

from __future__ import annotations

import random

from simulator.engine.moves import (
    Amend,
    Concede,
    FireInject,
    Move,
    Propose,
    SetAgenda,
    Statement,
    move_of,
)
from simulator.engine.rules import MoveOption, legal_moves
from simulator.engine.state import State


def random_move(
    state: State, actor: str, rng: random.Random, avoid: frozenset[str] = frozenset()
) -> Move | None:
    """A random legal move for ``actor`` (None if it has none), skipping kinds in
    ``avoid`` when anything else is possible."""
    options = legal_moves(state, actor)
    preferred = [o for o in options if o.kind not in avoid] or options
    if not preferred:
        return None
    return build_move(state, actor, rng.choice(preferred), rng)


def build_move(state: State, actor: str, option: MoveOption, rng: random.Random) -> Move:
    """A random concrete move of the kind ``option`` describes."""
    table = state.table
    kind = option.kind
    if kind in ("propose", "amend"):
        terms = rng.sample(option.terms, rng.randint(1, min(3, len(option.terms))))
        values = {t: rng.choice(table.values[table.term_index[t]]) for t in terms}
        if (
            kind == "amend"
            and state.motion is not None
            and all(state.motion.values.get(t) == v for t, v in values.items())
        ):
            term = terms[0]
            choices = [
                v
                for v in table.values[table.term_index[term]]
                if v != state.motion.values.get(term)
            ]
            values[term] = rng.choice(choices)
        return (Propose if kind == "propose" else Amend)(actor=actor, values=values)
    if kind == "concede":
        term = rng.choice(option.terms)
        current = state.stances[actor][term]
        choices = [v for v in table.values[table.term_index[term]] if v != current]
        return Concede(actor=actor, term=term, to=rng.choice(choices))
    if kind == "fire_inject":
        return FireInject(actor=actor, inject=rng.choice(option.injects))
    if kind == "set_agenda":
        count = rng.randint(0, min(3, len(option.terms)))
        return SetAgenda(actor=actor, terms=tuple(rng.sample(option.terms, count)))
    if kind == "statement":
        return Statement(actor=actor, text=f"{table.name(actor)} speaks.")
    return move_of(actor, kind)
