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
from simulator.scenario.utility import ActorUtility


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
    room = _room(state, actor, mine)
    total = 0.0
    for k, t in enumerate(mine.terms):
        term_id = table.ids[t]
        if term_id in values:
            index = table.lookup[t][values[term_id]]
        elif term_id in state.agreed:
            index = state.indexes[t]
        else:
            index = room[k]
        total += weights[k] * mine.curves[k][index]
    return total


_ROOM: list[tuple[object, object, object, str, tuple[int, ...]]] = []
"""The last reading of where the room stands on each of one delegation's terms, with the
stances, absences and draft it was read from (a state shares those records with the
next until they change)."""


def _room(state: State, actor: str, mine: ActorUtility) -> tuple[int, ...]:
    """``room_index`` for each of the actor's terms, in its order."""
    for stances, absent, indexes, who, found in _ROOM:
        if (
            who == actor
            and stances is state.stances
            and absent is state.absent
            and indexes is state.indexes
        ):
            return found
    found = tuple(room_index(state, actor, t) for t in mine.terms)
    if len(_ROOM) >= 16:
        del _ROOM[0]
    _ROOM.append((state.stances, state.absent, state.indexes, actor, found))
    return found


def best_reachable(state: State, actor: str) -> float:
    """The most the actor could still get: the agreed terms as they are, every open term
    at its best value short of its limits (0 when an agreed term already crosses one)."""
    table = state.table
    mine = table.utility[actor]
    weights = state.weights[actor]
    ceilings = _ceilings(mine)
    total = 0.0
    for k, t in enumerate(mine.terms):
        if table.ids[t] in state.agreed:
            if state.indexes[t] in mine.forbidden[k]:
                return 0.0
            total += weights[k] * mine.curves[k][state.indexes[t]]
        else:
            total += weights[k] * ceilings[k]
    return total if mine.terms else 1.0


_CEILINGS: dict[int, tuple[object, tuple[float, ...]]] = {}
"""Per delegation's scoring of a table (by identity, the object kept so an id is never
mistaken for another's): the best it can get on each of its terms, short of its limits."""


def _ceilings(mine: ActorUtility) -> tuple[float, ...]:
    found = _CEILINGS.get(id(mine))
    if found is not None and found[0] is mine:
        return found[1]
    ceilings = tuple(
        max((c for i, c in enumerate(curve) if i not in forbidden), default=0.0)
        for curve, forbidden in zip(mine.curves, mine.forbidden, strict=True)
    )
    if len(_CEILINGS) >= 512:
        _CEILINGS.clear()
    _CEILINGS[id(mine)] = (mine, ceilings)
    return ceilings


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
