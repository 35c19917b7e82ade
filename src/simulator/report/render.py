"""Rendering a debrief: Markdown for handouts, and one self-contained HTML page with SVG
charts, both from the same parts (``report.sections``), the HTML through markdown-it-py
and the Jinja2 page template. The same debrief gives the same bytes, always.
"""

from __future__ import annotations

from simulator.report.charts import satisfaction_chart, stance_charts
from simulator.report.debrief import Debrief
from simulator.report.draft_analysis import analysis_part
from simulator.report.pages import Paper, Part, page_html, page_markdown
from simulator.report.sections import (
    briefs_part,
    clauses_part,
    concessions_part,
    head_part,
    moments_part,
    satisfaction_part,
    text_part,
    votes_part,
)
from simulator.report.transcript import transcript_part


def debrief_parts(report: Debrief, *, charts: bool = False) -> list[Part]:
    """The debrief's parts in reading order; with ``charts``, its SVG charts attached."""
    satisfaction = satisfaction_part(report)
    positions: list[Part] = []
    if charts:
        satisfaction = _with(satisfaction, (satisfaction_chart(report),))
        drawn = tuple(stance_charts(report))
        if drawn:
            positions = [Part(POSITIONS_NOTE, charts=drawn)]
    return [
        head_part(report),
        moments_part(report),
        text_part(report),
        satisfaction,
        briefs_part(report),
        *positions,
        concessions_part(report),
        votes_part(report),
        clauses_part(report),
        analysis_part(report),
        transcript_part(report),
    ]


POSITIONS_NOTE = """## Public positions over time

Each line is one delegation's public position on the term after each move (its stance,
or the text it proposed); lines on the same option are drawn slightly apart. Only the
terms on which positions moved most, and the delegations that moved most, are drawn."""


def _with(part: Part, charts: tuple[str, ...]) -> Part:
    return Part(part.markdown, part.kind, part.new_page, charts)


def markdown(report: Debrief) -> str:
    """The debrief as Markdown."""
    return page_markdown(debrief_parts(report))


def html_report(report: Debrief, paper: Paper = "A4") -> str:
    """The debrief as one self-contained HTML page with SVG charts, printed on ``paper``."""
    title = f"Debrief: {report.session.scenario.title}"
    return page_html(title, debrief_parts(report, charts=True), paper, wide=True)
