"""A delegation's own debrief: the page its students see on their own device when the
teacher releases the debriefs. Its brief revealed beside what the final text gave it,
whether it would have accepted that text and whether it signed, the moments it was part
of, and the questions for its own reflection. Nothing of another delegation's brief.
"""

from __future__ import annotations

from simulator.engine.session import Session
from simulator.report.debrief import Debrief, debrief
from simulator.report.pages import escape
from simulator.report.sections import revealed_brief


def own_debrief(report: Debrief, actor: str) -> str:
    """The debrief of delegation ``actor`` as Markdown."""
    session = report.session
    state = session.state
    table = report.table
    words = session.scenario.vocabulary
    name = table.name(actor)
    outcome = state.outcome
    lines = [f"# Your debrief: {escape(name)}", ""]
    if outcome is None:
        lines.append(f"The session is not over yet ({session.move_count} moves so far).")
    elif outcome.adopted:
        signed = "you signed it" if actor in outcome.signatories else "you did not sign it"
        lines.append(f"**{escape(words.adopted())}**: {signed}.")
    else:
        lines.append(f"**No {escape(words.agreement)} adopted**: {escape(outcome.reason)}.")
    view = next(v for v in report.everyone if v.actor == actor)
    verdict = "would have accepted" if view.acceptable else "would not have accepted"
    lines += [
        "",
        f"The final text was worth **{view.utility * 100:.0f} of 100** to you; your walk-away "
        f"point was {view.reservation * 100:.0f}. By your brief you {verdict} it.",
        "",
        "## Your brief, revealed",
    ]
    lines += revealed_brief(report, actor, heading="###")
    mine = [m for m in report.moments if not m.who or actor in m.who]
    lines += ["", "## The moments you were part of", ""]
    for moment in mine:
        when = f"Move {moment.move}, round {moment.round}: " if moment.move else ""
        lines.append(f"- {when}{escape(moment.text)}")
    if not mine:
        lines.append("None of the session's turning points was yours.")
    lines += ["", "## For your own reflection", ""]
    lines += [f"1. {escape(m.question)}" for m in mine if m.who]
    lines += [
        "1. Where did you hold firm, and where did you give ground? Would you do it again?",
        "1. What did you learn about your delegation's position that you did not know from "
        "its brief?",
    ]
    return "\n".join(lines) + "\n"


def own_debriefs(session: Session) -> dict[str, str]:
    """Every voting delegation's own debrief of ``session``, by delegation."""
    report = debrief(session)
    return {actor: own_debrief(report, actor) for actor in report.table.voters}
