"""A draft analysed without the searches, for tables too large for them to finish soon.

The searches for the Nash point, the zone of agreement and a Pareto improvement grow
much faster than the table (their bounds solve a linear programme per delegation);
past some dozens of delegations they take far longer than the session itself. This
analysis keeps what grows with the table only: each delegation's satisfaction against
its walk-away point, whether the text would pass, the value created, and a Pareto
improvement found by changing one term (when none is found, the question stays open).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from simulator.analysis.bargaining import EPS, allowed_candidates
from simulator.analysis.space import Indexes, Space, scenario_space
from simulator.analysis.summary import Analysis, _view
from simulator.engine.decision import tally
from simulator.engine.state import Ballot
from simulator.scenario.common import TermValue
from simulator.scenario.model import Scenario


def quick_analysis(
    scenario: Scenario,
    draft: Mapping[str, TermValue],
    *,
    actors: Sequence[str],
    weights: Mapping[str, Sequence[float]] | None = None,
) -> Analysis:
    """Analyse ``draft`` for ``actors`` without the searches: no Nash point and no zone
    of agreement (None), Pareto-optimality settled only when one changed term is found
    to make somebody better off and nobody worse off."""
    chosen = list(actors)
    space = scenario_space(scenario, chosen, dict(weights) if weights else None)
    outcome = tuple(term.index_of(draft[term.id]) or 0 for term in scenario.terms)
    views = tuple(_view(scenario, space, a, outcome) for a in range(len(chosen)))
    ballots: dict[str, Ballot] = {v.actor: ("support" if v.acceptable else "oppose") for v in views}
    members = [a.id for a in scenario.electorate()]
    voting = {a.id: a.voting_weight for a in scenario.electorate()}
    result = tally(scenario.final_vote_rule(), ballots, members, voting)
    better = one_change_improvement(space, outcome)
    return Analysis(
        actors=views,
        passes=result.passed,
        vote_reason=result.reason,
        pareto_optimal=False,
        improvement=(
            None
            if better is None
            else {t.id: t.values()[v] for t, v in zip(scenario.terms, better, strict=True)}
        ),
        nash=None,
        nash_distance=None,
        zopa_margin=None,
        zopa_centre=None,
        value_created=sum(v.gain for v in views),
        exact=False,
        pareto_settled=better is not None,
    )


def one_change_improvement(space: Space, outcome: Indexes) -> Indexes | None:
    """The first outcome that differs from ``outcome`` in one issue, crosses nobody's
    red line, and leaves every actor at least as well off and one better off; None when
    there is none."""
    allowed = allowed_candidates(space)
    count = len(space.actors)
    for i, values in enumerate(allowed):
        here = outcome[i]
        for v in values:
            if v == here:
                continue
            deltas = [space.gains[a][i][v] - space.gains[a][i][here] for a in range(count)]
            if min(deltas) >= -EPS and max(deltas) > EPS:
                return (*outcome[:i], v, *outcome[i + 1 :])
    return None
