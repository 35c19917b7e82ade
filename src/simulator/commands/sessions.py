"""``simulator run`` and ``batch``: sessions played by the computer in every seat."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from simulator.commands import EXIT_INVALID, EXIT_OK, positive
from simulator.plaintext import control_character, one_line


def register(verbs: Any) -> None:
    """Add the headless session verbs to the parser."""
    run = verbs.add_parser(
        "run",
        help="play a whole session with the computer in every seat",
        description="Play a session of SCENARIO with the computer in every seat and in the "
        "chair, and print the transcript and the outcome. The same seed gives the same "
        "output, byte for byte.",
        epilog="SCENARIO is a scenario file or the name of a shipped scenario "
        "(default: quantum-classroom).",
    )
    run.add_argument("scenario", nargs="?", metavar="SCENARIO", help="scenario file or name")
    run.add_argument(
        "--seed", type=int, default=0, help="seed for the computer players (default: 0)"
    )
    run.add_argument(
        "--rounds", type=_rounds, metavar="R", help="negotiation rounds (default: the scenario's)"
    )
    run.add_argument(
        "--log",
        metavar="PATH",
        help="also save the session: a .jsonl path, or a "
        "name for the sessions folder (see simulator sessions); an existing file is "
        "never replaced unless --force is given and it is a saved session",
    )
    run.add_argument(
        "--force",
        action="store_true",
        help="with --log: replace a saved session of that name",
    )
    run.add_argument(
        "--json",
        action="store_true",
        help="print the outcome as one JSON object instead of the transcript",
    )
    run.set_defaults(run=_run)

    batch = verbs.add_parser(
        "batch",
        help="play many seeded sessions and summarise the outcomes",
        description="Play N sessions of SCENARIO (seeds S, S+1, ...) with the computer in "
        "every seat, across worker processes, and print the distribution of outcomes: "
        "agreement rate, adopted value per term, utility per delegation.",
    )
    batch.add_argument("scenario", nargs="?", metavar="SCENARIO", help="scenario file or name")
    batch.add_argument(
        "--runs", type=positive, default=100, metavar="N", help="number of sessions (default: 100)"
    )
    batch.add_argument(
        "--jobs",
        type=positive,
        default=None,
        metavar="J",
        help="worker processes (default: one per core)",
    )
    batch.add_argument("--seed", type=int, default=0, metavar="S", help="first seed (default: 0)")
    batch.add_argument(
        "--rounds", type=_rounds, metavar="R", help="negotiation rounds (default: the scenario's)"
    )
    batch.add_argument("--json", action="store_true", help="print the summary as JSON")
    batch.add_argument("--quiet", action="store_true", help="no progress bar")
    batch.set_defaults(run=_batch)


def _rounds(text: str) -> int:
    value = positive(text)
    if value > 1000:
        raise argparse.ArgumentTypeError("at most 1000 rounds")
    return value


def load(name: str | None) -> Any:
    """The scenario named on the command line, or None after printing why it cannot be."""
    from simulator.scenario_files import ScenarioError, load_scenario
    from simulator.storage.catalog import ScenarioNotFound, resolve

    try:
        return load_scenario(str(resolve(name)))
    except ScenarioNotFound as error:
        print(f"simulator: {error}", file=sys.stderr)
    except ScenarioError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
    return None


def _run(args: argparse.Namespace) -> int:
    from simulator.agents.driver import run_session
    from simulator.engine.errors import LogError
    from simulator.report.outcome import outcome_object
    from simulator.report.transcript import render_transcript
    from simulator.storage.catalog import resolve
    from simulator.storage.sessions import save_log, session_path

    scenario = load(args.scenario)
    if scenario is None:
        return EXIT_INVALID
    path = session_path(args.log) if args.log else None
    if args.log and control_character(args.log, lines=False) is not None:
        print(
            f"{one_line(args.log)}: a session's name cannot hold control characters",
            file=sys.stderr,
        )
        return EXIT_INVALID
    if path is not None and not args.force and os.path.lexists(path):
        print(
            f"{path}: a file already exists there; choose another name, or add --force to "
            "replace a saved session",
            file=sys.stderr,
        )
        return EXIT_INVALID
    session = run_session(scenario, seed=args.seed, round_limit=args.rounds)
    if path is not None:
        try:
            save_log(path, session, scenario_path=str(resolve(args.scenario)), force=args.force)
        except LogError as error:
            print(error, file=sys.stderr)
            return EXIT_INVALID
        except OSError as error:
            print(f"{path}: cannot write the log ({error.strerror or error})", file=sys.stderr)
            return EXIT_INVALID
    if args.json:
        print(json.dumps(outcome_object(session), ensure_ascii=False))
    else:
        sys.stdout.write(render_transcript(session))
    return EXIT_OK


def _batch(args: argparse.Namespace) -> int:
    from simulator.batch import run_batch
    from simulator.storage.catalog import resolve

    scenario = load(args.scenario)
    if scenario is None:
        return EXIT_INVALID
    summary = run_batch(
        str(resolve(args.scenario)),
        scenario,
        runs=args.runs,
        jobs=args.jobs,
        first_seed=args.seed,
        round_limit=args.rounds,
        progress=not args.quiet and sys.stderr.isatty(),
    )
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        sys.stdout.write(summary.render())
    return EXIT_OK
