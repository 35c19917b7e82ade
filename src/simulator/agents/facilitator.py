"""The default computer chair: a mediator who runs the room, as Dr. Chen does in the
classroom dialogue, instead of solving the game for the delegations.

- **The agenda.** It takes the terms in the stages the scenario sets (confidence-building
  first, say), moving to the next stage once one is settled, and lifts the agenda when a
  stage stalls.
- **One negotiating text.** When no motion is on the floor at the start of a round, it
  tables a single text built from where the room stands: on each open term, the value
  nearest the middle of the delegations' public stances that no one present has said
  it can never sign (it reads the briefs, as a teacher running the exercise could).
- **Revisions.** When a delegation whose yes the agreement needs objects to the motion,
  or is out of the room, or would be left below its walk-away point by a motion that
  settles every open term (it reads the briefs: passing such a text would only lose the
  final vote), it moves the terms that delegation cannot accept to the nearest text it
  could, then moves the text one step at a time toward whoever in the room is furthest
  below its walk-away point.
- **Votes.** It calls the vote once the motion has the declared support to pass, or once
  it has been debated long enough; never before the room has answered its own revision.
- **Prompts and the story.** At the start of some rounds it puts one of the scenario's
  ``chair_prompts`` to the room (the seed's own chair lines; the debrief's
  ``discussion_questions`` are never asked during play), and past the middle of the
  session it fires the scenario's injects that wait for the chair.

It decides from the state alone, so a resumed session runs exactly as an unbroken one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.engine.decision import tally
from simulator.engine.moves import (
    AdvancePhase,
    Amend,
    CallVote,
    FireInject,
    Move,
    Propose,
    SetAgenda,
    Statement,
)
from simulator.engine.state import Ballot, State
from simulator.scenario.common import TermValue
from simulator.scenario.injects import Manual
from simulator.scenario.model import ChairPrompt

DEBATE_ROUNDS = 2
"""Rounds a motion may be debated before the chair calls the vote anyway."""
DEBATE_AMENDMENTS = 4
"""Amendments after which the chair calls the vote."""


@dataclass
class FacilitatorChair:
    """The computer playing the chair as a facilitator."""

    actor: str
    """The chair's actor id."""
    _kept: tuple[object, ...] = field(default=(), repr=False)
    """The last revision worked out, with the table, weights, motion text and objectors it
    was worked out for (the debate asks again on every move until the text changes)."""

    def decide(self, state: State) -> Move | None:
        """The chair's intervention now, or None to let the delegations continue."""
        if state.over or state.vote is not None or state.phase != "negotiation":
            return None
        table = state.table
        name = table.name(self.actor)
        words = table.scenario.vocabulary
        if len(state.agreed) == len(table.terms):
            return AdvancePhase(
                actor=self.actor,
                reason=f"{name}: every term is agreed; the {words.agreement} goes to the final "
                "vote",
                rule="chair-all-agreed",
            )
        began = _round_began_at(state)
        move = (self._story(state) if began == state.moves else None) or self._agenda(state)
        if move is not None:
            return move
        if state.motion is not None:
            return self._debate(state)
        quiet = state.turn == 0 and not (state.votes and state.votes[-1].move > began)
        if quiet and state.round >= 3:
            return self._single_text(state)
        return None

    def suggest(self, state: State) -> Propose | Amend | None:
        """The text this chair would put to the room now, whatever the moment, for a
        person chairing to edit before tabling it: its single negotiating text when no
        motion is on the floor, else its revision of the motion toward whoever objects (or
        toward whoever is furthest below its walk-away point). None when motions are not in
        order or it would change nothing."""
        if state.over or state.vote is not None or state.phase != "negotiation":
            return None
        motion = state.motion
        if motion is None:
            return self._single_text(state)
        objecting = [a for a in _needed(state) if motion.declared.get(a) == "oppose"]
        objecting += _missing(state)
        if objecting:
            revision = self._revised_motion(state, objecting)
            who = ", ".join(state.table.name(a) for a in objecting)
            reason = f"the text revised toward what {who} could accept"
        else:
            revision = self._balanced(state, {})
            reason = "the text moved toward whoever is furthest from a text they could sign"
        if not revision:
            return None
        return Amend(actor=self.actor, values=revision, reason=reason)

    # --- the agenda -------------------------------------------------------------------

    def _agenda(self, state: State) -> Move | None:
        stages = state.table.scenario.rules.agenda
        if not stages:
            return None
        open_stages = [
            tuple(t for t in stage if t not in state.agreed)
            for stage in stages
            if any(t not in state.agreed for t in stage)
        ]
        wanted: tuple[str, ...] = open_stages[0] if open_stages else ()
        limit = state.table.scenario.rules.round_limit
        if state.round > max(2, limit // 2):
            wanted = ()  # the stages have had their time: every open term is on the table
        if state.agenda == wanted or state.motion is not None:
            return None
        return SetAgenda(actor=self.actor, terms=wanted, rule="chair-agenda")

    # --- the motion on the floor ---------------------------------------------------------

    def _debate(self, state: State) -> Move | None:
        motion = state.motion
        assert motion is not None
        table = state.table
        name = table.name(self.actor)
        objecting = [a for a in _needed(state) if motion.declared.get(a) == "oppose"]
        objecting += _missing(state)
        objecting += _short_of_walkaway(state, objecting)
        if objecting:
            revision = self._revised_motion(state, objecting) or _step_toward(
                state, objecting, self.actor
            )
            if revision:
                who = ", ".join(table.name(a) for a in objecting)
                return Amend(
                    actor=self.actor,
                    values=revision,
                    reason=f"{name} revises the text toward what {who} could accept",
                    rule="chair-revise",
                )
        heard = all(a in motion.declared for a in state.present_electorate())
        if self.actor in motion.authors.values() and not heard:
            return None  # its own revision is still being heard
        if _would_pass(state):
            return CallVote(
                actor=self.actor,
                reason=f"{name} calls the vote: the motion has the support to pass",
                rule="chair-call-vote-support",
            )
        age = state.moves - motion.tabled_at
        # a whole text a needed party objects to gets twice the debate before the vote
        doomed = bool(objecting) and {t.id for t in table.terms if t.id not in state.agreed} <= set(
            motion.values
        )
        patience = 2 if doomed else 1
        if (
            motion.amendments >= patience * DEBATE_AMENDMENTS
            or age >= patience * DEBATE_ROUNDS * len(table.order)
        ):
            return CallVote(
                actor=self.actor,
                reason=f"{name} calls the vote: the motion has been debated long enough",
                rule="chair-call-vote-debated",
            )
        return None

    def _revision(self, state: State, objecting: list[str]) -> dict[str, TermValue]:
        """The terms of the motion the objecting delegations can never sign, each moved
        to the nearest value every one of them could."""
        motion = state.motion
        assert motion is not None
        table = state.table
        changes: dict[str, TermValue] = {}
        for term_id, value in motion.values.items():
            if term_id in state.agreed:
                continue
            t = table.term_index[term_id]
            at = table.lookup[t][value]
            if _signable(state, objecting, t, at):
                continue
            nearest = sorted(range(len(table.values[t])), key=lambda v: abs(v - at))
            found = next((v for v in nearest if _signable(state, objecting, t, v)), None)
            if found is not None:
                changes[term_id] = table.values[t][found]
        return changes

    def _revised_motion(self, state: State, objecting: list[str]) -> dict[str, TermValue]:
        """The revision for ``objecting`` (``_revision`` then ``_balanced``), kept until
        the text, the room or the weights change."""
        motion = state.motion
        assert motion is not None
        key = (motion.indexes, _addressed(state), tuple(objecting))
        kept = self._kept
        if kept and kept[0] is state.table and kept[1] is state.weights and kept[2] == key:
            return kept[3]  # type: ignore[return-value]
        revision = self._balanced(state, self._revision(state, objecting))
        self._kept = (state.table, state.weights, key, revision)
        return revision

    def _balanced(self, state: State, revision: dict[str, TermValue]) -> dict[str, TermValue]:
        """The motion with ``revision`` written in, its open terms then moved one step at a
        time toward whoever in the room is furthest below its walk-away point (only the
        terms that change)."""
        motion = state.motion
        assert motion is not None
        table = state.table
        terms = [table.term_index[t] for t in motion.values if t not in state.agreed]
        present = _addressed(state)
        at = _room_draft(state, present)
        for term_id, value in {**motion.values, **revision}.items():
            at[table.term_index[term_id]] = table.lookup[table.term_index[term_id]][value]
        at = _revised(state, present, terms, at)
        return {table.ids[t]: table.values[t][at[t]] for t in terms if at[t] != motion.indexes[t]}

    # --- the single negotiating text ------------------------------------------------------

    def _single_text(self, state: State) -> Propose | None:
        table = state.table
        present = _addressed(state)
        open_terms = [
            t
            for t, term in enumerate(table.terms)
            if term.id not in state.agreed and (not state.agenda or term.id in state.agenda)
        ]
        if not present or not open_terms:
            return None
        at = _revised(state, present, open_terms, _room_draft(state, present))
        text = {
            table.ids[t]: table.values[t][at[t]] for t in open_terms if at[t] != state.indexes[t]
        }
        if not text:
            return None
        return Propose(
            actor=self.actor,
            values=text,
            reason=f"{table.name(self.actor)} tables a single negotiating text: it starts from "
            "where the room stands and moves it, one term at a time, toward whoever is "
            "furthest from a text they could sign",
            rule="chair-single-text",
        )

    # --- questions and injects -------------------------------------------------------------

    def _story(self, state: State) -> Move | None:
        scenario = state.table.scenario
        limit = scenario.rules.round_limit
        waiting = [
            i for i in scenario.injects if isinstance(i.trigger, Manual) and i.id not in state.fired
        ]
        if waiting and state.round > limit // 2:
            return FireInject(actor=self.actor, inject=waiting[0].id, rule="chair-inject")
        prompt = prompt_for(scenario.chair_prompts, state.round)
        if prompt is None:
            return None
        return Statement(
            actor=self.actor, text=prompt.text, quote=prompt.source, rule="chair-prompt"
        )


def prompt_for(prompts: tuple[ChairPrompt, ...], round_: int) -> ChairPrompt | None:
    """The chair's prompt for the start of round ``round_``: one set for that round, else
    the next of those set for no round, one every other round from round 2 (never a
    debrief question: those wait for the debrief)."""
    fixed = [p for p in prompts if p.round == round_]
    if fixed:
        return fixed[0]
    free = [p for p in prompts if p.round is None]
    if round_ < 2 or round_ % 2:
        return None
    k = (round_ - 2) // 2
    return free[k] if k < len(free) else None


def _step_toward(state: State, objecting: list[str], chair: str) -> dict[str, TermValue]:
    """When the chair's balancing finds nothing to change, one step on one term of a whole
    text toward an objecting delegation whose yes the agreement needs: the step that gains
    it most, on a term the chair has not written yet, keeping every value signable by the
    room ({} when there is none, or the motion leaves terms open)."""
    motion = state.motion
    assert motion is not None
    table = state.table
    open_terms = {t.id for t in table.terms if t.id not in state.agreed}
    if not open_terms <= set(motion.values):
        return {}
    present = _addressed(state)
    best: tuple[float, str, TermValue] | None = None
    for actor in objecting:
        mine = table.utility[actor]
        weights = state.weights[actor]
        for k, t in enumerate(mine.terms):
            term_id = table.ids[t]
            if term_id not in open_terms or motion.authors.get(term_id) == chair:
                continue
            curve = mine.curves[k]
            at = motion.indexes[t]
            ideal = curve.index(max(curve))
            if at == ideal:
                continue
            step = at + (1 if ideal > at else -1)
            gain = weights[k] * (curve[step] - curve[at])
            if gain > 0 and _signable(state, present, t, step) and (best is None or gain > best[0]):
                best = (gain, term_id, table.values[t][step])
    return {} if best is None else {best[1]: best[2]}


def _room_draft(state: State, present: tuple[str, ...]) -> list[int]:
    """The draft as the room stands: the agreed terms as agreed, every open term at the
    value nearest the middle of the public stances of ``present`` that all of them could
    sign (a text on part of the agenda is weighed with the rest where the room stands)."""
    table = state.table
    at = list(state.indexes)
    for t, term_id in enumerate(table.ids):
        if term_id in state.agreed:
            continue
        stances = sorted(
            table.lookup[t][s[term_id]]
            for a, s in state.stances.items()
            if a in present and term_id in s
        )
        n = len(stances)
        middle = (stances[(n - 1) // 2] + stances[n // 2]) // 2 if stances else at[t]
        nearest = sorted(range(len(table.values[t])), key=lambda v: (abs(v - middle), v))
        at[t] = next((v for v in nearest if _signable(state, present, t, v)), middle)
    return at


REVISIONS = 40
"""The most one-term revisions the chair makes to its single negotiating text."""


def _revised(state: State, present: tuple[str, ...], terms: list[int], at: list[int]) -> list[int]:
    """The text ``at`` revised one term at a time, each time taking the one-step change
    that most lifts the delegation furthest below its walk-away point (or, once everyone
    clears it, the smallest margin), while keeping every term signable by everyone."""
    table = state.table
    reserve = {a: table.utility[a].reservation for a in present}

    def margins(draft: list[int]) -> tuple[float, float]:
        utilities, crossed = table.score(state.weights, tuple(draft))
        gaps = [utilities[a] - reserve[a] - (1.0 if crossed[a] else 0.0) for a in present]
        return min(gaps), sum(gaps)

    best = margins(at)
    for _ in range(REVISIONS):
        step: tuple[tuple[float, float], int, int] | None = None
        for t in terms:
            for v in (at[t] - 1, at[t] + 1):
                if not 0 <= v < len(table.values[t]) or not _signable(state, present, t, v):
                    continue
                trial = at.copy()
                trial[t] = v
                score = margins(trial)
                if score > best and (step is None or score > step[0]):
                    step = (score, t, v)
        if step is None:
            break
        best, t, v = step
        at[t] = v
    return at


def _round_began_at(state: State) -> int:
    """The number of the move that opened the current round (-1 before the first)."""
    for event in reversed(state.events):
        if event.kind == "round":
            return event.move
    return -1


def _missing(state: State) -> list[str]:
    """The delegations out of the room whose yes the final vote needs: the chair writes
    its revisions for them too, to bring them back."""
    rule = state.table.scenario.final_vote_rule()
    needed = state.table.electorate if rule.method == "unanimity" else rule.required_parties
    return [a for a in needed if a in state.absent]


def _addressed(state: State) -> tuple[str, ...]:
    """Whom the chair's texts are written for: the delegations in the room and those it
    needs back."""
    return state.present_electorate() + tuple(_missing(state))


def _short_of_walkaway(state: State, known: list[str]) -> list[str]:
    """The delegations in the room whose yes the agreement needs, not in ``known``, that a
    motion settling every open term would leave below their walk-away point or behind a
    red line (the chair reads the briefs): passing it would only lose the final vote."""
    motion = state.motion
    assert motion is not None
    open_terms = {t.id for t in state.table.terms if t.id not in state.agreed}
    if not open_terms <= set(motion.values):
        return []
    return [
        a
        for a in _needed(state)
        if a not in known
        and (
            motion.crossed[a] > 0
            or motion.utilities[a] < state.table.utility[a].reservation - 1e-12
        )
    ]


def _needed(state: State) -> list[str]:
    """The delegations in the room whose yes the final vote needs."""
    rule = state.table.scenario.final_vote_rule()
    present = state.present_electorate()
    if rule.method in ("consensus", "unanimity"):
        return list(present)
    return [a for a in rule.required_parties if a in present]


def _signable(state: State, actors: list[str] | tuple[str, ...], t: int, v: int) -> bool:
    """Whether value ``v`` of term ``t`` is one every delegation in ``actors`` could
    sign."""
    table = state.table
    for actor in actors:
        k = table.slot[actor].get(t)
        if k is not None and v in table.utility[actor].forbidden[k]:
            return False
    return True


def _would_pass(state: State) -> bool:
    """Whether the motion would pass on the support declared so far, counting everyone in
    the room who has not declared support as against it (the chair calls a vote it
    expects to win, not one it hopes to)."""
    motion = state.motion
    assert motion is not None
    table = state.table
    ballots: dict[str, Ballot] = {
        a: ("support" if motion.declared.get(a) == "support" else "oppose")
        for a in state.present_electorate()
    }
    weights = {a: table.weight(a) for a in table.electorate}
    return tally(table.scenario.rules.decision, ballots, table.electorate, weights).passed
