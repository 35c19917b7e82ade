"""The application: its screens, global keys, the command palette, and the moves between
setting up, playing, replaying and debriefing a session."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from simulator.engine.errors import LogError
from simulator.tui.messages import ForkSession, OpenReplay, ResumeSession, StartSession
from simulator.tui.screens.start import StartScreen

if TYPE_CHECKING:
    from simulator.engine.session import Seat, Session
    from simulator.host import Host
    from simulator.scenario.model import Scenario


class SimulatorApp(App[None]):
    """The negotiation simulator."""

    CSS_PATH = str(Path(__file__).with_name("styles") / "app.tcss")
    TITLE = "Quantum governance negotiation simulator"
    BINDINGS: ClassVar = [
        Binding("question_mark", "help", "Help"),
        Binding("q", "leave", "Quit"),
    ]

    def __init__(self, scenario: str | None = None, *, resume: str | None = None) -> None:
        super().__init__()
        self.initial = scenario
        self.resume_name = resume
        self.host: Host | None = None

    def on_mount(self) -> None:
        if self.resume_name:
            from simulator.storage.sessions import session_path

            path = session_path(self.resume_name)
            why = self.resume(path)
            if why is not None:  # as with a scenario that cannot be found: say so and stop
                said = why if why.startswith(str(path)) else f"{path}: {why}"
                self.exit(return_code=1, message=f"simulator: cannot resume {said}")
            return
        self.push_screen(StartScreen(self.initial))

    def on_unmount(self) -> None:
        if self.host is not None:
            self.host.close()  # another program may write the session now
        gc.unfreeze()  # what the table kept out of the collector's passes may go now

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """A notification, always shown as plain text: its words may come from data
        (names, file paths, a log's contents), and nothing in data is markup."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_leave(self) -> None:
        """Quit; mid-session, ask first (nothing is lost, but it should not be one stray
        key)."""
        from simulator.tui.screens.asking import QuitDialog

        if isinstance(self.screen, QuitDialog):
            return
        host = self.host
        if host is None or host.state.over:
            self.exit()
            return

        def answered(quit_: bool | None) -> None:
            if quit_:
                self.exit()

        self.push_screen(QuitDialog(host.path.name), answered)

    def action_help(self) -> None:
        from simulator.tui.screens.help import HelpScreen
        from simulator.tui.screens.table import TableScreen

        if not isinstance(self.screen, HelpScreen):
            table = self.screen if isinstance(self.screen, TableScreen) else None
            words = table.host.session.scenario.vocabulary if table is not None else None
            self.push_screen(HelpScreen(words))

    def get_system_commands(self, screen: Screen[object]) -> Iterator[SystemCommand]:
        from simulator.tui.screens.table import TableScreen

        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Keys and how to run a session", self.action_help)
        if isinstance(screen, TableScreen):
            yield SystemCommand(
                "Moderator panel", "Injects, agenda, votes, phases, end", screen.action_moderator
            )
            yield SystemCommand(
                "Pause or resume the computer", "Hold the computer players", screen.action_pause
            )
            yield SystemCommand(
                "Propose a package",
                "Table a motion on your turn",
                lambda: screen.action_act("propose"),
            )
            yield SystemCommand("Undo the last move", "Take back the last move", screen.action_undo)
            yield SystemCommand("Debrief", "Open the debrief (once over)", screen.action_debrief)

    # --- moving between screens ------------------------------------------------------

    def on_start_session(self, message: StartSession) -> None:
        self.start_session(
            message.scenario,
            message.path,
            message.seats,
            human_chair=message.human_chair,
            seed=message.seed,
            name=message.name,
        )

    def on_resume_session(self, message: ResumeSession) -> None:
        self.resume(message.path)

    def on_open_replay(self, message: OpenReplay) -> None:
        self.open_replay(message.source)

    def on_fork_session(self, message: ForkSession) -> None:
        self.start_fork(
            message.session,
            message.scenario_path,
            name=message.name,
            seats=message.seats,
            human_chair=message.human_chair,
        )

    def start_session(
        self,
        scenario: Scenario,
        path: Path,
        seats: dict[str, Seat],
        *,
        human_chair: bool,
        seed: int,
        name: str,
    ) -> None:
        """Save a new session and open the table."""
        from simulator.engine.session import Session
        from simulator.host import Host
        from simulator.storage.sessions import SavedSession, sessions_folder

        log = _free_name(sessions_folder(), name)
        if log.stem != _safe(name):
            self.notify(
                f"A session called {_safe(name)} exists already: this one is saved as {log.stem}.",
                title="Name taken",
                timeout=8,
            )
        session = Session(
            scenario, seed=seed, seats=seats, chair="human" if human_chair else "computer"
        )
        try:
            saved = SavedSession.create(log, session, scenario_path=str(path))
        except (OSError, LogError) as error:
            self.notify(f"Could not save the session: {_why(error)}", severity="error")
            return
        self._open_table(Host(saved, seats, human_chair=human_chair))

    def resume(self, path: Path) -> str | None:
        """Reopen a saved session where it stopped; returns why it could not, if not."""
        from simulator.host import Host
        from simulator.scenario_files import ScenarioError
        from simulator.storage.catalog import ScenarioNotFound
        from simulator.storage.opening import log_scenario
        from simulator.storage.sessions import SavedSession, read_header

        try:
            header = read_header(path)
            scenario, _ = log_scenario(header, path)
            saved, recovery = SavedSession.open(path, scenario)
        except (LogError, ScenarioNotFound, ScenarioError, OSError) as error:
            why = _why(error).splitlines()[0]
            self.notify(why, title="Cannot resume", severity="error", timeout=10)
            return why
        if recovery is not None:
            self.notify(
                f"The log was damaged at line {recovery.line} ({recovery.reason}). "
                f"{recovery.kept} moves were kept and {recovery.dropped} "
                f"record{'s' if recovery.dropped != 1 else ''} dropped; the whole damaged "
                f"file is kept at {saved.backup}.",
                title="Recovered",
                severity="warning",
                timeout=20,
            )
        seats = dict(saved.session.seats)
        chair = header.chair or "human"
        self._open_table(Host(saved, seats, human_chair=chair != "computer"))
        return None

    def start_fork(
        self,
        session: Session,
        scenario_path: Path | None = None,
        *,
        name: str | None = None,
        seats: dict[str, Seat] | None = None,
        human_chair: bool = True,
    ) -> None:
        """Start a new live session from a replayed one at the move shown, named
        ``name`` (default: the scenario's id and "-fork"), with ``seats`` (default: the
        replayed session's) and the chair given."""
        from simulator.host import Host
        from simulator.storage.sessions import SavedSession, sessions_folder

        if seats is not None:
            session.seats = dict(seats)
        session.chair = "human" if human_chair else "computer"
        log = _free_name(sessions_folder(), name or f"{session.base.id}-fork")
        try:
            saved = SavedSession.create(
                log, session, scenario_path=str(scenario_path) if scenario_path else None
            )
        except (OSError, LogError) as error:
            self.notify(f"Could not save the fork: {_why(error)}", severity="error")
            return
        self.notify(
            f"Forked into {log.name} at move {len(session.moves)}. The computer "
            "players are paused; press space to let them move."
        )
        self._open_table(Host(saved, dict(session.seats), human_chair=human_chair, paused=True))

    def open_replay(self, source: str) -> None:
        """Open a saved session or a replay script in the replay view."""
        from simulator.datafiles.located import DataFileError
        from simulator.replay.opening import open_session
        from simulator.storage.catalog import ScenarioNotFound
        from simulator.tui.screens.replay import ReplayScreen

        try:
            opened = open_session(source)
        except DataFileError as error:
            self.notify(
                "\n".join(str(p) for p in error.problems[:6]),
                title="Cannot replay",
                severity="error",
                timeout=12,
            )
            return
        except (LogError, ScenarioNotFound, OSError) as error:
            self.notify(
                str(error).splitlines()[0], title="Cannot replay", severity="error", timeout=10
            )
            return
        export_base = opened.log_path or Path.cwd() / Path(source).name
        self.push_screen(ReplayScreen(opened.session, source, opened.scenario_path, export_base))

    def _open_table(self, host: Host) -> None:
        from simulator.tui.screens.table import TableScreen

        if self.host is not None:
            self.host.close()
        self.host = host
        self.push_screen(TableScreen(host))
        # The scenario, the session so far and the interface live as long as the table:
        # leaving them out of the cycle collector's passes spares every later pass a walk
        # over them (at 50 delegations and 60 terms such passes cost ~8 ms a move).
        gc.freeze()


NAME_LIMIT = 100
"""The longest session name used for a file (file systems refuse names past 255 bytes)."""


def _why(error: Exception) -> str:
    """An error in words: the system's reason and the file, or the message."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    return str(error)


def _safe(name: str) -> str:
    """``name`` as a file name: letters, digits, - and _ only."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in name).strip("-")[:NAME_LIMIT]
    return safe or "session"


def _free_name(folder: Path, name: str) -> Path:
    """A log path in ``folder`` for ``name`` that is not taken yet."""
    safe = _safe(name)
    candidate = folder / f"{safe}.jsonl"
    number = 2
    while candidate.exists():
        candidate = folder / f"{safe}-{number}.jsonl"
        number += 1
    return candidate
