"""What a delegation would make of a text before it tables it: its own numbers, for its
own eyes (a seat's proposal form and the server's ``preview`` answer show them)."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict

from simulator.engine.state import State
from simulator.scenario.common import TermValue
from simulator.scenario.values import refusal


def preview(state: State, seat: str, values: Mapping[str, TermValue]) -> float | None:
    """How satisfied ``seat`` would be if ``values`` were written into the draft (None
    when a value is not one of its term's): for a delegation weighing its own proposal."""
    table = state.table
    at = table.write(state.indexes, dict(values))
    if at is None:
        return None
    utilities, _ = table.score(state.weights, at)
    return utilities.get(seat)


class ProposalPreview(BaseModel):
    """What a delegation would make of a text it is about to table: its own numbers, for
    its own eyes."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    satisfaction: float
    """How satisfied it would be with the draft as the text would make it (0 to 1)."""
    walk_away: float
    """Its walk-away point, for comparison."""
    red_lines: tuple[str, ...]
    """Each value of the text behind one of its red lines, in words: the term, the text
    and the red line ("Verification: No verification crosses its red line (…)")."""
    outside: tuple[str, ...] = ()
    """Each other value it could not sign, in words: the term, the text and the range it
    could accept."""
    verdict: str
    """The text against its limits in a few words: it crosses one of its red lines, meets
    its walk-away point, or is below it."""


def proposal_preview(
    state: State, seat: str, values: Mapping[str, TermValue]
) -> ProposalPreview | None:
    """What ``seat`` would make of the draft with ``values`` written in (None when a value
    is not one of its term's): its satisfaction, its walk-away point and every red line
    the text crosses, named."""
    table = state.table
    at = table.write(state.indexes, dict(values))
    if at is None:
        return None
    utilities, _ = table.score(state.weights, at)
    actor = table.actors[seat]
    outside: list[str] = []
    crossed: list[str] = []
    for term_id, position in actor.positions.items():
        t = table.term_index[term_id]
        term = table.terms[t]
        why = refusal(term, position, at[t])
        if why is not None:
            words = f"{term.name}: {term.label(term.values()[at[t]])} {why}"
            (crossed if why.startswith("crosses") else outside).append(words)
    level = utilities[seat]
    verdict = (
        "crosses one of your red lines"
        if crossed
        else "falls outside what you could accept"
        if outside
        else "meets your walk-away point"
        if level >= actor.reservation
        else "is below your walk-away point"
    )
    return ProposalPreview(
        satisfaction=round(level, 4),
        walk_away=actor.reservation,
        red_lines=tuple(crossed),
        outside=tuple(outside),
        verdict=verdict,
    )
