"""Names in data are shown as plain text: square brackets in an actor's, a term's, an
inject's or a session's name are never read as Textual markup (which crashed the
interface, or silently hid ``[EU]``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Label, Static

from simulator.scenario_files import load_scenario
from simulator.tui.app import SimulatorApp
from simulator.tui.screens.dialogs import ModeratorPanel, brief_markdown
from simulator.tui.screens.table import TableScreen
from simulator.views import BriefView, PositionView
from tests.tui.helpers import CLASSROOM

HOSTILE = {
    'title: "International Quantum Computing Summit: A Diplomatic Classroom"\n': (
        'title: "[b]Summit[/] [EU]"\n'
    ),
    "    name: United States\n": '    name: "[/]United [EU] States"\n',
    "    name: Access to quantum benefits\n": '    name: "Access [/red] [EU]"\n',
    "    title: A non-state actor gains quantum code-breaking capability\n": (
        '    title: "[link=x]Breach[/link] [/]"\n'
    ),
}


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SIMULATOR_DATA", str(tmp_path / "data"))
    text = CLASSROOM.read_text()
    for old, new in HOSTILE.items():
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "hostile.yaml"
    path.write_text(text)
    return path


def shown(app: SimulatorApp) -> str:
    """Every piece of text on the screen, as it is displayed."""
    parts = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Label | Static):
            parts.append(str(widget.render()))
    return "\n".join(parts)


async def test_markup_in_names_is_shown_as_written(hostile: Path) -> None:
    """A whole computer-played session of a scenario whose names are full of markup, in
    a session named with markup: the table, the moderator panel and the debrief show the
    names as written, and nothing crashes."""
    app = SimulatorApp(str(hostile))
    scenario = load_scenario(str(hostile))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        app.start_session(scenario, hostile, {}, human_chair=False, seed=1, name="[/]x")
        await pilot.pause()
        assert app.host is not None
        app.host.pace = 0.0
        assert isinstance(app.screen, TableScreen)
        app.screen.action_moderator()
        await pilot.pause()
        assert isinstance(app.screen, ModeratorPanel)
        await pilot.press("escape")
        for _ in range(2000):  # until the computer ends the session (or the app crashes)
            if app.host.state.over or app._exception is not None:
                break
            await pilot.pause(0.02)
        assert app._exception is None
        assert app.host.state.over
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        text = shown(app)
        assert "Access [/red] [EU]" in text
    assert app.return_code in (0, None)


def test_a_brief_from_data_is_plain_text_in_its_markdown() -> None:
    """A brief's words (from a scenario file, or from the server to a student's terminal)
    make no link, table cell, heading or control sequence in the brief's Markdown."""
    brief = BriefView(
        summary="# Heading [click](http://example.org) | cell \x1b[31m",
        walk_away=0.5,
        positions=(
            PositionView(
                term="Access | [EU]",
                ideal="*all*",
                priority=1.0,
                share=1.0,
                acceptable="any",
                red_lines=("`never`",),
                scores=(),
            ),
        ),
        satisfaction=0.4,
        motion_satisfaction=None,
        could_sign=False,
    )
    text = brief_markdown("[/]United States", brief)
    assert "\\# Heading \\[click\\](http://example.org) \\| cell \\\\u001b\\[31m" in text
    assert "\x1b" not in text
    assert "| Access \\| \\[EU\\] | \\*all\\* | any | 100% | \\`never\\` |" in text
    assert text.startswith("# \\[/\\]United States: confidential brief")
