"""A debrief's analysis within a limited effort: exact when the searches finish, and
otherwise honest about it, with bounds that hold."""

from __future__ import annotations

import random
from typing import Any

from simulator.analysis.bargaining import maximin_search, nash_search
from simulator.analysis.space import scenario_space
from simulator.analysis.summary import analyse_draft
from simulator.scenario.model import Scenario


def wide_scenario(terms: int, delegations: int = 7, seed: int = 0) -> Scenario:
    """Delegations with a position on every one of ``terms`` four-option terms and no
    red lines: the kind of table whose centre takes the longest to prove."""
    rng = random.Random(seed)
    actors: list[dict[str, Any]] = [
        {
            "id": f"d{a}",
            "name": f"Delegation {a}",
            "kind": "state",
            "reservation": 0.4,
            "positions": {
                f"t{t}": {"ideal": f"o{rng.randrange(4)}", "priority": rng.randint(1, 5)}
                for t in range(terms)
            },
        }
        for a in range(delegations)
    ]
    return Scenario.model_validate(
        {
            "id": "wide",
            "title": "Wide",
            "summary": "Many terms, no red lines.",
            "terms": [
                {
                    "id": f"t{t}",
                    "kind": "options",
                    "name": f"Term {t}",
                    "status_quo": "o0",
                    "options": [{"id": f"o{v}", "label": f"Option {v}"} for v in range(4)],
                }
                for t in range(terms)
            ],
            "actors": actors,
            "rules": {"decision": {"method": "unanimity"}},
        }
    )


def test_an_analysis_cut_short_says_so_and_its_bounds_hold() -> None:
    """With an effort of one partial draft on a 40-term table, the analysis is not exact,
    says so, and its bound on the best smallest margin is at least the margin the full
    search finds; the Nash point it shows is within its gap of the true one."""
    scenario = wide_scenario(40)
    draft = {t.id: t.status_quo for t in scenario.terms}
    short = analyse_draft(scenario, draft, effort=1)
    assert not short.exact
    assert short.zopa_margin is not None
    assert short.zopa_bound is not None
    space = scenario_space(scenario)
    full = maximin_search(space, budget=None, effort=200_000)
    assert short.zopa_bound >= full.score - 1e-9
    assert short.zopa_margin <= full.score + 1e-9
    nash = nash_search(space)
    assert nash.exact
    assert nash.point is not None
    assert short.nash is not None
    shown = nash_search(space, effort=1)
    assert shown.score + shown.gap >= nash.score - 1e-9


def test_an_analysis_within_its_effort_is_exact() -> None:
    """On a small table every search finishes: the analysis is exact and the bound on
    the smallest margin is the margin itself."""
    scenario = wide_scenario(6)
    analysis = analyse_draft(scenario, {t.id: t.status_quo for t in scenario.terms})
    assert analysis.exact
    assert analysis.pareto_settled
    assert analysis.nash_gap == 0.0
    assert analysis.zopa_bound == analysis.zopa_margin
