"""What the screens ask of the application: each screen posts one of these, and only the
application (``tui/app.py``) knows which screen comes next and how a session is saved,
resumed, replayed or forked."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from simulator.engine.session import Seat, Session
    from simulator.scenario.model import Scenario


class StartSession(Message):
    """Save a new session of ``scenario`` and open its table."""

    def __init__(
        self,
        scenario: Scenario,
        path: Path,
        seats: dict[str, Seat],
        *,
        human_chair: bool,
        seed: int,
        name: str,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.path = path
        """The scenario's file (the log names it)."""
        self.seats = seats
        self.human_chair = human_chair
        self.seed = seed
        self.name = name
        """The session's name, which its log file is named after."""


class ResumeSession(Message):
    """Reopen the saved session at ``path`` where it stopped."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class OpenReplay(Message):
    """Open a saved session or a replay script (a name or a path) in the replay view."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source


class ForkSession(Message):
    """Start a new live session from a replayed one at the move shown."""

    def __init__(
        self,
        session: Session,
        scenario_path: Path | None,
        *,
        name: str,
        seats: dict[str, Seat],
        human_chair: bool,
    ) -> None:
        super().__init__()
        self.session = session
        self.scenario_path = scenario_path
        self.name = name
        self.seats = seats
        self.human_chair = human_chair
