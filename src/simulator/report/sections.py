"""The parts of a debrief, each as Markdown: the head (outcome, roster), the teachable
moments and questions, the text, satisfaction, the confidential briefs revealed, the
concessions, the votes, and each clause with who championed and who opposed it. The
analysis in plain words is ``draft_analysis``; the transcript is ``transcript``.

Every text that comes from the scenario or the log goes through ``escape``: it is shown
as written, never as Markdown or HTML.
"""

from __future__ import annotations

from simulator.engine.state import phase_name
from simulator.report.debrief import Debrief, blocking
from simulator.report.glossary import in_words
from simulator.report.moments import walked_out
from simulator.report.pages import Part, escape
from simulator.report.questions import debrief_stages, stages_markdown
from simulator.report.shifts import Shift
from simulator.scenario.common import TermValue
from simulator.scenario.model import capitalized
from simulator.scenario.values import acceptable_words, outside_limits, refusal

BRIEF_ROWS = 8
"""The most priorities shown for one delegation in the briefs revealed."""
CLAUSE_VOICES = 3
"""The most delegations quoted for and against one clause."""


def head_part(report: Debrief) -> Part:
    """Title, when and what, the outcome in the scenario's words, and the roster."""
    session = report.session
    scenario = session.scenario
    state = session.state
    table = report.table
    words = scenario.vocabulary
    sitting = report.sitting
    facts = [
        (f"Session “{escape(sitting.name)}”" + (f", {sitting.date}" if sitting.date else ""))
        if sitting
        else "A scripted session",
        f"seed {session.seed}",
        f"{session.move_count} move{'s' if session.move_count != 1 else ''}",
        f"{state.round} round{'s' if state.round != 1 else ''}",
    ]
    lines = [f"# Debrief: {escape(scenario.title)}", "", " · ".join(facts), ""]
    lines += ["## Outcome", ""]
    outcome = state.outcome
    if outcome is None:
        lines.append(f"The session is not over ({phase_name(state.phase)}).")
    else:
        verdict = words.adopted() if outcome.adopted else f"No {words.agreement} adopted"
        lines.append(f"**{escape(verdict)}**: {escape(outcome.reason)}.")
        if outcome.adopted:
            signed = ", ".join(escape(table.name(a)) for a in outcome.signatories)
            lines += ["", f"Signed by: {signed or 'nobody'}."]
    lines += ["", "## Who played", ""]
    lines += [f"| {escape(capitalized(words.party))} | Played by |", "|---|---|"]
    for actor in table.voters:
        seat = session.seats.get(actor, "computer")
        who = "a person" if seat == "human" else "the computer"
        if sitting is None:
            who = "the script"
        absent = " (left the room)" if actor in state.absent else ""
        lines.append(f"| {escape(table.name(actor))}{absent} | {who} |")
    chair = (
        "the script"
        if sitting is None
        else ("a person" if sitting.chair == "human" else "the computer")
    )
    lines.append(f"| Chair ({escape(table.name(table.moderator))}) | {chair} |")
    return Part("\n".join(lines))


def moments_part(report: Debrief) -> Part:
    """The teachable moments, then the debrief's questions stage by stage."""
    session = report.session
    state = session.state
    lines = ["## What to talk about", ""]
    for moment in report.moments:
        when = f"Move {moment.move}, round {moment.round}: " if moment.move else ""
        lines.append(f"- {when}{escape(moment.text)}")
    if not report.moments:
        lines.append("Nothing out of the ordinary happened: no walk-out, no blocked vote.")
    lines += ["", "## Questions for the debrief"]
    outcome = state.outcome
    stages = debrief_stages(
        session.scenario,
        adopted=None if outcome is None else outcome.adopted,
        walked_out=[report.table.name(a) for a in walked_out(session)],
        why=[moment.question for moment in report.moments],
    )
    lines += stages_markdown(stages)
    return Part("\n".join(lines))


def text_part(report: Debrief) -> Part:
    """The final text, term by term."""
    state = report.session.state
    table = report.table
    words = table.scenario.vocabulary
    outcome = state.outcome
    heading = (
        f"The {words.agreement} adopted"
        if outcome is not None and outcome.adopted
        else f"The {words.draft()} as it stood at the end"
    )
    lines = [f"## {escape(heading)}", "", "| Term | Text | Status |", "|---|---|---|"]
    for term, value in zip(table.terms, state.draft, strict=True):
        status = "agreed" if term.id in state.agreed else "open"
        lines.append(f"| {escape(term.name)} | {escape(term.label(value))} | {status} |")
    return Part("\n".join(lines))


def satisfaction_part(report: Debrief) -> Part:
    """Every delegation's satisfaction against its walk-away point, those that walked
    out too, and whether it would have accepted the final text."""
    state = report.session.state
    table = report.table
    words = table.scenario.vocabulary
    lines = [
        f"## Each {escape(words.party)} against its walk-away point",
        "",
        f"| {escape(capitalized(words.party))} | Satisfaction | Walk-away point | Margin "
        "| Limits crossed | Would have accepted the final text? |",
        "|---|---|---|---|---|---|",
    ]
    for view in report.everyone:
        crossed = ", ".join(escape(_term_name(report, t)) for t in view.red_lines_crossed)
        away = " (walked out)" if view.actor in state.absent else ""
        lines.append(
            f"| {escape(table.name(view.actor))}{away} | {view.utility:.2f} "
            f"| {view.reservation:.2f} | {view.margin:+.2f} | {crossed or 'none'} | "
            f"{'yes' if view.acceptable else 'no'} |"
        )
    lines += [
        "",
        _say(
            report,
            "Satisfaction runs from 0 to 1 by each delegation's confidential brief. *Limits "
            "crossed*: terms whose text is behind one of its red lines (a text outside the "
            "range it could accept is worth nothing to it on that term, but is no veto). "
            "*Would have accepted the final text*: above its walk-away point with no red line "
            "crossed, whether or not it signed or was in the room at the end.",
        ),
    ]
    return Part("\n".join(lines))


def briefs_part(report: Debrief) -> Part:
    """Each delegation's confidential brief revealed beside what it got."""
    table = report.table
    lines = ["## The confidential briefs, revealed", ""]
    lines.append(
        _say(
            report,
            "What each delegation was told in private, beside what the final text gave it. "
            "Its most important terms come first.",
        )
    )
    for actor_id in table.voters:
        lines += revealed_brief(report, actor_id)
    return Part("\n".join(lines))


def revealed_brief(report: Debrief, actor_id: str, heading: str = "###") -> list[str]:
    """One delegation's confidential brief beside what the final text gave it."""
    state = report.session.state
    table = report.table
    actor = report.session.scenario.actor(actor_id)
    utility = table.utility.get(actor_id)
    lines: list[str] = []
    if actor is not None and utility is not None:
        weights = utility.weights(state.priorities[actor_id])
        got = state.utilities[actor_id]
        verdict = "acceptable" if state.acceptable(actor_id) else "not acceptable"
        lines += [
            "",
            f"{heading} {escape(actor.name)}",
            "",
            f"Walk-away point {utility.reservation:.2f}; got {got:.2f} ({verdict}).",
        ]
        if actor.brief:
            lines += ["", f"> {escape(actor.brief)}"]
        lines += ["", "| Term | Weight | Wanted | Could accept | Got | Worth to it |"]
        lines.append("|---|---|---|---|---|---|")
        order = sorted(range(len(utility.terms)), key=lambda k: -weights[k])
        for k in order[:BRIEF_ROWS]:
            term = table.terms[utility.terms[k]]
            position = actor.positions[term.id]
            value = state.draft[utility.terms[k]]
            index = state.indexes[utility.terms[k]]
            red = ""
            if refusal(term, position, index) is not None:
                red = " (its red line)"
            elif outside_limits(term, position, index) is not None:
                red = " (outside its range)"
            lines.append(
                f"| {escape(term.name)} | {weights[k]:.0%} | {escape(term.label(position.ideal))} "
                f"| {escape(acceptable_words(term, position))} | {escape(term.label(value))}{red} "
                f"| {utility.curves[k][index]:.2f} |"
            )
        if len(order) > BRIEF_ROWS:
            lines += ["", f"And {len(order) - BRIEF_ROWS} terms that matter less to it."]
    return lines


def concessions_part(report: Debrief) -> Part:
    """Every change of public position: the delegations' own moves (stances, proposals,
    amendments), then the moves injects forced on them, credited to the inject."""
    table = report.table
    words = table.scenario.vocabulary
    lines = ["## Who gave ground, and when", ""]
    chosen = [shift for shift in report.shifts if shift.chosen]
    forced = [shift for shift in report.shifts if not shift.chosen]
    if not chosen:
        lines.append(f"No {escape(words.party)} moved its public position by its own move.")
    else:
        lines += [
            _say(
                report,
                "Every change of a delegation's public position by its own move: moving its "
                "stance, proposing or amending a text. *Cost* is the satisfaction it gave up "
                "by its own brief (negative: it moved towards what it wants).",
            ),
            "",
            f"| Move | Round | {escape(capitalized(words.party))} | Term | From | To | How "
            "| Cost |",
            "|---|---|---|---|---|---|---|---|",
        ]
        lines += [_shift_row(report, shift, shift.how) for shift in chosen]
    if forced:
        lines += [
            "",
            "### Moved by injects",
            "",
            _say(
                report,
                "Public positions an inject moved: the event's doing, not a concession the "
                "delegation chose, so none of these counts as its concession.",
            ),
            "",
            f"| Move | Round | {escape(capitalized(words.party))} | Term | From | To "
            "| Inject | Cost |",
            "|---|---|---|---|---|---|---|---|",
        ]
        lines += [_shift_row(report, shift, escape(shift.cause) or "an inject") for shift in forced]
    return Part("\n".join(lines))


def _shift_row(report: Debrief, shift: Shift, how: str) -> str:
    table = report.table
    term = table.terms[table.term_index[shift.term]]
    return (
        f"| {shift.move} | {shift.round} | {escape(table.name(shift.actor))} "
        f"| {escape(term.name)} | {escape(term.label(shift.before))} "
        f"| {escape(term.label(shift.after))} | {how} | {shift.cost:+.2f} |"
    )


def votes_part(report: Debrief) -> Part:
    """Every vote, who voted how, and who blocked it."""
    table = report.table
    agreement = table.scenario.vocabulary.agreement
    lines = ["## The votes", ""]
    if not report.votes:
        lines.append("No vote was held.")
        return Part("\n".join(lines))
    lines += [
        "| Move | Round | On | Yes | No | Abstain | Absent | Result | Blocked by |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for vote in report.votes:
        if vote.subject == "treaty":
            on = f"the {escape(agreement)}"
        elif len(vote.values) > 3:
            on = f"a package of {len(vote.values)} terms"
        else:
            on = "; ".join(
                f"{escape(_term_name(report, t))}: {escape(_label(report, t, v))}"
                for t, v in vote.values.items()
            )
        lines.append(
            f"| {vote.move} | {vote.round} | {on} | {_names(report, vote.yes)} "
            f"| {_names(report, vote.no)} | {_names(report, vote.abstain)} "
            f"| {_names(report, vote.absent)} | {'passed' if vote.passed else 'failed'} "
            f"| {escape(blocking(vote, report.session)) or '—'} |"
        )
    return Part("\n".join(lines))


def clauses_part(report: Debrief) -> Part:
    """Each clause of the outcome with the sourced words of those who championed it and
    of those who opposed it."""
    state = report.session.state
    table = report.table
    outcome = state.outcome
    adopted = outcome is not None and outcome.adopted
    terms = [t for t in table.terms if adopted or t.id in state.agreed]
    lines = ["## Each clause, and who stood where", ""]
    if not terms:
        lines.append("No clause was agreed.")
        return Part("\n".join(lines))
    lines.append(
        _say(
            report,
            "For each clause: the delegations whose public position at the end was this text "
            "(its champions) and those whose position was another (its opponents), those "
            "that care most about the term first, with the source each position is drawn from.",
        )
    )
    public = {a: dict(p) for a, p in report.opening.items()}
    for shift in report.shifts:
        public[shift.actor][shift.term] = shift.after
    for term in terms:
        value = state.value(term.id)
        lines += ["", f"### {escape(term.name)}: {escape(term.label(value))}"]
        stands = [(a, p[term.id]) for a, p in public.items() if term.id in p]
        stands.sort(key=lambda stand: -_weight(report, stand[0], term.id))
        champions = [a for a, v in stands if v == value]
        opponents = [(a, v) for a, v in stands if v != value]
        for heading, voices in (
            ("Championed by", [_voice(report, a, term.id) for a in champions]),
            ("Opposed by", [_voice(report, a, term.id, v) for a, v in opponents]),
        ):
            if voices:
                lines += ["", f"{heading}:", ""]
                lines += [f"- {voice}" for voice in voices[:CLAUSE_VOICES]]
                if len(voices) > CLAUSE_VOICES:
                    lines.append(f"- and {len(voices) - CLAUSE_VOICES} more")
        if not stands:
            lines += ["", _say(report, "No delegation took a public position on it.")]
    return Part("\n".join(lines))


def _say(report: Debrief, text: str) -> str:
    """The report's own ``text`` calling those at the table as the scenario does."""
    words = report.table.scenario.vocabulary
    return in_words(text, words.party, words.parties)


def _weight(report: Debrief, actor: str, term_id: str) -> float:
    utility = report.table.utility[actor]
    t = report.table.term_index[term_id]
    if t not in utility.terms:
        return 0.0
    return utility.weights(report.session.state.priorities[actor])[utility.terms.index(t)]


def _voice(report: Debrief, actor_id: str, term_id: str, wanted: TermValue | None = None) -> str:
    table = report.table
    said = f"**{escape(table.name(actor_id))}**"
    if wanted is not None:
        said += f" (wanted: {escape(_label(report, term_id, wanted))})"
    actor = table.actors.get(actor_id)
    position = actor.positions.get(term_id) if actor is not None else None
    source = position.source if position is not None else None
    if source is not None:
        title = table.scenario.document_title(source.seed)
        said += f": {WHOSE[source.kind]}“{escape(source.quote)}” ({escape(title)})"
    return said


WHOSE = {
    "speaker": "",
    "summary": "the summary reports ",
    "argument": "the article argues ",
    "critique": "its critics say ",
}
"""How a cited passage is introduced, by whose words it is: a delegation is credited only
with its own."""


def _term_name(report: Debrief, term_id: str) -> str:
    table = report.table
    return table.terms[table.term_index[term_id]].name


def _label(report: Debrief, term_id: str, value: TermValue) -> str:
    table = report.table
    return table.terms[table.term_index[term_id]].label(value)


def term_line(report: Debrief, term_id: str, value: TermValue) -> str:
    return f"{escape(_term_name(report, term_id))}: {escape(_label(report, term_id, value))}"


def _names(report: Debrief, actors: tuple[str, ...]) -> str:
    return ", ".join(escape(report.table.name(a)) for a in actors) or "—"
