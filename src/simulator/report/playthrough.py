"""A plain-text playthrough of a session: each move, and what it changed.

Used for golden tests (a whole session written as text and compared with a diff) and
as the simplest readable record of a session.
"""

from __future__ import annotations

from collections.abc import Mapping

from simulator.engine.moves import (
    Amend,
    Concede,
    FireInject,
    Move,
    Propose,
    SetAgenda,
    Statement,
)
from simulator.engine.session import Session
from simulator.engine.state import State
from simulator.scenario.common import TermValue


def render_playthrough(session: Session) -> str:
    """The session as text: the start, every move with its consequences, the outcome."""
    first = session.state_at(0)
    lines = [
        f"# {session.scenario.id}: {len(session.moves)} moves",
        f"start: {first.phase}; draft {_values(first.draft_dict())}",
    ]
    lines += [f"     * {event.text}" for event in first.events]
    for number, move in enumerate(session.moves, start=1):
        before, after = session.state_at(number - 1), session.state_at(number)
        lines.append(f"{number:4d}. {describe_move(move)}")
        lines += _consequences(before, after)
    lines += _ending(session.state)
    return "\n".join(lines) + "\n"


def describe_move(move: Move) -> str:
    """One line for a move: actor, kind and its particulars."""
    head = f"{move.actor} {move.kind}"
    if isinstance(move, Propose | Amend):
        return f"{head} {_values(move.values)}"
    if isinstance(move, Concede):
        return f"{head} {move.term}={move.to}"
    if isinstance(move, Statement):
        return f'{head}: "{move.text}"'
    if isinstance(move, FireInject):
        return f"{head} {move.inject}"
    if isinstance(move, SetAgenda):
        return f"{head} {', '.join(move.terms) or '(all terms)'}"
    reason = getattr(move, "reason", "")
    return f"{head}: {reason}" if reason else head


def _consequences(before: State, after: State) -> list[str]:
    lines = [f"     * {event.text}" for event in after.events[len(before.events) :]]
    changed = {
        term: value
        for term, value in after.draft_dict().items()
        if before.draft_dict()[term] != value
    }
    if changed:
        lines.append(f"     draft: {_values(changed)}")
    if after.motion is not None and (
        before.motion is None
        or (after.motion.values, after.motion.declared)
        != (before.motion.values, before.motion.declared)
    ):
        declared = after.motion.declared
        lines.append(
            f"     motion: {_values(after.motion.values)}; "
            f"for {_who(declared, 'support')}; against {_who(declared, 'oppose')}"
        )
    if after.vote is not None and after.vote is not before.vote and after.vote.pending:
        lines.append(f"     vote: waiting for {', '.join(after.vote.pending)}")
    return lines


def _ending(state: State) -> list[str]:
    lines = ["", f"phase: {state.phase}; round {state.round}"]
    lines.append(f"draft: {_values(state.draft_dict())}")
    lines.append(f"agreed: {', '.join(t.id for t in state.table.terms if t.id in state.agreed)}")
    if state.outcome is not None:
        outcome = state.outcome
        lines.append(
            f"outcome: {'adopted' if outcome.adopted else 'no agreement'} ({outcome.reason})"
        )
        lines.append(f"signatories: {', '.join(outcome.signatories) or '(none)'}")
    lines.append(
        "utilities: "
        + ", ".join(
            f"{actor} {utility:.3f}{'' if state.acceptable(actor) else ' (not acceptable)'}"
            for actor, utility in state.utilities.items()
        )
    )
    return lines


def _values(values: Mapping[str, TermValue]) -> str:
    return ", ".join(f"{term}={value}" for term, value in values.items()) or "(none)"


def _who(declared: Mapping[str, str], ballot: str) -> str:
    return ", ".join(actor for actor, cast in declared.items() if cast == ballot) or "nobody"
