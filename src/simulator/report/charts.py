"""SVG charts for the HTML debrief, drawn with pygal (no scripts, no external files)."""

from __future__ import annotations

import re

import pygal
from pygal.style import CleanStyle

from simulator.report.debrief import Debrief
from simulator.scenario.terms import in_sentence


def _config() -> pygal.Config:
    config = pygal.Config()
    config.js = []  # no scripts: the page works offline and prints cleanly
    config.disable_xml_declaration = True
    config.style = CleanStyle
    config.width = 900
    config.height = 360
    config.legend_at_bottom = True
    config.truncate_legend = -1
    config.show_minor_x_labels = False
    return config


def _svg(chart: pygal.Graph, name: str) -> str:
    """The chart as inline SVG without pygal's inline script, with a stable id."""
    svg = str(chart.render(is_unicode=True))
    svg = re.sub(r"<script.*?</script>", "", svg, flags=re.DOTALL)
    found = re.search(r'id="chart-([0-9a-f-]+)"', svg)
    return svg.replace(found.group(1), name) if found else svg


def satisfaction_chart(report: Debrief) -> str:
    """Each delegation's satisfaction and walk-away point, as bars."""
    table = report.session.state.table
    chart = pygal.Bar(
        _config(), title="Satisfaction with the final draft vs walk-away point", range=(0, 1)
    )
    chart.x_labels = [table.name(view.actor) for view in report.analysis.actors]
    chart.add("Satisfaction", [round(view.utility, 3) for view in report.analysis.actors])
    chart.add("Walk-away point", [round(view.reservation, 3) for view in report.analysis.actors])
    return _svg(chart, "satisfaction")


def stance_charts(report: Debrief) -> list[str]:
    """One line chart per term on which some delegation ever moved its public stance."""
    table = report.session.state.table
    moved_terms = {c.term for c in report.concessions}
    charts = []
    for term in table.terms:
        series = report.stances[term.id]
        if term.name not in moved_terms:
            continue
        config = _config()
        config.height = 300
        chart = pygal.Line(
            config,
            title=f"Public stances on {in_sentence(term.name)}",
            y_labels=list(range(len(term.values()))),
            range=(0, len(term.values()) - 1),
        )
        count = len(next(iter(series.values())))
        step = max(1, count // 12)
        chart.x_labels = [str(k) if k % step == 0 else "" for k in range(count)]
        for actor, positions in series.items():
            if any(p is not None for p in positions):
                chart.add(table.name(actor), positions)
        charts.append(_svg(chart, f"stances-{term.id}"))
    return charts
