"""Side by side with NegMAS, in one run, on the same problems and the same kind of
players: ``python benchmarks/vs_negmas.py`` (part of ``make bench``).

NegMAS is never a dependency of the simulator: the first run creates a separate
virtualenv (``benchmarks/.negmas-venv``) and installs NegMAS there; the NegMAS side runs
in that interpreter (``negmas_side.py``) and reports back as JSON.

Cases, as the issue sets them:

- (a) small space: 7 parties, 4 issues of 5 to 11 values, additive utilities,
  time-based Boulware concession, 100 rounds;
- (b) large space: 7 parties, 9 issues of 5 to 11 values (5 x 10^7 outcomes), the same
  work on both sides: NegMAS's negotiators are the simulator's time-based player written
  for NegMAS (``PathNegotiator`` in ``negmas_side.py``), handed the concession path the
  simulator's player builds, so neither side searches the outcome space for an offer
  (the simulator's side builds its path inside its timed run; NegMAS's gets it
  ready-made). Beside the speed, the quality of each agreement: every party's utility,
  the lowest, and the distance (in utility space) to the Nash bargaining point;
- (c) the two-party Pareto frontier over 151,200 outcomes.

Each prints both sides' figures and the ratio. For (a) and (b) a round is one offer by
every party in turn (the simulator: one turn of each delegation in the speaking order);
the NegMAS side converts its steps to the same unit (see ``negmas_side.py``).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))

from problems import scenario_of, spec  # noqa: E402
from simulator.agents.driver import advance, computer_chair, computer_players  # noqa: E402
from simulator.agents.timebased import TimeBasedPlayer  # noqa: E402
from simulator.analysis.bargaining import maximin_point, nash_point, pareto_frontier  # noqa: E402
from simulator.analysis.space import Space  # noqa: E402
from simulator.engine.apply import initial_state, push  # noqa: E402
from simulator.engine.session import Session  # noqa: E402
from simulator.engine.state import State  # noqa: E402
from simulator.scenario.model import Scenario  # noqa: E402

NEGMAS_VENV = HERE / ".negmas-venv"
LOCK = HERE / "negmas-lock.txt"
"""NegMAS and everything it needs, at exact versions with hashes (``make negmas-lock``
refreshes it from ``negmas-requirements.in``)."""
BUILTINS = (
    "AspirationNegotiator",
    "BoulwareTBNegotiator",
    "ConcederTBNegotiator",
    "LinearTBNegotiator",
    "NaiveTitForTatNegotiator",
    "MiCRONegotiator",
)
"""NegMAS's own negotiators in the table of players, each with its default settings."""
WARM_UP = 0.5
"""Seconds of untimed runs before ours are timed (see ``negotiate``)."""
OUR_REPEATS = 11
"""Runs of each problem on our side, of which the median is taken. A run takes a few
milliseconds here against a tenth of a second to seconds for NegMAS (which runs the
spec's ``repeat``, 3), so more of them cost nothing and steady the median on a shared
machine. Every run starts from a new state and new players: nothing carries over."""
SMALL = [5, 7, 9, 11]
LARGE = [5, 6, 7, 8, 9, 10, 11, 5, 6]
FRONTIER = [5, 6, 7, 8, 9, 10]


def session(scenario: Scenario, exponent: float) -> tuple[float, State]:
    """One negotiation from a new state with new players: its wall time and last state."""
    state = initial_state(scenario)
    players = {a: TimeBasedPlayer(a, exponent) for a in state.table.voters}
    terms = len(scenario.terms)
    start = time.perf_counter()
    while not state.over and len(state.agreed) < terms:
        holder = state.holder()
        assert holder is not None
        move = players[holder].decide(state)
        assert move is not None
        state = push(state, move)
    return time.perf_counter() - start, state


def warm_up(run: Callable[[], object]) -> None:
    """``run`` again and again, untimed, for ``WARM_UP`` seconds (see ``negotiate``)."""
    until = time.perf_counter() + WARM_UP
    while time.perf_counter() < until:
        run()


def negotiate(problem: dict[str, Any]) -> dict[str, Any]:
    """Our side of (a) and (b): the engine with a time-based player in every seat.

    Untimed runs come first, for half a second. On this machine the first tenth of a
    second or so after this process has sat waiting (here, for NegMAS's run of several
    seconds) runs up to 50% slower, then settles; a run takes a few milliseconds, so
    without the warm-up every timed run would fall in that window. NegMAS's own runs
    last a tenth of a second to seconds each, so the window costs them little."""
    scenario = scenario_of(problem)
    warm_up(lambda: session(scenario, problem["exponent"]))
    samples = []
    for _ in range(OUR_REPEATS):
        seconds, state = session(scenario, problem["exponent"])
        samples.append(seconds)
    seconds = statistics.median(samples)
    rounds = state.round if state.phase != "over" else problem["steps"]
    agreed = len(state.agreed) == len(scenario.terms)
    outcome = [
        state.table.index_of(t.id, v) for t, v in zip(scenario.terms, state.draft, strict=True)
    ]
    return {
        "rounds": rounds,
        "seconds": seconds,
        "rounds_per_second": rounds / seconds,
        "agreement": outcome if agreed else None,
    }


def space_of(problem: dict[str, Any]) -> Space:
    parties = problem["parties"]
    return Space(
        actors=tuple(f"p{i}" for i in range(len(parties))),
        sizes=tuple(problem["issues"]),
        gains=tuple(
            tuple(
                tuple(w * x for x in values)
                for w, values in zip(p["weights"], p["values"], strict=True)
            )
            for p in parties
        ),
        forbidden=tuple(tuple(frozenset() for _ in problem["issues"]) for _ in parties),
        reservations=tuple(p["reservation"] for p in parties),
    )


def frontier(problem: dict[str, Any]) -> dict[str, Any]:
    """Our side of (c), timed after the same warm-up as ``negotiate``."""
    space = space_of(problem)
    warm_up(lambda: pareto_frontier(space, 0, 1))
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        points = pareto_frontier(space, 0, 1)
        samples.append(time.perf_counter() - start)
    return {
        "seconds": statistics.median(samples),
        "points": sorted([round(u, 9) for u in p.utilities] for p in points),
    }


def negmas_python() -> Path:
    python = NEGMAS_VENV / "bin" / "python"
    if not python.exists():
        print(
            "Installing NegMAS into benchmarks/.negmas-venv (once; it is never a "
            "dependency of the simulator)...",
            file=sys.stderr,
            flush=True,
        )
        subprocess.run([sys.executable, "-m", "venv", str(NEGMAS_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(LOCK)],
            check=True,
        )
    return python


def negmas_version(skip: bool) -> str:
    """The NegMAS version the comparison runs (``skipped`` without it)."""
    if skip:
        return "skipped"
    found = subprocess.run(
        [str(negmas_python()), "-c", "import negmas; print(negmas.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    )
    return found.stdout.strip()


def negmas(problem: dict[str, Any]) -> dict[str, Any]:
    result = subprocess.run(
        [str(negmas_python()), str(HERE / "negmas_side.py")],
        input=json.dumps(problem),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def concession_paths(problem: dict[str, Any]) -> list[dict[str, list[Any]]]:
    """Each party's concession path, as the simulator's time-based player builds it (its
    texts as value indexes, and its utility at each), for NegMAS's ``PathNegotiator``."""
    scenario = scenario_of(problem)
    state = initial_state(scenario)
    out = []
    for actor in state.table.voters:
        player = TimeBasedPlayer(actor, problem["exponent"])
        player.aspiration(state)  # the player builds its path on first use
        out.append(
            {
                "texts": [list(text) for text in player._path],
                "levels": [-fall for fall in player._falls],
            }
        )
    return out


def quality(space: Space, agreement: list[int] | None) -> tuple[list[float], float] | None:
    """Every party's utility of an agreement and its distance to the Nash point (None
    without an agreement; the distance is NaN when there is no Nash point)."""
    if agreement is None:
        return None
    utilities = list(space.utilities(agreement))
    nash = nash_point(space)
    if nash is None:
        return utilities, math.nan
    distance = math.dist(utilities, nash.utilities)
    return utilities, distance


def describe(found: tuple[list[float], float] | None) -> str:
    """The lowest utility, the distance to the Nash point and every utility."""
    if found is None:
        return "no agreement"
    utilities, distance = found
    every = " ".join(f"{u:.2f}" for u in utilities)
    return f"lowest {min(utilities):.3f}, to Nash {distance:.3f} [{every}]"


def report_negotiation(label: str, sizes: list[int], target: float, seeds: int, skip: bool) -> None:
    outcomes = 1
    for size in sizes:
        outcomes *= size
    print(
        f"({label}) 7 parties, {len(sizes)} issues of {min(sizes)} to {max(sizes)} values "
        f"({outcomes:,} outcomes), Boulware, 100 rounds"
    )
    same_work = label == "b"
    if same_work:
        print("  the same concession paths on both sides (NegMAS's PathNegotiator)")
    ratios = []
    same = 0
    for seed in range(seeds):
        for reservation in (0.0, 0.55):
            problem = spec("negotiation", sizes, 7, seed=seed, reservation=reservation)
            if same_work:
                problem["strategy"] = "path"
                problem["paths"] = concession_paths(problem)
            ours = negotiate(problem)
            zopa = maximin_point(space_of(problem))
            feasible = (
                zopa is not None
                and min(
                    u - r
                    for u, r in zip(zopa.utilities, space_of(problem).reservations, strict=True)
                )
                >= 0
            )
            line = (
                f"  seed {seed}, reservation {reservation:.2f}: ours "
                f"{ours['rounds_per_second']:9,.0f} rounds/s, "
                f"{'agreement' if ours['agreement'] else 'no agreement'} "
                f"after {ours['rounds']} rounds (zone of agreement: "
                f"{'yes' if feasible else 'no'})"
            )
            if not skip:
                theirs = negmas(problem)
                ratio = ours["rounds_per_second"] / theirs["rounds_per_second"]
                ratios.append(ratio)
                same += (ours["agreement"] is None) == (theirs["agreement"] is None)
                line += (
                    f"; NegMAS {theirs['rounds_per_second']:7,.1f} rounds/s, "
                    f"{'agreement' if theirs['agreement'] else 'no agreement'}"
                    f"{' after ' + str(theirs['steps']) + ' steps' if same_work else ''}; "
                    f"ratio {ratio:,.0f}x"
                )
                space = space_of(problem)
                mine = quality(space, ours["agreement"])
                their = quality(space, theirs["agreement"])
                line += f"\n    ours:   {describe(mine)}\n    NegMAS: {describe(their)}"
            print(line, flush=True)
    if ratios:
        aim = (
            "the same work on both sides; the earlier target of 200x was set when NegMAS "
            "searched for its offers and ours did not"
            if same_work
            else f"target >= {target:.0f}x"
        )
        print(
            f"  median ratio {statistics.median(ratios):,.0f}x ({aim}); "
            f"agreement reached in the same cases: {same} of {len(ratios)}"
        )
    if ratios and same_work:
        print(
            "  which side's agreement is better here says nothing about the players: both "
            "follow the same paths, and they part only where their clocks do (ours moves "
            "at rounds 1..100, NegMAS's relative time is (step + 1) / 101)"
        )


def delegations(problem: dict[str, Any], facilitator: bool) -> dict[str, Any]:
    """Our ``DelegationPlayer`` in every seat, with the computer chair (the facilitator)
    or with no chair: its wall time, the rounds it ran and the agreement."""
    scenario = scenario_of(problem)
    start = time.perf_counter()
    session = Session(scenario, seed=problem.get("seed", 0))
    players = computer_players(scenario, {}, session.seed)
    advance(session, players, computer_chair(scenario) if facilitator else None)
    seconds = time.perf_counter() - start
    state = session.state
    adopted = state.outcome is not None and state.outcome.adopted
    rounds = max(1, state.round)
    return {
        "rounds_per_second": rounds / seconds,
        "agreement": list(state.indexes) if adopted else None,
    }


def report_players(seeds: int, builtins: tuple[str, ...], skip: bool) -> None:
    """Our players against NegMAS's own negotiators on the problems of (b)."""
    print(
        f"players on the problems of (b) ({seeds} seed(s) x reservations 0 and 0.55; 7 parties, "
        "5 x 10^7 outcomes, 100 rounds): agreements; the worst-off party's payoff on each "
        "problem (its utility of the agreement, or its reservation without one) and their "
        "mean; the distance to the Nash point (mean over agreements); rounds/s (median)"
    )
    rows: dict[str, list[tuple[float, float | None, float]]] = {}
    repeatable: list[bool] = []

    def add(label: str, space: Space, agreement: list[int] | None, rate: float) -> None:
        found = quality(space, agreement)
        if found is None:
            payoff, distance = min(space.reservations), None
        else:
            payoff, distance = min(found[0]), found[1]
        rows.setdefault(label, []).append((payoff, distance, rate))

    for seed in range(seeds):
        for reservation in (0.0, 0.55):
            problem = spec("negotiation", LARGE, 7, seed=seed, reservation=reservation)
            space = space_of(problem)
            for facilitator in (True, False):
                label = "ours: DelegationPlayer " + ("+ facilitator" if facilitator else "alone")
                found = delegations(problem, facilitator)
                add(label, space, found["agreement"], found["rounds_per_second"])
            if skip:
                continue
            for name in builtins:
                one = {**problem, "strategy": "builtin", "negotiator": name, "repeat": 1}
                theirs = negmas(one)
                add(f"NegMAS: {name}", space, theirs["agreement"], theirs["rounds_per_second"])
                if name == "AspirationNegotiator":
                    repeatable.append(negmas(one)["agreement"] == theirs["agreement"])
    width = max(len(label) for label in rows)
    for label, found in rows.items():
        distances = [d for _, d, _ in found if d is not None and not math.isnan(d)]
        payoffs = " ".join(f"{payoff:.3f}" for payoff, _, _ in found)
        nash = f"to Nash {statistics.mean(distances):.3f}" if distances else "to Nash -"
        print(
            f"  {label:<{width}}  {sum(d is not None for _, d, _ in found)} of {len(found)} "
            f"agree; worst-off [{payoffs}] mean {statistics.mean(p for p, _, _ in found):.3f}; "
            f"{nash}; {statistics.median(r for _, _, r in found):,.1f} rounds/s"
        )
    if repeatable:
        print(
            f"  NegMAS's AspirationNegotiator, the same seeded problem run twice: the same "
            f"agreement in {sum(repeatable)} of {len(repeatable)} problems"
        )


def report_frontier(skip: bool) -> None:
    problem = spec("frontier", FRONTIER, 2, seed=3)
    ours = frontier(problem)
    print(
        f"(c) two-party Pareto frontier over 151,200 outcomes: ours "
        f"{ours['seconds'] * 1000:.2f} ms, {len(ours['points'])} points",
        end="",
    )
    if skip:
        print()
        return
    theirs = negmas(problem)
    same = ours["points"] == sorted(theirs["points"])
    print(
        f"; NegMAS {theirs['seconds']:.2f} s, {len(theirs['points'])} points; ratio "
        f"{theirs['seconds'] / ours['seconds']:,.0f}x (target >= 10x); frontier points "
        f"{'equal' if same else 'DIFFER'}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--skip-negmas", action="store_true", help="measure only the simulator's side"
    )
    parser.add_argument("--seeds", type=int, default=2, help="problems per case (default 2)")
    parser.add_argument(
        "--quick", action="store_true", help="one seed, and three of NegMAS's negotiators"
    )
    args = parser.parse_args(argv)
    seeds = 1 if args.quick else args.seeds
    builtins = BUILTINS[:2] + BUILTINS[4:5] if args.quick else BUILTINS
    print(f"NegMAS {negmas_version(args.skip_negmas)}, from {LOCK.name}")
    report_negotiation("a", SMALL, 20, seeds, args.skip_negmas)
    report_negotiation("b", LARGE, 200, seeds, args.skip_negmas)
    report_players(seeds, builtins, args.skip_negmas)
    report_frontier(args.skip_negmas)


if __name__ == "__main__":
    main()
