"""The outcome of a session as one JSON-ready object, shared by ``run --json``,
``replay --json`` and batch results."""

from __future__ import annotations

from typing import Any

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
    }
