"""The debrief: what to talk about, the outcome, satisfaction against walk-away points,
the briefs revealed, public positions over time as charts in the terminal, the votes,
the analysis; and the export of the report (HTML and Markdown) to a folder the teacher
chooses, with the path shown until dismissed."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Markdown, Sparkline

from simulator.engine.session import Session
from simulator.report.debrief import Debrief, Sitting, debrief
from simulator.report.files import MissingFolder, save_report, sitting_of
from simulator.report.render import debrief_parts, html_report, markdown
from simulator.tui.plain import plain
from simulator.tui.screens.writing import WritingDialog


def open_debrief(screen: Screen[Any], session: Session, log_path: Path | None) -> None:
    """Work out the debrief of ``session`` in a thread (its analysis can take a while),
    then show it over ``screen``: the interface stays live meanwhile."""

    async def prepare() -> None:
        report = await asyncio.to_thread(debrief, session, _sitting(log_path))
        screen.app.clear_notifications()
        screen.app.push_screen(DebriefScreen(session, log_path, report))

    screen.notify("Working out the debrief: its analysis takes a few seconds…", timeout=4)
    screen.run_worker(prepare(), exclusive=True, group="debrief")


def _sitting(log_path: Path | None) -> Sitting | None:
    if log_path is None or not log_path.exists():
        return None
    return sitting_of(log_path)


class ExportDialog(WritingDialog):
    """Asks where to export the debrief (a folder and a name, the current folder and the
    session's name by default), writes the HTML and the Markdown there, and shows where
    they went until dismissed."""

    def __init__(self, report: Debrief, default: Path) -> None:
        super().__init__()
        self.report = report
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Export the debrief", classes="dialog-title")
            yield Label("Write the report (HTML, and Markdown beside it) to:")
            yield Input(str(self.default), id="path")
            yield Label("", id="result")
            with Horizontal(classes="buttons"):
                yield Button("Export (enter)", variant="primary", id="export")
                yield Button("Close (esc)", id="close")

    def write(self) -> None:
        """Write both files; say where they went, or why they could not be written."""
        result = self.query_one("#result", Label)
        text = self.query_one("#path", Input).value.strip()
        if not text:
            result.update("Give a file name.")
            return
        html_path = Path(text).expanduser()
        if html_path.suffix.lower() not in (".html", ".htm"):
            html_path = html_path.with_name(html_path.name + ".html")
        md_path = html_path.with_suffix(".md")
        try:
            save_report(html_path, html_report(self.report))
            save_report(md_path, markdown(self.report))
        except MissingFolder as error:
            result.update(plain(f"Not written: {error.folder} does not exist."))
            return
        except OSError as error:
            result.update(plain(f"Not written: {error.strerror or error}."))
            return
        result.update(plain(f"Written:\n{html_path.resolve()}\n{md_path.resolve()}", lines=True))
        self.query_one("#export", Button).disabled = True


class DebriefScreen(Screen[None]):
    """The debrief of a finished session."""

    BINDINGS = [Binding("escape", "back", "Back"), Binding("e", "export", "Export report")]

    def __init__(
        self, session: Session, log_path: Path | None = None, report: Debrief | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.log_path = log_path
        self.report = report if report is not None else debrief(session, _sitting(log_path))

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="debrief"):
            with Horizontal(classes="buttons"):
                yield Button("Export report (e)", variant="primary", id="export")
                yield Button("Back (esc)", id="back")
            # the transcript stays in the exported report (the table screen shows it live),
            # and so does the date: the screen is the same on any day
            shown = self.report
            if shown.sitting is not None:
                shown = replace(shown, sitting=replace(shown.sitting, date=""))
            *parts, _transcript = debrief_parts(shown)
            for part in parts:
                yield Markdown(part.markdown)
                if part.markdown.startswith("## Who gave ground"):
                    yield from self._sparklines()
        yield Footer()

    def _sparklines(self) -> ComposeResult:
        table = self.session.state.table
        last = self.session.move_count
        yield Label(
            "Public positions over time (each line: a delegation's position after each "
            "move; higher is further along the term's options)",
            classes="panel-title",
        )
        for term in table.terms:
            steps = self.report.positions(term.id)
            if not steps:
                continue
            yield Label(plain(term.name), classes="chart-title")
            for actor, points in steps.items():
                series = []
                for n, (move, value) in enumerate(points):
                    end = points[n + 1][0] if n + 1 < len(points) else last + 1
                    index = table.index_of(term.id, value) or 0
                    series += [float(index)] * max(end - move, 0)
                with Horizontal(classes="spark-row"):
                    yield Label(plain(table.name(actor)[:18]), classes="spark-label")
                    yield Sparkline(series, summary_function=max, classes="spark")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export()
        else:
            self.action_back()

    def action_export(self) -> None:
        name = self.log_path.stem if self.log_path is not None else self.session.base.id
        self.app.push_screen(ExportDialog(self.report, Path.cwd() / f"{name}-debrief.html"))

    def action_back(self) -> None:
        self.app.pop_screen()
