"""Problems found in a scenario, located by their path in the document.

A path is the sequence of keys and list indexes from the top of the document to the
offending value, e.g. ``("actors", 3, "positions", "verification", "ideal")``. The
loader turns paths into file, line and column; the core only knows paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simulator.docpaths import Path

__all__ = ["Path", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with (or worth improving in) a scenario."""

    path: Path
    """Where in the document the problem is."""
    message: str
    """What is wrong."""
    hint: str = ""
    """What would fix it."""
    code: str = "invalid"
    """A short, stable name for the kind of problem, e.g. ``unknown-term``."""
    severity: Literal["error", "warning"] = "error"
    """Errors make a scenario unusable; warnings are advice to the author."""
    on_key: bool = False
    """Whether the problem is with the mapping key at ``path`` rather than its value."""

    def text(self) -> str:
        """The message with its hint, as one line."""
        return f"{self.message}; {self.hint}" if self.hint else self.message
