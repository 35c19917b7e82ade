"""When a computer delegation leaves the room, and when it comes back.

- It walks out when no text still reachable could be signed: an agreed term crosses its
  limits, or the best it could still get is below walking away.
- A delegation that holds out (a hard-liner) also walks out over a text that settles
  everything and, even as revised, leaves it below its walk-away point, once the talks
  are past their middle. No delegation walks out of a text it could sign.
- Out of the room, it comes back when the text changes: the motion it left over is gone
  or now clears its walk-away point, and a text it could sign is still within reach.

Each walk-out is said in the delegation's own words (its brief's line on the term it is
about, or one of its persona's lines).
"""

from __future__ import annotations

from simulator.agents import wording
from simulator.agents.assessment import Assessment
from simulator.agents.base import Bargainer
from simulator.engine.moves import Move, Pass, Return, WalkOut
from simulator.engine.state import State

HOLD_OUT_FROM = 0.5
"""How far through the talks (0 to 1) a hard-liner may walk out over a text."""


def walk_out(player: Bargainer, state: State, seen: Assessment) -> Move | None:
    """A walk-out now, with its reason and rule, or None to stay at the table."""
    found = _grievance(player, state, seen)
    if found is None:
        return None
    grievance, rule, term = found
    text, cites = player.voiced(
        state, f"{player.name(state)} walks out: {grievance}", term, chance=1.0
    )
    return WalkOut(actor=player.actor, reason=text, cites=cites, rule=rule)


def _grievance(
    player: Bargainer, state: State, seen: Assessment
) -> tuple[str, str, str | None] | None:
    """Why the delegation can no longer stay at the table, the rule that says so and the
    term it is about, or None. It never walks out of a text it could sign."""
    if seen.agreed_limit is not None:
        return (
            f"the agreed text on {seen.agreed_limit.lower()} is one it can never sign",
            "walk-out-agreed-limit",
            None,
        )
    motion = state.motion
    if (
        motion is not None
        and motion.amendments >= 1
        and player.progress(state) >= HOLD_OUT_FROM
        and seen.settles_all
        and seen.motion is not None
        and seen.motion < seen.reservation
    ):
        missing = player.shortfall(state, dict(motion.values))
        worst = wording.complaints(state, player.actor, motion.values)
        return (
            f"even as revised, the text on the table leaves it worse off than no "
            f"{state.table.scenario.vocabulary.agreement}: it {missing}",
            "walk-out-below-walkaway",
            worst[0].term if worst else None,
        )
    if seen.best < seen.reservation:
        agreement = state.table.scenario.vocabulary.agreement
        return (
            f"nothing still open could bring the {agreement} to a text it could sign",
            "walk-out-out-of-reach",
            None,
        )
    return None


def outside(player: Bargainer, state: State, seen: Assessment) -> Move:
    """Out of the room: it comes back once a text it could sign is within reach and the
    text on the table (if any) is within its limits and clears its walk-away point;
    otherwise it stays out."""
    motion = state.motion
    cleared = motion is None or (
        not motion.crossed[player.actor]
        and seen.motion is not None
        and seen.motion >= seen.reservation
    )
    if cleared and seen.agreed_limit is None and seen.best >= seen.reservation:
        return Return(actor=player.actor, rule="return")
    why = (
        "the text on the table is still one it could not sign"
        if not cleared
        else "no text still within reach is one it could sign"
    )
    return Pass(
        actor=player.actor, reason=f"{player.name(state)} stays out: {why}", rule="stay-out"
    )
