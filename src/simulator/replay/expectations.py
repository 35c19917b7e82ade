"""Checking a finished replay against its script's expectations."""

from __future__ import annotations

from simulator.engine.state import State
from simulator.replay.script import Expect


def unmet(expect: Expect, state: State, moves: int) -> list[str]:
    """One line per expectation the state does not meet: what was expected, what is."""
    problems: list[str] = []
    outcome = state.outcome
    adopted = bool(outcome and outcome.adopted)

    def compare(label: str, expected: object, actual: object) -> None:
        if expected is not None and expected != actual:
            problems.append(f"{label}: expected {_show(expected)}, got {_show(actual)}")

    compare("adopted", expect.adopted, adopted)
    compare("over", expect.over, state.over)
    draft = state.draft_dict()
    for term, value in expect.terms.items():
        if term not in draft:
            problems.append(f"terms.{term}: no such term in the scenario")
        elif state.table.index_of(term, value) != state.table.index_of(term, draft[term]):
            compare(f"terms.{term}", value, draft[term])
    agreed = [t.id for t in state.table.terms if t.id in state.agreed]
    if expect.agreed is not None:
        compare("agreed", sorted(expect.agreed), sorted(agreed))
    if expect.signatories is not None:
        signatories = list(outcome.signatories) if outcome else []
        compare("signatories", sorted(expect.signatories), sorted(signatories))
    for actor, approx in expect.utilities.items():
        actual = state.utilities.get(actor)
        if actual is None:
            problems.append(f"utilities.{actor}: no such delegation")
        elif abs(actual - approx.value) > approx.tolerance:
            problems.append(
                f"utilities.{actor}: expected {approx.value} ± {approx.tolerance}, got {actual:.4f}"
            )
    if expect.injects is not None:
        compare("injects", list(expect.injects), list(state.fired))
    compare("moves", expect.moves, moves)
    return problems


def _show(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)
