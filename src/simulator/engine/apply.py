"""Applying moves: the transitions of the negotiation.

``apply(state, move)`` trusts its input (check it first, or use ``push``) and returns
the new state. Everything the engine does in consequence — turns and rounds passing,
phases changing, votes closing, injects firing — happens here, deterministically, and is
recorded as events in the new state. The inject machinery is in ``injects``, and the
small state changes both share (canonical values, events, trust, utilities) in
``changes``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from simulator.engine.changes import (
    DEFAULT_TRUST,
    add_event,
    canonical,
    trust_after,
)
from simulator.engine.decision import tally
from simulator.engine.errors import IllegalMoveError
from simulator.engine.injects import fire, fire_conditionals
from simulator.engine.moves import (
    Abstain,
    AdvancePhase,
    Amend,
    CallVote,
    Concede,
    EndSession,
    FireInject,
    Move,
    Oppose,
    Pass,
    Propose,
    Return,
    SetAgenda,
    Statement,
    Support,
    WalkOut,
)
from simulator.engine.rules import check
from simulator.engine.state import (
    Event,
    Events,
    Motion,
    OpenVote,
    Outcome,
    State,
    VoteRecord,
    evolve,
    replaced,
)
from simulator.engine.table import Table
from simulator.scenario.common import TermValue
from simulator.scenario.model import Scenario

TRUST_FOR_SUPPORT = 0.03
"""How much a proposer's trust in a delegation rises when it backs the proposer's motion
(and falls when it objects)."""
TRUST_FOR_CONCESSION = 0.02
"""How much a delegation's trust in another rises when that one's concession moves its
public stance closer to the delegation's own."""


def initial_state(scenario: Scenario, table: Table | None = None) -> State:
    """The state before the first move: the draft at the status quo, every delegation at
    its opening stance, in the first phase of the rules; ``table`` is ``scenario``'s
    compiled table (compiled here when not given)."""
    if table is None:
        table = Table.of(scenario)
    elif table.scenario is not scenario:
        raise ValueError("the table given was not compiled for this scenario")
    draft = tuple(term.status_quo for term in scenario.terms)
    draft = tuple(canonical(table, t.id, v) for t, v in zip(scenario.terms, draft, strict=True))
    indexes = [table.index_of(t.id, v) or 0 for t, v in zip(scenario.terms, draft, strict=True)]
    priorities = {a: u.priorities for a, u in table.utility.items()}
    weights = table.weigh({a: u.weights() for a, u in table.utility.items()})
    actors = {actor.id: actor for actor in scenario.actors}
    utilities, crossed = table.score(weights, tuple(indexes))
    state = State(
        table=table,
        draft=draft,
        indexes=tuple(indexes),
        agreed=frozenset(),
        motion=None,
        vote=None,
        stances={
            a: {
                t: canonical(table, t, p.opening if p.opening is not None else p.ideal)
                for t, p in actors[a].positions.items()
            }
            for a in table.voters
        },
        priorities=priorities,
        weights=weights,
        trust={
            actor.id: {
                other.id: actor.trust.get(other.id, DEFAULT_TRUST)
                for other in scenario.actors
                if other.id != actor.id
            }
            for actor in scenario.actors
        },
        utilities=utilities,
        crossed=crossed,
        absent=frozenset(),
        phase=scenario.rules.phases[0] if scenario.rules.phases[0] != "final_vote" else "over",
        round=0,
        turn=0,
        agenda=(),
        fired=(),
        said=MappingProxyType({}),
        votes=(),
        events=Events(),
        moves=0,
        outcome=None,
    )
    if state.phase == "negotiation":
        state = _start_round(state, 1, 0)
    return fire_conditionals(state, 0)


def push(state: State, move: Move) -> State:
    """Check ``move`` and apply it; raises ``IllegalMoveError`` (state unchanged) if the
    rules do not allow it."""
    reason = check(state, move)
    if reason is not None:
        raise IllegalMoveError(reason, number=state.moves + 1, kind=move.kind)
    return apply(state, move)


def apply(state: State, move: Move) -> State:
    """The state after ``move``, which must be legal."""
    number = state.moves + 1
    actor = move.actor
    holder = actor != state.table.moderator
    changes = _floor_changes(state, move) if state.vote is None else None
    said = _said(state, move)
    if changes is not None:  # the state is copied once for the commonest moves
        changes["moves"] = number
        if said is not None:
            changes["said"] = said
        state = _next_turn(state, number, changes) if holder else replaced(state, changes)
        return fire_conditionals(state, number) if state.table.conditionals else state
    state = evolve(state, moves=number) if said is None else evolve(state, moves=number, said=said)
    match move:
        case Support() | Oppose() | Abstain():
            trust = _declared_trust(state, actor, move.kind)
            if trust is not None:
                state = evolve(state, trust=trust)
            state = _cast(state, actor, move.kind, number)
        case CallVote():
            state = _open_motion_vote(state, actor, holder, number)
        case Concede():
            state = _next_turn(_concede(state, actor, move.term, move.to), number)
        case WalkOut():
            state = _next_turn(evolve(state, absent=state.absent | {actor}), number)
        case Return():
            state = evolve(state, absent=state.absent - {actor})
        case FireInject():
            inject = state.table.scenario.inject_by_id(move.inject)
            assert inject is not None
            state = fire(state, inject, number)
        case SetAgenda():
            state = evolve(state, agenda=move.terms)
        case AdvancePhase():
            state = _next_phase(state, number, by_moderator=True)
        case EndSession():
            reason = "ended by the moderator" + (f": {move.reason}" if move.reason else "")
            state = _finish(state, False, (), reason, number)
    return fire_conditionals(state, number)


def _said(state: State, move: Move) -> Mapping[str, frozenset[str]] | None:
    """The seed passages quoted so far once ``move`` is made (None: it quotes none)."""
    source = move.quote if isinstance(move, Statement) else getattr(move, "cites", None)
    if source is None:
        return None
    before = state.said.get(move.actor, frozenset())
    return MappingProxyType({**state.said, move.actor: before | {source.quote}})


def _floor_changes(state: State, move: Move) -> dict[str, Any] | None:
    """What a statement, a pass, a motion or a declaration on the motion changes, outside
    votes (None for every other move)."""
    match move:
        case Statement() | Pass():
            return {}
        case Propose() | Amend():
            return {"motion": _motion(state, move.actor, move.values)}
        case Support() | Oppose() | Abstain():
            motion = state.motion
            assert motion is not None
            changes: dict[str, Any] = {
                "motion": evolve(motion, declared={**motion.declared, move.actor: move.kind})
            }
            trust = _declared_trust(state, move.actor, move.kind)
            if trust is not None:
                changes["trust"] = trust
            return changes
    return None


def _declared_trust(state: State, actor: str, kind: str) -> dict[str, dict[str, float]] | None:
    """Everyone's trust once ``actor`` backs (or objects to) the motion on the floor: its
    proposer's trust in ``actor`` rises (or falls); None when nothing moves."""
    motion = state.motion
    if kind not in ("support", "oppose") or motion is None:
        return None
    change = TRUST_FOR_SUPPORT if kind == "support" else -TRUST_FOR_SUPPORT
    return trust_after(state.trust, motion.proposer, actor, change)


def _concede(state: State, actor: str, term: str, to: TermValue) -> State:
    """Move ``actor``'s public stance; delegations it moved closer to trust it more."""
    table = state.table
    old = table.index_of(term, state.stances[actor][term])
    new = table.index_of(term, to)
    assert old is not None
    assert new is not None
    value = table.values[table.term_index[term]][new]
    trust = state.trust
    for other in table.voters:
        theirs = state.stances.get(other, {}).get(term) if other != actor else None
        at = table.index_of(term, theirs) if theirs is not None else None
        if at is not None and abs(new - at) < abs(old - at):
            trust = trust_after(trust, other, actor, TRUST_FOR_CONCESSION) or trust
    stances = {**state.stances, actor: {**state.stances[actor], term: value}}
    return evolve(state, stances=stances, trust=trust)


def _motion(state: State, actor: str, values: Mapping[str, TermValue]) -> Motion:
    """The motion with ``values``: a new one (its proposer declared in support), or the
    one on the floor with ``values`` written in by ``actor`` (the proposer stays; every
    declaration lapses)."""
    table = state.table
    previous = state.motion
    written = table.write(state.indexes if previous is None else previous.indexes, values)
    assert written is not None
    before = previous.values if previous is not None else {}
    ordered = dict(before)  # in term order as long as no term joins the package
    joined = previous is None
    index = table.term_index
    for term in values:
        if term in ordered:
            t = index[term]
            ordered[term] = table.values[t][written[t]]
        else:
            joined = True
    if joined:
        ordered = _in_order(table, written, before, values)
    # a new motion carries its proposer's declared support; an amendment lets every
    # declaration lapse, the amender's too (amending is not voting for the result)
    declared = {actor: "support"} if previous is None and actor in table.voters else {}
    utilities, crossed = table.score(state.weights, written)
    if previous is not None:
        return replaced(
            previous,
            {
                "values": ordered,
                "declared": declared,
                "utilities": utilities,
                "crossed": crossed,
                "amendments": previous.amendments + 1,
                "indexes": written,
                "authors": {**previous.authors, **dict.fromkeys(values, actor)},
            },
        )
    return Motion(
        proposer=actor,
        values=ordered,
        declared=declared,  # type: ignore[arg-type]
        utilities=utilities,
        crossed=crossed,
        tabled_at=state.moves + 1,
        indexes=written,
        authors=dict.fromkeys(values, actor),
    )


def _in_order(
    table: Table, at: tuple[int, ...], before: dict[str, TermValue], values: Mapping[str, TermValue]
) -> dict[str, TermValue]:
    """The package of the terms in ``before`` or ``values``, in term order, each at its
    value in ``at``."""
    return {
        term: table.values[t][at[t]]
        for t, term in enumerate(table.ids)
        if term in values or term in before
    }


# --- turns, rounds and phases ------------------------------------------------------


def _next_turn(state: State, number: int, changes: dict[str, Any] | None = None) -> State:
    """The state with the floor passed on (and ``changes`` made)."""
    turn = state.turn + 1
    if turn < len(state.table.order):
        if changes is None:
            return evolve(state, turn=turn)
        changes["turn"] = turn
        return replaced(state, changes)
    if changes:
        state = replaced(state, changes)
    if state.phase == "negotiation" and state.round < state.table.scenario.rules.round_limit:
        return _start_round(state, state.round + 1, number)
    if state.phase == "negotiation" and state.motion is not None:
        return _last_motion_vote(state, number)
    return _next_phase(state, number)


def _last_motion_vote(state: State, number: int) -> State:
    """The rounds have run out with a motion on the floor: the chair puts it to the vote
    before the negotiation closes, so a motion with the support to pass is not lost."""
    present = state.present_electorate()
    if not present:
        return _next_phase(evolve(state, motion=None), number)
    state = add_event(
        state, number, "phase", "The rounds have run out: the motion on the floor goes to a vote"
    )
    vote = OpenVote(
        "motion", state.table.moderator, present, advance_turn=False, closes_negotiation=True
    )
    return evolve(state, vote=vote)


def _start_round(state: State, round_number: int, number: int) -> State:
    limit = state.table.scenario.rules.round_limit
    event = Event(number, "round", f"Round {round_number} of {limit} begins")
    state = evolve(
        state,
        phase="negotiation",
        round=round_number,
        turn=0,
        events=state.events.add(event),
    )
    for inject in state.table.scheduled.get(round_number, ()):
        if inject.id not in state.fired:
            state = fire(state, inject, number)
    return state


def _next_phase(state: State, number: int, *, by_moderator: bool = False) -> State:
    phases = state.table.scenario.rules.phases
    following = phases[phases.index(state.phase) + 1 :] if state.phase in phases else ()
    if not following:
        adopted = len(state.agreed) == len(state.table.terms)
        signatories = state.present_electorate() if adopted else ()
        ended = "the moderator closed the negotiation" if by_moderator else "the rounds ran out"
        reason = (
            f"{ended} with every term agreed; the rules hold no final vote"
            if adopted
            else f"{ended} with terms still open and no final vote in the rules"
        )
        return _finish(state, adopted, signatories, reason, number)
    nxt = following[0]
    if nxt == "negotiation":
        state = add_event(state, number, "phase", "The negotiation opens", "negotiation")
        return _start_round(state, 1, number)
    words = state.table.scenario.vocabulary
    state = add_event(
        evolve(state, motion=None),
        number,
        "phase",
        f"The final vote on the {words.agreement}",
        "final_vote",
    )
    present = state.present_electorate()
    if not present:
        return _finish(state, False, (), "no delegation was in the room for the final vote", number)
    vote = OpenVote("treaty", state.table.moderator, present, advance_turn=False)
    return evolve(state, phase="final_vote", vote=vote)


def _finish(
    state: State, adopted: bool, signatories: tuple[str, ...], reason: str, number: int
) -> State:
    outcome = Outcome(
        adopted=adopted,
        terms=state.draft_dict(),
        agreed=tuple(t.id for t in state.table.terms if t.id in state.agreed),
        signatories=signatories if adopted else (),
        reason=reason,
    )
    verdict = state.table.scenario.vocabulary.adopted() if adopted else "No agreement"
    state = evolve(state, phase="over", vote=None, outcome=outcome)
    return add_event(state, number, "outcome", f"{verdict}: {reason}")


# --- votes ---------------------------------------------------------------------------


def _open_motion_vote(state: State, actor: str, holder: bool, number: int) -> State:
    assert state.motion is not None
    pending = state.present_electorate()
    vote = OpenVote("motion", actor, pending, advance_turn=holder)
    state = evolve(state, vote=vote)
    return _close_vote(state, number) if not pending else state


def _cast(state: State, actor: str, ballot: str, number: int) -> State:
    vote = state.vote
    assert vote is not None
    vote = evolve(vote, pending=vote.pending[1:], ballots={**vote.ballots, actor: ballot})
    state = evolve(state, vote=vote)
    return _close_vote(state, number) if not vote.pending else state


def _close_vote(state: State, number: int) -> State:
    vote = state.vote
    assert vote is not None
    table = state.table
    rules = table.scenario.rules
    rule = rules.decision if vote.subject == "motion" else table.scenario.final_vote_rule()
    weights = {a: table.weight(a) for a in table.electorate}
    result = tally(rule, vote.ballots, table.electorate, weights, table.name)
    values = (
        state.motion.values if vote.subject == "motion" and state.motion else state.draft_dict()
    )
    record = VoteRecord(
        move=number,
        round=state.round,
        subject=vote.subject,
        values=dict(values),
        yes=tuple(a for a in table.electorate if vote.ballots.get(a) == "support"),
        no=tuple(a for a in table.electorate if vote.ballots.get(a) == "oppose"),
        abstain=tuple(a for a in table.electorate if vote.ballots.get(a) == "abstain"),
        absent=tuple(a for a in table.electorate if a in state.absent),
        passed=result.passed,
        reason=result.reason,
        blockers=result.blockers,
    )
    state = evolve(state, vote=None, votes=(*state.votes, record))
    agreement = table.scenario.vocabulary.agreement
    what = "The motion" if vote.subject == "motion" else f"The {agreement}"
    state = add_event(
        state, number, "vote", f"{what} {'passes' if result.passed else 'fails'}: {result.reason}"
    )
    if vote.subject == "treaty":
        return _finish(
            state,
            result.passed,
            record.yes if result.passed else (),
            "adopted in the final vote"
            if result.passed
            else f"the final vote failed ({result.reason})",
            number,
        )
    if result.passed:
        state = _set_draft(state, values)
        state = evolve(state, agreed=state.agreed | set(values))
    state = evolve(state, motion=None)
    if vote.closes_negotiation:
        return _next_phase(state, number)
    return _next_turn(state, number) if vote.advance_turn else state


def _set_draft(state: State, values: dict[str, TermValue]) -> State:
    """The state with some draft values changed, and every utility with them."""
    table = state.table
    indexes = table.write(state.indexes, values)
    assert indexes is not None
    utilities, crossed = table.score(state.weights, indexes)
    draft = tuple(table.values[t][i] for t, i in enumerate(indexes))
    return evolve(state, draft=draft, indexes=indexes, utilities=utilities, crossed=crossed)
