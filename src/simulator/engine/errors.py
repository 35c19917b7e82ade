"""Errors a user can cause in the engine, each saying what was wrong and where."""

from __future__ import annotations


class IllegalMoveError(ValueError):
    """A move the rules do not allow in the current state; the state is unchanged."""

    def __init__(self, reason: str, *, number: int | None = None, kind: str = "") -> None:
        self.reason = reason
        """Why the move is not allowed."""
        self.number = number
        """The move's number in the session (from 1), when known."""
        where = f"move {number}" if number is not None else "move"
        what = f" ({kind})" if kind else ""
        super().__init__(f"{where}{what} is not allowed: {reason}")


class LogError(ValueError):
    """A session log that cannot be read or does not belong to the scenario given."""
