"""``simulator play``: the interactive table (the main job of the simulator)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from simulator.commands import EXIT_INVALID, EXIT_OK
from simulator.plaintext import printable


def register(verbs: Any) -> None:
    """Add the interactive verb."""
    play = verbs.add_parser(
        "play",
        help="run a session at the table (the interactive interface)",
        description="Open the negotiation table: choose a scenario, seat people and the "
        "computer, and run the session as its chair; or resume a saved session. Press ? in "
        "the interface for the keys.",
        epilog="SCENARIO is a scenario file or a shipped scenario's name (default: "
        "quantum-classroom). Sessions are saved as they are played (see simulator sessions).",
    )
    play.add_argument("scenario", nargs="?", metavar="SCENARIO", help="scenario file or name")
    play.add_argument("--resume", metavar="NAME", help="reopen a saved session (name or path)")
    play.set_defaults(run=_play, terminal=True)


def _play(args: argparse.Namespace) -> int:
    from simulator.storage.catalog import ScenarioNotFound, resolve
    from simulator.tui.app import SimulatorApp

    if args.scenario is not None:
        try:
            resolve(args.scenario)
        except ScenarioNotFound as error:
            print(f"simulator: {printable(str(error))}", file=sys.stderr)
            return EXIT_INVALID
    if not sys.stdout.isatty():
        print(
            "simulator play needs a terminal; for a headless session use simulator run",
            file=sys.stderr,
        )
        return EXIT_INVALID
    app = SimulatorApp(args.scenario, resume=args.resume)
    app.run()
    # a crash inside the interface sets a non-zero return code: pass it on
    return app.return_code or EXIT_OK
