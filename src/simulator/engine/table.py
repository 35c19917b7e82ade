"""The table: a scenario compiled for play — indexes of terms and actors, the speaking
order, and every actor's utility tables — built once per session and shared by its states.

Nothing here is kept behind the caller's back: a session compiles its table (or derives
it from a table its caller compiled once for many sessions, ``Table.varied``), and the
gains of a set of priority weights travel with the weights themselves (``Weights``)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from operator import getitem

from simulator.scenario.actors import Actor
from simulator.scenario.common import TermValue
from simulator.scenario.injects import Conditional, Inject, Scheduled
from simulator.scenario.model import Scenario
from simulator.scenario.terms import Term
from simulator.scenario.utility import ActorUtility, reprioritised, utility_tables


@dataclass(frozen=True, eq=False)
class Table:
    """A scenario compiled for play."""

    scenario: Scenario
    """The scenario being played."""
    terms: tuple[Term, ...]
    """The treaty's terms, in scenario order."""
    term_index: dict[str, int]
    """Position of each term id in ``terms``."""
    ids: tuple[str, ...]
    """The terms' ids, in scenario order."""
    values: tuple[tuple[TermValue, ...], ...]
    """Every value of each term, in order."""
    voters: tuple[str, ...]
    """The delegations at the table, who take turns, in scenario order (observers
    included: see ``electorate``)."""
    electorate: tuple[str, ...]
    """The delegations that vote and sign, in scenario order: ``voters`` less observers."""
    order: tuple[str, ...]
    """The speaking order."""
    moderator: str
    """The id the moderator acts under."""
    utility: dict[str, ActorUtility]
    """Utility tables of each voting delegation."""
    names: dict[str, str] = field(default_factory=dict)
    """Display name of each actor id (and of the moderator)."""
    lookup: tuple[dict[TermValue, int], ...] = ()
    """For each term, the position of each of its values, for fast lookups."""
    actors: dict[str, Actor] = field(default_factory=dict)
    """Every actor's record, by id."""
    openings: dict[str, dict[str, int]] = field(default_factory=dict)
    """Each delegation's opening stance on each of its terms, as a value position."""
    slot: dict[str, dict[int, int]] = field(default_factory=dict)
    """For each delegation, where each of its terms sits in its utility tables."""
    conditionals: tuple[Inject, ...] = ()
    """The injects that fire on a condition, in scenario order."""
    scheduled: dict[int, tuple[Inject, ...]] = field(default_factory=dict)
    """The injects scheduled for each round, in scenario order."""
    lines: tuple[tuple[tuple[int, ...], ...] | None, ...] = ()
    """For each term (None when no delegation has a red line on it), for each value, a
    1 for each voter, in ``voters`` order, whose red line the value crosses."""
    lined: tuple[int, ...] = ()
    """The terms on which some delegation has a red line."""

    @staticmethod
    def of(scenario: Scenario) -> Table:
        """The table for ``scenario``, compiled now (a few milliseconds for the classroom:
        whoever plays many sessions of one scenario compiles it once and hands it to each
        session, which derives its own seed's table from it with ``varied``)."""
        return _compile(scenario)

    def varied(self, scenario: Scenario) -> Table:
        """The table of ``scenario``, a variant of this table's scenario (``Scenario.variant``
        and a round limit: the same terms, injects and delegations, whose priorities,
        walk-away points and flexibility may differ, and rules that may differ): what the
        variant keeps is shared with this table, and only the delegations' priorities,
        walk-away points and the rules' speaking order are worked out again."""
        if scenario is self.scenario:
            return self
        base = self.scenario
        if (
            scenario.terms is not base.terms
            or scenario.injects is not base.injects
            or [a.id for a in scenario.actors] != [a.id for a in base.actors]
        ):
            return _compile(scenario)
        actors = {actor.id: actor for actor in scenario.actors}
        utility = {
            a: reprioritised(u, actors[a]) if actors[a] is not self.actors[a] else u
            for a, u in self.utility.items()
        }
        return replace(
            self,
            scenario=scenario,
            order=scenario.speaking_order(),
            moderator=scenario.moderator(),
            utility=utility,
            actors=actors,
        )

    def index_of(self, term_id: str, value: TermValue) -> int | None:
        """Position of ``value`` among the values of ``term_id``, or None."""
        t = self.term_index[term_id]
        if not isinstance(value, bool):
            found = self.lookup[t].get(value)
            if found is not None:
                return found
        return self.terms[t].index_of(value)

    def write(
        self, indexes: tuple[int, ...], values: Mapping[str, TermValue]
    ) -> tuple[int, ...] | None:
        """The draft ``indexes`` with ``values`` written in, or None when one of them
        names no term or is no value of its term."""
        at: list[int] | None = list(indexes)
        index = self.term_index
        lookups = self.lookup
        for term, value in values.items():
            t = index.get(term)
            found = None
            if t is not None and value.__class__ is not bool:
                found = lookups[t].get(value)
                if found is None:
                    found = self.terms[t].index_of(value)
            if found is None:
                at = None
                break
            at[t] = found  # type: ignore[index]
        return tuple(at) if at is not None else None

    def weigh(self, weights: Mapping[str, Sequence[float]]) -> Weights:
        """``weights`` (each voting delegation's normalised priority weights, aligned with
        its utility tables) as a record that carries the gains they give every value."""
        kept = {a: tuple(weights[a]) for a in self.voters if a in weights}
        # each voter's column of weighted satisfactions per term, then the rows across
        columns: list[list[tuple[float, ...]]] = [[] for _ in self.values]
        for a in self.voters:
            mine = self.utility[a]
            slots = self.slot[a]
            for t, term_values in enumerate(self.values):
                k = slots.get(t)
                if k is None:
                    columns[t].append((0.0,) * len(term_values))
                else:
                    w = kept[a][k]
                    columns[t].append(tuple(w * c for c in mine.curves[k]))
        rows = [tuple(zip(*column, strict=True)) for column in columns]
        base = tuple(0.0 if self.utility[a].terms else 1.0 for a in self.voters)
        return Weights(kept, Gains(tuple(rows), base, any(base)))

    def reweigh(self, weights: Weights, changed: Mapping[str, Sequence[float]]) -> Weights:
        """``weights`` with some delegations' weights replaced by ``changed``: only the
        gains of those delegations' terms are worked out again (an inject that reweighs
        one delegation's priorities touches its column of the table, not the table)."""
        kept = dict(weights.items())
        rows = list(weights.gains.rows)
        for a, new in changed.items():
            kept[a] = tuple(new)
            column = self.voters.index(a)
            mine = self.utility[a]
            for k, t in enumerate(mine.terms):
                w = kept[a][k]
                rows[t] = tuple(
                    (*row[:column], w * c, *row[column + 1 :])
                    for row, c in zip(rows[t], mine.curves[k], strict=True)
                )
        gains = weights.gains
        return Weights(kept, Gains(tuple(rows), gains.base, gains.anyone_without_terms))

    def score(
        self, weights: Mapping[str, Sequence[float]], at: tuple[int, ...]
    ) -> tuple[dict[str, float], dict[str, int]]:
        """Every voter's utility and red lines crossed for the draft with value indexes
        ``at`` (one per term), under ``weights`` (a state's ``Weights``, whose gains are
        used as they are; any other mapping is weighed first). Drafts come back again and
        again in a negotiation, so each ``Weights`` keeps the answers for its latest few
        thousand (the records returned are shared and must not be changed)."""
        gains = (weights if isinstance(weights, Weights) else self.weigh(weights)).gains
        found = gains.scores.get(at)
        if found is not None:
            return found
        voters = self.voters
        rows: Iterable[tuple[float, ...]] = map(getitem, gains.rows, at)
        if gains.anyone_without_terms:
            rows = itertools.chain((gains.base,), rows)
        # every row has one entry per voter (strict checks cost a fifth of the sum)
        utilities: dict[str, float] = dict(
            zip(voters, map(sum, zip(*rows, strict=False)), strict=False)
        )
        crossed: dict[str, int]
        if self.lined:
            lines = [self.lines[t][at[t]] for t in self.lined]  # type: ignore[index]
            crossed = dict(zip(voters, map(sum, zip(*lines, strict=True)), strict=True))
        else:
            crossed = dict.fromkeys(voters, 0)
        if len(gains.scores) >= SCORES_KEPT:
            gains.scores.clear()
        gains.scores[at] = (utilities, crossed)
        return utilities, crossed

    def name(self, actor: str) -> str:
        """Display name of an actor id."""
        return self.names.get(actor, actor)

    def weight(self, actor: str) -> float:
        """The voting weight of a delegation."""
        found = self.actors.get(actor)
        return found.voting_weight if found is not None else 0.0


@dataclass(frozen=True, slots=True)
class Gains:
    """What each value of each term adds to every voter's utility, under one set of
    priority weights: a utility is the sum of one row per term, so a draft's utilities
    for all voters are computed together."""

    rows: tuple[tuple[tuple[float, ...], ...], ...]
    """For each term, for each value, the weighted satisfaction of each voter (in
    ``Table.voters`` order; 0 for voters without a position on the term)."""
    base: tuple[float, ...]
    """Each voter's utility before any term: 1 for a voter with no positions at all
    (every draft satisfies it), else 0."""
    anyone_without_terms: bool = False
    """Whether some voter has no positions at all (its base is then counted)."""
    scores: dict[tuple[int, ...], tuple[dict[str, float], dict[str, int]]] = field(
        default_factory=dict
    )
    """Utilities and red lines crossed of the drafts scored lately under these gains, by
    value indexes: filled by ``Table.score`` and dropped with the gains (a new set of
    weights starts empty). Only the session whose states hold these weights uses it."""


class Weights(Mapping[str, tuple[float, ...]]):
    """Each voting delegation's normalised priority weights (aligned with its utility
    tables), read-only, with the gains they give every value of every term: a state's
    ``weights``, made by ``Table.weigh`` and ``Table.reweigh`` of the session's table."""

    __slots__ = ("_weights", "gains")

    def __init__(self, weights: dict[str, tuple[float, ...]], gains: Gains) -> None:
        self._weights = weights
        self.gains = gains
        """What each value adds to every voter's utility under these weights."""

    def __getitem__(self, actor: str) -> tuple[float, ...]:
        return self._weights[actor]

    def __iter__(self) -> Iterator[str]:
        return iter(self._weights)

    def __len__(self) -> int:
        return len(self._weights)

    def __repr__(self) -> str:
        return f"Weights({self._weights!r})"


SCORES_KEPT = 2048
"""How many scored drafts ``Table.score`` keeps under one set of weights."""


def _compile(scenario: Scenario) -> Table:
    voters = tuple(actor.id for actor in scenario.voters())
    utility = {k: v for k, v in utility_tables(scenario).items() if k in voters}
    moderator = scenario.moderator()
    names = {actor.id: actor.name for actor in scenario.actors}
    names.setdefault(moderator, "Moderator")
    index = {term.id: t for t, term in enumerate(scenario.terms)}
    lines = _lines(scenario, voters, utility)
    return Table(
        scenario=scenario,
        terms=scenario.terms,
        term_index={term.id: t for t, term in enumerate(scenario.terms)},
        ids=tuple(term.id for term in scenario.terms),
        values=tuple(tuple(term.values()) for term in scenario.terms),
        voters=voters,
        electorate=tuple(actor.id for actor in scenario.electorate()),
        order=scenario.speaking_order(),
        moderator=moderator,
        utility=utility,
        names=names,
        lookup=tuple({v: i for i, v in enumerate(term.values())} for term in scenario.terms),
        actors={actor.id: actor for actor in scenario.actors},
        openings={
            actor.id: {
                term_id: scenario.terms[index[term_id]].index_of(
                    p.opening if p.opening is not None else p.ideal
                )
                or 0
                for term_id, p in actor.positions.items()
            }
            for actor in scenario.actors
            if actor.id in voters
        },
        slot={a: {t: k for k, t in enumerate(u.terms)} for a, u in utility.items()},
        conditionals=tuple(i for i in scenario.injects if isinstance(i.trigger, Conditional)),
        scheduled={
            r: tuple(
                i
                for i in scenario.injects
                if isinstance(i.trigger, Scheduled) and i.trigger.round == r
            )
            for r in {i.trigger.round for i in scenario.injects if isinstance(i.trigger, Scheduled)}
        },
        lines=lines,
        lined=tuple(t for t, line in enumerate(lines) if line is not None),
    )


def _lines(
    scenario: Scenario, voters: tuple[str, ...], utility: dict[str, ActorUtility]
) -> tuple[tuple[tuple[int, ...], ...] | None, ...]:
    out: list[tuple[tuple[int, ...], ...] | None] = []
    for t, term in enumerate(scenario.terms):
        slots = [utility[a].terms.index(t) if t in utility[a].terms else None for a in voters]
        forbidden = [
            utility[a].forbidden[k] if k is not None else frozenset()
            for a, k in zip(voters, slots, strict=True)
        ]
        if not any(forbidden):
            out.append(None)
            continue
        out.append(tuple(tuple(int(v in f) for f in forbidden) for v in range(len(term.values()))))
    return tuple(out)
