"""What a command names, opened for it: a replay script (played through) or a saved
session's log, or a message on the standard error saying why not. Shared by ``replay``
and ``report``."""

from __future__ import annotations

import sys

from simulator.datafiles.located import DataFileError
from simulator.engine.errors import LogError
from simulator.replay.opening import open_session
from simulator.storage.catalog import ScenarioNotFound
from simulator.storage.opening import Opened


def open_named(name: str) -> Opened | None:
    """What a replay script or a log holds (``Opened``), or None after printing why not.
    A damaged log is read up to the damage, and the damage is said loudly."""
    try:
        opened = open_session(name)
    except DataFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
    except FileNotFoundError as error:
        print(f"simulator: {error.args[0]}", file=sys.stderr)
    except (LogError, ScenarioNotFound) as error:
        print(f"simulator: {error}", file=sys.stderr)
    except OSError as error:
        print(f"simulator: {name}: cannot read ({error.strerror})", file=sys.stderr)
    else:
        if opened.recovery is not None:
            recovery = opened.recovery
            print(
                f"{opened.log_path}:{recovery.line}: error: the log is damaged "
                f"({recovery.reason}): only its first {recovery.kept} moves can be read, "
                f"{recovery.dropped} record{'s' if recovery.dropped != 1 else ''} after "
                "them cannot; what follows is the session up to the damage",
                file=sys.stderr,
            )
        return opened
    return None
