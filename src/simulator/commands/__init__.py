"""The verbs of the ``simulator`` command, one module per family; each module has a
``register(verbs)`` that adds its sub-commands to the parser.

The parser imports every family to build the help, so each family imports the work of
a verb inside the function that runs it: ``simulator --help`` and any one verb load only
what they use (``benchmarks/startup.py`` measures it)."""

import argparse

EXIT_OK = 0
"""Success."""
EXIT_WARNINGS = 1
"""Lint found warnings only."""
EXIT_INVALID = 2
"""Bad input: a file, an argument or a move the user can fix."""
EXIT_INTERNAL = 70
"""A bug in the simulator."""


def positive(text: str) -> int:
    """A command-line count: a whole number of at least 1 (argparse says why not)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return value
