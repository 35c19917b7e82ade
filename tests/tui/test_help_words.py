"""The help screen speaks of the draft and those at the table in the scenario's words."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Markdown

from simulator.scenario.model import Vocabulary
from simulator.tui.screens.help import HelpScreen


async def test_help_uses_the_scenarios_words() -> None:
    """A budget among members reads 'The draft budget (left)' and 'The members (right)';
    without a scenario, the defaults (treaty, delegations)."""
    words = Vocabulary(agreement="budget", party="member", parties="members")
    app: App[None] = App()
    async with app.run_test() as pilot:
        await app.push_screen(HelpScreen(words))
        await pilot.pause()
        text = app.screen.query_one(Markdown).source
        assert "The draft budget (left)" in text
        assert "The members (right)" in text
        assert "only to that member on its own turn" in text
        assert "treaty" not in text
        await app.push_screen(HelpScreen())
        await pilot.pause()
        assert "The draft treaty (left)" in app.screen.query_one(Markdown).source
