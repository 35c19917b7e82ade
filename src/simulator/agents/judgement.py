"""How a computer delegation weighs where it stands: what a motion is worth against
walking away, the best it could still reach, and how much its public stance asks for.

A motion rarely settles every term, so its worth is judged as a prospect: the motion's
values, the terms already agreed, and every other open term where the room's public
stances point (the middle stance of the others). Walking away is worth the delegation's
reservation, so a prospect below it is worse than no agreement at all.
"""

from __future__ import annotations

from collections.abc import Mapping

from simulator.engine.state import State
from simulator.scenario.common import TermValue, listed


def room_index(state: State, actor: str, t: int) -> int:
    """Where the room stands on term ``t``, as a value index: the middle of the other
    delegations' public stances, else the actor's own stance, else the draft."""
    table = state.table
    term_id = table.ids[t]
    stances = sorted(
        table.lookup[t][theirs[term_id]]
        for other, theirs in state.stances.items()
        if other != actor and other not in state.absent and term_id in theirs
    )
    if stances:
        return stances[len(stances) // 2]
    own = state.stances.get(actor, {}).get(term_id)
    return table.lookup[t][own] if own is not None else state.indexes[t]


def prospect(state: State, actor: str, values: Mapping[str, TermValue]) -> float:
    """The actor's utility if ``values`` were adopted, the agreed terms stayed, and every
    other open term landed where the room stands."""
    table = state.table
    mine = table.utility[actor]
    if not mine.terms:
        return 1.0
    weights = state.weights[actor]
    total = 0.0
    for k, t in enumerate(mine.terms):
        term_id = table.ids[t]
        if term_id in values:
            index = table.lookup[t][values[term_id]]
        elif term_id in state.agreed:
            index = state.indexes[t]
        else:
            index = room_index(state, actor, t)
        total += weights[k] * mine.curves[k][index]
    return total


def best_reachable(state: State, actor: str) -> float:
    """The most the actor could still get: the agreed terms as they are, every open term
    at its best value short of its limits (0 when an agreed term already crosses one)."""
    table = state.table
    mine = table.utility[actor]
    weights = state.weights[actor]
    total = 0.0
    for k, t in enumerate(mine.terms):
        curve = mine.curves[k]
        if table.ids[t] in state.agreed:
            if state.indexes[t] in mine.forbidden[k]:
                return 0.0
            total += weights[k] * curve[state.indexes[t]]
        else:
            allowed = [c for i, c in enumerate(curve) if i not in mine.forbidden[k]]
            total += weights[k] * max(allowed, default=0.0)
    return total if mine.terms else 1.0


def demand(state: State, actor: str) -> float:
    """What the actor's public stance asks for: its utility if every open term it has a
    stance on ended at that stance."""
    return prospect(state, actor, state.stances.get(actor, {}))


def agreed_limit(state: State, actor: str) -> str | None:
    """The first agreed term whose text the actor can never sign, if any."""
    table = state.table
    mine = table.utility[actor]
    for k, t in enumerate(mine.terms):
        if table.ids[t] in state.agreed and state.indexes[t] in mine.forbidden[k]:
            return table.terms[t].name
    return None


def vetoing(state: State, actor: str) -> str:
    """The delegations (other than ``actor``) whose yes the final vote needs and who have
    objected to the motion on the floor, in the debate or with their ballot in the vote
    under way, by name ('' when none has)."""
    motion = state.motion
    if motion is None:
        return ""
    said = dict(motion.declared)
    if state.vote is not None and state.vote.subject == "motion":
        said.update(state.vote.ballots)
    rule = state.table.scenario.final_vote_rule()
    if rule.method in ("consensus", "unanimity"):
        needed = set(state.present_electorate())
    else:
        needed = set(rule.required_parties)
    names = [
        state.table.name(a)
        for a in state.table.electorate
        if a in needed and a != actor and said.get(a) == "oppose"
    ]
    return listed(names)
