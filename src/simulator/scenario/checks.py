"""Cross-reference checks: what a scenario must satisfy beyond the shape of its records.

Each ``_check_*`` function enforces one group of rules and yields every problem it
finds, so an author sees all of them at once. ``check_scenario`` runs them all. The
checks of injects, conditions and discussion questions are in ``inject_checks``; the
value helpers both share are in ``values``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from simulator.scenario.actors import Actor, Position
from simulator.scenario.common import TermValue
from simulator.scenario.inject_checks import check_injects, check_questions
from simulator.scenario.model import MODERATOR, Scenario
from simulator.scenario.problems import Path, Problem
from simulator.scenario.rules import DecisionRule
from simulator.scenario.terms import OptionsTerm, ScaleTerm, Term
from simulator.scenario.utility import points_range, with_points_reservations
from simulator.scenario.values import (
    MAX_ACTORS,
    MAX_TERM_VALUES,
    crosses_red_line,
    did_you_mean,
    scored_curve,
    usable_terms,
    value_problem,
)


def check_scenario(scenario: Scenario) -> list[Problem]:
    """Every cross-reference problem in ``scenario`` (empty when it is usable)."""
    checks = (
        _check_size,
        _check_unique_ids,
        _check_terms,
        _check_positions,
        _check_trust,
        _check_voices,
        _check_points_reservations,
        _check_rules,
        check_injects,
        check_questions,
    )
    return [problem for check in checks for problem in check(scenario)]


def _duplicates(ids: Sequence[str], where: Path, what: str) -> Iterator[Problem]:
    counts = Counter(ids)
    seen: set[str] = set()
    for index, item in enumerate(ids):
        if counts[item] > 1 and item in seen:
            yield Problem(
                (*where, index, "id"),
                f"duplicate {what} id '{item}'",
                f"give each {what} its own id",
                "duplicate-id",
            )
        seen.add(item)


def _check_size(scenario: Scenario) -> Iterator[Problem]:
    seated = len(scenario.voters())
    if seated > MAX_ACTORS:
        yield Problem(
            ("actors",),
            f"the scenario seats {seated:,} delegations and observers; a scenario may seat "
            f"at most {MAX_ACTORS} (and its chair)",
            "group delegations into blocs, each played by one seat",
            "too-many-actors",
        )


def _check_unique_ids(scenario: Scenario) -> Iterator[Problem]:
    yield from _duplicates([t.id for t in scenario.terms], ("terms",), "term")
    yield from _duplicates([a.id for a in scenario.actors], ("actors",), "actor")
    yield from _duplicates([i.id for i in scenario.injects], ("injects",), "inject")
    for index, term in enumerate(scenario.terms):
        if term.kind == "options":
            ids = [option.id for option in term.options]
            yield from _duplicates(ids, ("terms", index, "options"), "option")


def _check_terms(scenario: Scenario) -> Iterator[Problem]:
    for index, term in enumerate(scenario.terms):
        path: Path = ("terms", index)
        if isinstance(term, OptionsTerm) and len(term.options) > MAX_TERM_VALUES:
            yield Problem(
                (*path, "options"),
                f"term '{term.id}' has {len(term.options):,} options; a term may have at most "
                f"{MAX_TERM_VALUES:,}",
                "group the options, or split the term into several",
                "too-many-options",
            )
            continue
        if isinstance(term, ScaleTerm):
            if term.min >= term.max:
                yield Problem(
                    (*path, "max"),
                    f"the scale of term '{term.id}' is empty (max {term.max} <= min {term.min})",
                    "make max greater than min",
                    "empty-scale",
                )
                continue
            span = (term.max - term.min) / term.step
            scale = f"{_show(term.min)}..{_show(term.max)}"
            if span < 1 - 1e-9:
                yield Problem(
                    (*path, "step"),
                    f"step {_show(term.step)} is larger than the scale {scale}",
                    "choose a step that fits at least once between min and max",
                    "uneven-step",
                )
                continue
            if abs(span - round(span)) > 1e-9:
                yield Problem(
                    (*path, "step"),
                    f"step {_show(term.step)} does not divide the scale {scale}",
                    "choose a step that fits a whole number of times between min and max",
                    "uneven-step",
                )
                continue
            if term.steps() + 1 > MAX_TERM_VALUES:
                yield Problem(
                    (*path, "step"),
                    f"the scale of term '{term.id}' has {term.steps() + 1:,} values; a term "
                    f"may have at most {MAX_TERM_VALUES:,}",
                    "use a coarser step",
                    "scale-too-fine",
                )
                continue
            for p, point in enumerate(term.points):
                problem = value_problem(term, point.value, (*path, "points", p, "value"), "point")
                if problem:
                    yield problem
        problem = value_problem(term, term.status_quo, (*path, "status_quo"), "status quo")
        if problem:
            yield problem


def _check_positions(scenario: Scenario) -> Iterator[Problem]:
    terms = usable_terms(scenario)
    known = {term.id for term in scenario.terms}
    for a, actor in enumerate(scenario.actors):
        for term_id, position in actor.positions.items():
            path: Path = ("actors", a, "positions", term_id)
            if term_id not in known:
                yield Problem(
                    path,
                    f"position on unknown term '{term_id}'",
                    did_you_mean(term_id, known, "term"),
                    "unknown-term",
                    on_key=True,
                )
            elif term_id in terms:
                yield from _check_position(terms[term_id], position, path)


def _check_points_reservations(scenario: Scenario) -> Iterator[Problem]:
    """A walk-away point in points needs a total of points to be in, and one walk-away."""
    known = {term.id for term in scenario.terms}
    for a, actor in enumerate(scenario.actors):
        wanted = actor.reservation_points
        if wanted is None or not set(actor.positions) <= known:
            continue
        path: Path = ("actors", a, "reservation_points")
        span = points_range(scenario, actor)
        if span is None:
            yield Problem(
                path,
                f"'{actor.id}' has a walk-away point in points, but its satisfaction is not a "
                "total of points",
                "give every position a score sheet, all at one priority, or write "
                "'reservation' as a share from 0 to 1",
                "reservation-points",
            )
        elif not span[0] <= wanted <= span[1]:
            yield Problem(
                path,
                f"'{actor.id}' walks away below {_show(wanted)} points, but its score sheets "
                f"add up to between {_show(span[0])} and {_show(span[1])}",
                "choose a total within that range",
                "reservation-points",
            )
        elif "reservation" in actor.model_fields_set:
            share = with_points_reservations(scenario).actors[a].reservation
            if abs(share - actor.reservation) > 1e-9:
                yield Problem(
                    ("actors", a, "reservation"),
                    f"'{actor.id}' has both a reservation and a reservation_points that disagree",
                    "give one of them",
                    "reservation-points",
                )


def _check_voices(scenario: Scenario) -> Iterator[Problem]:
    """A delegation's own lines are never its critics' words about it."""
    for a, actor in enumerate(scenario.actors):
        for q, quote in enumerate(actor.persona.quotes):
            if quote.source is not None and quote.source.kind == "critique":
                yield Problem(
                    ("actors", a, "persona", "quotes", q, "source", "kind"),
                    f"'{actor.id}' would speak its critics' words as its own line",
                    "a critique backs a position or red line, not a persona quote",
                    "critique-voiced",
                )


def _check_position(term: Term, position: Position, path: Path) -> Iterator[Problem]:
    values: list[tuple[str, Path, TermValue]] = [("ideal", (*path, "ideal"), position.ideal)]
    if position.opening is not None:
        values.append(("opening stance", (*path, "opening"), position.opening))
    if position.acceptable is not None:
        for end in (0, 1):
            values.append(
                ("acceptable bound", (*path, "acceptable", end), position.acceptable[end])
            )
    for r, red_line in enumerate(position.red_lines):
        side, bound = red_line.bound()
        values.append((f"red line '{side}'", (*path, "red_lines", r, side), bound))
    for s, score in enumerate(position.scores):
        values.append(("scored value", (*path, "scores", s, "value"), score.value))
    bad = [value_problem(term, value, where, what) for what, where, value in values]
    yield from (problem for problem in bad if problem)
    if any(bad):
        return
    yield from _check_scores(term, position, path)
    ideal = term.index_of(position.ideal)
    assert ideal is not None
    if position.acceptable is not None:
        low, high = (term.index_of(v) for v in position.acceptable)
        assert low is not None
        assert high is not None
        if low > high:
            yield Problem(
                (*path, "acceptable"),
                f"acceptable range {list(position.acceptable)} runs backwards",
                "write it as [from, to] in the term's order",
                "range-backwards",
            )
        elif not low <= ideal <= high:
            yield Problem(
                (*path, "acceptable"),
                f"acceptable range {list(position.acceptable)} does not contain the ideal "
                f"{position.ideal!r}",
                "widen the range or move the ideal inside it",
                "ideal-outside-range",
            )
    for r, red_line in enumerate(position.red_lines):
        if crosses_red_line(term, red_line.bound(), ideal):
            yield Problem(
                (*path, "red_lines", r),
                f"the ideal {position.ideal!r} is itself behind this red line",
                "move the red line or the ideal",
                "ideal-behind-red-line",
            )


def _check_trust(scenario: Scenario) -> Iterator[Problem]:
    known = {actor.id for actor in scenario.actors}
    for a, actor in enumerate(scenario.actors):
        for other in actor.trust:
            path: Path = ("actors", a, "trust", other)
            if other not in known:
                hint = did_you_mean(other, known, "actor")
                yield Problem(
                    path,
                    f"trust toward unknown actor '{other}'",
                    hint,
                    "unknown-actor",
                    on_key=True,
                )
            elif other == actor.id:
                yield Problem(
                    path,
                    "an actor cannot list trust toward itself",
                    "remove this entry",
                    "self-trust",
                    on_key=True,
                )


def _check_rules(scenario: Scenario) -> Iterator[Problem]:
    rules = scenario.rules
    actors = {actor.id: actor for actor in scenario.actors}
    reserved = [a for a, actor in enumerate(scenario.actors) if actor.id == MODERATOR]
    for a in reserved:
        if scenario.actors[a].kind != "mediator":
            yield Problem(
                ("actors", a, "id"),
                f"the id '{MODERATOR}' is reserved for the chair",
                "give the delegation another id",
                "reserved-id",
            )
    if rules.speaking_order is not None:
        order = rules.speaking_order
        yield from _actor_refs(order, ("rules", "speaking_order"), actors, voters_only=True)
        for actor in scenario.voters():
            if actor.id not in order:
                yield Problem(
                    ("rules", "speaking_order"),
                    f"delegation '{actor.id}' is missing from the speaking order",
                    "list every state and stakeholder, or leave the order out",
                    "missing-speaker",
                )
        for i, actor_id in enumerate(order):
            if actor_id in order[:i]:
                yield Problem(
                    ("rules", "speaking_order", i),
                    f"'{actor_id}' appears twice in the speaking order",
                    "list each delegation once",
                    "duplicate-speaker",
                )
        if not order:
            yield Problem(
                ("rules", "speaking_order"),
                "the speaking order is empty",
                "list the delegations in the order they speak",
                "empty-order",
            )
    if rules.moderator is not None:
        moderator = actors.get(rules.moderator)
        if moderator is None:
            yield Problem(
                ("rules", "moderator"),
                f"unknown actor '{rules.moderator}'",
                did_you_mean(rules.moderator, actors, "actor"),
                "unknown-actor",
            )
        elif moderator.kind != "mediator":
            yield Problem(
                ("rules", "moderator"),
                f"the moderator '{moderator.id}' is a {moderator.kind}, not a mediator",
                "make the moderator an actor of kind 'mediator'",
                "moderator-not-mediator",
            )
    yield from _check_phases(rules.phases)
    for name, rule in (("decision", rules.decision), ("final_vote", rules.final_vote)):
        if rule is not None:
            yield from _check_decision(rule, ("rules", name), actors)
    if not scenario.voters():
        yield Problem(
            ("actors",),
            "no actor can vote (all are mediators)",
            "add delegations of kind 'state' or 'stakeholder'",
            "no-voters",
        )


def _check_phases(phases: Sequence[str]) -> Iterator[Problem]:
    order = ["openings", "negotiation", "final_vote"]
    for i, phase in enumerate(phases):
        if phase in phases[:i]:
            yield Problem(
                ("rules", "phases", i),
                f"phase '{phase}' appears twice",
                "list each phase once",
                "duplicate-phase",
            )
    ranks = [order.index(phase) for phase in phases]
    if ranks != sorted(ranks):
        yield Problem(
            ("rules", "phases"),
            f"phases {list(phases)} are out of order",
            "write them in the order openings, negotiation, final_vote",
            "phases-out-of-order",
        )
    if "negotiation" not in phases:
        yield Problem(
            ("rules", "phases"),
            "there is no negotiation phase",
            "add 'negotiation' to the phases",
            "no-negotiation",
        )


def _check_decision(rule: DecisionRule, path: Path, actors: dict[str, Actor]) -> Iterator[Problem]:
    if rule.method == "qualified_majority" and rule.threshold is None:
        yield Problem(
            (*path, "threshold"),
            "a qualified majority needs a threshold",
            "add e.g. 'threshold: 2/3' (a fraction is exact) or 'threshold: 0.75'",
            "missing-threshold",
            on_key=False,
        )
    if rule.method != "qualified_majority" and rule.threshold is not None:
        yield Problem(
            (*path, "threshold"),
            f"a threshold has no meaning under '{rule.method}'",
            "remove it, or use method 'qualified_majority'",
            "stray-threshold",
        )
    yield from _actor_refs(
        rule.required_parties, (*path, "required_parties"), actors, voters_only=True
    )
    for i, actor_id in enumerate(rule.required_parties):
        actor = actors.get(actor_id)
        if actor is not None and actor.role == "observer":
            yield Problem(
                (*path, "required_parties", i),
                f"'{actor_id}' is an observer and does not vote, so its yes can never come",
                "make it a party (remove 'role: observer') or drop it from required_parties",
                "observer-required",
            )
    if rule.method not in ("simple_majority", "qualified_majority") and rule.base != "cast":
        yield Problem(
            (*path, "base"),
            f"'base' has no meaning under '{rule.method}'",
            "remove it, or use a simple or qualified majority",
            "stray-base",
        )


def _actor_refs(
    ids: Iterable[str], path: Path, actors: dict[str, Actor], *, voters_only: bool
) -> Iterator[Problem]:
    for i, actor_id in enumerate(ids):
        actor = actors.get(actor_id)
        if actor is None:
            yield Problem(
                (*path, i),
                f"unknown actor '{actor_id}'",
                did_you_mean(actor_id, actors, "actor"),
                "unknown-actor",
            )
        elif voters_only and actor.kind == "mediator":
            yield Problem(
                (*path, i),
                f"'{actor_id}' is a mediator and does not take turns or vote",
                "list only states and stakeholders here",
                "mediator-as-party",
            )


def _check_scores(term: Term, position: Position, path: Path) -> Iterator[Problem]:
    """A score sheet gives each value once, every option of an options term, and its
    most points to the ideal."""
    if not position.scores:
        return
    seen: dict[int, int] = {}
    for s, score in enumerate(position.scores):
        index = term.index_of(score.value)
        assert index is not None
        if index in seen:
            yield Problem(
                (*path, "scores", s, "value"),
                f"{score.value!r} is scored twice (first in line {seen[index] + 1} of the sheet)",
                "give each value one score",
                "score-twice",
            )
        seen.setdefault(index, s)
    if isinstance(term, OptionsTerm):
        missing = [o.id for o in term.options if term.index_of(o.id) not in seen]
        if missing:
            yield Problem(
                (*path, "scores"),
                f"the score sheet leaves out {', '.join(repr(m) for m in missing)}",
                "give every option of the term its points",
                "score-missing",
            )
            return
    sheet = [(float(seen_at), position.scores[s].points) for seen_at, s in seen.items()]
    points = scored_curve(term, sheet)
    ideal = term.index_of(position.ideal)
    assert ideal is not None
    best = max(points)
    if points[ideal] < best:
        top = term.values()[points.index(best)]
        yield Problem(
            (*path, "ideal"),
            f"the ideal {position.ideal!r} scores {points[ideal]:g} points, but {top!r} scores "
            f"{best:g}",
            "make the ideal a value with the most points",
            "ideal-not-best",
        )


def _show(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)
