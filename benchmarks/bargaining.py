"""How computer delegations bargain: for each shipped scenario (and the small test
scenarios in benchmarks/scenarios/), seeded computer-played sessions, with the figures
the players are held to.

- agreement in 35-90% of sessions on every shipped scenario;
- at least 5 distinct adopted texts;
- a walk-out or a failed final vote in at least 10% of sessions;
- a public concession by every delegation in at least half of the sessions;
- where the exact analysis finds a zone of agreement (a text every voter prefers to its
  walk-away point), agreement in at least 70% of sessions, on the small scenarios too;
- at least 5 distinct adopted texts in the first 40 seeds as well;
- no explanation that says a text misses a term the wrong way, and no seed line said
  twice by one delegation in a session (``explanations.py`` counts both);
- for two-party problems, agreements on the Pareto frontier of their own table in at
  least 80% of the adopted texts (the mean distance to the Nash point is printed).

Each session plays its own table (the scenario's variation drawn from its seed), so the
zone is also looked for table by table: the share of the sessions' tables that have one,
and the agreement among those sessions, are printed beside the targets (for reading; the
targets are judged on the scenario as written).

Run alone: ``python benchmarks/bargaining.py [--seeds N] [--jobs J]`` (default 300 seeds).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from simulator.analysis.bargaining import maximin_point  # noqa: E402
from simulator.analysis.space import scenario_space  # noqa: E402
from simulator.analysis.summary import analyse_draft  # noqa: E402
from simulator.batch import Result, run_batch  # noqa: E402
from simulator.scenario.model import Scenario  # noqa: E402
from simulator.scenario_files import load_scenario  # noqa: E402
from simulator.storage.catalog import shipped_scenarios  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
import explanations  # noqa: E402

SMALL = sorted((ROOT / "benchmarks" / "scenarios").glob("*.yaml"))
"""Small scenarios written to test the players where a deal exists."""


def has_zone(scenario: Scenario) -> bool:
    """Whether some text leaves every voter above its walk-away point, red lines kept."""
    space = scenario_space(scenario)
    centre = maximin_point(space)
    return (
        centre is not None
        and min(u - r for u, r in zip(centre.utilities, space.reservations, strict=True)) > 0
    )


def two_party(scenario: Scenario, adopted: list[Result]) -> tuple[float, float]:
    """Of the adopted texts of a two-party scenario, the share on the Pareto frontier of
    their own table (its drawn numbers) and the mean distance of their utilities to that
    table's Nash point."""
    if not adopted:
        return 0.0, 0.0
    on_frontier = 0
    distances = []
    ids = [term.id for term in scenario.terms]
    for result in adopted:
        table = scenario.variant(result.seed)
        found = analyse_draft(table, dict(zip(ids, result.values, strict=True)), effort=None)
        on_frontier += found.pareto_optimal
        if found.nash_distance is not None:
            distances.append(found.nash_distance)
    return on_frontier / len(adopted), sum(distances) / max(1, len(distances))


def row(path: Path, seeds: int, jobs: int, shipped: bool) -> bool:
    """Play ``seeds`` sessions of ``path``, print its figures, and say whether it meets
    its targets."""
    scenario = load_scenario(str(path))
    zoned = {seed for seed in range(seeds) if has_zone(scenario.variant(seed))}
    settled: list[int] = []
    results: list[Result] = []

    def watch(result: Result) -> None:
        results.append(result)
        if result.adopted and result.seed in zoned:
            settled.append(result.seed)

    data = run_batch(str(path), scenario, runs=seeds, jobs=jobs, watch=watch).as_dict()
    zone = has_zone(scenario)
    checks = []
    rate = data["agreement_rate"]
    early = len({r.values for r in results if r.adopted and r.seed < 40})
    if shipped:
        checks.append(("agreement 35-90%", 0.35 <= rate <= 0.90))
        checks.append(("≥5 texts", data["distinct_adopted_packages"] >= 5))
        checks.append(("≥5 texts in 40 seeds", early >= 5))
        checks.append(("tension ≥10%", data["walkout_or_blocked_rate"] >= 0.10))
        checks.append(("all concede ≥50%", data["every_delegation_conceded_rate"] >= 0.5))
    if zone:
        checks.append(("zone: agreement ≥70%", rate >= 0.70))
    print(
        f"{path.stem:28} agreement {rate:6.1%}  texts {data['distinct_adopted_packages']:4}  "
        f"walk-out {data['walkout_rate']:6.1%}  blocked {data['blocked_final_vote_rate']:6.1%}  "
        f"all conceded {data['every_delegation_conceded_rate']:6.1%}  "
        f"moves {data['mean_moves']:6.0f}  zone {'yes' if zone else 'no '}  "
        f"{data['seconds']:5.1f} s"
    )
    among = f"{len(settled) / len(zoned):.1%}" if zoned else "-"
    print(f"{'':28} tables with a zone {len(zoned) / seeds:6.1%}, agreement at those {among}")
    said = explanations.measure(str(path), seeds, jobs)
    wrong = f"{said.wrong / said.named:.1%}" if said.named else "-"
    directed = said.named / max(1, said.explanations)
    print(
        f"{'':28} texts in the first 40 seeds {early}  concessions {said.concessions}  "
        f"explanations {said.explanations}, naming a direction {directed:.1%}, "
        f"wrong {said.wrong} ({wrong})  seed lines {said.lines}, repeated {said.repeated}  "
        f"debrief questions read out {said.asked}"
    )
    checks.append(("no wrong explanation", said.wrong == 0))
    checks.append(("no repeated line", said.repeated == 0))
    if len(scenario.electorate()) == 2:
        frontier, distance = two_party(scenario, [r for r in results if r.adopted])
        print(
            f"{'':28} agreements on the Pareto frontier {frontier:.1%}, mean distance to "
            f"the Nash point {distance:.3f}"
        )
        checks.append(("Pareto ≥80%", frontier >= 0.8))
    misses = [name for name, ok in checks if not ok]
    print(f"{'':28} targets: {'all met' if not misses else 'missed: ' + ', '.join(misses)}")
    return not misses


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=300, help="sessions per scenario")
    parser.add_argument("--jobs", type=int, default=2, help="processes")
    args = parser.parse_args(argv)
    print(f"bargaining: {args.seeds} seeded computer-played sessions per scenario")
    met = [row(path, args.seeds, args.jobs, True) for path in shipped_scenarios().values()]
    met += [row(path, args.seeds, args.jobs, False) for path in SMALL]
    print(f"  scenarios meeting every target: {sum(met)} of {len(met)}")


if __name__ == "__main__":
    main()
