"""Values of terms as the scenario checks see them.

Whether a value belongs to a term (and why not), which terms have values that can be
enumerated at all, whether a value is behind a red line or outside what an actor could
accept (``refusal``), the points of a score sheet at every value (``scored_curve``), and
the "did you mean" hint for a misspelt id. The checks, lint, the utility tables and the
agents all need them, so they live in a module of their own that imports none of those.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from simulator.scenario.actors import Position
from simulator.scenario.common import TermValue
from simulator.scenario.model import Scenario
from simulator.scenario.problems import Path, Problem
from simulator.scenario.terms import OptionsTerm, ScaleTerm, Term

MAX_ACTORS = 200
"""The most delegations (and observers) a scenario may seat. Every delegation weighs
every other's stances on every move, so a session's cost grows with the square of the
table: at 200 delegations and 11 terms a computer-played session takes about 35 s on a
shared two-core machine, and 1,000 made the debrief take most of a minute."""
MAX_TERM_VALUES = 1_000
"""The most values a term may have (options, or the points of a scale). A term with more
than a delegation could weigh one by one makes every package a long search: at 2,000
options a computer-played session took 1.9 s and its debrief 7.3 s, twice and three
times the figures at 1,000."""


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
    """Terms whose values can be enumerated (a broken scale or an oversized term is
    reported once, elsewhere)."""
    usable: dict[str, Term] = {}
    for term in scenario.terms:
        if isinstance(term, OptionsTerm) and len(term.options) > MAX_TERM_VALUES:
            continue
        if isinstance(term, ScaleTerm) and (
            term.min >= term.max
            or abs((term.max - term.min) / term.step - term.steps()) > 1e-9
            or not 1 <= term.steps() < MAX_TERM_VALUES
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


def acceptable_words(term: Term, position: Position) -> str:
    """The range a position could accept, in words: "Mutual monitoring to Agency
    inspections", or "anything" without a range."""
    if position.acceptable is None:
        return "anything"
    return " to ".join(term.label(value) for value in position.acceptable)


def refusal(term: Term, position: Position, index: int) -> str | None:
    """Why an actor with ``position`` will never sign the value at grid position ``index``
    of ``term``, as words that follow the value ("crosses its red line (reason)"); None
    when the actor could sign it. Only red lines are absolute: a value outside the range
    a position could accept scores nothing on the term (``outside_limits``) but is no
    veto. This is the one definition of an unacceptable value: the utility tables, the
    analysis, the computer players, the preview and the reports all ask it."""
    for line in position.red_lines:
        if crosses_red_line(term, line.bound(), index):
            return f"crosses its red line ({line.reason})"
    return None


def outside_limits(term: Term, position: Position, index: int) -> str | None:
    """Words for a value at grid position ``index`` outside the range ``position`` could
    accept ("is outside what it could accept (A to B)"), where it scores nothing; None
    within it."""
    if position.acceptable is not None:
        low, high = (term.index_of(value) for value in position.acceptable)
        if low is not None and high is not None and not low <= index <= high:
            return f"is outside what it could accept ({acceptable_words(term, position)})"
    return None


def scored_curve(term: Term, scores: Sequence[tuple[float, float]]) -> tuple[float, ...]:
    """Points at each value of ``term`` from a score sheet given as (value position,
    points) pairs: the points themselves where given, straight lines between given
    positions, level beyond the first and the last.

    >>> from simulator.scenario.terms import ScaleTerm
    >>> scored_curve(ScaleTerm(kind="scale", id="t", name="T", min=0, max=4,
    ...                        status_quo=0), [(1, 10.0), (3, 0.0)])
    (10.0, 10.0, 5.0, 0.0, 0.0)
    """
    known = sorted(scores)
    out = []
    for index in range(len(term.values())):
        before = [s for s in known if s[0] <= index]
        after = [s for s in known if s[0] >= index]
        if not before:
            out.append(after[0][1])
        elif not after:
            out.append(before[-1][1])
        else:
            (x0, y0), (x1, y1) = before[-1], after[0]
            out.append(y0 if x1 == x0 else y0 + (y1 - y0) * (index - x0) / (x1 - x0))
    return tuple(out)


def did_you_mean(name: str, known: Iterable[str], what: str) -> str:
    """A hint for an unknown ``name``: the closest known one, or the ones there are."""
    import difflib

    choices = sorted(known)
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.75)
    if close:
        return f"did you mean '{close[0]}'?"
    listed = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    return f"known {what}s: {listed}" if choices else f"define the {what} first"
