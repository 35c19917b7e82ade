"""A draft treaty analysed for a debrief: who gains, by how much over their walk-away
point, whether it could pass, how far it is from the Nash bargaining point, whether
anyone could gain without another losing, and who created and claimed the value.

Each search is limited to ``REPORT_EFFORT`` partial drafts, so a debrief always
finishes; within it the analysis is exact far beyond the shipped scenarios, and past
it the analysis says so and how far the best draft of all can be from what it shows."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from simulator.analysis.bargaining import (
    Point,
    allowed_candidates,
    dominating_search,
    maximin_search,
    nash_search,
)
from simulator.analysis.space import Indexes, Space, scenario_space
from simulator.engine.decision import tally
from simulator.engine.state import Ballot
from simulator.scenario.common import TermValue
from simulator.scenario.model import Scenario
from simulator.scenario.rules import DecisionRule

REPORT_EFFORT = 200_000
"""The most partial drafts each search of a debrief's analysis examines (a few seconds
at most; counted in drafts so that the same session gives the same report anywhere)."""


@dataclass(frozen=True)
class ActorView:
    """One delegation's view of a draft."""

    actor: str
    """The delegation."""
    utility: float
    """Its utility for the draft."""
    reservation: float
    """Its walk-away point."""
    red_lines_crossed: tuple[str, ...]
    """Terms whose draft value is behind one of its red lines."""
    gain: float
    """Its utility gain over walking away, its reservation (the value it claimed): no
    agreement leaves every delegation at its walk-away point."""

    @property
    def margin(self) -> float:
        """Utility above (or, negative, below) the reservation level."""
        return self.utility - self.reservation

    @property
    def acceptable(self) -> bool:
        """Whether it would sign: no red line crossed and the reservation met."""
        return not self.red_lines_crossed and self.margin >= -1e-12


@dataclass(frozen=True)
class Analysis:
    """A draft, analysed."""

    actors: tuple[ActorView, ...]
    """Each delegation at the table."""
    passes: bool
    """Whether the draft would pass the final vote if every delegation voted for exactly
    the drafts acceptable to it."""
    vote_reason: str
    """The tally's explanation."""
    pareto_optimal: bool
    """Whether no draft crossing nobody's red line is at least as good for everyone and
    better for someone."""
    improvement: dict[str, TermValue] | None
    """Such a draft (everyone at least as well off, someone better), if there is one."""
    nash: dict[str, TermValue] | None
    """The Nash bargaining point of the delegations at the table (gains over reservation,
    red lines respected), if any draft gives everyone more than its reservation."""
    nash_distance: float | None
    """Euclidean distance in utility space from the draft to the Nash point."""
    zopa_margin: float | None
    """The best smallest margin over reservation any draft achieves (red lines respected):
    the zone of possible agreement is empty when this is negative."""
    zopa_centre: dict[str, TermValue] | None
    """The draft achieving that margin."""
    value_created: float
    """Sum over delegations of utility gained over their walk-away points."""
    exact: bool = True
    """Whether every search finished within its effort: then the Nash point, the centre
    of the zone and the Pareto check are exact; otherwise they are the best found."""
    pareto_settled: bool = True
    """Whether the Pareto check was settled (an improvement found, or none proved)."""
    nash_gap: float = 0.0
    """How much larger the log of the Nash product can be at the true Nash point than at
    the one shown (zero when exact)."""
    zopa_bound: float | None = None
    """The most the best smallest margin over reservation can be (equal to
    ``zopa_margin`` when exact)."""


def analyse_draft(
    scenario: Scenario,
    draft: Mapping[str, TermValue],
    *,
    actors: Sequence[str] | None = None,
    weights: Mapping[str, Sequence[float]] | None = None,
    rule: DecisionRule | None = None,
    effort: int | None = REPORT_EFFORT,
) -> Analysis:
    """Analyse ``draft`` (term id to value) for the given delegations (default: every
    delegation), with priorities as given (default: the scenario's), each search
    examining at most ``effort`` partial drafts (None: no limit)."""
    chosen = list(actors) if actors is not None else [a.id for a in scenario.electorate()]
    space = scenario_space(scenario, chosen, dict(weights) if weights else None)
    outcome = _outcome(scenario, draft)
    views = tuple(_view(scenario, space, a, outcome) for a in range(len(chosen)))
    ballots: dict[str, Ballot] = {v.actor: ("support" if v.acceptable else "oppose") for v in views}
    members = [a.id for a in scenario.electorate()]
    weights_by_actor = {a.id: a.voting_weight for a in scenario.electorate()}
    result = tally(rule or scenario.final_vote_rule(), ballots, members, weights_by_actor)
    per_actor = None if effort is None else max(1, effort // len(chosen))
    better, settled = dominating_search(space, outcome, allowed_candidates(space), effort=per_actor)
    nash_found = nash_search(space, effort=effort)
    centre_found = maximin_search(space, effort=effort)
    nash, centre = nash_found.point, centre_found.point
    return Analysis(
        actors=views,
        passes=result.passed,
        vote_reason=result.reason,
        pareto_optimal=better is None and settled,
        improvement=_values(scenario, better.outcome) if better else None,
        nash=_values(scenario, nash.outcome) if nash else None,
        nash_distance=_distance(space.utilities(outcome), nash) if nash else None,
        zopa_margin=(
            min(u - r for u, r in zip(centre.utilities, space.reservations, strict=True))
            if centre
            else None
        ),
        zopa_centre=_values(scenario, centre.outcome) if centre else None,
        value_created=sum(v.gain for v in views),
        exact=settled and nash_found.exact and centre_found.exact,
        pareto_settled=settled,
        nash_gap=nash_found.gap if nash is not None else 0.0,
        zopa_bound=centre_found.bound if centre is not None else None,
    )


def actor_views(
    scenario: Scenario,
    draft: Mapping[str, TermValue],
    actors: Sequence[str],
    weights: Mapping[str, Sequence[float]] | None = None,
) -> tuple[ActorView, ...]:
    """Each of ``actors``' view of ``draft`` alone (no search): for a delegation that
    left the room, what the text would have given it."""
    space = scenario_space(scenario, list(actors), dict(weights) if weights else None)
    outcome = _outcome(scenario, draft)
    return tuple(_view(scenario, space, a, outcome) for a in range(len(actors)))


def _view(scenario: Scenario, space: Space, a: int, outcome: Indexes) -> ActorView:
    crossed = tuple(
        scenario.terms[i].id for i, v in enumerate(outcome) if v in space.forbidden[a][i]
    )
    utility = space.utility(a, outcome)
    return ActorView(
        space.actors[a],
        utility,
        space.reservations[a],
        crossed,
        utility - space.reservations[a],
    )


def _outcome(scenario: Scenario, values: Mapping[str, TermValue]) -> Indexes:
    out = []
    for term in scenario.terms:
        index = term.index_of(values[term.id])
        if index is None:
            raise ValueError(f"{values[term.id]!r} is not a value of term '{term.id}'")
        out.append(index)
    return tuple(out)


def _values(scenario: Scenario, outcome: Indexes) -> dict[str, TermValue]:
    return {term.id: term.values()[v] for term, v in zip(scenario.terms, outcome, strict=True)}


def _distance(utilities: Sequence[float], point: Point) -> float:
    return math.sqrt(sum((u - p) ** 2 for u, p in zip(utilities, point.utilities, strict=True)))
