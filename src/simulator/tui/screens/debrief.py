"""The debrief: outcome, satisfaction against walk-away points, stances over time as
charts in the terminal, the votes, the best deals, key moments; export the report."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, Markdown, Sparkline

from simulator.engine.session import Session
from simulator.report.debrief import Debrief, debrief
from simulator.report.render import html_report, markdown
from simulator.storage.files import write_atomic
from simulator.tui.plain import plain


def open_debrief(screen: Screen[Any], session: Session, log_path: Path | None) -> None:
    """Work out the debrief of ``session`` in a thread (its analysis can take a while),
    then show it over ``screen``: the interface stays live meanwhile."""

    async def prepare() -> None:
        report = await asyncio.to_thread(debrief, session)
        screen.app.push_screen(DebriefScreen(session, log_path, report))

    screen.run_worker(prepare(), exclusive=True, group="debrief")


class DebriefScreen(Screen[None]):
    """The debrief of a finished session."""

    BINDINGS = [Binding("escape", "back", "Back"), Binding("e", "export", "Export report")]

    def __init__(
        self, session: Session, log_path: Path | None = None, report: Debrief | None = None
    ) -> None:
        super().__init__()
        self.session = session
        self.log_path = log_path
        self.report = report if report is not None else debrief(session)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="debrief"):
            with Horizontal(classes="buttons"):
                yield Button("Export report (e)", variant="primary", id="export")
                yield Button("Back (esc)", id="back")
            text = markdown(self.report)
            head, _, rest = text.partition("## Who conceded what, and when")
            yield Markdown(head)
            yield Label(
                "Stances over time (each line: a delegation's public stance after "
                "each move; higher is further along the term's options)",
                classes="panel-title",
            )
            table = self.session.state.table
            shown = 0
            for term in table.terms:
                series = self.report.stances[term.id]
                moved = [
                    a
                    for a, points in series.items()
                    if len({p for p in points if p is not None}) > 1
                ]
                if not moved:
                    continue
                shown += 1
                yield Label(plain(term.name), classes="chart-title")
                for actor in moved:
                    points = [float(p) if p is not None else 0.0 for p in series[actor]]
                    with Horizontal(classes="spark-row"):
                        yield Label(plain(table.name(actor)[:18]), classes="spark-label")
                        yield Sparkline(points, summary_function=max, classes="spark")
            if not shown:
                yield Label("No delegation moved its public stance.")
            yield Markdown("## Who conceded what, and when" + rest)
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export()
        else:
            self.action_back()

    def action_export(self) -> None:
        base = (
            self.log_path.with_suffix("")
            if self.log_path is not None
            else Path.cwd() / self.session.base.id
        )
        html_path = base.with_name(base.name + "-debrief.html")
        md_path = base.with_name(base.name + "-debrief.md")
        try:
            write_atomic(html_path, html_report(self.report))
            write_atomic(md_path, markdown(self.report))
        except OSError as error:
            self.notify(f"Could not write the report: {error}", severity="error")
            return
        self.notify(f"Wrote {html_path} and {md_path.name}", title="Report exported", timeout=8)

    def action_back(self) -> None:
        self.app.pop_screen()
