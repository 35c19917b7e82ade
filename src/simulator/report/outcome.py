"""The outcome of a session as one JSON-ready object, shared by ``run --json``,
``replay --json`` and batch results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from simulator.engine.moves import Concede, WalkOut
from simulator.engine.session import Session

PRECISION = 6
"""Decimal places kept for utilities, so output is stable and readable."""


def outcome_object(session: Session) -> dict[str, Any]:
    """Scenario, seed, whether an agreement was adopted, its terms and signatories, every
    delegation's utility for the final draft, its payoff (that utility when an agreement
    was adopted, its walk-away value when none was) and acceptance, and the size of the
    session."""
    state = session.state
    outcome = state.outcome
    return {
        "scenario": session.base.id,
        "seed": session.seed,
        "adopted": bool(outcome and outcome.adopted),
        "reason": outcome.reason if outcome else "the session is not over",
        "over": state.over,
        "terms": state.draft_dict(),
        "agreed": [t.id for t in state.table.terms if t.id in state.agreed],
        "signatories": list(outcome.signatories) if outcome else [],
        "utilities": {a: round(u, PRECISION) for a, u in state.utilities.items()},
        "payoffs": {a: round(u, PRECISION) for a, u in state.payoffs().items()},
        "acceptable": {a: state.acceptable(a) for a in state.utilities},
        "moves": len(session.moves),
        "rounds": state.round,
        "votes": len(state.votes),
        "injects": list(state.fired),
        **session_facts(session).as_dict(),
    }


@dataclass(frozen=True)
class SessionFacts:
    """What happened in a session, counted: for run --json, batches and benchmarks."""

    kinds: dict[str, int]
    """How many moves of each kind were made, by kind."""
    walked_out: tuple[str, ...]
    """The delegations that walked out at some point, in the order they first left."""
    conceded: tuple[str, ...]
    """The delegations that moved their public stance at least once (a concession)."""
    final_ballots: dict[str, str]
    """Each delegation's ballot in the final vote, if one was held."""
    final_blocked: bool
    """Whether a final vote was held and failed."""

    def as_dict(self) -> dict[str, Any]:
        """The facts as JSON-ready fields."""
        return {
            "move_kinds": dict(sorted(self.kinds.items())),
            "walked_out": list(self.walked_out),
            "conceded": list(self.conceded),
            "final_vote": self.final_ballots,
            "final_vote_blocked": self.final_blocked,
        }


def session_facts(session: Session) -> SessionFacts:
    """The counted facts of ``session``."""
    moves = session.moves
    walked = dict.fromkeys(m.actor for m in moves if isinstance(m, WalkOut))
    conceded = dict.fromkeys(m.actor for m in moves if isinstance(m, Concede))
    final = [vote for vote in session.state.votes if vote.subject == "treaty"]
    ballots: dict[str, str] = {}
    if final:
        last = final[-1]
        for ballot, who in (("yes", last.yes), ("no", last.no), ("abstain", last.abstain)):
            ballots.update(dict.fromkeys(who, ballot))
        ballots.update(dict.fromkeys(last.absent, "absent"))
    return SessionFacts(
        kinds=dict(Counter(m.kind for m in moves)),
        walked_out=tuple(walked),
        conceded=tuple(conceded),
        final_ballots=ballots,
        final_blocked=bool(final) and not final[-1].passed,
    )
