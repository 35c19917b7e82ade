"""A computer delegation: negotiates from its private brief.

- **Concession over time.** Its aspiration starts at full satisfaction and falls toward
  its reservation as the rounds pass; its flexibility picks the curve (Boulware holds
  firm until late, linear concedes evenly, a conceder gives early).
- **Reciprocity.** It lowers its aspiration further for the concessions others have
  made toward it, weighted by how much it trusts them (and trust itself moves with
  behaviour in the engine).
- **Packages with logrolling.** It proposes values for every open term at once, taking
  its ideal on the terms it cares most about and moving toward the others' public
  stances on the terms it cares less about, as far as its aspiration allows.
- **Coalitions.** It backs motions of delegations it trusts when they improve on the
  current draft, even below its aspiration, and will not push a text that a delegation
  whose yes the agreement needs has objected to.
- **In public.** Its first turn in the negotiation moves its public stance a little
  toward the room (a free-rider waits a round), and before it supports a motion it moves
  its stance to the motion's text where that still asks for more.
- **A personality.** Drawn from the seed (``personality``): a hard-liner holds out above
  its walk-away point, a bridge-builder backs whatever improves the draft, a free-rider
  lets others move first.

Every move carries a one-line explanation in plain words; it never reveals the
delegation's private numbers.

This module owns the reading of the situation and the choice of move; the texts of its
packages, amendments and concessions are built in ``offers``, its walk-outs and returns
are decided in ``walkouts``, and where it stands on a motion and how it votes in
``ballots``. Those modules read the delegation through ``base.Bargainer`` and never
import this one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from simulator.agents import ballots, offers, walkouts, wording
from simulator.agents.assessment import Assessment, assess
from simulator.agents.base import brief, rng_for
from simulator.agents.personality import STYLES, Personality, Style, draw
from simulator.engine.moves import (
    CallVote,
    Move,
    Pass,
    Statement,
)
from simulator.engine.state import Ballot, State
from simulator.engine.table import Table
from simulator.scenario.common import Source, TermValue
from simulator.scenario.terms import in_sentence

MAX_AMENDMENTS = 3
"""A delegation stops amending a motion that has been amended this many times."""
CONCESSION_GAP = 0.04
"""How far its public stance may ask above its aspiration before it concedes in public
(twice this, and conceding comes before anything else it would do on its turn): as its
aspiration falls, and as others move toward it, its stance follows."""


Watched = tuple[str, int, str, dict[TermValue, int], tuple[float, ...], float]
OneTerm = tuple[int, str, dict[TermValue, int], tuple[float, ...], float]
"""One of this delegation's terms, as ``Watched`` has it, without the other's id."""
"""Another delegation, this one's term slot and term id, the term's value positions, this
one's curve on it, and the satisfaction of the other's opening stance on that curve."""


VETO_LEVERAGE = 1.5
"""How much further a hard-liner holds out when the agreement needs its yes by name (a
required party): a veto player's no costs the others the whole agreement, so it can ask
for more."""


def concession_exponent(flexibility: float) -> float:
    """The curve's exponent: 0.2 (Boulware) at flexibility 0, 1 (linear) at 0.5, 5
    (conceder) at 1.

    >>> [round(concession_exponent(f), 2) for f in (0, 0.5, 1)]
    [0.2, 1.0, 5.0]
    """
    return float(5 ** (2 * flexibility - 1))


@dataclass
class DelegationPlayer:
    """The computer playing one delegation."""

    actor: str
    """The delegation it plays."""
    seed: int = 0
    """The session seed: it sets the player's temperament for the session."""
    temper: float = field(init=False, default=0.0)
    """How much more (or less) the delegation holds out than its brief says, from -0.08
    to 0.08, drawn from the seed."""
    voice: int = field(init=False, default=0)
    """Which of its persona's quotes it opens with, drawn from the seed."""
    lean: float = field(init=False, default=1.0)
    """How readily its packages lean toward the others' stances, from 0.5 to 2, drawn
    from the seed."""
    personality: Personality = field(init=False, default="pragmatist")
    """How it bargains this session (hard-liner, bridge-builder, ...), drawn from the
    seed."""
    _reciprocity: tuple[object, object, object, float] | None = field(
        init=False, default=None, repr=False
    )
    """The last reciprocity worked out, with the stances, trust and weights records it
    was worked out from (states share those records until they change)."""
    _table: Table | None = field(init=False, default=None, repr=False)
    _watch: list[Watched] = field(init=False, default_factory=list, repr=False)
    _grouped_for: Table | None = field(init=False, default=None, repr=False)
    _grouped: list[tuple[str, list[OneTerm]]] = field(init=False, default_factory=list, repr=False)
    _moved: dict[str, tuple[object, list[tuple[int, float]]]] = field(
        init=False, default_factory=dict, repr=False
    )
    """Per other delegation: its stances record and how far each of them has moved toward
    this delegation since the opening (worked out again only when that record changes)."""
    """The others' opening stances on this delegation's curves, for ``_table``."""

    def __post_init__(self) -> None:
        rng = random.Random(f"{self.seed}:{self.actor}:temperament")
        self.temper = rng.uniform(-0.08, 0.08)
        self.voice = rng.randrange(1_000_000)
        self.lean = 2 ** rng.uniform(-1, 1)
        self.personality = draw(rng)

    @property
    def style(self) -> Style:
        """What its personality changes in the way it bargains."""
        return STYLES[self.personality]

    def floor(self, state: State) -> float:
        """The least it holds out for: its walk-away point, raised for a hard-liner."""
        reservation = brief(state, self.actor).reservation
        hold = self.style.hold
        if self.actor in state.table.scenario.final_vote_rule().required_parties:
            hold *= VETO_LEVERAGE
        return reservation + hold * (1 - reservation)

    def decide(self, state: State) -> Move | None:
        """The delegation's move now, or None if it does not hold the floor. It reads the
        table once (``assess``) and every move it makes carries the rule that chose it."""
        if state.over or state.holder() != self.actor:
            return None
        seen = assess(self, state)
        if state.vote is not None:
            return ballots.ballot(self, state, seen)
        if self.actor in state.absent:
            return walkouts.outside(self, state, seen)
        if state.phase == "openings":
            return self._opening(state)
        return (
            self._react(state)
            or walkouts.walk_out(self, state, seen)
            or self._negotiate(state, seen)
        )

    # --- reading the situation -------------------------------------------------------

    def name(self, state: State) -> str:
        return state.table.name(self.actor)

    def progress(self, state: State) -> float:
        """How far the negotiation has run, from 0 to 1."""
        limit = state.table.scenario.rules.round_limit
        turns = len(state.table.order)
        done = (max(state.round, 1) - 1) + state.turn / turns
        return min(1.0, done / limit)

    def aspiration(self, state: State) -> float:
        """The utility the delegation holds out for now."""
        actor = brief(state, self.actor)
        reserve = actor.reservation
        curve = float(self.progress(state) ** (1 / concession_exponent(actor.flexibility)))
        level = reserve + (1 - reserve) * (1 - curve) + self.style.firmness
        return max(self.floor(state), min(1.0, level + self.temper) - 0.5 * self.reciprocity(state))

    def reciprocity(self, state: State) -> float:
        """Trust-weighted movement of the others' public stances toward this delegation's
        ideals since the opening, weighted by its priorities (0 to 1)."""
        kept = self._reciprocity
        if (
            kept is not None
            and kept[0] is state.stances
            and kept[1] is state.trust
            and kept[2] is state.weights
        ):
            return kept[3]
        found = self._reciprocity_now(state)
        self._reciprocity = (state.stances, state.trust, state.weights, found)
        return found

    def _reciprocity_now(self, state: State) -> float:
        table = state.table
        weights = state.weights[self.actor]
        trust = state.trust[self.actor]
        total = 0.0
        for other, watched in self._watched_by_other(table):
            stances = state.stances[other]
            kept = self._moved.get(other)
            if kept is not None and kept[0] is stances:
                moved = kept[1]
            else:  # this delegation's stances changed (or were never seen): look again
                moved = []
                for k, term_id, lookup, curve, start in watched:
                    stance = stances.get(term_id)
                    if stance is not None and curve[lookup[stance]] - start > 0:
                        moved.append((k, curve[lookup[stance]] - start))
                self._moved[other] = (stances, moved)
            weight = trust.get(other, 0.5)
            for k, distance in moved:
                total += weight * weights[k] * distance
        return min(1.0, total / max(1, len(table.voters) - 1))

    def _watched_by_other(self, table: Table) -> list[tuple[str, list[OneTerm]]]:
        """``_watched``, grouped by the other delegation, in the same order."""
        if self._grouped_for is not table:
            grouped: dict[str, list[OneTerm]] = {}
            for other, k, term_id, lookup, curve, start in self._watched(table):
                grouped.setdefault(other, []).append((k, term_id, lookup, curve, start))
            self._grouped = list(grouped.items())
            self._grouped_for = table
            self._moved = {}
        return self._grouped

    def _watched(self, table: Table) -> list[Watched]:
        """For each other delegation and each of this one's terms the other has an
        opening stance on: where that stance started, on this delegation's curve (worked
        out once per table)."""
        if self._table is not table:
            mine = table.utility[self.actor]
            self._watch = [
                (other, k, table.ids[t], table.lookup[t], curve, curve[openings[table.ids[t]]])
                for other in table.voters
                if other != self.actor
                for openings in (table.openings[other],)
                for k, (t, curve) in enumerate(zip(mine.terms, mine.curves, strict=True))
                if table.ids[t] in openings
            ]
            self._table = table
        return self._watch

    def priorities(self, state: State) -> list[str]:
        """The delegation's terms, most important first."""
        mine = state.table.utility[self.actor]
        weights = state.weights[self.actor]
        order = sorted(range(len(mine.terms)), key=lambda k: (-weights[k], mine.terms[k]))
        return [state.table.terms[mine.terms[k]].id for k in order]

    def open_terms(self, state: State) -> list[int]:
        """The terms (by index) still open for a package: not yet agreed, and on the
        agenda when there is one."""
        return [
            t
            for t, term in enumerate(state.table.terms)
            if term.id not in state.agreed and (not state.agenda or term.id in state.agenda)
        ]

    # --- openings ------------------------------------------------------------------

    def _opening(self, state: State) -> Move:
        actor = brief(state, self.actor)
        top = self.priorities(state)[:1]
        reserved = wording.reserved(state, self.actor)
        quotes = [
            q for q in actor.persona.quotes if q.source is None or q.source.quote not in reserved
        ]
        chosen = quotes[self.voice % len(quotes)] if quotes else None
        quote = chosen.text if chosen is not None else actor.summary
        text = quote
        if top:
            term = state.table.terms[state.table.term_index[top[0]]]
            stance = state.stances[self.actor][top[0]]
            text = f"{quote} Our priority is {in_sentence(term.name)}: {term.label(stance)}."
        source = chosen.source if chosen is not None else None
        return Statement(actor=self.actor, text=text.strip(), quote=source, rule="open")

    def _react(self, state: State) -> Move | None:
        """Its scripted reaction to an inject fired since it last held the floor, said in
        its own words on its first turn after (once)."""
        spoken = state.said.get(self.actor, frozenset())
        for inject_id in state.fired:
            inject = state.table.scenario.inject_by_id(inject_id)
            if inject is None:
                continue
            for reaction in inject.reactions:
                if reaction.actor == self.actor and reaction.source.quote not in spoken:
                    return Statement(
                        actor=self.actor,
                        text=reaction.text.strip(),
                        quote=reaction.source,
                        rule="react",
                    )
        return None

    # --- the negotiation ----------------------------------------------------------------

    def _negotiate(self, state: State, seen: Assessment) -> Move:
        motion = state.motion
        gap = seen.demand - seen.aspiration
        allowed = CONCESSION_GAP * self.style.patience
        due = gap > allowed
        # a motion over its red lines, or a whole text below its walk-away point it has not
        # yet objected to: it speaks to the motion before anything else
        urgent = motion is not None and (
            motion.crossed[self.actor] > 0
            or (
                seen.settles_all
                and seen.motion is not None
                and seen.motion < seen.reservation
                and motion.declared.get(self.actor) != "oppose"
            )
        )
        # its stance lags far behind, or it has yet to move at all: it concedes first
        far_behind = gap > 2 * allowed
        if (far_behind or self._goodwill_due(state)) and not urgent:
            rule = "concede-far-behind" if far_behind else "concede-first-gesture"
            conceded = offers.concede(self, state, rule)
            if conceded is not None:
                return conceded
        if motion is None:
            return (
                (offers.concede(self, state, "concede-behind") if due else None)
                or offers.propose(self, state)
                or offers.concede(self, state, "concede-nothing-to-table")
                or self._pass(state)
            )
        declared = motion.declared.get(self.actor)
        ballot, reason, rule = ballots.judge_motion(self, state, seen)
        if ballot == "oppose" and motion.amendments < MAX_AMENDMENTS:
            amendment = offers.amend(self, state)
            if amendment is not None:
                return amendment
        if declared != ballot:
            matched = offers.match(self, state) if ballot == "support" else None
            return matched or ballots.ballot_move(self.actor, ballot, reason, rule)
        if due:
            conceded = offers.concede(self, state, "concede-behind")
            if conceded is not None:
                return conceded
        # a whole text a needed party objects to would pass only to fail in the final vote
        doomed = seen.settles_all and bool(seen.vetoing)
        if declared == "support" and not doomed and ballots.expect_pass(self, state):
            return CallVote(
                actor=self.actor,
                reason=f"{self.name(state)} calls the vote: "
                "the motion looks to have the support it needs",
                rule="call-vote-support",
            )
        if not doomed and all(a in motion.declared for a in state.present_voters()):
            return CallVote(
                actor=self.actor,
                reason=f"{self.name(state)} calls the vote: "
                "every delegation has said where it stands",
                rule="call-vote-heard",
            )
        return offers.concede(self, state, "concede-nothing-to-table") or self._pass(state)

    def _goodwill_due(self, state: State) -> bool:
        """Whether it still owes the room a first gesture: its public stance has not
        moved since its opening (a free-rider waits a round to see others move first)."""
        if self.personality == "free-rider" and state.round < 2:
            return False
        table = state.table
        stances = state.stances[self.actor]
        return all(
            table.lookup[table.term_index[term_id]][stances[term_id]] == at
            for term_id, at in table.openings[self.actor].items()
        )

    def judge_motion(self, state: State, seen: Assessment | None = None) -> tuple[Ballot, str, str]:
        """Where the delegation stands on the motion on the floor, why, and the rule that
        says so (see ``ballots.judge_motion``)."""
        return ballots.judge_motion(self, state, seen if seen is not None else assess(self, state))

    def shortfall(self, state: State, values: dict[str, TermValue]) -> str:
        """Which way ``values`` misses what the delegation wants, on the (at most two)
        terms it loses most on ('does not go far enough on verification'), leaving out the
        terms it wrote itself; a general phrase when no term misses its ideal."""
        authors = state.motion.authors if state.motion is not None else {}
        mine = frozenset(t for t, a in authors.items() if a == self.actor)
        found = wording.complaints(state, self.actor, values, mine)
        return wording.said(found) if found else "wants more than the text gives it as a whole"

    def voiced(
        self, state: State, text: str, term: str | None = None, chance: float = 0.5
    ) -> tuple[str, Source | None]:
        """``text`` with, now and then, one of the delegation's own sourced lines after it:
        on ``term``, that term's source in its brief, else one of its persona's lines;
        never a line it has said before this session (nor a private number). Returns the
        words and the line's source (None when no line is added)."""
        rng = rng_for(self.seed, self.actor, state)
        if rng.random() >= chance:
            return text, None
        line = wording.fresh_line(state, self.actor, term)
        if line is None:
            return text, None
        return f"{text}. {wording.in_words(line)}", line

    def _pass(self, state: State) -> Move:
        return Pass(
            actor=self.actor,
            reason=f"A pass from {self.name(state)}: nothing to add this turn",
            rule="pass",
        )
