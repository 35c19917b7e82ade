"""The ``simulator`` command: one entry point, one verb per job, ``--help`` on each.

Every error a user can cause is printed as a message (``FILE:LINE:COL: ...``) with a
non-zero exit status; no traceback reaches the terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from simulator import __version__
from simulator.commands import (
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    play,
    records,
    scenarios,
    serving,
    sessions,
    sweep,
)
from simulator.commands.output import plain_output
from simulator.plaintext import printable

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    command: Command | None = getattr(args, "run", None)
    if command is None:
        parser.print_help()
        return EXIT_INVALID
    try:
        if getattr(args, "terminal", False):
            return command(args)  # the interface draws the terminal itself
        with plain_output():
            return command(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as error:  # the system refused: a name too long, a full disk, ...
        where = f"{printable(str(error.filename))}: " if error.filename else ""
        print(f"simulator: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID
    except Exception as error:  # the last line of defence: never show a traceback
        if os.environ.get("SIMULATOR_DEBUG"):
            raise
        print(
            f"simulator: internal error: {type(error).__name__}: {printable(str(error))}\n"
            "Set SIMULATOR_DEBUG=1 to see the details, and please report it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="simulator",
        description="A negotiation simulator for the global governance of quantum "
        "technologies: delegations negotiate a draft treaty, turn by turn.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = parser.add_subparsers(title="commands", metavar="COMMAND")
    play.register(verbs)
    sessions.register(verbs)
    records.register(verbs)
    scenarios.register(verbs)
    sweep.register(verbs)
    serving.register(verbs)
    return parser
