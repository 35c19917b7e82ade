"""Debrief reports: golden Markdown for a scripted session, a self-contained HTML page,
and the report command as a user runs it."""

from __future__ import annotations

import difflib
import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from simulator.engine.session import Session
from simulator.report.compare import TableSession, comparison_html, comparison_markdown, tables_of
from simulator.report.debrief import debrief
from simulator.report.render import html_report, markdown
from tests.conftest import run_simulator
from tests.engine.test_golden import classroom_convergence, classroom_deadlock

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True), text.splitlines(keepends=True), str(path), "actual"
        )
    )
    assert not diff, diff


def test_golden_debrief_convergence() -> None:
    """The debrief of the scripted convergence session reads exactly as checked in."""
    scenario, moves = classroom_convergence()
    check_golden(
        "report-classroom-convergence.md", markdown(debrief(Session.replay(scenario, moves)))
    )


def test_golden_debrief_deadlock() -> None:
    """The debrief of the scripted deadlock names who blocked what."""
    scenario, moves = classroom_deadlock()
    text = markdown(debrief(Session.replay(scenario, moves)))
    check_golden("report-classroom-deadlock.md", text)
    # the final vote met five of seven; only China's missing required yes sank it
    assert (
        "| the treaty | United States, Iran, Israel, Ukraine, Mexico | China, Russia | — | — "
        "| failed | China |" in text
    )
    # Russia, out of the room, counted against the first motion as a member who did not vote
    assert "| failed | China, Russia and Iran |" in text
    assert "walks out" not in text or "Russia" in text


def test_debrief_teaches_from_what_happened() -> None:
    """The deadlock's debrief finds its teachable moments (Russia's walk-out, the
    coalition that blocked the first motion, China's veto of the treaty) and asks about
    them before the scenario's own questions; the Signatories/acceptable contradiction
    is gone (a failed treaty has no signatories, the column says what it means)."""
    scenario, moves = classroom_deadlock()
    report = debrief(Session.replay(scenario, moves))
    kinds = [moment.kind for moment in report.moments]
    assert {"walk-out", "blocking", "unused-zone"} <= set(kinds)
    text = markdown(report)
    questions = text.split("## Questions for the debrief")[1]
    assert questions.index("Russia walked out") < questions.index(
        scenario.discussion_questions[0].text
    )
    assert "Signed by" not in text
    assert "Would have accepted the final text?" in text
    for word in ("Pareto-optimal", "Nash bargaining point", "Value created", "Walk-away point"):
        assert f"- **{word}**:" in text  # each term used is explained in one line


def test_concessions_come_from_every_change_of_position() -> None:
    """Proposals and amendments that move a delegation's public position count as
    shifts, not only concede moves, each with what it cost by the delegation's brief."""
    scenario, moves = classroom_convergence()
    report = debrief(Session.replay(scenario, moves))
    assert {shift.how for shift in report.shifts} - {"stance"}
    assert any(shift.cost > 0 for shift in report.shifts)
    assert "No delegation moved its public position" not in markdown(report)


def test_html_report_is_self_contained() -> None:
    """The HTML debrief carries its charts as inline SVG (option text on the axes,
    delegation names on the satisfaction chart) and loads nothing from outside."""
    scenario, moves = classroom_convergence()
    page = html_report(debrief(Session.replay(scenario, moves)))
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") >= 2
    assert "<script" not in page
    assert "<link" not in page
    assert 'src="' not in page
    assert 'href="http' not in page
    chart = page[page.index('id="chart-satisfaction"') :]
    assert "Mexico" in chart[: chart.index("</svg>")]
    terms = {term.id: term for term in scenario.terms}
    assert any(
        f'id="chart-positions-{t}"' in page and term.label(term.values()[0])[:20] in page
        for t, term in terms.items()
    )


def test_html_report_structure() -> None:
    """The page is well formed: one h1, the sections in reading order, every tag closed."""
    scenario, moves = classroom_deadlock()
    page = html_report(debrief(Session.replay(scenario, moves)))
    checker = TagChecker()
    checker.feed(page)
    assert checker.stack == []
    assert checker.counts["h1"] == 1
    order = [
        "Outcome",
        "Who played",
        "What to talk about",
        "Questions for the debrief",
        "The confidential briefs, revealed",
        "Who gave ground, and when",
        "The votes",
        "Could the table have done better?",
        "Transcript",
    ]
    places = [page.index(f"<h2>{heading}</h2>") for heading in order]
    assert places == sorted(places)


def test_reports_are_repeatable() -> None:
    """The same session gives the same report, byte for byte."""
    scenario, moves = classroom_convergence()
    first = html_report(debrief(Session.replay(scenario, moves)))
    assert first == html_report(debrief(Session.replay(scenario, moves)))


def test_golden_comparison() -> None:
    """The plenary comparison of the convergence and the deadlock reads as checked in."""
    text = comparison_markdown(two_tables())
    check_golden("compare-classroom.md", text)
    assert "| Verification | Mutual" in text or "**Differs**" in text


def test_comparison_html_structure_and_chart() -> None:
    """The comparison page holds its chart, no script, and every tag closed."""
    page = comparison_html(two_tables())
    checker = TagChecker()
    checker.feed(page)
    assert checker.stack == []
    assert 'id="chart-comparison"' in page
    assert "<script" not in page


def two_tables() -> list[TableSession]:
    tables = [classroom_convergence(), classroom_deadlock()]
    sessions = [(Session.replay(scenario, moves), None) for scenario, moves in tables]
    return tables_of(sessions)


class TagChecker(HTMLParser):
    """Checks that every element opened is closed in order."""

    VOID = {"meta", "br", "hr", "img", "input", "link", "path", "rect", "circle", "line"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.counts: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        assert self.stack[-1:] == [tag], f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The simulator command, its saved sessions in ``folder``."""
    return run_simulator(*args, cwd=folder)


def test_report_command_writes_html(tmp_path: Path) -> None:
    """simulator report writes the HTML debrief of a saved run, readable by others (not
    private like the log), with the session's name and date."""
    assert run(tmp_path, "run", "--seed", "1", "--log", "lesson", "--json").returncode == 0
    listing = run(tmp_path, "sessions")
    assert "lesson" in listing.stdout
    assert "finished" in listing.stdout
    out = tmp_path / "debrief.html"
    result = run(tmp_path, "report", "lesson", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "<svg" in out.read_text()
    assert out.stat().st_mode & 0o044  # readable by the class, as any new file
    markdown_out = run(tmp_path, "report", "lesson")
    assert markdown_out.stdout.startswith("# Debrief:")
    assert "Session “lesson”, 20" in markdown_out.stdout
    missing = run(tmp_path, "report", "nothing-here")
    assert missing.returncode == 2
    assert "no such file, saved session or shipped replay" in missing.stderr


def test_report_into_a_missing_folder(tmp_path: Path) -> None:
    """-o into a folder that does not exist is an error naming it, unless --parents."""
    target = tmp_path / "not" / "here" / "x.html"
    refused = run(tmp_path, "report", "classroom-dialogue", "-o", str(target))
    assert refused.returncode == 2
    assert f"{target.parent}: no such folder (add --parents" in refused.stderr
    assert not target.parent.exists()
    made = run(tmp_path, "report", "classroom-dialogue", "-o", str(target), "--parents")
    assert made.returncode == 0, made.stderr
    assert target.read_text().startswith("<!DOCTYPE html>")


def test_report_compare_command(tmp_path: Path) -> None:
    """Two logs with --compare, or a folder of logs, give one comparison; several logs
    without --compare, or tables of different scenarios, are refused with a reason."""
    tables = tmp_path / "tables"
    for seed in ("1", "2"):
        logged = run(tmp_path, "run", "--seed", seed, "--log", str(tables / f"t{seed}.jsonl"))
        assert logged.returncode == 0, logged.stderr
    both = [str(tables / "t1.jsonl"), str(tables / "t2.jsonl")]
    compared = run(tmp_path, "report", *both, "--compare")
    assert compared.returncode == 0, compared.stderr
    assert compared.stdout.startswith("# Plenary:")
    assert "| t1 | t2 |" in compared.stdout
    folder = run(tmp_path, "report", str(tables))
    assert folder.stdout == compared.stdout
    several = run(tmp_path, "report", *both)
    assert several.returncode == 2
    assert "add --compare" in several.stderr
    other = tmp_path / "other.jsonl"
    assert run(tmp_path, "run", "standards-first", "--log", str(other)).returncode == 0
    mixed = run(tmp_path, "report", both[0], str(other), "--compare")
    assert mixed.returncode == 2
    assert "a comparison needs tables of one scenario" in mixed.stderr


def test_html_in_scenario_text_is_escaped_in_markdown_and_html() -> None:
    """Raw HTML in scenario text reaches no report as HTML: the Markdown writes it with
    entities, the HTML pages (debrief and comparison) show it as text, escaped once."""
    scenario, moves = classroom_convergence()
    hostile = scenario.model_copy(update={"title": '<script>alert("x")</script> & <b>bold</b>'})
    report = debrief(Session.replay(hostile, moves))
    text = markdown(report)
    assert "<script>" not in text
    assert "<b>" not in text
    assert '# Debrief: &lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;bold' in text
    page = html_report(report)
    assert "<script>" not in page
    assert "<h1>Debrief: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in page
    assert "&amp;lt;" not in page
    sessions = [(Session.replay(hostile, moves), None), (Session.replay(hostile, moves), None)]
    compared = comparison_html(tables_of(sessions))
    assert "<script>" not in compared
    assert "&lt;script&gt;" in compared


def test_no_control_sequence_from_data_reaches_the_markdown() -> None:
    """Control characters in scenario text and in statements are written out, so the
    Markdown printed to a terminal carries no control sequence from data."""
    scenario, moves = classroom_convergence()
    hostile = scenario.model_copy(update={"title": "Summit\x1b[2J\x9b31m"})
    session = Session.replay(hostile, moves)
    text = markdown(debrief(session))
    assert "\x1b" not in text
    assert "\x9b" not in text
    assert "\\u001b" in text
    compared = comparison_markdown(tables_of([(session, None), (session, None)]))
    assert "\x1b" not in compared
