"""The plenary: several tables of one scenario side by side, for the whole class.

Which text each table ended with, who signed, how satisfied each delegation was at each
table, and where the tables diverged with what may explain it (injects, walk-outs,
blocked votes, the chair's own texts). Markdown and one HTML page, from the same parts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from simulator.engine.moves import WalkOut
from simulator.engine.session import Session
from simulator.report.debrief import Sitting
from simulator.report.moments import Moment, teachable_moments, walked_out
from simulator.report.pages import Paper, Part, escape, page_html, page_markdown
from simulator.report.questions import debrief_stages, stages_markdown
from simulator.report.shifts import public_positions, round_clock
from simulator.scenario.common import listed
from simulator.scenario.model import capitalized


class TablesDiffer(ValueError):
    """The sessions compared do not play one scenario."""


@dataclass(frozen=True)
class TableSession:
    """One table of the plenary."""

    label: str
    """How the comparison names it: its session name, or 'Table N'."""
    session: Session
    """Its session."""
    moments: tuple[Moment, ...]
    """Its teachable moments."""


def tables_of(sessions: Sequence[tuple[Session, Sitting | None]]) -> list[TableSession]:
    """The tables to compare, named; raises ``TablesDiffer`` unless every session plays
    the scenario of the first, with the same terms and delegations."""
    first = sessions[0][0]
    tables = []
    for n, (session, sitting) in enumerate(sessions, start=1):
        table = session.state.table
        if session.base.id != first.base.id or (
            table.ids != first.state.table.ids or table.voters != first.state.table.voters
        ):
            raise TablesDiffer(
                f"table {n} plays {session.base.id} and table 1 plays {first.base.id}: "
                "a comparison needs tables of one scenario"
            )
        label = sitting.name if sitting is not None else f"Table {n}"
        _, shifts = public_positions(session)
        tables.append(TableSession(label, session, teachable_moments(session, shifts)))
    labels = [t.label for t in tables]
    if len(set(labels)) < len(labels):
        tables = [
            TableSession(f"Table {n} ({t.label})", t.session, t.moments)
            for n, t in enumerate(tables, start=1)
        ]
    return tables


def comparison_parts(tables: Sequence[TableSession], *, charts: bool = False) -> list[Part]:
    """The comparison's parts in reading order; with ``charts``, its chart attached."""
    satisfaction = _satisfaction(tables)
    if charts:
        # pygal is loaded only for a page that draws the chart, not for Markdown.
        from simulator.report.charts import comparison_chart

        table = tables[0].session.state.table
        values: dict[str, list[float | None]] = {
            t.label: [round(t.session.state.utilities[a], 3) for a in table.voters] for t in tables
        }
        names = [table.name(a) for a in table.voters]
        satisfaction = Part(satisfaction.markdown, charts=(comparison_chart(names, values),))
    return [
        _head(tables),
        _texts(tables),
        _signatures(tables),
        satisfaction,
        _divergence(tables),
        _questions(tables),
    ]


def comparison_markdown(tables: Sequence[TableSession]) -> str:
    """The comparison as Markdown."""
    return page_markdown(comparison_parts(tables))


def comparison_html(tables: Sequence[TableSession], paper: Paper = "A4") -> str:
    """The comparison as one self-contained HTML page, printed on ``paper``."""
    scenario = tables[0].session.scenario
    title = f"Plenary: {scenario.title}"
    return page_html(title, comparison_parts(tables, charts=True), paper, wide=True)


def _columns(tables: Sequence[TableSession], first: str) -> list[str]:
    head = f"| {first} | " + " | ".join(escape(t.label) for t in tables) + " |"
    return [head, "|---" * (len(tables) + 1) + "|"]


def _verdict(session: Session) -> str:
    words = session.scenario.vocabulary
    outcome = session.state.outcome
    if outcome is None:
        return "not over"
    return words.adopted() if outcome.adopted else f"No {words.agreement}"


def _head(tables: Sequence[TableSession]) -> Part:
    scenario = tables[0].session.scenario
    lines = [
        f"# Plenary: {escape(scenario.title)}",
        "",
        f"{len(tables)} tables played the same scenario. Each column is one table.",
        "",
        "## The tables",
        "",
    ]
    lines += _columns(tables, "")
    rows = {
        "Outcome": [escape(_verdict(t.session)) for t in tables],
        "Seed": [str(t.session.seed) for t in tables],
        "Moves": [str(t.session.move_count) for t in tables],
        "Rounds": [str(t.session.state.round) for t in tables],
        "Seats played by people": [
            str(sum(1 for seat in t.session.seats.values() if seat == "human")) for t in tables
        ],
    }
    lines += [f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows.items()]
    return Part("\n".join(lines))


def _texts(tables: Sequence[TableSession]) -> Part:
    table = tables[0].session.state.table
    agreement = table.scenario.vocabulary.agreement
    lines = [
        "## The text each table ended with",
        "",
        f"A table that adopted no {escape(agreement)} shows its draft at the end, in "
        "italics. **Differs** marks a term on which the tables did not end alike.",
        "",
    ]
    lines += _columns(tables, "Term")
    lines[-2] = lines[-2][:-1] + "| Differs |"
    lines[-1] += "---|"
    for t, term in enumerate(table.terms):
        cells = []
        values = set()
        for sitting in tables:
            state = sitting.session.state
            value = state.draft[t]
            values.add(state.indexes[t])
            text = escape(term.label(value))
            adopted = state.outcome is not None and state.outcome.adopted
            cells.append(text if adopted else f"*{text}*")
        mark = "**Differs**" if len(values) > 1 else ""
        lines.append(f"| {escape(term.name)} | " + " | ".join(cells) + f" | {mark} |")
    return Part("\n".join(lines))


def _signatures(tables: Sequence[TableSession]) -> Part:
    table = tables[0].session.state.table
    words = table.scenario.vocabulary
    lines = [
        "## Who signed",
        "",
        f"*signed*: it voted for the adopted {escape(words.agreement)}; *—*: nothing was "
        "adopted at that table.",
        "",
    ]
    lines += _grid(tables, table.electorate, _signed)
    return Part("\n".join(lines))


def _signed(sitting: TableSession, actor: str) -> str:
    outcome = sitting.session.state.outcome
    if outcome is None or not outcome.adopted:
        return "—"
    return "signed" if actor in outcome.signatories else "did not sign"


def _satisfied(sitting: TableSession, actor: str) -> str:
    state = sitting.session.state
    mark = " (would have accepted)" if state.acceptable(actor) else ""
    away = ", walked out" if actor in state.absent else ""
    walk = state.table.utility[actor].reservation
    return f"{state.utilities[actor]:.2f} (walk-away {walk:.2f}{away}){mark}"


def _grid(
    tables: Sequence[TableSession],
    actors: Sequence[str],
    cell: Callable[[TableSession, str], str],
) -> list[str]:
    """A table with a row per delegation and a column per table, ``cell`` in each."""
    table = tables[0].session.state.table
    words = table.scenario.vocabulary
    lines = _columns(tables, escape(capitalized(words.party)))
    for actor in actors:
        cells = " | ".join(cell(sitting, actor) for sitting in tables)
        lines.append(f"| {escape(table.name(actor))} | {cells} |")
    return lines


def _satisfaction(tables: Sequence[TableSession]) -> Part:
    table = tables[0].session.state.table
    words = table.scenario.vocabulary
    lines = [
        f"## Each {escape(words.party)}'s satisfaction at each table",
        "",
        "Satisfaction with the final text by the delegation's confidential brief (0 to 1); "
        "the walk-away point may differ from table to table when the scenario varies it. "
        "*(would have accepted)*: the final text was above its walk-away point with no "
        "limit crossed, whether or not it signed; *walked out*: it was out of the room at "
        "the end.",
        "",
    ]
    lines += _grid(tables, table.voters, _satisfied)
    return Part("\n".join(lines))


def _divergence(tables: Sequence[TableSession]) -> Part:
    table = tables[0].session.state.table
    lines = ["## Where the tables diverged, and what happened at each", ""]
    differing = [
        term.name
        for t, term in enumerate(table.terms)
        if len({s.session.state.indexes[t] for s in tables}) > 1
    ]
    if differing:
        lines.append(
            f"The tables ended differently on {len(differing)} of {len(table.terms)} terms: "
            f"{escape(listed(differing))}."
        )
    else:
        lines.append("Every table ended with the same text.")
    everywhere = set.intersection(*(set(s.session.state.fired) for s in tables))
    for sitting in tables:
        session = sitting.session
        state = session.state
        lines += ["", f"### {escape(sitting.label)}", ""]
        injects = []
        round_after = round_clock(session)
        for event in state.events:
            if event.kind == "inject":
                only = "" if event.ref in everywhere else " (not at every table)"
                round_ = round_after(event.move)
                injects.append(f"{escape(event.text)}, round {round_}{only}")
        lines.append("- Injects: " + ("; ".join(injects) if injects else "none"))
        walked = [table.name(m.actor) for m in session.moves if isinstance(m, WalkOut)]
        lines.append("- Walk-outs: " + (escape(listed(walked)) if walked else "none"))
        failed = [v for v in state.votes if not v.passed]
        lines.append(f"- Votes: {len(state.votes)} held, {len(failed)} failed")
        for moment in sitting.moments[:4]:
            lines.append(f"- {escape(moment.text)}")
    return Part("\n".join(lines))


def _questions(tables: Sequence[TableSession]) -> Part:
    table = tables[0].session.state.table
    scenario = tables[0].session.scenario
    agreement = table.scenario.vocabulary.agreement
    adopted = [t.label for t in tables if _adopted(t.session)]
    not_adopted = [t.label for t in tables if not _adopted(t.session)]
    lines = ["## Questions for the plenary"]
    why = []
    if adopted and not_adopted:
        why.append(
            f"{listed(adopted)} adopted a {agreement} and {listed(not_adopted)} did not. "
            "What did the tables that agreed do differently?"
        )
    for t, term in enumerate(table.terms):
        texts = {s.session.state.indexes[t] for s in tables}
        if len(texts) > 1:
            why.append(
                f"The tables ended differently on {term.name}. What made each table settle "
                "where it did?"
            )
            break
    why.append(
        "Compare one delegation across the tables: was it better served by holding firm or "
        "by giving ground early?"
    )
    why += [m.question for t in tables for m in t.moments if m.kind == "would-accept"]
    walked = dict.fromkeys(table.name(a) for t in tables for a in walked_out(t.session))
    stages = debrief_stages(
        scenario,
        adopted=bool(adopted) if not (adopted and not_adopted) else None,
        walked_out=list(walked),
        why=why,
        tables=len(tables),
    )
    lines += stages_markdown(stages)
    return Part("\n".join(lines))


def _adopted(session: Session) -> bool:
    outcome = session.state.outcome
    return outcome is not None and outcome.adopted
