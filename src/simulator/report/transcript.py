"""A readable transcript of a session: who did what, round by round, with the computer
players' explanations, the injects, the votes and the outcome; as plain text
(``render_transcript``) and as the debrief's Markdown part (``transcript_part``)."""

from __future__ import annotations

from collections.abc import Mapping

from simulator.engine.moves import (
    Amend,
    Concede,
    FireInject,
    Move,
    Propose,
    SetAgenda,
    Statement,
)
from simulator.engine.session import Session
from simulator.engine.state import Event, State, phase_name
from simulator.engine.table import Table
from simulator.kinds import KINDS
from simulator.report.debrief import Debrief
from simulator.report.pages import Part, escape
from simulator.scenario.common import TermValue
from simulator.scenario.model import Scenario, capitalized
from simulator.scenario.terms import in_sentence


def seated(scenario: Scenario) -> str:
    """Who sits at the table in the scenario's words: '9 delegations and 2 observers'."""
    words = scenario.vocabulary
    voting = len(scenario.electorate())
    watching = len(scenario.voters()) - voting
    said = f"{voting} {words.party if voting == 1 else words.parties}"
    if watching:
        said += f" and {watching} observer{'s' if watching != 1 else ''}"
    return said


def render_transcript(session: Session, *, private: bool = True) -> str:
    """The session as a transcript. With ``private``, the outcome section lists every
    delegation's utility against its reservation (for a debrief, not for the room)."""
    scenario = session.scenario
    rounds = scenario.rules.round_limit
    lines = [
        scenario.title,
        "=" * len(scenario.title),
        f"Seed {session.seed} · {seated(scenario)} · {rounds} round{'s' if rounds != 1 else ''}",
        "",
    ]
    heading = ""
    for event in session.state_at(0).events:
        heading = _heading(lines, heading, event, session.state_at(0))
    if session.state_at(0).phase == "openings":
        heading = _set_heading(lines, heading, "Openings")
    for number, move in enumerate(session.moves, start=1):
        before, after = session.state_at(number - 1), session.state_at(number)
        lines.append(describe(move, before.table, before, chair=session.chair))
        for event in after.events[len(before.events) :]:
            heading = _heading(lines, heading, event, after)
    lines += outcome_lines(session.state, private=private)
    return "\n".join(lines) + "\n"


_FINAL_VERBS = {
    "support": "votes for the",
    "oppose": "votes against the",
    "abstain": "abstains on the",
}


THE_CHAIR = "the chair"
"""Who a person's moves from the chair are credited to: a teacher chairing is not the
scenario's mediator, whose name the computer chair and replay scripts speak under."""


def mover(table: Table, actor: str, chair: str | None = None) -> str:
    """Who made a move, by name (as said within a sentence): the chair's moves read as
    the chair's when a person chairs (``chair`` is who chairs: 'human', 'computer' or
    None when not recorded), as the scenario's mediator's otherwise."""
    if chair == "human" and actor == table.moderator:
        return THE_CHAIR
    return table.name(actor)


def describe(
    move: Move, table: Table, before: State | None = None, *, chair: str | None = None
) -> str:
    """One line for a move, in words: its explanation when it has one. With the state
    ``before`` the move, a ballot in the final vote reads as a vote on the treaty;
    ``chair`` says who chairs (see ``mover``)."""
    name = capitalized(mover(table, move.actor, chair))
    if before is not None and before.vote is not None and before.vote.subject == "treaty":
        verb = _FINAL_VERBS.get(move.kind)
        reason = getattr(move, "reason", "")
        if verb is not None and not reason:
            return f"{name} {verb} {table.scenario.vocabulary.agreement}"
    reason = getattr(move, "reason", "")
    if isinstance(move, Statement):
        return f'{name}: "{move.text}"'
    if isinstance(move, Propose | Amend):
        verb = "proposes" if isinstance(move, Propose) else "amends the motion"
        head = f"{name} {verb}"
        if reason:
            head = reason if reason.startswith(name) else f"{head}: {reason}"
        return f"{head}\n    {_package(table, move.values)}"
    if isinstance(move, Concede):
        term = table.terms[table.term_index[move.term]]
        plain = f"{name} moves its stance on {in_sentence(term.name)}: {term.label(move.to)}"
        return reason if reason.startswith(name) else plain + (f" ({reason})" if reason else "")
    if isinstance(move, FireInject):
        inject = table.scenario.inject_by_id(move.inject)
        return f"{name} fires an inject: {inject.title if inject else move.inject}"
    if isinstance(move, SetAgenda):
        terms = ", ".join(table.terms[table.term_index[t]].name for t in move.terms)
        if not terms:
            return f"{name} clears the agenda: every open term is open to proposals again"
        return f"{name} sets the agenda: {terms}"
    plain = f"{name} {KINDS[move.kind].verb}"
    if not reason:
        return plain
    if name not in reason and capitalized(reason).startswith(name):
        return capitalized(reason)  # "the chair opens the final vote"
    return reason if name in reason else f"{plain}: {reason}"


def _package(table: Table, values: Mapping[str, TermValue]) -> str:
    parts = []
    for term_id, value in values.items():
        term = table.terms[table.term_index[term_id]]
        parts.append(f"{term.name}: {term.label(value)}")
    return "\n    ".join(parts)


def _set_heading(lines: list[str], current: str, title: str) -> str:
    if title != current:
        if lines and lines[-1]:
            lines.append("")
        lines += [f"== {title} =="]
    return title


def _heading(lines: list[str], current: str, event: Event, state: State) -> str:
    if event.kind == "round":
        return _set_heading(lines, current, event.text.removesuffix(" begins"))
    if event.kind == "phase" and event.ref == "final_vote":
        return _set_heading(lines, current, "Final vote")
    if event.kind == "inject":
        inject = state.table.scenario.inject_by_id(event.ref)
        lines.append(f"  >> Inject: {event.text}")
        if inject is not None:
            lines.append(f"     {inject.text}")
        return current
    if event.kind in ("vote", "outcome"):
        lines.append(f"  >> {event.text}")
    return current


def outcome_lines(state: State, *, private: bool = True) -> list[str]:
    """The outcome section: result, treaty text, signatories (and utilities)."""
    table = state.table
    lines = ["", "== Outcome =="]
    outcome = state.outcome
    if outcome is None:
        lines.append(f"The session is not over ({phase_name(state.phase)}, round {state.round}).")
    else:
        verdict = table.scenario.vocabulary.adopted() if outcome.adopted else "No agreement"
        lines.append(f"{verdict}: {outcome.reason}.")
        if outcome.adopted:
            lines.append("Signatories: " + ", ".join(table.name(a) for a in outcome.signatories))
    lines.append("")
    lines.append(f"The {table.scenario.vocabulary.draft()}:")
    for term, value in zip(table.terms, state.draft, strict=True):
        mark = "agreed" if term.id in state.agreed else "open"
        lines.append(f"  {term.name}: {term.label(value)} [{mark}]")
    if private:
        lines.append("")
        lines.append("Satisfaction against walk-away point (private briefs):")
        for actor, utility in state.utilities.items():
            reservation = table.utility[actor].reservation
            verdict = (
                "acceptable"
                if state.acceptable(actor)
                else ("crosses a red line" if state.crossed[actor] else "below walk-away point")
            )
            lines.append(
                f"  {table.name(actor)}: {utility:.2f} (walk-away {reservation:.2f}) {verdict}"
            )
    return lines


def transcript_part(report: Debrief) -> Part:
    """The whole session, move by move: statements as said, moves in plain words."""
    session = report.session
    lines = ["## Transcript", ""]
    events = iter(session.state.events)
    pending = next(events, None)
    during = _final_votes(report)
    for k, move in enumerate(session.moves, start=1):
        while pending is not None and pending.move < k:
            lines += _event_lines(pending)
            pending = next(events, None)
        lines.append(f"{k}. {_move_line(report, move, during.get(k))}")
    while pending is not None:
        lines += _event_lines(pending)
        pending = next(events, None)
    return Part("\n".join(lines), new_page=True)


def _final_votes(report: Debrief) -> dict[int, State]:
    """For each move made while a final vote was open, a state of that vote (a ballot
    then reads as a vote on the agreement), found from the events without a replay."""
    session = report.session
    closes = sorted(v.move for v in report.votes if v.subject == "treaty")
    during: dict[int, State] = {}
    for event in session.state.events:
        if event.kind != "phase" or event.ref != "final_vote":
            continue
        state = session.state_at(event.move)
        if state.vote is None or state.vote.subject != "treaty":
            continue
        close = next((m for m in closes if m > event.move), session.move_count)
        during.update(dict.fromkeys(range(event.move + 1, close + 1), state))
    return during


def _event_lines(event: Event) -> list[str]:
    if event.kind == "round":
        return ["", f"### {escape(event.text.removesuffix(' begins'))}", ""]
    if event.kind == "phase":
        return ["", f"### {escape(capitalized(event.text))}", ""]
    label = {"inject": "Inject", "vote": "Vote", "outcome": "Outcome"}[event.kind]
    return [f"- **{label}**: {escape(event.text)}"]


def _move_line(report: Debrief, move: Move, voting: State | None) -> str:
    table = report.table
    chair = report.session.chair
    if isinstance(move, Statement):
        who = capitalized(mover(table, move.actor, chair))
        said = f"**{escape(who)}**: “{escape(move.text)}”"
        if move.quote is not None:
            said += f" (from {escape(table.scenario.cite(move.quote))})"
        return said
    lines = describe(move, table, voting, chair=chair).split("\n")
    head = escape(lines[0])
    rest = "; ".join(escape(line.strip()) for line in lines[1:])
    return f"{head}: {rest}" if rest else head
