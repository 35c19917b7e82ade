"""Values of terms as the scenario checks see them.

Whether a value belongs to a term (and why not), which terms have values that can be
enumerated at all, whether a value is behind a red line, and the "did you mean" hint for
a misspelt id. Both ``checks`` and ``inject_checks`` need them, and lint, the utility
tables and the agents use ``crosses_red_line``, so they live in a module of their own
that imports none of those.
"""

from __future__ import annotations

from collections.abc import Iterable

from simulator.scenario.common import TermValue
from simulator.scenario.model import Scenario
from simulator.scenario.problems import Path, Problem
from simulator.scenario.terms import ScaleTerm, Term


def value_problem(term: Term, value: TermValue, path: Path, what: str) -> Problem | None:
    """A problem if ``value`` is not a value of ``term``."""
    if term.index_of(value) is not None:
        return None
    if isinstance(term, ScaleTerm) and not isinstance(value, str):
        if not term.min <= value <= term.max:
            message = f"{what} {value!r} is outside the scale of term '{term.id}'"
        else:
            message = f"{what} {value!r} is not on the steps of term '{term.id}'"
    else:
        message = f"{what} {value!r} is not a value of term '{term.id}'"
    return Problem(path, message, f"use {term.describe_domain()}", "value-outside-term")


def usable_terms(scenario: Scenario) -> dict[str, Term]:
    """Terms whose values can be enumerated (a broken scale is reported once, elsewhere)."""
    usable: dict[str, Term] = {}
    for term in scenario.terms:
        if isinstance(term, ScaleTerm) and (
            term.min >= term.max
            or abs((term.max - term.min) / term.step - term.steps()) > 1e-9
            or not 1 <= term.steps() <= 100_000
        ):
            continue
        usable.setdefault(term.id, term)
    return usable


def crosses_red_line(term: Term, bound: tuple[str, TermValue], index: int) -> bool:
    """Whether the value at grid position ``index`` of ``term`` is behind the red line."""
    side, value = bound
    limit = term.index_of(value)
    if limit is None:
        return False
    if side == "value":
        return index == limit
    if side == "below":
        return index < limit
    return index > limit


def did_you_mean(name: str, known: Iterable[str], what: str) -> str:
    """A hint for an unknown ``name``: the closest known one, or the ones there are."""
    import difflib

    choices = sorted(known)
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.75)
    if close:
        return f"did you mean '{close[0]}'?"
    listed = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    return f"known {what}s: {listed}" if choices else f"define the {what} first"
