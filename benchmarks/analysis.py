"""The analysis on generated scenarios: ``python benchmarks/analysis.py`` (part of
``make bench``).

Scenarios in the classroom's format (terms of 4 options, a 13-year deadline scale as
every 10th term), 7 delegations with a position on every term, ideals and priorities
drawn at random, reservations of 0.3 to 0.5; once with no red lines and once with a red
line on 10% of the positions. For each, the three searches of a debrief (the Nash point,
the centre of the zone of agreement, and the Pareto check of the Nash point, the hardest
case: a Pareto-optimal draft must be proved so) each get a budget of ``--budget``
seconds (2 by default). Printed per scenario: the time of each search, whether it
finished (exact) and, if not, its proven bound: how many times larger the Nash product
of the true Nash point can be, and how much larger the best smallest margin.

Then the computer chair's first compromise text on sixty-term tables of 7 and 25
delegations without red lines, within its fixed effort.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from simulator.agents.mediator import CHAIR_EFFORT, MediatorPlayer
from simulator.analysis.bargaining import (
    allowed_candidates,
    dominating_search,
    maximin_search,
    nash_search,
)
from simulator.analysis.space import scenario_space
from simulator.engine.apply import initial_state
from simulator.scenario.model import Scenario

TERMS = [11, 15, 20, 25, 30, 60]
RED_LINES = [0.0, 0.1]


def generated(terms: int, delegations: int = 7, red_lines: float = 0.0, seed: int = 0) -> Scenario:
    """A scenario in the classroom's format with random ideals, priorities and
    reservations, and a red line (one value, never the ideal) on ``red_lines`` of the
    positions."""
    rng = random.Random(seed)

    def value(t: int, v: int) -> Any:
        return 2028 + v if t % 10 == 9 else f"o{v}"

    term_list: list[dict[str, Any]] = [
        {"id": f"t{t}", "kind": "scale", "name": f"Deadline {t}", "min": 2028, "max": 2040}
        | {"step": 1, "status_quo": 2040}
        if t % 10 == 9
        else {"id": f"t{t}", "kind": "options", "name": f"Term {t}", "status_quo": "o0"}
        | {"options": [{"id": f"o{v}", "label": f"Option {v}"} for v in range(4)]}
        for t in range(terms)
    ]
    actors = []
    for a in range(delegations):
        positions = {}
        for t in range(terms):
            size = 13 if t % 10 == 9 else 4
            ideal = rng.randrange(size)
            position: dict[str, Any] = {"ideal": value(t, ideal), "priority": rng.randint(1, 5)}
            if rng.random() < red_lines:
                crossed = rng.choice([v for v in range(size) if v != ideal])
                position["red_lines"] = [{"value": value(t, crossed), "reason": "generated"}]
            positions[f"t{t}"] = position
        actors.append(
            {"id": f"d{a}", "name": f"Delegation {a}", "kind": "state"}
            | {"reservation": rng.choice([0.3, 0.4, 0.5]), "positions": positions}
        )
    actors.append({"id": "chair", "name": "Chair", "kind": "mediator"})
    return Scenario.model_validate(
        {
            "id": "generated",
            "title": "Generated",
            "summary": "Generated for the benchmark.",
            "terms": term_list,
            "actors": actors,
            "rules": {"round_limit": 10, "decision": {"method": "unanimity"}},
        }
    )


def timed(run: Any) -> tuple[float, Any]:
    """``run()``'s wall time and result."""
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def analyse(terms: int, red_lines: float, budget: float) -> None:
    """One line: the three searches on one generated scenario."""
    space = scenario_space(generated(terms, red_lines=red_lines))
    t_nash, nash = timed(lambda: nash_search(space, budget=budget))
    t_centre, centre = timed(lambda: maximin_search(space, budget=budget))
    if nash.point is not None:
        t_pareto, (better, settled) = timed(
            lambda: dominating_search(
                space, nash.point.outcome, allowed_candidates(space), budget=budget
            )
        )
        pareto = "improvable" if better else ("optimal" if settled else "unsettled")
    else:
        t_pareto, pareto = 0.0, "no Nash point"
    nash_note = "exact" if nash.exact else f"within x{math.exp(nash.gap):.4f}"
    centre_note = "exact" if centre.exact else f"within {centre.gap:.4f}"
    total = t_nash + t_centre + t_pareto
    print(
        f"  {terms:2d} terms, {space.size():9.2e} drafts, red lines "
        f"{red_lines:3.0%}: {total:6.3f} s (Nash {t_nash:.3f} s {nash_note}; centre "
        f"{t_centre:.3f} s {centre_note}; Pareto check {t_pareto:.3f} s: {pareto})",
        flush=True,
    )


def chair(delegations: int) -> None:
    """The chair's first compromise text on a sixty-term table without red lines."""
    scenario = generated(60, delegations=delegations)
    state = initial_state(scenario)
    seconds, text = timed(lambda: MediatorPlayer("chair").compromise(state))
    print(
        f"  chair, {delegations} delegations x 60 terms, no red lines: {seconds:.3f} s "
        f"for a text changing {len(text or {})} terms (effort {CHAIR_EFFORT:,} drafts)",
        flush=True,
    )


def main(argv: list[str] | None = None) -> None:
    """Every scenario size, both red-line densities, then the chair."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--budget", type=float, default=2.0, help="seconds per search")
    args = parser.parse_args(argv)
    print(
        f"Analysis of generated scenarios, 7 delegations, {args.budget:g} s budget per "
        "search (target: exact within 2 s up to 1e9 drafts; a proven bound beyond)"
    )
    for red_lines in RED_LINES:
        for terms in TERMS:
            analyse(terms, red_lines, args.budget)
    for delegations in (7, 25):
        chair(delegations)


if __name__ == "__main__":
    main()
