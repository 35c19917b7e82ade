"""The texts a computer delegation puts forward: its packages, amendments and
concessions.

The player in ``delegation`` reads the situation (how far the talks have run, what it
holds out for, where it stands on the motion) and chooses which kind of move to make;
this module builds the text of the move it chose, each with its one-line explanation.

- **Packages with logrolling.** Values for every open term at once, taking the
  delegation's ideal on the terms it cares most about and moving toward the others'
  public stances on the terms it cares less about, as far as its aspiration allows.
- **Amendments.** A motion's terms moved off the delegation's red lines, or its worst
  term moved one step toward its ideal when that makes the motion acceptable to it.
- **Concessions.** Its public stance moved one step toward the room on the least
  important term where it stands apart, or, before it supports a motion, to the
  motion's text.

Each function takes the player and the state and returns a move, or None when the
delegation has nothing of that kind to put forward.
"""

from __future__ import annotations

from simulator.agents import judgement, wording
from simulator.agents.base import Bargainer, brief, refusal_reason
from simulator.engine.moves import Amend, Concede, Move, Propose
from simulator.engine.state import State
from simulator.scenario.common import TermValue
from simulator.scenario.terms import in_sentence

VOICED_CONCESSIONS = 0.3
"""How often a concession carries one of the delegation's own sourced lines."""
MATCH_GAP = 0.02
"""How far its public stance may ask above a motion it supports before the delegation
moves its stance to the motion's text first."""
BLEND = (0.0, 0.15, 0.3, 0.6, 1.0, 2.0, 4.0)
"""How strongly, step by step, a package leans toward the others' stances."""


def _package(player: Bargainer, state: State, terms: list[int]) -> dict[str, TermValue] | None:
    """Values for ``terms`` that lean as far toward the others' stances as the
    delegation's aspiration allows (logrolling: it keeps what it cares most about)."""
    table = state.table
    mine = table.utility[player.actor]
    weights = state.weights[player.actor]
    own = {t: (k, weights[k]) for k, t in enumerate(mine.terms)}
    others = [a for a in state.present_voters() if a != player.actor]
    appeal: dict[int, list[float]] = {}
    for t in terms:
        size = len(table.values[t])
        term_id = table.terms[t].id
        scores = [0.0] * size
        for other in others:
            stance = state.stances.get(other, {}).get(term_id)
            if stance is None:
                continue
            at = table.index_of(term_id, stance) or 0
            trust = state.trust[player.actor].get(other, 0.5)
            for v in range(size):
                scores[v] += (0.5 + trust) * (1 - abs(v - at) / max(1, size - 1))
        appeal[t] = [x / max(1, len(others)) for x in scores]
    target = player.aspiration(state)
    draft = [table.index_of(t.id, v) or 0 for t, v in zip(table.terms, state.draft, strict=True)]
    chosen: dict[int, int] | None = None
    for blend in BLEND:
        picks = {}
        for t in terms:
            k, weight = own.get(t, (None, 0.0))
            curve = mine.curves[k] if k is not None else None
            ranking = [
                (
                    (weight * curve[v] if curve is not None else 0.0)
                    + blend * 0.1 * player.lean * appeal[t][v],
                    -abs(v - draft[t]),
                )
                for v in range(len(table.values[t]))
            ]
            picks[t] = ranking.index(max(ranking))
        trial = list(draft)
        for t, v in picks.items():
            trial[t] = v
        if mine.utility(trial, weights) >= target - 1e-9:
            chosen = picks
        else:
            break
    if chosen is None:
        return None
    return {table.terms[t].id: table.values[t][v] for t, v in chosen.items()}


def propose(player: Bargainer, state: State) -> Move | None:
    """A package for the open terms, when one meets the delegation's aspiration and
    improves on the current draft for it."""
    terms = player.open_terms(state)
    if not terms:
        return None
    package = _package(player, state, terms)
    if package is None:
        return None
    changed = {t: v for t, v in package.items() if state.value(t) != v}
    if not changed:
        return None
    mine = state.table.utility[player.actor]
    trial = [
        state.table.index_of(t.id, changed.get(t.id, v)) or 0
        for t, v in zip(state.table.terms, state.draft, strict=True)
    ]
    if mine.utility(trial, state.weights[player.actor]) <= state.utilities[player.actor] + 1e-9:
        return None
    keeps = [t for t in player.priorities(state) if t in package][:1]
    kept = in_sentence(state.table.terms[state.table.term_index[keeps[0]]].name) if keeps else ""
    reason, cites = player.voiced(
        state,
        f"{player.name(state)} tables a package of {len(package)} "
        f"term{'s' if len(package) != 1 else ''}"
        + (f", firm on {kept}" if kept else "")
        + ", meeting others elsewhere",
        keeps[0] if keeps else None,
    )
    return Propose(actor=player.actor, values=package, reason=reason, cites=cites, rule="propose")


def amend(player: Bargainer, state: State) -> Move | None:
    """Move a term of the motion off the delegation's red line, or its worst term one
    step toward its ideal when that makes the motion acceptable to it."""
    motion = state.motion
    assert motion is not None
    table = state.table
    if motion.crossed[player.actor]:
        return _amend_red_line(player, state)
    mine = table.utility[player.actor]
    weights = state.weights[player.actor]
    best: tuple[float, str, TermValue] | None = None
    for k, t in enumerate(mine.terms):
        term = table.terms[t]
        if term.id not in motion.values or term.id in state.agreed:
            continue
        if state.agenda and term.id not in state.agenda:
            continue
        at = table.index_of(term.id, motion.values[term.id]) or 0
        ideal = mine.curves[k].index(max(mine.curves[k]))
        if at == ideal:
            continue
        step = at + (1 if ideal > at else -1)
        gain = weights[k] * (mine.curves[k][step] - mine.curves[k][at])
        if best is None or gain > best[0]:
            best = (gain, term.id, table.values[t][step])
    if best is None:
        return None
    gain, term_id, value = best
    if motion.utilities[player.actor] + gain < brief(state, player.actor).reservation:
        return None
    term = table.terms[table.term_index[term_id]]
    missing = wording.complaints(state, player.actor, {term_id: motion.values[term_id]})
    why = (
        f"the motion {missing[0].words()}"
        if missing
        else "it cannot accept the motion as it stands"
    )
    reason, cites = player.voiced(
        state,
        f'{player.name(state)} amends {in_sentence(term.name)} to "{term.label(value)}": {why}',
        term_id,
        chance=VOICED_CONCESSIONS,
    )
    return Amend(
        actor=player.actor,
        values={term_id: value},
        reason=reason,
        cites=cites,
        rule="amend-step",
    )


def _amend_red_line(player: Bargainer, state: State) -> Move | None:
    """Move every term of the motion that crosses one of the delegation's red lines to
    the nearest value on its side of the line."""
    motion = state.motion
    assert motion is not None
    table = state.table
    positions = brief(state, player.actor).positions
    changes: dict[str, TermValue] = {}
    for term_id, value in motion.values.items():
        position = positions.get(term_id)
        if position is None or term_id in state.agreed:
            continue
        if state.agenda and term_id not in state.agenda:
            continue
        at = table.index_of(term_id, value) or 0
        if refusal_reason(position, at, state, term_id) is None:
            continue
        ideal = table.index_of(term_id, position.ideal) or 0
        step = 1 if ideal > at else -1
        index = at
        while refusal_reason(position, index, state, term_id) is not None:
            index += step
        changes[term_id] = table.values[table.term_index[term_id]][index]
    if not changes:
        return None
    described = "; ".join(
        f"{in_sentence(table.terms[table.term_index[t]].name)} to "
        f'"{table.terms[table.term_index[t]].label(v)}"'
        for t, v in changes.items()
    )
    first = next(iter(changes))
    reason, cites = player.voiced(
        state,
        f"{player.name(state)} amends {described}: the motion went past what it could ever sign",
        first,
        chance=VOICED_CONCESSIONS,
    )
    return Amend(actor=player.actor, values=changes, reason=reason, cites=cites, rule="amend-limit")


def concede(player: Bargainer, state: State, rule: str) -> Move | None:
    """Move the public stance one step toward the others on the least important term
    where the delegation stands apart, giving ground (a stance never moves back toward
    what the delegation wants: that would be no concession); ``rule`` is why it
    concedes."""
    table = state.table
    priorities = list(reversed(player.priorities(state)))
    mine = table.utility[player.actor]
    slot = table.slot[player.actor]
    for term_id in priorities:
        if term_id in state.agreed:
            continue
        t = table.term_index[term_id]
        lookup = table.lookup[t]
        at = lookup[state.stances[player.actor][term_id]]
        others = sorted(
            lookup[s[term_id]]
            for a, s in state.stances.items()
            if a != player.actor and term_id in s
        )
        if not others:
            continue
        middle = others[len(others) // 2]
        if middle == at:
            continue
        # a third of the way to the room (at least one step), so a long scale moves too
        step = at + (middle - at + (2 if middle > at else -2)) // 3
        curve = mine.curves[slot[t]]
        if step in mine.forbidden[slot[t]] or curve[step] >= curve[at]:
            continue
        return _conceded(player, state, t, table.values[t][step], "toward the room", rule)
    return None


def match(player: Bargainer, state: State) -> Move | None:
    """Before it supports the motion on the floor, move the public stance to the
    motion's text on the least important term where they differ (a delegation that
    matches texts, and whose stance still asks more than the motion gives)."""
    motion = state.motion
    if motion is None or not player.style.matching:
        return None
    if (
        judgement.demand(state, player.actor)
        - judgement.prospect(state, player.actor, motion.values)
        <= MATCH_GAP
    ):
        return None
    table = state.table
    stances = state.stances[player.actor]
    positions = brief(state, player.actor).positions
    for term_id in reversed(player.priorities(state)):
        value = motion.values.get(term_id)
        if value is None or term_id in state.agreed or stances.get(term_id) == value:
            continue
        t = table.term_index[term_id]
        if refusal_reason(positions[term_id], table.lookup[t][value], state, term_id):
            continue
        curve = table.utility[player.actor].curves[table.slot[player.actor][t]]
        if curve[table.lookup[t][value]] >= curve[table.lookup[t][stances[term_id]]]:
            continue  # the text asks no more of it than its stance: nothing to give
        return _conceded(player, state, t, value, "to the text on the table", "match-text")
    return None


def _conceded(
    player: Bargainer, state: State, t: int, value: TermValue, where: str, rule: str
) -> Concede:
    """The delegation's public stance on term ``t`` moved to ``value`` ("toward the
    room", "to the text on the table"), said now and then in its own words on that term."""
    term = state.table.terms[t]
    reason, cites = player.voiced(
        state,
        f"{player.name(state)} moves on {in_sentence(term.name)} {where}: {term.label(value)}",
        term.id,
        chance=VOICED_CONCESSIONS,
    )
    return Concede(
        actor=player.actor, term=term.id, to=value, reason=reason, cites=cites, rule=rule
    )
