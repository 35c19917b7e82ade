"""SVG charts for the HTML reports, drawn with pygal (no scripts, no external files):
labelled axes with option text and delegation names, colours told apart at a glance."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pygal
from pygal.style import Style

from simulator.report.debrief import Debrief
from simulator.report.shifts import Shift
from simulator.scenario.terms import Term, in_sentence

PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
)
"""Ten colours far apart from each other (the category ten of d3 and matplotlib)."""
MAX_LINES = 10
"""The most delegations drawn on one chart of stances (those that moved most)."""
MAX_STANCE_CHARTS = 12
"""The most terms charted (those on which positions moved most)."""
MAX_AXIS_LABELS = 14
"""The most option texts written along one axis."""


def _style(colors: Sequence[str] = PALETTE) -> Style:
    return Style(
        background="white",
        plot_background="white",
        foreground="#1d2330",
        foreground_strong="#1d2330",
        foreground_subtle="#c9cfdb",
        colors=tuple(colors),
        font_family="system-ui, sans-serif",
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=13,
        title_font_size=15,
    )


def _config(height: int, colors: Sequence[str] = PALETTE) -> pygal.Config:
    config = pygal.Config()
    config.js = []  # no scripts: the page works offline and prints cleanly
    config.disable_xml_declaration = True
    config.style = _style(colors)
    config.width = 900
    config.height = height
    config.legend_at_bottom = True
    config.truncate_legend = -1
    config.truncate_label = 48
    config.print_values = False
    return config


def _svg(chart: pygal.Graph, name: str) -> str:
    """The chart as inline SVG without pygal's inline script, with a stable id."""
    svg = str(chart.render(is_unicode=True))
    svg = re.sub(r"<script.*?</script>", "", svg, flags=re.DOTALL)
    found = re.search(r'id="chart-([0-9a-f-]+)"', svg)
    return svg.replace(found.group(1), name) if found else svg


def satisfaction_chart(report: Debrief) -> str:
    """Each delegation's satisfaction and walk-away point, as bars named by delegation."""
    table = report.table
    views = report.analysis.actors
    chart = pygal.HorizontalBar(
        _config(120 + 34 * len(views)),
        title="Satisfaction with the final text against each walk-away point",
        range=(0, 1),
        x_title="Satisfaction (0: nothing it wants, 1: everything)",
    )
    chart.x_labels = [table.name(view.actor) for view in reversed(views)]
    chart.add("Satisfaction", [round(view.utility, 3) for view in reversed(views)])
    chart.add("Walk-away point", [round(view.reservation, 3) for view in reversed(views)])
    return _svg(chart, "satisfaction")


def stance_charts(report: Debrief) -> list[str]:
    """One chart per term on which public positions moved: each delegation's position
    after each move, option text on the axis."""
    table = report.table
    by_term: dict[str, list[Shift]] = {}
    for shift in report.shifts:
        by_term.setdefault(shift.term, []).append(shift)
    busiest = sorted(by_term, key=lambda t: (-len(by_term[t]), table.term_index[t]))
    charts = []
    last = report.session.move_count
    for term_id in sorted(busiest[:MAX_STANCE_CHARTS], key=table.term_index.__getitem__):
        term = table.terms[table.term_index[term_id]]
        charts.append(_stance_chart(report, term, last))
    return charts


def _stance_chart(report: Debrief, term: Term, last: int) -> str:
    table = report.table
    steps = report.positions(term.id)
    actors = sorted(steps, key=lambda a: (-len(steps[a]), table.voters.index(a)))[:MAX_LINES]
    actors.sort(key=table.voters.index)
    series: dict[str, list[tuple[int, int]]] = {}
    for actor in actors:
        points: list[tuple[int, int]] = []
        for move, value in steps[actor]:
            index = table.index_of(term.id, value) or 0
            if points:
                points.append((move, points[-1][1]))
            points.append((move, index))
        points.append((last, points[-1][1]))
        series[actor] = points
    used = sorted({y for points in series.values() for _, y in points})
    # each delegation keeps its colour on every chart
    colors = [PALETTE[table.voters.index(a) % len(PALETTE)] for a in actors]
    chart = pygal.XY(
        _config(140 + 30 * min(len(term.values()), MAX_AXIS_LABELS) + 22 * len(actors), colors),
        title=f"Public positions on {in_sentence(term.name)}",
        x_title="Move",
        range=(-0.5, len(term.values()) - 0.5),
        xrange=(0, max(last, 1)),
        show_dots=False,
        stroke_style={"width": 2.5},
    )
    chart.y_labels = [
        {"label": _short(term.label(term.values()[v])), "value": v} for v in _axis(used)
    ]
    spread = 0.24 / max(len(actors) - 1, 1)
    for n, actor in enumerate(actors):
        offset = (n - (len(actors) - 1) / 2) * spread  # lines on one option stay apart
        dashed = {"dasharray": "6, 4"} if table.voters.index(actor) >= len(PALETTE) else {}
        chart.add(
            table.name(actor),
            [(x, y + offset) for x, y in series[actor]],
            stroke_style={"width": 2.5, **dashed},
        )
    return _svg(chart, f"positions-{term.id}")


def _short(label: str, width: int = 44) -> str:
    """An option's text short enough for an axis, cut at a word with an ellipsis."""
    if len(label) <= width:
        return label
    return label[: width - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _axis(used: list[int]) -> list[int]:
    """The option indexes written on the axis: those taken, thinned to a readable number."""
    if len(used) <= MAX_AXIS_LABELS:
        return used
    step = len(used) / MAX_AXIS_LABELS
    return [used[int(n * step)] for n in range(MAX_AXIS_LABELS)]


def comparison_chart(names: Sequence[str], tables: dict[str, list[float | None]]) -> str:
    """Each delegation's satisfaction at each table, as grouped bars (``tables``: per
    table, one value per delegation in ``names``)."""
    chart = pygal.HorizontalBar(
        _config(120 + 18 * len(names) * max(len(tables), 1)),
        title="Satisfaction at each table",
        range=(0, 1),
        x_title="Satisfaction (0: nothing it wants, 1: everything)",
    )
    chart.x_labels = list(reversed(names))
    for label, values in tables.items():
        chart.add(label, list(reversed(values)))
    return _svg(chart, "comparison")
