"""One reading of the situation per decision, and the rules a computer delegation
decides by.

A delegation reads the table once before it moves (``Assessment``): what it holds out
for, what its public stance asks, what the motion on the floor is worth to it and
whether that settles everything, the best it could still reach, and whose yes the
agreement needs. Each move it then makes carries the rule that chose it (``RULES``: its
name travels with the move in the log), so a transcript, a debrief or a teacher can say
why without reading the player's code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.agents import judgement
from simulator.agents.base import Bargainer, brief

if TYPE_CHECKING:
    from simulator.engine.state import State


@dataclass(frozen=True, slots=True)
class Assessment:
    """How one delegation reads the table before one move."""

    aspiration: float
    """The utility it holds out for now (falls as the rounds pass and others move)."""
    floor: float
    """The least it would sign: its walk-away point, raised for a hard-liner."""
    reservation: float
    """Its walk-away point: what no agreement leaves it with."""
    demand: float
    """What its public stance asks for, as a utility."""
    best: float
    """The most it could still reach, short of its limits."""
    expected: float
    """Where the talks look to land with no motion adopted."""
    motion: float | None
    """What the motion on the floor is worth to it, as a prospect (None: no motion)."""
    settles_all: bool
    """Whether the motion on the floor settles every open term."""
    vetoing: str
    """The delegations whose yes the agreement needs that have objected to the motion."""
    agreed_limit: str | None
    """An agreed term whose text it can never sign, if any."""


def assess(player: Bargainer, state: State) -> Assessment:
    """The delegation's reading of the table now."""
    actor = player.actor
    motion = state.motion
    open_terms = {t.id for t in state.table.terms if t.id not in state.agreed}
    return Assessment(
        aspiration=player.aspiration(state),
        floor=player.floor(state),
        reservation=brief(state, actor).reservation,
        demand=judgement.demand(state, actor),
        best=judgement.best_reachable(state, actor),
        expected=judgement.prospect(state, actor, {}),
        motion=judgement.prospect(state, actor, motion.values) if motion else None,
        settles_all=motion is not None and open_terms <= set(motion.values),
        vetoing=judgement.vetoing(state, actor),
        agreed_limit=judgement.agreed_limit(state, actor),
    )


RULES: dict[str, str] = {
    "open": "In the openings it speaks in its own words and names its first priority.",
    "react": "On its first turn after an inject that scripts its reaction, it says it.",
    "concede-far-behind": "Its public stance asks far more than it now holds out for: it "
    "gives ground on the least important term where it still stands apart from the room.",
    "concede-first-gesture": "It has not yet moved from its opening: it makes a first "
    "gesture on the least important term where it stands apart from the room.",
    "concede-behind": "Its public stance asks more than it now holds out for: it gives "
    "ground on the least important term where it still stands apart from the room.",
    "concede-nothing-to-table": "No package it could table meets what it holds out for: it "
    "gives ground instead.",
    "propose": "With no motion on the floor, it tables a package that meets what it holds "
    "out for, firm on what matters most to it.",
    "amend-limit": "The motion crosses one of its limits: it moves those terms back.",
    "amend-step": "It objects to the motion: it moves its worst term one step toward what "
    "it wants.",
    "match-text": "Before it supports the motion, it moves its public stance to the text.",
    "declare-limit": "The motion crosses one of its limits: it opposes.",
    "declare-own-text": "It tabled the motion and nobody has amended it: it supports it.",
    "declare-meets-aim": "The motion meets what it holds out for: it supports.",
    "declare-below-walkaway": "The motion settles every open term and leaves it worse off "
    "than no agreement: it opposes.",
    "declare-below-floor": "The motion settles every open term short of what it holds out "
    "for: it opposes.",
    "declare-defer": "A delegation whose yes the agreement needs objects to the motion: it "
    "abstains rather than push it.",
    "declare-bridge": "The motion improves on where the talks stand and it builds bridges: "
    "it supports.",
    "declare-chair": "The chair's text improves on where the talks stand and clears what it "
    "would sign: it supports.",
    "declare-partner": "A partner it trusts tabled a motion that improves on where the talks "
    "stand: it supports.",
    "declare-signable": "It could sign the motion as a whole, but it falls short of what it "
    "holds out for: it abstains (it never opposes a whole text it could sign).",
    "declare-short-of-aims": "The motion improves on the draft but falls short of its aims: "
    "it abstains.",
    "declare-wait": "Early in the talks, a motion on part of the text that improves on the "
    "draft: it abstains until it sees the rest.",
    "declare-untouched": "The motion touches nothing it came for: it abstains.",
    "declare-loses": "The motion leaves it worse off than where the talks stand: it opposes.",
    "call-vote-support": "It backs the motion and expects it to pass: it calls the vote.",
    "call-vote-heard": "Every delegation has said where it stands: it calls the vote.",
    "pass": "Nothing to add this turn.",
    "vote-limit": "The text crosses one of its limits: it votes against.",
    "vote-sign": "The text clears what it holds out for: it votes for it.",
    "vote-hold-out": "It could sign the text but holds out for more: it votes against (a "
    "delegation the agreement needs by name holds out further).",
    "vote-short": "The text leaves it below its walk-away point: it votes against.",
    "abstention-decides": "Its abstention would decide the vote: it votes yes if the text "
    "clears its walk-away point and no limit, otherwise no.",
    "walk-out-agreed-limit": "An agreed term crosses one of its limits: it walks out.",
    "walk-out-below-walkaway": "Even as revised, the whole text leaves it below its "
    "walk-away point: it walks out.",
    "walk-out-out-of-reach": "No text still within reach clears its walk-away point: it walks out.",
    "return": "Out of the room, it comes back once a text it could sign is within reach and "
    "the text on the table clears its walk-away point.",
    "stay-out": "Out of the room, it stays out while no text it could sign is within reach.",
    "chair-agenda": "The chair takes the terms in the scenario's stages, and lifts the "
    "agenda when a stage has had its time.",
    "chair-single-text": "With no motion on the floor from round 3, the chair tables one "
    "text from where the room stands, moved toward whoever is furthest from a text it "
    "could sign.",
    "chair-revise": "A delegation whose yes the agreement needs objects, is out of the room, "
    "or would be left below its walk-away point by a whole text: the chair revises the text "
    "toward it.",
    "chair-call-vote-support": "The motion has the declared support to pass: the chair "
    "calls the vote.",
    "chair-call-vote-debated": "The motion has been debated long enough: the chair calls the vote.",
    "chair-prompt": "At the start of some rounds the chair asks one of its prompts (never a "
    "debrief question).",
    "chair-inject": "Past the middle of the session the chair fires the injects that wait for it.",
    "chair-all-agreed": "Every term is agreed: the chair moves to the final vote.",
}
"""Every rule a computer delegation or the facilitating computer chair decides by, by the
name its moves carry, in plain words."""
