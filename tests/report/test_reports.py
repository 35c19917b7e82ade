"""Debrief reports: golden Markdown for a scripted session, a self-contained HTML page,
and the report command as a user runs it."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

from simulator.engine.session import Session
from simulator.report.debrief import debrief
from simulator.report.render import html_report, markdown
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


def test_html_report_is_self_contained() -> None:
    """The HTML debrief carries its charts as inline SVG and loads nothing from outside."""
    scenario, moves = classroom_convergence()
    page = html_report(debrief(Session.replay(scenario, moves)))
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") >= 2
    assert "<script" not in page
    assert "<link" not in page
    assert 'src="' not in page
    assert 'href="http' not in page


def test_report_command_writes_html(tmp_path: Path) -> None:
    """simulator report writes the HTML debrief of a saved run."""
    env = {**os.environ, "SIMULATOR_DATA": str(tmp_path)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "simulator", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    assert run("run", "--seed", "1", "--log", "lesson", "--json").returncode == 0
    listing = run("sessions")
    assert "lesson" in listing.stdout
    assert "finished" in listing.stdout
    out = tmp_path / "debrief.html"
    result = run("report", "lesson", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "<svg" in out.read_text()
    markdown_out = run("report", "lesson")
    assert markdown_out.stdout.startswith("# Debrief:")
    missing = run("report", "nothing-here")
    assert missing.returncode == 2
    assert "no such file, saved session or shipped replay" in missing.stderr


def test_html_in_scenario_text_is_escaped_in_markdown_and_html() -> None:
    """Raw HTML in scenario text reaches neither report as HTML: the Markdown writes it
    with entities, the HTML page shows it as text (escaped once, not twice)."""
    scenario, moves = classroom_convergence()
    hostile = scenario.model_copy(update={"title": '<script>alert("x")</script> & <b>bold</b>'})
    report = debrief(Session.replay(hostile, moves))
    text = markdown(report)
    assert "<script>" not in text
    assert "<b>" not in text
    assert (
        '# Debrief: &lt;script&gt;alert("x")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;' in text
    )
    page = html_report(report)
    assert "<script>" not in page
    assert "<h1>Debrief: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in page
    assert "&amp;lt;" not in page
