"""The table: a scenario compiled for play — indexes of terms and actors, the speaking
order, and every actor's utility tables — built once and shared by every state."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.analysis.utility import ActorUtility, utility_tables
from simulator.scenario.actors import Actor
from simulator.scenario.common import TermValue
from simulator.scenario.model import Scenario
from simulator.scenario.terms import Term


@dataclass(frozen=True, eq=False)
class Table:
    """A scenario compiled for play."""

    scenario: Scenario
    """The scenario being played."""
    terms: tuple[Term, ...]
    """The treaty's terms, in scenario order."""
    term_index: dict[str, int]
    """Position of each term id in ``terms``."""
    values: tuple[tuple[TermValue, ...], ...]
    """Every value of each term, in order."""
    voters: tuple[str, ...]
    """The delegations that take turns and vote, in scenario order."""
    order: tuple[str, ...]
    """The speaking order."""
    moderator: str
    """The id the moderator acts under."""
    utility: dict[str, ActorUtility]
    """Utility tables of each voting delegation."""
    stakes: tuple[tuple[tuple[str, int], ...], ...]
    """For each term, the (actor, position in its utility tables) of actors who care."""
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

    @staticmethod
    def of(scenario: Scenario) -> Table:
        """The table for ``scenario`` (compiled once per scenario object)."""
        cached = _CACHE.get(id(scenario))
        if cached is not None and cached.scenario is scenario:
            return cached
        table = _compile(scenario)
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[id(scenario)] = table
        return table

    def index_of(self, term_id: str, value: TermValue) -> int | None:
        """Position of ``value`` among the values of ``term_id``, or None."""
        t = self.term_index[term_id]
        if not isinstance(value, bool):
            found = self.lookup[t].get(value)
            if found is not None:
                return found
        return self.terms[t].index_of(value)

    def name(self, actor: str) -> str:
        """Display name of an actor id."""
        return self.names.get(actor, actor)

    def weight(self, actor: str) -> float:
        """The voting weight of a delegation."""
        found = self.actors.get(actor)
        return found.voting_weight if found is not None else 0.0


_CACHE: dict[int, Table] = {}


def _compile(scenario: Scenario) -> Table:
    voters = tuple(actor.id for actor in scenario.voters())
    utility = {k: v for k, v in utility_tables(scenario).items() if k in voters}
    stakes: list[list[tuple[str, int]]] = [[] for _ in scenario.terms]
    for actor_id, table in utility.items():
        for k, t in enumerate(table.terms):
            stakes[t].append((actor_id, k))
    moderator = scenario.moderator()
    names = {actor.id: actor.name for actor in scenario.actors}
    names.setdefault(moderator, "Moderator")
    index = {term.id: t for t, term in enumerate(scenario.terms)}
    return Table(
        scenario=scenario,
        terms=scenario.terms,
        term_index={term.id: t for t, term in enumerate(scenario.terms)},
        values=tuple(tuple(term.values()) for term in scenario.terms),
        voters=voters,
        order=scenario.speaking_order(),
        moderator=moderator,
        utility=utility,
        stakes=tuple(tuple(s) for s in stakes),
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
    )
