"""Cross-reference checks of the scenario's injects and discussion questions.

An inject's trigger (its round, or the declarative condition it waits for) and its
effects name terms, actors, values and other injects; a discussion question may name an
actor. These checks make sure every such name exists and every value belongs to its
term, yielding every problem found. ``checks.check_scenario`` runs them after the
structural checks.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.common import TermValue
from simulator.scenario.injects import (
    AllOf,
    AnyOf,
    Condition,
    Conditional,
    DraftValue,
    Effect,
    InjectFired,
    Not,
    PriorityChange,
    Scheduled,
    StanceChange,
    StanceValue,
    TermAgreed,
    TrustChange,
    WalkedOut,
)
from simulator.scenario.model import Scenario
from simulator.scenario.problems import Path, Problem
from simulator.scenario.values import did_you_mean, usable_terms, value_problem


def check_injects(scenario: Scenario) -> Iterator[Problem]:
    """Problems in each inject: a round past the limit, a bad condition, a bad effect."""
    for i, inject in enumerate(scenario.injects):
        path: Path = ("injects", i)
        trigger = inject.trigger
        if isinstance(trigger, Scheduled) and trigger.round > scenario.rules.round_limit:
            yield Problem(
                (*path, "trigger", "round"),
                f"round {trigger.round} is after the last round ({scenario.rules.round_limit})",
                "schedule it within the round limit",
                "round-after-limit",
            )
        if isinstance(trigger, Conditional):
            yield from _check_condition(scenario, trigger.when, (*path, "trigger", "when"))
        for e, effect in enumerate(inject.effects):
            epath: Path = (*path, "effects", e)
            yield from _check_refs(scenario, epath, actor=effect.actor)
            yield from _check_affected(scenario, effect, epath)
            if isinstance(effect, PriorityChange | StanceChange):
                yield from _check_refs(scenario, epath, term=effect.term)
            if isinstance(effect, StanceChange):
                yield from _check_value(scenario, effect.term, effect.to, (*epath, "to"))
            if isinstance(effect, TrustChange):
                yield from _check_refs(scenario, epath, toward=effect.toward)


def _check_affected(scenario: Scenario, effect: Effect, path: Path) -> Iterator[Problem]:
    """An effect must be able to change something: the mediator has no priorities,
    stances or trust that play, and a delegation's priority or stance exists only on a
    term it has a position on."""
    actor = scenario.actor(effect.actor)
    if actor is None:
        return
    if actor.kind == "mediator":
        yield Problem(
            (*path, "actor"),
            f"'{actor.id}' is the mediator, on whom an inject's {effect.kind} effect does nothing",
            "aim the effect at a delegation",
            "effect-on-mediator",
        )
    elif (
        isinstance(effect, PriorityChange | StanceChange)
        and effect.term not in actor.positions
        and effect.term in usable_terms(scenario)
    ):
        yield Problem(
            (*path, "term"),
            f"'{actor.id}' has no position on '{effect.term}', so this {effect.kind} effect "
            "would do nothing",
            f"give '{actor.id}' a position on it, or aim the effect at another term",
            "effect-without-position",
        )


def _check_condition(scenario: Scenario, condition: Condition, path: Path) -> Iterator[Problem]:
    if isinstance(condition, AllOf | AnyOf):
        for c, inner in enumerate(condition.conditions):
            yield from _check_condition(scenario, inner, (*path, "conditions", c))
    elif isinstance(condition, Not):
        yield from _check_condition(scenario, condition.condition, (*path, "condition"))
    elif isinstance(condition, TermAgreed):
        yield from _check_refs(scenario, path, term=condition.term)
    elif isinstance(condition, DraftValue | StanceValue):
        yield from _check_refs(scenario, path, term=condition.term)
        yield from _check_value(scenario, condition.term, condition.value, (*path, "value"))
        if isinstance(condition, StanceValue):
            yield from _check_refs(scenario, path, actor=condition.actor)
    elif isinstance(condition, WalkedOut):
        yield from _check_refs(scenario, path, actor=condition.actor)
    elif isinstance(condition, InjectFired):
        known = {inject.id for inject in scenario.injects}
        if condition.inject not in known:
            yield Problem(
                (*path, "inject"),
                f"unknown inject '{condition.inject}'",
                did_you_mean(condition.inject, known, "inject"),
                "unknown-inject",
            )


def _check_refs(scenario: Scenario, path: Path, **refs: str) -> Iterator[Problem]:
    """Problems for each named reference (``term=...``, ``actor=...``) that does not exist."""
    for field, ref in refs.items():
        if field == "term":
            known = {term.id for term in scenario.terms}
            what, code = "term", "unknown-term"
        else:
            known = {actor.id for actor in scenario.actors}
            what, code = "actor", "unknown-actor"
        if ref not in known:
            yield Problem(
                (*path, field), f"unknown {what} '{ref}'", did_you_mean(ref, known, what), code
            )


def _check_value(
    scenario: Scenario, term_id: str, value: TermValue, path: Path
) -> Iterator[Problem]:
    term = usable_terms(scenario).get(term_id)
    if term is not None:
        problem = value_problem(term, value, path, "value")
        if problem:
            yield problem


def check_questions(scenario: Scenario) -> Iterator[Problem]:
    """Problems in the discussion questions and the injects' reactions: an unknown actor
    named, or a delegation reacting twice to one inject."""
    known = {actor.id for actor in scenario.actors}
    for i, inject in enumerate(scenario.injects):
        seen: set[str] = set()
        for r, reaction in enumerate(inject.reactions):
            path: Path = ("injects", i, "reactions", r, "actor")
            if reaction.actor not in known:
                yield Problem(
                    path,
                    f"unknown actor '{reaction.actor}'",
                    did_you_mean(reaction.actor, known, "actor"),
                    "unknown-actor",
                )
            elif reaction.actor in seen:
                yield Problem(
                    path,
                    f"'{reaction.actor}' already reacts to inject '{inject.id}'",
                    "give each delegation one reaction to an inject",
                    "duplicate-reaction",
                )
            seen.add(reaction.actor)
    for q, question in enumerate(scenario.discussion_questions):
        if question.actor is not None and question.actor not in known:
            yield Problem(
                ("discussion_questions", q, "actor"),
                f"unknown actor '{question.actor}'",
                did_you_mean(question.actor, known, "actor"),
                "unknown-actor",
            )
