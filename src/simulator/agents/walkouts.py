"""When a computer delegation leaves the room, and when it comes back.

- It walks out when no text still reachable could be signed: an agreed term crosses its
  limits, or the best it could still get is below walking away.
- A delegation that holds out (a hard-liner) also walks out over a text that settles
  everything and, even as revised, gives it less than it holds out for, once the talks
  are past their middle.
- Out of the room, it comes back when the text changes: the motion it left over is gone
  or now gives it what it holds out for, and a text it could sign is still within reach.

Each walk-out is said in the delegation's own words (one of its sourced lines).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.agents import judgement
from simulator.agents.base import brief
from simulator.engine.moves import Move, Pass, Return, WalkOut
from simulator.engine.state import State

if TYPE_CHECKING:
    from simulator.agents.delegation import DelegationPlayer

HOLD_OUT_FROM = 0.5
"""How far through the talks (0 to 1) a hard-liner may walk out over a text."""


def walk_out(player: DelegationPlayer, state: State) -> Move | None:
    """A walk-out now, with its reason, or None to stay at the table."""
    grievance = _grievance(player, state)
    if grievance is None:
        return None
    return WalkOut(
        actor=player.actor,
        reason=player.voiced(state, f"{player.name(state)} walks out: {grievance}", chance=1.0),
    )


def _grievance(player: DelegationPlayer, state: State) -> str | None:
    """Why the delegation can no longer stay at the table, or None."""
    crossed = judgement.agreed_limit(state, player.actor)
    if crossed is not None:
        return f"the agreed text on {crossed.lower()} is one it can never sign"
    motion = state.motion
    if (
        player.style.hold
        and motion is not None
        and motion.amendments >= 1
        and player.progress(state) >= HOLD_OUT_FROM
        and {t.id for t in state.table.terms if t.id not in state.agreed} <= set(motion.values)
        and judgement.prospect(state, player.actor, motion.values) < player.floor(state)
    ):
        worst = " and ".join(player.worst_terms(state, motion.values))
        return f"even as revised, the text on the table gives it too little on {worst}"
    if judgement.best_reachable(state, player.actor) < brief(state, player.actor).reservation:
        agreement = state.table.scenario.vocabulary.agreement
        return f"nothing still open could bring the {agreement} to a text it could sign"
    return None


def outside(player: DelegationPlayer, state: State) -> Move:
    """Out of the room: it comes back once the text has changed for it and a text it
    could sign is within reach; otherwise it stays out."""
    motion = state.motion
    changed = motion is None or (
        judgement.prospect(state, player.actor, motion.values) >= player.floor(state)
    )
    reachable = judgement.best_reachable(state, player.actor)
    if (
        changed
        and judgement.agreed_limit(state, player.actor) is None
        and reachable >= brief(state, player.actor).reservation
    ):
        return Return(actor=player.actor)
    why = (
        "the text on the table still gives it too little"
        if not changed
        else "no text still within reach is one it could sign"
    )
    return Pass(actor=player.actor, reason=f"{player.name(state)} stays out: {why}")
