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
packages, amendments and concessions are built in ``offers``, and its walk-outs and
returns are decided in ``walkouts``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from simulator.agents import offers, walkouts, wording
from simulator.agents.assessment import Assessment, assess
from simulator.agents.base import brief, refusal_reason, rng_for
from simulator.agents.personality import STYLES, Personality, Style, draw
from simulator.engine.moves import (
    Abstain,
    CallVote,
    Move,
    Oppose,
    Pass,
    Statement,
    Support,
)
from simulator.engine.state import Ballot, State
from simulator.engine.table import Table
from simulator.scenario.common import Source, TermValue
from simulator.scenario.terms import in_sentence

TRUSTED = 0.6
"""Trust from which a delegation treats another as a coalition partner."""
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
        return reservation + self.style.hold * (1 - reservation)

    def decide(self, state: State) -> Move | None:
        """The delegation's move now, or None if it does not hold the floor. It reads the
        table once (``assess``) and every move it makes carries the rule that chose it."""
        if state.over or state.holder() != self.actor:
            return None
        seen = assess(self, state)
        if state.vote is not None:
            return self._ballot(state, seen)
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
        ballot, reason, rule = self.judge_motion(state, seen)
        if ballot == "oppose" and motion.amendments < MAX_AMENDMENTS:
            amendment = offers.amend(self, state)
            if amendment is not None:
                return amendment
        if declared != ballot:
            matched = offers.match(self, state) if ballot == "support" else None
            return matched or _ballot_move(self.actor, ballot, reason, rule)
        if due:
            conceded = offers.concede(self, state, "concede-behind")
            if conceded is not None:
                return conceded
        # a whole text a needed party objects to would pass only to fail in the final vote
        doomed = seen.settles_all and bool(seen.vetoing)
        if declared == "support" and not doomed and self._expect_pass(state):
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
        says so.

        A motion behind one of its limits is opposed; its own untouched text is
        supported. One that meets its aspiration is supported. A motion that would settle
        every open term is opposed if it leaves the delegation below what it would sign,
        and never opposed otherwise (it could sign it as a whole). One that only improves
        on where the talks stand is supported when a trusted partner or the chair tabled
        it, otherwise tolerated (an abstention).
        """
        motion = state.motion
        assert motion is not None
        seen = seen if seen is not None else assess(self, state)
        name = self.name(state)
        crossing = self._crossed_red_line(state, motion.values)
        if crossing is not None:
            term, value, reason = crossing
            return (
                "oppose",
                f'{name} opposes: on {in_sentence(term)}, "{value}" {reason}',
                "declare-limit",
            )
        if motion.proposer == self.actor and set(motion.authors.values()) <= {self.actor}:
            return "support", f"{name} supports its own text", "declare-own-text"
        worth = seen.motion if seen.motion is not None else seen.expected
        if worth >= seen.aspiration - 1e-9:
            return (
                "support",
                f"{name} supports: the package meets what it is holding out for",
                "declare-meets-aim",
            )
        missing = self.shortfall(state, motion.values)
        agreement = _agreement(state)
        if seen.settles_all and worth < seen.reservation:
            return (
                "oppose",
                f"{name} opposes: as a whole {agreement} the package would leave it worse off "
                f"than no {agreement} at all; it {missing}",
                "declare-below-walkaway",
            )
        if seen.settles_all and worth < seen.floor:
            return (
                "oppose",
                f"{name} opposes: as a whole {agreement} the package falls short of what it "
                f"holds out for; it {missing}",
                "declare-below-floor",
            )
        if seen.vetoing:
            return (
                "abstain",
                f"{name} abstains: it will not push a text that {seen.vetoing}, whose yes the "
                f"{agreement} needs, says it cannot sign",
                "declare-defer",
            )
        keeps = worth >= seen.expected - 1e-9
        change = motion.utilities[self.actor] - state.utilities[self.actor]
        if worth > seen.expected + 1e-9 or (keeps and change > 1e-9):
            proposer = motion.proposer
            if self.style.bridging:
                return (
                    "support",
                    f"{name} supports: the package moves the room forward from the draft",
                    "declare-bridge",
                )
            if proposer == state.table.moderator and worth >= seen.floor:
                return (
                    "support",
                    f"{name} supports the chair's text: it improves on the current draft",
                    "declare-chair",
                )
            if state.trust[self.actor].get(proposer, 0.5) >= TRUSTED:
                return (
                    "support",
                    f"{name} supports its partner {state.table.name(proposer)}: "
                    "the package improves on the current draft",
                    "declare-partner",
                )
            if seen.settles_all:
                return (
                    "abstain",
                    f"{name} abstains: it could sign the package as a whole, but it {missing}",
                    "declare-signable",
                )
            if self.progress(state) >= 0.4:
                return (
                    "abstain",
                    f"{name} abstains: the package is better than the draft, but it {missing}",
                    "declare-short-of-aims",
                )
            return (
                "abstain",
                f"{name} abstains: the package improves on the draft, but it wants to see the "
                "rest of the text first",
                "declare-wait",
            )
        if keeps and abs(change) <= 1e-9:
            return (
                "abstain",
                f"{name} abstains: the package touches nothing it came for",
                "declare-untouched",
            )
        if seen.settles_all:
            return (
                "abstain",
                f"{name} abstains: it could sign the package as a whole, but it {missing}",
                "declare-signable",
            )
        return "oppose", f"{name} opposes: the package {missing}", "declare-loses"

    def shortfall(self, state: State, values: dict[str, TermValue]) -> str:
        """Which way ``values`` misses what the delegation wants, on the (at most two)
        terms it loses most on ('does not go far enough on verification'), leaving out the
        terms it wrote itself; a general phrase when no term misses its ideal."""
        authors = state.motion.authors if state.motion is not None else {}
        mine = frozenset(t for t, a in authors.items() if a == self.actor)
        found = wording.complaints(state, self.actor, values, mine)
        return wording.said(found) if found else "wants more than the text gives it as a whole"

    def _ballot(self, state: State, seen: Assessment) -> Move:
        vote = state.vote
        assert vote is not None
        name = self.name(state)
        agreement = _agreement(state)
        if vote.subject == "motion":
            ballot, reason, rule = self.judge_motion(state, seen)
            if ballot == "abstain" and self._abstention_decides(state):
                worth = seen.motion if seen.motion is not None else seen.expected
                if worth >= seen.reservation:
                    return Support(
                        actor=self.actor,
                        reason=f"{name} votes yes rather than abstain, since its vote decides "
                        "whether the package passes: it clears what it can live with",
                        rule="abstention-decides",
                    )
                missing = self.shortfall(state, vote_values(state))
                return Oppose(
                    actor=self.actor,
                    reason=f"{name} votes no rather than abstain, since its vote decides "
                    f"whether the package passes: it {missing}",
                    rule="abstention-decides",
                )
            return _ballot_move(self.actor, ballot, reason, rule)
        crossing = self._crossed_red_line(state, state.draft_dict())
        if crossing is not None:
            term, value, reason = crossing
            return Oppose(
                actor=self.actor,
                reason=f"{name} votes against the {agreement}: on {in_sentence(term)}, "
                f'"{value}" {reason}',
                rule="vote-limit",
            )
        if state.acceptable(self.actor) and state.utilities[self.actor] >= seen.floor:
            return Support(
                actor=self.actor,
                reason=f"{name} votes for the {agreement}: it can live with the text as drafted",
                rule="vote-sign",
            )
        draft = state.draft_dict()
        shortfall = self.shortfall(state, draft)
        about = self._worst_term(state, draft)
        if self.style.hold and state.acceptable(self.actor):
            text, cites = self.voiced(
                state,
                f"{name} holds out against the {agreement}: the text {shortfall}",
                about,
                chance=1.0,
            )
            return Oppose(actor=self.actor, reason=text, cites=cites, rule="vote-hold-out")
        text, cites = self.voiced(
            state, f"{name} votes against the {agreement}: the text {shortfall}", about
        )
        return Oppose(actor=self.actor, reason=text, cites=cites, rule="vote-short")

    def _abstention_decides(self, state: State) -> bool:
        """Whether, in the vote under way, its abstention would give another result than
        its yes or its no (the others still to vote counted as they declared, or as
        abstaining)."""
        vote = state.vote
        motion = state.motion
        assert vote is not None
        from simulator.engine.decision import tally

        table = state.table
        rule = (
            table.scenario.rules.decision
            if vote.subject == "motion"
            else table.scenario.final_vote_rule()
        )
        declared = motion.declared if motion is not None else {}
        ballots: dict[str, Ballot] = {
            a: declared.get(a, "abstain") for a in vote.pending if a != self.actor
        }
        ballots.update(vote.ballots)
        weights = {a: table.weight(a) for a in table.electorate}
        results = {
            tally(rule, {**ballots, self.actor: b}, table.electorate, weights).passed
            for b in ("support", "oppose", "abstain")
        }
        return len(results) > 1

    def _worst_term(self, state: State, values: dict[str, TermValue]) -> str | None:
        """The term of ``values`` the delegation loses most on, if any."""
        found = wording.complaints(state, self.actor, values)
        return found[0].term if found else None

    def _crossed_red_line(
        self, state: State, values: dict[str, TermValue]
    ) -> tuple[str, str, str] | None:
        """The first term of ``values`` behind one of the delegation's red lines: its name,
        the text and the red line's reason."""
        table = state.table
        mine = table.utility[self.actor]
        slot = table.slot[self.actor]
        for term_id, value in values.items():
            t = table.term_index[term_id]
            k = slot.get(t)
            if k is None:
                continue
            index = table.lookup[t][value]
            if index not in mine.forbidden[k]:
                continue
            reason = refusal_reason(
                brief(state, self.actor).positions[term_id], index, state, term_id
            )
            term = table.terms[t]
            return term.name, term.label(value), reason or "crosses a red line"
        return None

    def _expect_pass(self, state: State) -> bool:
        """Whether the motion looks likely to pass (a whole text: the final vote too),
        judging the undeclared delegations by how close the motion is to their public
        stances."""
        motion = state.motion
        assert motion is not None
        table = state.table
        ballots: dict[str, Ballot] = dict(motion.declared)
        for other in state.present_electorate():
            if other in ballots:
                continue
            closeness = [
                1
                - abs((table.index_of(t, v) or 0) - (table.index_of(t, stance) or 0))
                / max(1, len(table.values[table.term_index[t]]) - 1)
                for t, v in motion.values.items()
                if (stance := state.stances.get(other, {}).get(t)) is not None
            ]
            liked = not closeness or sum(closeness) / len(closeness) >= 0.6
            ballots[other] = "support" if liked else "oppose"
        from simulator.engine.decision import tally

        weights = {a: table.weight(a) for a in table.electorate}
        open_terms = {t.id for t in table.terms if t.id not in state.agreed}
        whole = open_terms <= set(motion.values)
        # a whole text must also carry the final vote, or passing it settles nothing
        rules = [table.scenario.rules.decision] + (
            [table.scenario.final_vote_rule()] if whole else []
        )
        return all(tally(rule, ballots, table.electorate, weights).passed for rule in rules)

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


def _ballot_move(actor: str, ballot: Ballot, reason: str, rule: str) -> Move:
    if ballot == "support":
        return Support(actor=actor, reason=reason, rule=rule)
    if ballot == "oppose":
        return Oppose(actor=actor, reason=reason, rule=rule)
    return Abstain(actor=actor, reason=reason, rule=rule)


def vote_values(state: State) -> dict[str, TermValue]:
    """The text under the vote: the motion's values, or the whole draft."""
    vote = state.vote
    if vote is not None and vote.subject == "motion" and state.motion is not None:
        return dict(state.motion.values)
    return state.draft_dict()


def _join(items: list[str]) -> str:
    return " and ".join(items)


def _agreement(state: State) -> str:
    """What the scenario calls the agreement: 'treaty', 'outcome document', 'deal'."""
    return state.table.scenario.vocabulary.agreement
