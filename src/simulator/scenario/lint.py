"""Lint: advice for scenario authors about a scenario that loads but may not play well.

Every warning has a stable code, so an author can look it up and a reviewer can tell a
deliberate choice from an oversight.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.lint_codes import LINT_CODES
from simulator.scenario.actors import Actor
from simulator.scenario.common import Source
from simulator.scenario.model import Scenario
from simulator.scenario.problems import Path, Problem
from simulator.scenario.rules import DecisionRule
from simulator.scenario.sources import normalise
from simulator.scenario.terms import Term
from simulator.scenario.values import refusal


def lint_scenario(scenario: Scenario) -> list[Problem]:
    """Every warning for ``scenario`` (which must already have passed ``check_scenario``)."""
    linters = (
        _unused_terms,
        _idle_actors,
        _sources,
        _reused_sources,
        _fragments,
        _idle_injects,
        _mixed_scores,
        _unsatisfiable_rules,
    )
    return [problem for linter in linters for problem in linter(scenario)]


def _warn(path: Path, message: str, hint: str, code: str, *, on_key: bool = False) -> Problem:
    assert code in LINT_CODES
    return Problem(path, message, hint, code, "warning", on_key)


def _unused_terms(scenario: Scenario) -> Iterator[Problem]:
    cared = {term_id for actor in scenario.actors for term_id in actor.positions}
    for t, term in enumerate(scenario.terms):
        if term.id not in cared:
            yield _warn(
                ("terms", t, "id"),
                f"no delegation has a position on term '{term.id}'",
                "give some delegation a position on it, or drop the term",
                "term-unused",
            )


def _idle_actors(scenario: Scenario) -> Iterator[Problem]:
    for a, actor in enumerate(scenario.actors):
        if actor.kind != "mediator" and not actor.positions:
            yield _warn(
                ("actors", a, "id"),
                f"delegation '{actor.id}' has no positions",
                "add positions on the terms it cares about",
                "actor-no-positions",
            )


def _sources(scenario: Scenario) -> Iterator[Problem]:
    listed = {document.seed for document in scenario.sources}
    for a, actor in enumerate(scenario.actors):
        if actor.invented:
            # An invented role has no seed to quote; a source it does give is still checked.
            yield from _given_sources(actor, a, listed)
            continue
        for term_id, position in actor.positions.items():
            path: Path = ("actors", a, "positions", term_id)
            yield from _source(
                position.source, path, listed, f"{actor.id}'s position on '{term_id}'"
            )
            for r, red_line in enumerate(position.red_lines):
                yield from _source(
                    red_line.source,
                    (*path, "red_lines", r),
                    listed,
                    f"{actor.id}'s red line on '{term_id}'",
                )
        for q, quote in enumerate(actor.persona.quotes):
            yield from _source(
                quote.source,
                ("actors", a, "persona", "quotes", q),
                listed,
                f"a quote of {actor.id}",
            )
    for i, inject in enumerate(scenario.injects):
        yield from _source(inject.source, ("injects", i), listed, f"inject '{inject.id}'")


def _given_sources(actor: Actor, a: int, listed: set[str]) -> Iterator[Problem]:
    """The listed-seed warnings of an invented role's sources, where it gives any."""
    given: list[tuple[Source | None, Path]] = [
        (quote.source, ("actors", a, "persona", "quotes", q))
        for q, quote in enumerate(actor.persona.quotes)
    ]
    for term_id, position in actor.positions.items():
        path: Path = ("actors", a, "positions", term_id)
        given.append((position.source, path))
        given.extend(
            (red_line.source, (*path, "red_lines", r))
            for r, red_line in enumerate(position.red_lines)
        )
    for source, path in given:
        if source is not None:
            yield from _source(source, path, listed, actor.id)


def _source(source: object, path: Path, listed: set[str], what: str) -> Iterator[Problem]:
    seed = getattr(source, "seed", None)
    if seed is None:
        yield _warn(
            path,
            f"{what} has no source",
            "add 'source: {seed: FILE, quote: \"...\"}' quoting the seed document",
            "missing-source",
        )
    elif listed and seed not in listed:
        yield _warn(
            (*path, "source", "seed"),
            f"seed '{seed}' is not in the scenario's sources",
            "add it to 'sources' with its title",
            "source-not-listed",
        )


def _reused_sources(scenario: Scenario) -> Iterator[Problem]:
    """A passage (or one contained in it) that a delegation quotes for its positions on
    different terms speaks to at most one of them: the others borrow it for decoration."""
    for a, actor in enumerate(scenario.actors):
        seen: list[tuple[Source, str, str]] = []
        for term_id, position in actor.positions.items():
            path: Path = ("actors", a, "positions", term_id)
            quoted = [((*path, "source", "quote"), position.source)] + [
                ((*path, "red_lines", r, "source", "quote"), line.source)
                for r, line in enumerate(position.red_lines)
            ]
            for where, source in quoted:
                if source is None:
                    continue
                quote = normalise(source.quote).lower()
                earlier = next(
                    (
                        other_term
                        for other, other_quote, other_term in seen
                        if other.seed == source.seed
                        and other_term != term_id
                        and (quote in other_quote or other_quote in quote)
                    ),
                    None,
                )
                if earlier is not None:
                    yield _warn(
                        where,
                        f"{actor.id} already quotes this passage for its position on "
                        f"'{earlier}'; here it is the source for '{term_id}'",
                        f"quote the words of the seed that speak to '{term_id}'",
                        "source-reused",
                    )
                seen.append((source, quote, term_id))


def _fragments(scenario: Scenario) -> Iterator[Problem]:
    """A computer delegation opens with one of its quotes (or its summary when it has
    none), so each must read as a sentence of its own."""
    for a, actor in enumerate(scenario.actors):
        for q, quote in enumerate(actor.persona.quotes):
            if not is_sentence(quote.text):
                yield _warn(
                    ("actors", a, "persona", "quotes", q, "text"),
                    f"a quote of {actor.id} is not a whole sentence, yet a computer "
                    "delegation opens with it",
                    "quote a whole sentence: a capital letter first, a full stop, question "
                    "or exclamation mark last",
                    "quote-fragment",
                )
        if not actor.persona.quotes and actor.summary and not is_sentence(actor.summary):
            yield _warn(
                ("actors", a, "summary"),
                f"{actor.id} has no quotes, so it opens with its summary, which is not a "
                "whole sentence",
                "end the summary with a full stop, or give the delegation a quote",
                "quote-fragment",
            )


def is_sentence(text: str) -> bool:
    """Whether ``text`` reads as a whole sentence: it starts with a capital letter (or a
    digit or an opening quotation mark) and ends with a full stop, question or
    exclamation mark (a closing quotation mark may follow).

    >>> is_sentence("Verification remains paramount.")
    True
    >>> is_sentence("challenging protectionist measures that stifle collaboration")
    False
    """
    text = text.strip().rstrip("\"'’”)")
    first = text.lstrip("\"'‘“(")[:1]
    return bool(first) and (first.isupper() or first.isdigit()) and text[-1:] in ".?!"


def _idle_injects(scenario: Scenario) -> Iterator[Problem]:
    for i, inject in enumerate(scenario.injects):
        if not inject.effects:
            yield _warn(
                ("injects", i),
                f"inject '{inject.id}' has no effects",
                "add effects on priorities, stances or trust",
                "inject-no-effects",
            )


def _mixed_scores(scenario: Scenario) -> Iterator[Problem]:
    """A term without a score sheet weighs its priority times 1, a scored one its priority
    times its spread of points: beside sheets of thousands of points a plain term counts
    for nothing, which an author mixing the two never means."""
    for a, actor in enumerate(scenario.actors):
        scored = [term_id for term_id, p in actor.positions.items() if p.scores]
        plain = [term_id for term_id, p in actor.positions.items() if not p.scores]
        if scored and plain:
            yield _warn(
                ("actors", a, "positions", plain[0]),
                f"{actor.id} is scored in points on {', '.join(repr(t) for t in scored)} "
                f"but not on {', '.join(repr(t) for t in plain)}, which then weigh one "
                "point each against the score sheets",
                "give every position of this delegation a score sheet, or none",
                "scores-mixed",
            )


def _unsatisfiable_rules(scenario: Scenario) -> Iterator[Problem]:
    rules = (("decision", scenario.rules.decision), ("final_vote", scenario.rules.final_vote))
    for name, rule in rules:
        if rule is not None:
            yield from _unsatisfiable(scenario, rule, ("rules", name))


def _unsatisfiable(scenario: Scenario, rule: DecisionRule, path: Path) -> Iterator[Problem]:
    voters = scenario.electorate()
    if rule.weighted and rule.method != "consensus" and sum(a.voting_weight for a in voters) <= 0:
        yield _warn(
            (*path, "weighted"),
            "every voting weight is 0, so no weighted vote can pass",
            "give the delegations positive voting weights",
            "rule-unsatisfiable",
        )
    needs_all = rule.method in ("consensus", "unanimity") or rule.needed() == 1
    needed = voters if needs_all else [a for a in voters if a.id in rule.required_parties]
    for term in scenario.terms:
        if not _some_value_signable(term, needed):
            names = ", ".join(a.id for a in needed if term.id in a.positions)
            yield _warn(
                path,
                f"on term '{term.id}' every value is behind a red line (or outside the "
                "acceptable range) of one of "
                f"the delegations whose yes this rule needs ({names})",
                "relax a red line, or change the decision rule",
                "rule-unsatisfiable",
            )


def _some_value_signable(term: Term, actors: list[Actor]) -> bool:
    positions = [actor.positions[term.id] for actor in actors if term.id in actor.positions]
    return any(
        not any(refusal(term, position, index) for position in positions)
        for index in range(len(term.values()))
    )
