"""The rules of play: which moves are legal, kept apart from applying them.

``check(state, move)`` gives the reason a move is illegal (None when it is legal);
``legal_moves(state, actor)`` lists what an actor may do now, proposals described by
their parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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
from simulator.engine.state import State, phase_name
from simulator.plaintext import move_text_problem
from simulator.scenario.common import TermValue


@dataclass(frozen=True, slots=True)
class MoveOption:
    """One kind of move an actor may make now, with what it may be made about."""

    kind: str
    """The move's kind, e.g. ``propose``."""
    terms: tuple[str, ...] = ()
    """For propose, amend, concede and set_agenda: the terms it may touch."""
    injects: tuple[str, ...] = ()
    """For fire_inject: the injects that may be fired."""


MOVES_MAX = 100_000
"""The most moves a session holds. A real session makes a few hundred (the round limit
ends it), but a chair's statements do not end it; the bound keeps every log that was
written replayable, and its debrief writable, in seconds (about 6 s at the bound)."""


def check(state: State, move: Move) -> str | None:
    """Why ``move`` is illegal in ``state``, or None if it is legal."""
    table = state.table
    actor = move.actor
    written = _text_problem(move)
    if written is not None:
        return written
    if state.moves >= MOVES_MAX:
        return f"the session holds {MOVES_MAX:,} moves, the most a session may"
    if state.phase == "over":
        return "the session is over"
    if actor == table.moderator:
        return _check_moderator(state, move)
    if actor not in table.voters:
        known = ", ".join((*table.voters, table.moderator))
        return f"unknown actor '{actor}' (the actors are: {known})"
    if isinstance(move, FireInject | SetAgenda | AdvancePhase | EndSession):
        return f"only the moderator ({table.moderator}) may {move.kind.replace('_', ' ')}"
    holder = state.holder()
    if actor != holder:
        return f"it is not {table.name(actor)}'s turn: {table.name(holder or '')} holds the floor"
    if state.vote is not None:
        if not isinstance(move, Support | Oppose | Abstain):
            return "a vote is under way: support, oppose or abstain"
        return None
    if actor in state.absent:
        if not isinstance(move, Return | Pass):
            return f"{table.name(actor)} has walked out; it may only return or pass"
        return None
    return _check_in_room(state, move)


def _text_problem(move: Move) -> str | None:
    """Why a text the move carries (what is said, a reason, a quoted source) cannot be
    saved and shown as written, or None."""
    fields = move.__dict__  # a move's fields (asking a move for one it lacks costs more)
    texts = [fields.get("text", ""), fields.get("reason", "")]
    quote = fields.get("quote")
    if quote is not None:
        texts += (quote.seed, quote.quote)
    for text in texts:
        problem = move_text_problem(text) if text else None
        if problem is not None:
            return problem
    return None


def _check_in_room(state: State, move: Move) -> str | None:
    """A move of the delegation holding the floor, in the room, outside a vote."""
    name = state.table.name(move.actor)
    if isinstance(move, Return):
        return f"{name} is in the room"
    if state.phase == "openings" and not isinstance(move, Statement | Pass | WalkOut):
        return "the openings allow only statements, passes and walk-outs"
    match move:
        case Statement() | Pass() | WalkOut():
            return None
        case Propose() | Amend() | CallVote():
            return _check_motion_move(state, move)
        case Support() | Oppose() | Abstain():
            if state.motion is None:
                return "there is no motion on the floor"
            if state.motion.declared.get(move.actor) == move.kind:
                return f"{name} has already declared '{move.kind}' on this motion"
            return None
        case Concede():
            return _check_concession(state, move)
    return f"{move.kind.replace('_', ' ')} is not a move here"


def _check_moderator(state: State, move: Move) -> str | None:
    match move:
        case Statement() | EndSession():
            return None
        case FireInject():
            if state.table.scenario.inject_by_id(move.inject) is None:
                return f"unknown inject '{move.inject}'"
            if move.inject in state.fired:
                return f"inject '{move.inject}' has already fired"
            return None
        case SetAgenda():
            for term in move.terms:
                if term not in state.table.term_index:
                    return f"unknown term '{term}'"
                if term in state.agreed:
                    return f"term '{term}' is already agreed"
            return None
        case AdvancePhase():
            if state.vote is not None:
                return "a vote is under way; the phase can change once it closes"
            if state.phase == "final_vote":
                return "the final vote is the last phase; end the session instead"
            return None
        case Propose() | Amend() | CallVote():
            if state.phase != "negotiation":
                return f"motions belong to the negotiation, not {phase_name(state.phase)}"
            if state.vote is not None:
                return "a vote is under way"
            return _check_motion_move(state, move)
    return f"the moderator cannot {move.kind.replace('_', ' ')}"


def _check_concession(state: State, move: Concede) -> str | None:
    stances = state.stances.get(move.actor, {})
    if move.term not in state.table.term_index:
        return f"unknown term '{move.term}'"
    if move.term not in stances:
        return f"{state.table.name(move.actor)} has no stance on '{move.term}'"
    problem = _value_problem(state, move.term, move.to)
    if problem:
        return problem
    if state.table.index_of(move.term, move.to) == state.table.index_of(
        move.term, stances[move.term]
    ):
        return f"the stance on '{move.term}' is already {move.to!r}"
    return None


def _check_motion_move(state: State, move: Propose | Amend | CallVote) -> str | None:
    if isinstance(move, CallVote):
        if state.motion is None:
            return "there is no motion on the floor to vote on"
        return None
    if isinstance(move, Propose) and state.motion is not None:
        return "a motion is already on the floor: amend it, or vote on it first"
    if isinstance(move, Amend) and state.motion is None:
        return "there is no motion on the floor to amend"
    if not move.values:
        return "the package names no term"
    motion = state.motion
    base = state.indexes if motion is None else motion.indexes
    table = state.table
    written = table.write(base, move.values) if not state.agreed and not state.agenda else None
    if written is None:  # a value to refuse, or terms agreed or off the agenda to look at
        problem = _package_problem(state, move.values)
        if problem:
            return problem
        written = table.write(base, move.values)
    if (
        motion is not None
        and written == base
        and all(term in motion.values for term in move.values)
    ):
        return "the amendment changes nothing in the motion"
    return None


def _package_problem(state: State, values: Mapping[str, TermValue]) -> str | None:
    for term, value in values.items():
        if term not in state.table.term_index:
            return f"unknown term '{term}'"
        if term in state.agreed:
            return f"term '{term}' is already agreed"
        if state.agenda and term not in state.agenda:
            return f"term '{term}' is not on the agenda ({', '.join(state.agenda)})"
        problem = _value_problem(state, term, value)
        if problem:
            return problem
    return None


def _value_problem(state: State, term: str, value: TermValue) -> str | None:
    if isinstance(value, bool) or state.table.index_of(term, value) is None:
        described = state.table.terms[state.table.term_index[term]].describe_domain()
        return f"{value!r} is not a value of term '{term}' ({described})"
    return None


def legal_moves(state: State, actor: str) -> list[MoveOption]:
    """What ``actor`` may do now; empty when it may do nothing."""
    table = state.table
    if state.over:
        return []
    open_terms = tuple(
        t.id
        for t in table.terms
        if t.id not in state.agreed and (not state.agenda or t.id in state.agenda)
    )
    if actor == table.moderator:
        options = [MoveOption("statement"), MoveOption("end_session")]
        unfired = tuple(i.id for i in table.scenario.injects if i.id not in state.fired)
        if unfired:
            options.append(MoveOption("fire_inject", injects=unfired))
        options.append(
            MoveOption(
                "set_agenda", terms=tuple(t.id for t in table.terms if t.id not in state.agreed)
            )
        )
        if state.vote is None and state.phase != "final_vote":
            options.append(MoveOption("advance_phase"))
        if state.phase == "negotiation" and state.vote is None:
            options.extend(_motion_options(state, open_terms))
        return options
    if actor not in table.voters or actor != state.holder():
        return []
    if state.vote is not None:
        return [MoveOption(kind) for kind in ("support", "oppose", "abstain")]
    if actor in state.absent:
        return [MoveOption("return"), MoveOption("pass")]
    options = [MoveOption("statement"), MoveOption("pass"), MoveOption("walk_out")]
    if state.phase == "openings":
        return options
    options.extend(_motion_options(state, open_terms))
    if state.motion is not None:
        declared = state.motion.declared.get(actor)
        options.extend(MoveOption(k) for k in ("support", "oppose", "abstain") if k != declared)
    stances = tuple(t for t in state.stances.get(actor, {}) if t in table.term_index)
    if stances:
        options.append(MoveOption("concede", terms=stances))
    return options


def _motion_options(state: State, open_terms: tuple[str, ...]) -> list[MoveOption]:
    if state.motion is None:
        return [MoveOption("propose", terms=open_terms)] if open_terms else []
    return [MoveOption("amend", terms=open_terms), MoveOption("call_vote")]
