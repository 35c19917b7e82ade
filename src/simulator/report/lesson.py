"""The lesson around the negotiation: the chair's packet (a script for the scenario's
arc, from the openings through each inject and its question to the final vote and the
debrief) and the run sheet (timing plans for 45, 60 and 90 minutes and a two-hour
workshop that fit the turns in the time, with caucuses, the software's steps, role
allocation for 10, 20 and 30 students, and the decision rule).

Plans are worked out from the scenario (its delegations, round limit, injects and rules),
so a turn gets about a minute wherever the plan can give it one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.report.pages import Part, escape
from simulator.report.questions import debrief_stages, stages_markdown
from simulator.scenario.actors import Actor
from simulator.scenario.common import listed
from simulator.scenario.injects import Conditional, Inject, PriorityChange, Scheduled
from simulator.scenario.model import Scenario

TURN_SECONDS = 60
"""What a plan gives one delegation's turn at least, where it can: time to read the
floor, confer with its team and make a move."""
LENGTHS = (45, 60, 90, 120)
"""The lessons planned for, in minutes."""
CLASS_SIZES = (10, 20, 30)
"""The class sizes the run sheet allocates roles for."""


@dataclass(frozen=True)
class Plan:
    """A lesson of a given length, part by part."""

    minutes: int
    """How long the lesson is."""
    rounds: int
    """Negotiation rounds to play (``serve --rounds``)."""
    round_minutes: int
    """Minutes per round (the console's round time, ``t``)."""
    turn_seconds: int
    """What that gives one delegation's turn."""
    parts: tuple[tuple[str, int], ...]
    """Each part and its minutes, in order."""
    injects: tuple[tuple[Inject, int, bool], ...] = ()
    """Each scheduled inject, the round it comes in, and whether the chair fires it by
    hand (the plan plays fewer rounds than the round it is scheduled for)."""


def lesson_plan(scenario: Scenario, minutes: int) -> Plan:
    """The plan for a lesson of ``minutes``: as many rounds as give each turn about a
    minute (at most the scenario's round limit, at least one)."""
    seats = len(scenario.voters())
    briefing = {45: 8, 60: 10, 90: 15}.get(minutes, 20)
    openings = math.ceil(seats * (0.75 if minutes <= 60 else 1.0))
    caucuses = {45: 0, 60: 1, 90: 2}.get(minutes, 3)
    caucus = 4 if minutes <= 90 else 6
    final = 3 if minutes <= 45 else 5
    debrief = {45: 10, 60: 12, 90: 20}.get(minutes, 30)
    negotiation = minutes - briefing - openings - caucuses * caucus - final - debrief
    fits = negotiation * 60 // (seats * TURN_SECONDS)
    rounds = max(1, min(scenario.rules.round_limit, fits))
    round_minutes = negotiation // rounds
    parts = [("Briefing: the primer and the packets", briefing), ("Opening statements", openings)]
    for n in range(1, rounds + 1):
        parts.append((f"Round {n}", round_minutes))
        if n <= caucuses and n < rounds:
            parts.append(("Caucus: coalitions meet away from the table", caucus))
    spare = minutes - sum(m for _, m in parts) - final - debrief
    vote = f"Final vote (and {spare} minutes in hand)" if spare else "Final vote"
    parts += [(vote, final + spare), ("Debrief", debrief)]
    turn = round_minutes * 60 // seats
    return Plan(minutes, rounds, round_minutes, turn, tuple(parts), _scheduled(scenario, rounds))


def _scheduled(scenario: Scenario, rounds: int) -> tuple[tuple[Inject, int, bool], ...]:
    """Each scheduled inject in the order the scenario brings them, with the round it
    comes in when only ``rounds`` are played: its own when the plan reaches it, else by
    hand at the same share of the talks (never before an inject scheduled earlier)."""
    limit = scenario.rules.round_limit
    found = []
    latest = 1
    timed = [(i, i.trigger.round) for i in scenario.injects if isinstance(i.trigger, Scheduled)]
    for inject, at in sorted(timed, key=lambda pair: pair[1]):
        by_hand = at > rounds
        if by_hand:
            at = min(rounds, max(latest, math.ceil(at * rounds / limit)))
        latest = max(latest, at)
        found.append((inject, at, by_hand))
    return tuple(found)


def plan_lines(scenario: Scenario, plan: Plan) -> list[str]:
    """A plan as a Markdown table with the clock, and what it gives a turn."""
    lines = [
        f"{plan.rounds} round{'s' if plan.rounds != 1 else ''} of {plan.round_minutes} minutes: "
        f"about {plan.turn_seconds} seconds a turn for {len(scenario.voters())} delegations "
        f"(`--rounds {plan.rounds}`, round time {plan.round_minutes} minutes).",
        "",
        "| Clock | Part | Minutes |",
        "|---|---|---|",
    ]
    start = 0
    for part, minutes in plan.parts:
        lines.append(f"| {start}′ | {part} | {minutes} |")
        start += minutes
    if plan.injects:
        lines.append("")
    for inject, at, by_hand in plan.injects:
        title = escape(inject.title)
        trigger = inject.trigger
        scheduled = trigger.round if isinstance(trigger, Scheduled) else at
        if by_hand:
            lines.append(
                f"- *{title}*: fire it by hand (`j`, or `J` for every table) at the start of "
                f"round {at}; the scenario schedules it for round {scheduled}, which this "
                "plan does not reach."
            )
        else:
            lines.append(f"- *{title}* fires by itself at the start of round {at}.")
    return lines


def chairs_packet(scenario: Scenario) -> list[Part]:
    """The chair's packet: a script for the session's arc."""
    chair = scenario.actor(scenario.moderator())
    name = chair.name if chair is not None else "the chair"
    order = [a.name for a in scenario.voters()]
    lines = [
        f"# Chair's packet: {escape(scenario.title)}",
        "",
        f"You chair the session as {escape(name)}. You do not vote and you do not take "
        "sides: you keep time, give the floor, bring in the events that test the room and "
        "call the votes. Whether the teacher or a student chairs, the script is the same.",
    ]
    if chair is not None and chair.brief:
        lines += ["", f"> {escape(chair.brief)}"]
    lines += ["", "## 1. Opening", ""]
    lines += _opening(scenario, chair, order)
    lines += ["", "## 2. The rounds", ""]
    lines += [
        "- Give the floor in the speaking order; a delegation may propose, amend, support or "
        "oppose the motion, concede, speak or pass.",
        "- Keep each turn short (a minute) and the round on time: say when a round has one "
        "minute left.",
        "- When a round stalls, ask: *What would you need to move on this term?* *Which "
        "term matters least to you: could you give it for one that matters more?* *Who "
        "could you form a coalition with here?*",
        "- Between rounds, call a short caucus where the plan has one: delegations meet "
        "away from the table to build coalitions.",
    ]
    lines += ["", "## 3. Injects: what to read out, and what to ask", ""]
    lines += _injects(scenario) or ["This scenario has no injects."]
    lines += ["", "## 4. When to call a vote", ""]
    lines += [
        "- Call a vote on the motion when every delegation has spoken on it, or when the "
        "floor has gone round once with no change.",
        "- Do not call a vote that will plainly fail: ask the likely no votes what they "
        "need first.",
        "- The final vote is on the whole text: call it in the last round, or earlier once "
        "every term is agreed.",
        "",
        "How decisions are taken:",
        "",
    ]
    lines += [f"- {escape(line)}" for line in scenario.rules_in_words()]
    lines += ["", "## 5. The final vote", ""]
    lines += [
        "Read the text term by term, ask each delegation in the speaking order for its vote "
        "(yes, no or abstain), and announce the result and who signs. Then stop the "
        "negotiation: the roles end here.",
    ]
    lines += ["", "## 6. The debrief", ""]
    lines += [
        "Lead it in four stages, from facts to feelings to reasons to the real world. The "
        "debrief of each table adds the questions its own session raises."
    ]
    lines += stages_markdown(debrief_stages(scenario, adopted=None, walked_out=(), why=None))
    return [Part("\n".join(lines) + "\n")]


def _opening(scenario: Scenario, chair: Actor | None, order: list[str]) -> list[str]:
    lines = []
    quotes = chair.persona.quotes if chair is not None else ()
    if quotes:
        lines += ["Open with the chair's own words:", ""]
        for quote in quotes[:2]:
            cited = f" ({escape(scenario.cite(quote.source))})" if quote.source else ""
            lines += [f"> “{escape(quote.text)}”{cited}", ""]
    lines += [
        f"Say what is on the table: the draft {escape(scenario.vocabulary.agreement)}'s "
        f"{len(scenario.terms)} terms, and how it will be decided (below). Then ask each "
        f"delegation in turn for a one-minute opening statement: {escape(listed(order))}. "
        "Ask each: *What does your delegation need from this agreement, and what can it "
        "offer?*",
    ]
    return lines


def _injects(scenario: Scenario) -> list[str]:
    lines = []
    for inject in scenario.injects:
        lines += [f"### {escape(inject.title)}", "", f"*When*: {_when(inject)}.", ""]
        lines += [f"Read out: “{escape(inject.text)}”", ""]
        lines.append(f"Then ask: *{escape(_question(scenario, inject))}*")
        lines.append("")
    return lines


def _when(inject: Inject) -> str:
    trigger = inject.trigger
    if isinstance(trigger, Scheduled):
        return f"at the start of round {trigger.round} (the console fires it then)"
    if isinstance(trigger, Conditional):
        return "it fires by itself when its condition holds: read it out when it appears"
    return "when you choose (j at one table, J at every table): when the talks stall"


def _question(scenario: Scenario, inject: Inject) -> str:
    """What to ask the room after an inject: those it makes care more, by name."""
    moved = [e.actor for e in inject.effects if isinstance(e, PriorityChange) and e.factor > 1]
    names = [a.name for a in scenario.voters() if a.id in set(moved)]
    if names:
        return (
            f"{listed(names)}: what matters more to you now, and what would you give for it? "
            "Everyone: who is your ally now?"
        )
    return "What does this change for your delegation, and who is your ally now?"


def run_sheet(scenario: Scenario) -> list[Part]:
    """The run sheet: the software's steps, the timing plans, roles for 10, 20 and 30
    students, and the decision rule."""
    name = scenario.id
    seats = len(scenario.voters())
    lines = [
        f"# Run sheet: {escape(scenario.title)}",
        "",
        f"{seats} delegations: {escape(listed([a.name for a in scenario.voters()]))}. "
        "Seats nobody takes are played by the computer.",
        "",
        "## Before class",
        "",
        f"1. Start the class once to draw its numbers and codes: `simulator serve {name} "
        "--tables N --rounds R --name CLASS --host 0.0.0.0` (N tables, R rounds from "
        "the plan below). It prints the class's seed and a code for every seat, the "
        "teacher and the projector. Stop it with Ctrl-C: the class is kept, with its codes.",
        "2. Print what the class needs: `simulator packets --class CLASSFOLDER` (the folder "
        "serve printed) writes the packets for the class's seed (the primer and each "
        "delegation's packet, this run sheet, the chair's packet, the facilitator guide) "
        "and brings the join slips, one per seat per table, to cut out. Hand each "
        "delegation its own packet and slip only; keep the teacher's code.",
        "",
        "## In class",
        "",
        "1. Run the same `simulator serve` command: every table is taken up with the same "
        "codes. Students scan their slip's QR code or open its link on a phone, tablet or "
        "laptop (nothing to install), or open the address it prints and type their code; "
        "a terminal joins with `simulator join`. A delegation team may share one code.",
        "2. Join the teacher's console with the teacher's code, the projector with its code.",
        "3. When the class has joined, resume every table (`R`; `space` for one table). Set "
        "the round time with `t` (the plan's minutes per round).",
        "4. Fire a manual inject with `j` (one table) or `J` (every table); scheduled ones "
        "fire by themselves at their round.",
        "5. A student absent or leaving: hand the seat to the computer with `c` (and back "
        "when they arrive); a lost code: `n` gives the seat a new one.",
        "6. Open the final vote with `f` if a table has not reached it when time is up; `e` "
        "ends a table.",
        "7. A crash or a closed laptop loses nothing: every move is saved when it is made. "
        "Run the same command again and everyone joins again with the same codes.",
        "",
        "## After class",
        "",
        "1. Press `d` in the console: each table's debrief, the comparison of the tables "
        "and `gradebook.csv` are written into the class folder's `debriefs`.",
        "2. Press `D` to release the debriefs to the students: each seat's screen opens its "
        "own delegation's debrief. Lead the plenary from the comparison.",
        "3. For marks: `simulator report CLASSFOLDER --csv -o grades.csv` gives one row "
        "per seat per table.",
        "",
        "## Timing plans",
        "",
        f"Every turn needs time to read the floor and confer: the plans play fewer rounds "
        f"than the scenario's {scenario.rules.round_limit} so that each turn gets about a "
        "minute. Give the plan's rounds to `serve --rounds`.",
    ]
    for minutes in LENGTHS:
        title = f"{minutes} minutes" if minutes < 120 else "A two-hour workshop"
        lines += ["", f"### {title}", ""]
        lines += plan_lines(scenario, lesson_plan(scenario, minutes))
    lines += ["", "## Roles for the class size", ""]
    lines += _roles(seats)
    lines += ["", "## How decisions are taken", ""]
    lines += [f"- {escape(line)}" for line in scenario.rules_in_words()]
    return [Part("\n".join(lines) + "\n")]


def roles(students: int, seats: int) -> tuple[int, int, int]:
    """How to seat ``students`` at tables of ``seats`` delegations and a chair: the
    tables, the delegations that get a second member (one speaks, one keeps the score
    sheet and the notes), and the observers (press and rapporteurs) left over."""
    tables = max(1, students // (seats + 1))
    spare = max(0, students - tables * (seats + 1))
    seconds = min(spare, tables * seats)
    return tables, seconds, spare - seconds


def _roles(seats: int) -> list[str]:
    lines = [
        "| Students | Tables | At each table | Teams of two | Observers |",
        "|---|---|---|---|---|",
    ]
    for students in CLASS_SIZES:
        tables, seconds, observers = roles(students, seats)
        if students < seats + 1:
            at = f"{students - 1} delegations and a chair; the computer plays the rest"
        else:
            at = f"{seats} delegations and a chair"
        lines.append(f"| {students} | {tables} | {at} | {seconds} | {observers} |")
    lines += [
        "",
        "A team of two shares one seat and one device: one speaks, one keeps the score "
        "sheet and the notes (a code joins one device at a time). Give second members to the "
        "delegations with the most to weigh. Observers (press, rapporteurs) watch the "
        "projector and open the debrief with what they saw. With several tables, compare "
        "them in the plenary.",
    ]
    return lines
