"""Negotiation problems for the comparison with NegMAS, as plain JSON specs that both
sides read, so that both negotiate exactly the same utilities.

A party's utility is additive: ``sum_i weights[i] * values[i][v_i]``, where each issue's
value table falls linearly from the party's ideal value (1) to the value farthest from
it (0) — the simulator's own utility model, written out as tables for NegMAS.
"""

from __future__ import annotations

import random
from typing import Any

from simulator.scenario.model import Scenario


def spec(
    kind: str,
    sizes: list[int],
    parties: int,
    *,
    seed: int,
    steps: int = 100,
    exponent: float = 0.2,
    reservation: float = 0.0,
) -> dict[str, Any]:
    """A random problem: ``parties`` parties with random ideals and weights."""
    rng = random.Random(seed)
    out = []
    for _ in range(parties):
        raw = [rng.uniform(0.2, 1.0) for _ in sizes]
        total = sum(raw)
        ideals = [rng.randrange(size) for size in sizes]
        out.append(
            {
                "weights": [w / total for w in raw],
                "ideals": ideals,
                "values": [_curve(size, ideal) for size, ideal in zip(sizes, ideals, strict=True)],
                "reservation": reservation,
            }
        )
    return {
        "kind": kind,
        "issues": sizes,
        "parties": out,
        "steps": steps,
        "exponent": exponent,
        "repeat": 3,
    }


def _curve(size: int, ideal: int) -> list[float]:
    farthest = max(ideal, size - 1 - ideal)
    return [1.0 - abs(v - ideal) / farthest if farthest else 1.0 for v in range(size)]


def scenario_of(problem: dict[str, Any]) -> Scenario:
    """The simulator scenario negotiating ``problem``: one options term per issue, one
    delegation per party, unanimity, negotiation rounds only."""
    sizes = problem["issues"]
    terms = [
        {
            "id": f"i{i}",
            "kind": "options",
            "name": f"Issue {i}",
            "options": [{"id": f"v{v}", "label": f"value {v}"} for v in range(size)],
            "status_quo": "v0",
        }
        for i, size in enumerate(sizes)
    ]
    actors = [
        {
            "id": f"p{p}",
            "name": f"Party {p}",
            "kind": "state",
            "reservation": party["reservation"],
            "positions": {
                f"i{i}": {"ideal": f"v{ideal}", "priority": weight}
                for i, (ideal, weight) in enumerate(
                    zip(party["ideals"], party["weights"], strict=True)
                )
            },
        }
        for p, party in enumerate(problem["parties"])
    ]
    return Scenario.model_validate(
        {
            "id": "benchmark",
            "title": "Benchmark problem",
            "summary": "Generated.",
            "terms": terms,
            "actors": actors,
            "rules": {
                "phases": ["negotiation"],
                "round_limit": problem["steps"],
                "decision": {"method": "unanimity"},
            },
        }
    )
