"""The verbs of the ``simulator`` command, one module per family; each module has a
``register(verbs)`` that adds its sub-commands to the parser."""

EXIT_OK = 0
"""Success."""
EXIT_WARNINGS = 1
"""Lint found warnings only."""
EXIT_INVALID = 2
"""Bad input: a file, an argument or a move the user can fix."""
EXIT_INTERNAL = 70
"""A bug in the simulator."""
