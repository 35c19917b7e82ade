"""Rendering a debrief as Markdown (text for handouts) or as one self-contained HTML
file with SVG charts."""

from __future__ import annotations

import html
import math

from simulator.engine.state import VoteRecord, phase_name
from simulator.engine.table import Table
from simulator.report.debrief import Debrief, blocking
from simulator.scenario.model import capitalized

# --- Markdown -------------------------------------------------------------------------


def markdown(report: Debrief) -> str:
    """The debrief as Markdown."""
    session = report.session
    scenario = session.scenario
    state = session.state
    table = state.table
    outcome = state.outcome
    words = scenario.vocabulary
    lines = [
        f"# Debrief: {scenario.title}",
        "",
        f"Seed {session.seed} · {session.move_count} moves · {state.round} rounds",
        "",
    ]
    lines += ["## Outcome", ""]
    if outcome is None:
        lines.append(f"The session is not over ({phase_name(state.phase)}).")
    else:
        verdict = f"**{words.adopted()}**" if outcome.adopted else "**No agreement**"
        lines.append(f"{verdict}: {outcome.reason}.")
        if outcome.signatories:
            lines.append("")
            lines.append("Signatories: " + ", ".join(table.name(a) for a in outcome.signatories))
    lines += ["", f"## The {words.agreement} text", "", "| Term | Text | Status |", "|---|---|---|"]
    for term, value in zip(table.terms, state.draft, strict=True):
        status = "agreed" if term.id in state.agreed else "open"
        lines.append(f"| {term.name} | {term.label(value)} | {status} |")
    lines += [
        "",
        f"## Each {words.party} against its walk-away point",
        "",
        f"| {capitalized(words.party)} | Satisfaction | Walk-away | Margin | Limits crossed "
        "| Could accept it? |",
        "|---|---|---|---|---|---|",
    ]
    for view in report.analysis.actors:
        crossed = (
            ", ".join(table.terms[table.term_index[t]].name for t in view.red_lines_crossed)
            or "none"
        )
        lines.append(
            f"| {table.name(view.actor)} | {view.utility:.2f} | "
            f"{view.reservation:.2f} | {view.margin:+.2f} | {crossed} | "
            f"{'yes' if view.acceptable else 'no'} |"
        )
    lines += ["", "## Who conceded what, and when", ""]
    if report.concessions:
        lines += [
            f"| Move | Round | {capitalized(words.party)} | Term | From | To |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {c.move} | {c.round} | {c.actor} | {c.term} | {c.before} | {c.after} |"
            for c in report.concessions
        ]
    else:
        lines.append(f"No {words.party} moved its public stance.")
    lines += ["", "## The votes", ""]
    if report.votes:
        lines += [
            "| Move | Round | On | Yes | No | Abstain | Absent | Result | Blocked by |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for vote in report.votes:
            on = (
                f"the {words.agreement}"
                if vote.subject == "treaty"
                else _motion_summary(table, vote)
            )
            lines.append(
                f"| {vote.move} | {vote.round} | {on} | {_names(table, vote.yes)} | "
                f"{_names(table, vote.no)} | {_names(table, vote.abstain)} | "
                f"{_names(table, vote.absent)} | {'passed' if vote.passed else 'failed'} | "
                f"{blocking(vote, session) or '—'} |"
            )
    else:
        lines.append("No vote was held.")
    lines += ["", "## Distance to the best deals", ""] + _analysis_lines(report)
    lines += ["", "## Key moments", ""]
    for moment in report.moments:
        lines.append(f"- Move {moment.move} (round {moment.round}): {moment.text}")
        lines += [f"  - {detail}" for detail in moment.details]
    if not report.moments:
        lines.append("No inject fired and no vote was held.")
    if scenario.discussion_questions:
        lines += ["", "## Questions for discussion", ""]
        for question in scenario.discussion_questions:
            who = f" ({table.name(question.actor)})" if question.actor else ""
            lines.append(f"- {question.text}{who}")
    # Text from the scenario may hold HTML, which Markdown viewers would render: every
    # '&', '<' and '>' is written as an entity (the report's own Markdown uses none).
    return html.escape("\n".join(lines) + "\n", quote=False)


def _motion_summary(table: Table, vote: VoteRecord) -> str:
    if len(vote.values) > 3:
        return f"a package of {len(vote.values)} terms"
    return "; ".join(
        f"{table.terms[table.term_index[t]].name}: {table.terms[table.term_index[t]].label(v)}"
        for t, v in vote.values.items()
    )


def _names(table: Table, actors: tuple[str, ...]) -> str:
    return ", ".join(table.name(a) for a in actors) or "—"


def _analysis_lines(report: Debrief) -> list[str]:
    analysis = report.analysis
    table = report.session.state.table
    lines = []
    if analysis.pareto_optimal:
        lines.append(
            "- The final draft is **Pareto-optimal**: no other draft is at least as "
            "good for every delegation and better for one."
        )
    elif not analysis.pareto_settled:
        lines.append(
            "- Whether the final draft is Pareto-optimal was not settled within the "
            "analysis's limit: no draft better for one and as good for all was found."
        )
    else:
        lines.append(
            "- The final draft is **not Pareto-optimal**: every delegation would be "
            "at least as well off, and one better off, with:"
        )
        for term, value in (analysis.improvement or {}).items():
            record = table.terms[table.term_index[term]]
            if report.session.state.value(term) != value:
                lines.append(f"  - {record.name}: {record.label(value)}")
    if analysis.nash is not None and analysis.nash_distance is not None:
        lines.append(
            f"- Distance to the Nash bargaining point (in satisfaction): "
            f"{analysis.nash_distance:.2f}. The Nash point would say:"
        )
        for term, value in analysis.nash.items():
            record = table.terms[table.term_index[term]]
            mark = "" if report.session.state.value(term) == value else " (differs)"
            lines.append(f"  - {record.name}: {record.label(value)}{mark}")
    else:
        lines.append(
            "- No draft gives every delegation more than its walk-away point: there "
            "is no Nash bargaining point."
        )
    if analysis.zopa_margin is not None:
        state = (
            "a zone of possible agreement exists"
            if analysis.zopa_margin >= 0
            else ("there is no zone of possible agreement")
        )
        lines.append(
            f"- Red lines respected, {state} (best smallest margin over walk-away "
            f"points: {analysis.zopa_margin:+.2f})."
        )
    if not analysis.exact and analysis.zopa_bound is not None:
        lines.append(
            f"- The analysis stopped at its limit: the Nash product of the true Nash "
            f"point is at most {math.exp(analysis.nash_gap):.3f} times that of the point "
            f"shown, and the best smallest margin at most {analysis.zopa_bound:+.3f}."
        )
    lines.append(
        f"- Value created over walking away (satisfaction above the walk-away points, summed): "
        f"{analysis.value_created:+.2f}."
    )
    return lines


# --- HTML -------------------------------------------------------------------------------

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1d2330; line-height: 1.45; }
h1 { border-bottom: 3px solid #3b5bdb; padding-bottom: .3rem; }
h2 { margin-top: 2.2rem; color: #2b3a8c; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; font-size: .92rem; }
th, td { border: 1px solid #d0d5e2; padding: .3rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #eef1fa; }
.adopted { color: #1b7f3b; font-weight: bold; } .failed { color: #b42318; font-weight: bold; }
.chart { margin: .5rem 0 1.5rem; } .note { color: #5b6270; font-size: .9rem; }
"""


def html_report(report: Debrief) -> str:
    """The debrief as one self-contained HTML page with SVG charts."""
    from simulator.report.charts import satisfaction_chart, stance_charts

    body = _markdown_to_html(markdown(report))
    charts = [
        f'<h2>Satisfaction against walk-away points</h2><div class="chart">'
        f"{satisfaction_chart(report)}</div>",
        "<h2>Stances over time</h2>",
        '<p class="note">Each line is a delegation\'s public stance on the term '
        "after each move (position among the term's options, lowest first).</p>",
    ]
    drawn = stance_charts(report)
    charts += [f'<div class="chart">{svg}</div>' for svg in drawn]
    if not drawn:
        charts.append("<p>No delegation moved its public stance.</p>")
    marker = "<h2>Who conceded what, and when</h2>"
    body = body.replace(marker, "\n".join(charts) + "\n" + marker, 1)
    title = html.escape(report.session.scenario.title)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Debrief: {title}</title><style>{_STYLE}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


def _markdown_to_html(text: str) -> str:
    """The small Markdown subset ``markdown`` writes (headings, paragraphs, tables, lists,
    bold) as HTML."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("## "):
            out.append(f"<h2>{_inline(line[3:])}</h2>")
        elif line.startswith("# "):
            out.append(f"<h1>{_inline(line[2:])}</h1>")
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append([cell.strip() for cell in lines[i].strip("|").split("|")])
                i += 1
            head, body = rows[0], rows[2:]
            out.append(
                "<table><tr>"
                + "".join(f"<th>{_inline(c)}</th>" for c in head)
                + "</tr>"
                + "".join(
                    "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>"
                    for row in body
                )
                + "</table>"
            )
            continue
        elif line.startswith("- "):
            items: list[str] = []
            while i < len(lines) and lines[i].startswith(("- ", "  - ")):
                item = lines[i]
                if item.startswith("  - "):
                    items[-1] += f"<ul><li>{_inline(item[4:])}</li></ul>"
                else:
                    items.append(_inline(item[2:]))
                i += 1
            out.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            continue
        elif line.strip():
            out.append(f"<p>{_inline(line)}</p>")
        i += 1
    return "\n".join(out).replace("</ul><ul>", "")


def _inline(text: str) -> str:
    escaped = html.escape(html.unescape(text))  # the Markdown's entities, escaped once
    parts = escaped.split("**")
    out = ""
    for n, part in enumerate(parts):
        if n % 2 == 1:
            cls = (
                "adopted"
                if "adopted" in part.lower()
                else ("failed" if "no agreement" in part.lower() else "")
            )
            out += f'<strong class="{cls}">{part}</strong>' if cls else f"<strong>{part}</strong>"
        else:
            out += part
    return out
