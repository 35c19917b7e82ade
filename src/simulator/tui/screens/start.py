"""The start screen: choose a scenario, seat people and the computer, choose who chairs,
set the seed and a name; or resume a saved session, or open one to replay.

The keyboard reaches the seats in one Tab from the scenarios: the seats are one list (a
line per delegation, its whole name, space ticks the ones people play), then the chair,
the seed, the name and Start; resuming and replaying come after."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import widgets as w
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Footer,
    Header,
    Label,
    ListItem,
    ListView,
    Static,
)

from simulator.datafiles.located import DataFileError
from simulator.storage.catalog import shipped_folder, shipped_scenarios
from simulator.tui.messages import OpenReplay, ResumeSession, StartSession
from simulator.tui.plain import plain
from simulator.tui.screens.asking import CHAIRS
from simulator.tui.widgets.ticks import Ticks

if TYPE_CHECKING:
    from textual.widgets import Button, Input

    from simulator.engine.session import Seat
    from simulator.scenario.model import Scenario


class StartScreen(Screen[None]):
    """Setting up a session."""

    BINDINGS = [
        Binding("ctrl+s", "start", "Start"),
        Binding("ctrl+r", "resume", "Resume"),
        Binding("ctrl+o", "packets", "Packets"),
    ]

    def __init__(self, initial: str | None = None) -> None:
        super().__init__()
        self.paths = shipped_scenarios()
        self.initial = initial
        self.scenario: Scenario | None = None
        self.scenario_path: Path | None = None
        self.requested: Path | None = None
        self.settled = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="start"):
            with Vertical(id="choose"):
                yield Label("Scenario", classes="panel-title")
                yield ListView(
                    *[ListItem(Label(plain(name)), name=name) for name in self.paths],
                    id="scenarios",
                )
            yield Vertical(id="setup")
            with Vertical(id="side"):
                with VerticalScroll(id="about"):
                    yield Static("", id="details")
                yield Vertical(id="more")
        yield Footer()

    async def _compose_rest(self) -> None:
        """The rest of the screen, mounted once the first frame is up."""
        await self.query_one("#setup", Vertical).mount_all(
            [
                Label("Seats: ticked = a person", classes="panel-title"),
                Ticks(id="seats"),
                Label("Chair"),
                w.Select(CHAIRS, value="human", allow_blank=False, id="chair"),
                Label("Seed"),
                w.Input(value="0", id="seed", type="integer"),
                Label("Session name"),
                w.Input(placeholder="e.g. period-3", id="name"),
                Horizontal(
                    w.Button("Start (ctrl+s)", variant="primary", id="start-button"),
                    w.Button("Packets… (ctrl+o)", id="packets-button"),
                    classes="buttons",
                    id="start-buttons",
                ),
            ]
        )
        await self.query_one("#more", Vertical).mount_all(
            [
                w.Input(placeholder="…or a scenario file path, then Enter", id="path"),
                Label("Resume a saved session", classes="panel-title"),
                ListView(id="saved"),
                Horizontal(
                    w.Button("Resume (ctrl+r)", id="resume"),
                    w.Button("Replay", id="replay"),
                    classes="buttons",
                ),
                w.Input(
                    placeholder="…or replay a log or script path, then Enter", id="replay-path"
                ),
            ]
        )

    def on_resize(self) -> None:
        narrow = self.size.width < 110
        self.set_class(narrow, "narrow")
        for button in self.query(w.Button):
            button.compact = narrow  # one line each: every label whole in three columns

    def on_mount(self) -> None:
        self.title = "Quantum governance negotiation simulator"
        self.sub_title = "set up a session"
        self.query_one("#details", Static).update("Loading the scenario…")
        self.call_after_refresh(lambda: self.run_worker(self._after_first_frame(), group="setup"))

    async def _after_first_frame(self) -> None:
        """Fill in the rest of the screen, the saved sessions and the chosen scenario once
        the first frame is up."""
        await self._compose_rest()
        self.on_resize()
        self.settled = True
        self._fill_saved()
        names = list(self.paths)
        chosen = self.initial if self.initial in self.paths else None
        if self.initial and chosen is None and Path(self.initial).is_file():
            self._choose_path(Path(self.initial))
            return
        index = (
            names.index(chosen)
            if chosen
            else (names.index("quantum-classroom") if "quantum-classroom" in names else 0)
        )
        if names:
            self.query_one("#scenarios", ListView).index = index
            self._choose_path(self.paths[names[index]])
        else:
            self.query_one("#details", Static).update(
                Text(
                    f"No scenarios were found in {shipped_folder()}. "
                    "Type a scenario file's path on the left, then Enter."
                )
            )

    def _fill_saved(self) -> None:
        from simulator.storage.listing import list_sessions
        from simulator.storage.sessions import sessions_folder

        saved = self.query_one("#saved", ListView)
        saved.clear()
        for item in list_sessions(sessions_folder())[:30]:
            saved.append(
                ListItem(
                    Label(
                        plain(f"{item.name} · {item.scenario} · {item.moves} moves · {item.status}")
                    ),
                    name=str(item.path),
                )
            )

    def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        if (
            self.settled
            and event.list_view.id == "scenarios"
            and event.item is not None
            and event.item.name
        ):
            self._choose_path(self.paths[event.item.name])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "path" and event.value.strip():
            self._choose_path(Path(event.value.strip()))
        elif event.input.id == "replay-path" and event.value.strip():
            self._replay(event.value.strip())

    def _choose_path(self, path: Path) -> None:
        if self.requested is not None and path.resolve() == self.requested.resolve():
            return
        self.requested = path
        self.run_worker(self._show_scenario(path), exclusive=True, group="scenario")

    async def _show_scenario(self, path: Path) -> None:
        try:
            scenario = await asyncio.to_thread(_read_scenario, path)
        except DataFileError as error:
            shown = "\n".join(str(p) for p in error.problems[:8])
            self.notify(shown, title=f"{path} cannot be used", severity="error", timeout=12)
            self.scenario = self.scenario_path = self.requested = None
            failed = Text(f"{path} cannot be used:\n\n", style="bold")
            failed.append(shown)
            self.query_one("#details", Static).update(failed)
            self.query_one("#seats", Ticks).clear_options()
            return
        from simulator.scenario.model import capitalized  # loaded by the reading

        self.scenario, self.scenario_path = scenario, path
        details = Text()
        details.append(f"{scenario.title}\n\n", style="bold")
        details.append(f"{scenario.summary}\n")
        if scenario.learning_objectives:
            details.append("\nLearning objectives\n", style="bold")
            for objective in scenario.learning_objectives:
                details.append(f"  • {objective}\n")
        details.append(f"\n{capitalized(scenario.vocabulary.parties)}\n", style="bold")
        for actor in scenario.actors:
            details.append(f"  • {actor.name}", style="bold")
            details.append(f" ({actor.kind})")
            details.append(f": {actor.summary}\n" if actor.summary.strip() else "\n")
        details.append(f"\n{len(scenario.terms)} terms · {scenario.rules.round_limit} rounds\n")
        details.append("\nRules\n", style="bold")
        for line in scenario.rules_in_words():
            details.append(f"  • {line}\n")
        self.query_one("#details", Static).update(details)
        seats = self.query_one("#seats", Ticks)
        seats.clear_options()
        seats.add_options([(plain(actor.name), actor.id, False) for actor in scenario.voters()])
        seats.highlighted = 0
        name = self.query_one("#name", w.Input)
        if not name.value or name.value in self.paths:
            name.value = scenario.id

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start-button":
            self.action_start()
        elif event.button.id == "packets-button":
            self.action_packets()
        elif event.button.id == "resume":
            self.action_resume()
        elif event.button.id == "replay":
            saved = self.query_one("#saved", ListView)
            item = saved.highlighted_child
            if item is None or not item.name:
                self.notify("Choose a saved session (or type a path below).", severity="warning")
                return
            self._replay(item.name)

    def action_start(self) -> None:
        if self.scenario is None or self.scenario_path is None:
            self.notify("Choose a scenario first.", severity="warning")
            return
        people = set(self.query_one("#seats", Ticks).selected)
        seats: dict[str, Seat] = {
            actor.id: "human" if actor.id in people else "computer"
            for actor in self.scenario.voters()
        }
        seed = self._seed()
        if seed is None:
            return
        name = self.query_one("#name", w.Input).value.strip() or self.scenario.id
        chair = self.query_one("#chair", w.Select).value
        self.post_message(
            StartSession(
                self.scenario,
                self.scenario_path,
                seats,
                human_chair=chair == "human",
                seed=seed,
                name=name,
            )
        )

    def action_packets(self) -> None:
        """Print the role packets of the scenario chosen, for the table's seed."""
        from simulator.tui.screens.packets import PacketsDialog

        if self.scenario is None:
            self.notify("Choose a scenario first.", severity="warning")
            return
        seed = self._seed()
        if seed is None:
            return
        folder = Path.cwd() / f"{self.scenario.id}-packets"
        self.app.push_screen(PacketsDialog(self.scenario.variant(seed), folder))

    def _seed(self) -> int | None:
        """The seed typed in, or None after saying it is not a whole number."""
        seed_text = self.query_one("#seed", w.Input).value.strip() or "0"
        try:
            return int(seed_text)
        except ValueError:
            self.notify("The seed is a whole number.", severity="warning")
            return None

    def action_resume(self) -> None:
        item = self.query_one("#saved", ListView).highlighted_child
        if item is None or not item.name:
            self.notify("There is no saved session to resume.", severity="warning")
            return
        self.post_message(ResumeSession(Path(item.name)))

    def _replay(self, source: str) -> None:
        self.post_message(OpenReplay(source))


def _read_scenario(path: Path) -> Scenario:
    """The scenario file at ``path``, read off the interface's thread: the scenario models
    are imported and built here, after the first frame, never at start-up."""
    from simulator.scenario_files import load_scenario

    return load_scenario(str(path))
