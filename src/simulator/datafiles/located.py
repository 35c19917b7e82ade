"""Problems located in a file: file name, line, column and document path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simulator.docpaths import Path, format_path


@dataclass(frozen=True)
class Mark:
    """A place in a text file, counted from 1 as editors do."""

    line: int
    """Line number, from 1."""
    column: int
    """Column number, from 1."""


@dataclass(frozen=True)
class LocatedProblem:
    """A problem with a data file, placed where an author can find it."""

    file: str
    """The file's name as the user gave it."""
    mark: Mark
    """Where in the file."""
    path: Path
    """Where in the document (empty when the file could not be read as a document)."""
    message: str
    """What is wrong, and what would fix it."""
    severity: Literal["error", "warning"] = "error"
    """Errors make the file unusable; warnings are advice."""
    code: str = "invalid"
    """A short, stable name for the kind of problem."""

    def __str__(self) -> str:
        where = f"{format_path(self.path)}: " if self.path else ""
        return (
            f"{self.file}:{self.mark.line}:{self.mark.column}: {self.severity}: "
            f"{where}{self.message}"
        )


class DataFileError(ValueError):
    """A data file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[LocatedProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
