"""The table reads whole at the sizes people use: at 120×40 no word of the draft, the
motion, the delegations or the transcript is cut, during a vote on an eleven-term motion
the tally and whose vote is awaited stay in sight, and the projector view shows only
what the room may see."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import simulator
from simulator.tui.app import SimulatorApp
from simulator.tui.screens.handover import Handover
from simulator.tui.screens.table import TableScreen
from simulator.tui.widgets.table_view import TableView
from simulator.views import PublicView, SeatView
from tests.tui.helpers import big_motion_vote, screen_lines

WORD = re.compile(r"[\w][\w'’-]*[\w]|\w")


@pytest.fixture(autouse=True)
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SIMULATOR_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def words_of(public: PublicView) -> set[str]:
    """Every word the table may show from data."""
    texts = [public.title, public.phase]
    for term in public.terms:
        texts += [term.name, term.text, term.proposed or ""]
        texts += [g.text for g in term.stances]
    texts += [p.name for p in public.parties]
    if public.motion is not None:
        texts += [f"{name} {value}" for name, value in public.motion.terms]
    texts += [line.text for line in public.lines]
    return {w for text in texts for w in WORD.findall(text)}


def interface_words() -> set[str]:
    """The words the interface itself writes (its labels and messages)."""
    source = Path(simulator.__file__).parent
    files = [*(source / "tui").rglob("*.py"), source / "kinds.py", source / "views.py"]
    return {w for path in files for w in WORD.findall(path.read_text())}


def cut_words(lines: list[str], vocabulary: set[str]) -> list[str]:
    """Words on screen that are the start of a word from data but not a word themselves
    (a word cut at a column's edge or folded), and anything cut with an ellipsis."""
    cut = []
    known = vocabulary | interface_words()
    for line in lines:
        for token in WORD.findall(line):
            if (
                len(token) >= 3
                and token not in known
                and any(w.startswith(token) and len(w) > len(token) for w in vocabulary)
            ):
                cut.append(f"{token!r} in {line.strip()[:60]!r}")
        if "…" in line.replace("deciding…", ""):
            cut.append(f"ellipsis in {line.strip()[:60]!r}")
    return cut


async def open_vote(app: SimulatorApp, pilot: object, data: Path) -> TableScreen:
    log = big_motion_vote(data)
    app.resume(log)
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, Handover)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.pause(0.2)  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, TableScreen)
    return screen


async def test_no_word_is_cut_during_a_big_vote_at_120x40(data: Path) -> None:
    """At 120×40, in the middle of a vote on a motion changing eleven terms: the motion
    box says a vote is under way, shows the tally and whose vote is awaited, and no word
    anywhere on the table is cut."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_vote(app, pilot, data)
        view = screen.query_one(TableView).view
        assert isinstance(view, SeatView)
        lines = screen_lines(app)
        text = "\n".join(lines)
        assert "Vote under way" in text
        assert "For (0)" in text
        assert "Against (0)" in text
        assert "Waiting for:" in text
        assert "11 terms" in text
        assert cut_words(lines, words_of(view.public)) == []


async def test_no_word_is_cut_in_the_projector_view(data: Path) -> None:
    """The projector view (o) at 120×40 shows the public table whole, and no private
    number: no satisfaction, no walk-away point."""
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_vote(app, pilot, data)
        await pilot.press("o")
        await pilot.pause(0.2)
        assert screen.projector
        lines = screen_lines(app)
        text = "\n".join(lines)
        assert "VOTE UNDER WAY" in text
        assert "satisfaction" not in text.lower()
        assert "walk-away" not in text
        assert not re.search(r"\b0\.\d\d\b", text)
        assert cut_words(lines, words_of(app.host.public_view())) == []  # type: ignore[union-attr]


async def test_the_transcript_settles_on_its_last_line(data: Path) -> None:
    """Opened in the middle of a long session, the transcript shows its last line once
    the panels above it have taken their height (its scroll to the end is not measured
    against an earlier layout); a reader who scrolls up stays where they are when the
    screen is laid out again, and scrolling back to the end follows the end again."""
    from simulator.tui.widgets.table_view import Transcript

    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_vote(app, pilot, data)
        log = screen.query_one(Transcript)
        assert log.max_scroll_y > 0
        assert log.scroll_y == log.max_scroll_y
        last = app.host.public_view().lines[-1].text  # type: ignore[union-attr]
        assert last.split()[-1] in screen_lines(app)[log.region.bottom - 1]
        log.scroll_to(y=0, animate=False)
        await pilot.resize_terminal(120, 38)
        await pilot.pause()
        assert log.scroll_y == 0
        log.scroll_end(animate=False, immediate=True)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_every_term_of_the_draft_can_be_read(data: Path, size: tuple[int, int]) -> None:
    """Scrolling the draft from top to bottom shows every term's name: the draft's rows
    are never held to a height shorter than their text."""
    from textual.containers import VerticalScroll

    app = SimulatorApp()
    async with app.run_test(size=size) as pilot:
        screen = await open_vote(app, pilot, data)
        view = screen.query_one(TableView).view
        assert isinstance(view, SeatView)
        draft = screen.query_one("#draft", VerticalScroll)
        seen: list[str] = []
        box = draft.region
        for _ in range(100):
            lines = screen_lines(app)[box.y : box.y + box.height]
            seen += [line[box.x : box.x + box.width] for line in lines]
            if draft.scroll_y >= draft.max_scroll_y:
                break
            draft.scroll_to(y=draft.scroll_y + max(1, draft.size.height - 1), animate=False)
            await pilot.pause()
        text = " ".join(" ".join(line.split()) for line in seen)
        words = set(text.split())
        missing = [t.name for t in view.public.terms if not set(t.name.split()) <= words]
        assert missing == []
        assert draft.max_scroll_y > 0 or size == (200, 60)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (200, 60)])
async def test_the_tally_stays_in_sight(data: Path, size: tuple[int, int]) -> None:
    """At every size, during the vote, the tally and whose vote is awaited are on
    screen (under 100 columns, on the draft's half)."""
    app = SimulatorApp()
    async with app.run_test(size=size) as pilot:
        await open_vote(app, pilot, data)
        text = "\n".join(screen_lines(app))
        assert "Vote under way" in text
        assert "Waiting for:" in text


def test_the_scan_finds_cut_words() -> None:
    """The scan itself: a word cut at a column's edge, or cut with an ellipsis, is found;
    whole words are not."""
    vocabulary = {"Shared", "through", "allied", "frameworks", "intellectual-property"}
    assert cut_words(["Shared through alli"], vocabulary) == ["'alli' in 'Shared through alli'"]
    assert len(cut_words(["intellectual-pro", "perty"], vocabulary)) == 1
    assert len(cut_words(["U.S. National Institute of…"], vocabulary)) == 1
    assert cut_words(["Shared through allied frameworks"], vocabulary) == []


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (200, 60)])
async def test_every_start_screen_button_reads_whole(data: Path, size: tuple[int, int]) -> None:
    """On the start screen, at every size, each button is inside the screen and wide
    enough for its label, and the label is on screen whole."""
    from textual.widgets import Button

    from simulator.tui.screens.start import StartScreen

    app = SimulatorApp()
    async with app.run_test(size=size) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if isinstance(app.screen, StartScreen) and app.screen.scenario is not None:
                break
        screen = app.screen
        assert isinstance(screen, StartScreen)
        buttons = list(screen.query(Button))
        assert len(buttons) == 4
        text = "\n".join(screen_lines(app))
        for button in buttons:
            label = str(button.label)
            region = button.region
            assert region.right <= size[0], label
            assert region.bottom <= size[1] - 1, label  # above the footer
            assert button.content_region.width >= len(label), label
            assert label in text, label


def test_a_long_hyphenated_word_breaks_after_its_hyphen() -> None:
    """A word longer than its column is broken after a hyphen, not inside a word, and
    the text keeps its styles; a word that fits is left whole."""
    from rich.console import Console
    from rich.text import Text

    from simulator.tui.widgets.columns import wrapped_row

    text = Text("checked by mutual monitoring over quantum-secured channels; 3 elsewhere")
    text.stylize("dim", text.plain.index("; 3"))
    lines = [line.rstrip() for line in wrapped_row(Console(), [text], [13]).plain.splitlines()]
    assert "over quantum-" in lines
    assert "secured" in lines
    assert not any("secur" in line and "secured" not in line for line in lines)
    styled = wrapped_row(Console(), [text], [13])
    assert any(span.style == "dim" for span in styled.spans)
    whole = wrapped_row(Console(), [Text("a quantum-secured link")], [20]).plain.splitlines()
    assert [line.rstrip() for line in whole] == ["a quantum-secured", "link"]
