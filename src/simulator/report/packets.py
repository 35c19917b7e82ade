"""Role packets and the facilitator guide: what a teacher prints before class.

Each delegation's packet holds the public background every delegation shares (the
terms, who is at the table, how decisions are taken), the primer, and, framed apart, its
confidential brief: who it is, its relationships, its priorities in words and as a score
sheet, its limits (once each), its walk-away point, and its sourced lines to play from.
The facilitator guide holds the learning objectives, seating, the decision rule, timing
plans (``report.lesson``), when to fire each inject and what it changes, an answer key
from the exact analysis, and the debrief's questions. ``write_packets`` writes them with
the chair's packet, the run sheet and the primer on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from simulator.analysis.bargaining import maximin_search, nash_search
from simulator.analysis.space import scenario_space
from simulator.analysis.summary import REPORT_EFFORT
from simulator.report.lesson import LENGTHS, chairs_packet, lesson_plan, plan_lines, run_sheet
from simulator.report.pages import Paper, Part, escape, page_html, page_markdown
from simulator.report.primer import primer
from simulator.report.questions import debrief_stages, stages_markdown
from simulator.scenario.actors import Actor
from simulator.scenario.injects import Conditional, Scheduled
from simulator.scenario.model import Scenario, capitalized
from simulator.scenario.terms import OptionsTerm, Term
from simulator.scenario.utility import points_range, sheet_points, utility_tables
from simulator.scenario.values import acceptable_words
from simulator.storage import files


def background(scenario: Scenario) -> str:
    """The public background every delegation shares."""
    words = scenario.vocabulary
    lines = [f"# {escape(scenario.title)}", "", escape(scenario.summary), ""]
    lines += [f"## The terms of the {escape(words.draft())}", ""]
    for term in scenario.terms:
        lines.append(f"**{escape(term.name)}**: {_domain(term)}.")
        lines.append(f"The draft starts at: {escape(term.label(term.status_quo))}.")
        lines.append("")
    lines += ["## Who is at the table", ""]
    for actor in scenario.voters():
        role = ", an observer: it neither votes nor signs" if actor.role == "observer" else ""
        summary = f": {escape(actor.summary)}" if actor.summary else ""
        lines.append(f"- **{escape(actor.name)}** ({actor.kind}{role}){summary}")
    lines += ["", "## How decisions are taken", ""]
    lines += [f"- {escape(line)}" for line in scenario.rules_in_words()]
    return "\n".join(lines) + "\n"


def brief(scenario: Scenario, actor: Actor) -> str:
    """One delegation's confidential brief, with its score sheet."""
    words = scenario.vocabulary
    table = utility_tables(scenario)[actor.id]
    weights = table.weights()
    lines = [f"## Confidential: {escape(actor.name)}", ""]
    if actor.summary:
        lines += [f"*Who you are*: {escape(actor.summary)}", ""]
    if actor.brief:
        lines += [escape(actor.brief), ""]
    lines += _relationships(scenario, actor)
    order = sorted(range(len(table.terms)), key=lambda k: -weights[k])
    lines += ["### What matters to you, most important first", ""]
    for rank, k in enumerate(order, start=1):
        term = scenario.terms[table.terms[k]]
        position = actor.positions[term.id]
        share = f"{weights[k]:.0%} of what you care about"
        lines.append(
            f"{rank}. **{escape(term.name)}** ({share}): you want "
            f"{escape(term.label(position.ideal))}."
        )
    lines += ["", "### Your score sheet", ""]
    own = points_range(scenario, actor)
    if own is None:
        scale = "out of 100"
        walk_away = f"{actor.reservation * 100:.0f}"
    else:  # the delegation's own points, as its brief speaks of them
        low, high = own
        scale = f"from {_points(low)} to {_points(high)}"
        walk_away = _points(low + actor.reservation * (high - low))
    lines += [
        f"A {escape(words.agreement)} is worth the sum of your points for its terms, {scale}. "
        f"You would rather have no {escape(words.agreement)} at all than one worth less "
        f"than **{walk_away} points**: that is your walk-away point.",
        "",
        "| Term | Text | Points |",
        "|---|---|---|",
    ]
    for k in order:
        term = scenario.terms[table.terms[k]]
        sheet = sheet_points(term, actor.positions[term.id]) if own is not None else None
        for v, value in enumerate(term.values()):
            forbidden = " (never)" if v in table.forbidden[k] else ""
            points = (
                _points(sheet[v])
                if sheet is not None
                else f"{weights[k] * table.curves[k][v] * 100:.1f}"
            )
            lines.append(
                f"| {escape(term.name)} | {escape(term.label(value))} | {points}{forbidden} |"
            )
    lines += ["", "### Your limits", ""]
    limits = _limits(scenario, actor, [table.terms[k] for k in order])
    lines += limits or ["You have no limits: every text is negotiable."]
    quotes = [(q.text, q.source) for q in actor.persona.quotes]
    if quotes:
        lines += ["", "### Lines to play from", ""]
        if actor.persona.tone:
            lines += [f"Your manner: {escape(actor.persona.tone)}.", ""]
        for text, source in quotes:
            cited = f" ({escape(scenario.cite(source))})" if source is not None else ""
            lines.append(f"> {escape(text)}{cited}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _points(points: float) -> str:
    """Points as a score sheet writes them: 6,840 or 12.5."""
    return f"{points:,.0f}" if float(points).is_integer() else f"{points:,.1f}"


def packet(scenario: Scenario, actor_id: str) -> list[Part]:
    """A delegation's packet: the shared background, then its confidential brief (the
    numbers of the table ``scenario`` is: for a scenario that varies between tables, pass
    the session's variant)."""
    actor = scenario.actor(actor_id)
    if actor is None or actor.kind == "mediator":
        raise KeyError(f"'{actor_id}' is not a delegation of {scenario.id}")
    return [
        Part(background(scenario), new_page=True),
        Part(primer(scenario), new_page=True),
        Part(brief(scenario, actor), kind="confidential", new_page=True),
    ]


def guide(scenario: Scenario) -> list[Part]:
    """The facilitator guide."""
    words = scenario.vocabulary
    parties = scenario.voters()
    lines = [f"# Facilitator guide: {escape(scenario.title)}", "", escape(scenario.summary)]
    if scenario.learning_objectives:
        lines += ["", "## Learning objectives", ""]
        lines += [f"- {escape(o)}" for o in scenario.learning_objectives]
    lines += [
        "",
        "## Seating",
        "",
        f"One seat per {escape(words.party)}: {len(parties)} seats and the chair. Seats "
        "nobody takes are played by the computer. The run sheet says how to seat 10, 20 "
        "or 30 students (tables, teams of two, observers).",
        "",
        "## How decisions are taken",
        "",
    ]
    lines += [f"- {escape(line)}" for line in scenario.rules_in_words()]
    lines += [
        "",
        "## Timing plans",
        "",
        "Each plan plays as many rounds as give every turn about a minute; the run sheet "
        "says how to run them in the software, and the chair's packet what to say.",
    ]
    for minutes in LENGTHS:
        label = f"A {minutes}-minute class" if minutes < 120 else "A two-hour workshop"
        lines += ["", f"### {label}", ""]
        lines += plan_lines(scenario, lesson_plan(scenario, minutes))
    lines += ["", "## Injects: when to fire them and what they change", ""]
    if not scenario.injects:
        lines.append("This scenario has no injects.")
    for inject in scenario.injects:
        lines.append(f"**{escape(inject.title)}** ({_when(inject.trigger)})")
        lines.append("")
        lines.append(f"> {escape(inject.text)}")
        lines.append("")
        lines += [f"- {escape(scenario.effect_in_words(e))}" for e in inject.effects]
        lines.append("")
    lines += _answer_key(scenario)
    lines += ["", "## Questions for the debrief"]
    stages = debrief_stages(scenario, adopted=None, walked_out=(), why=None)
    lines += stages_markdown(stages)
    return [Part("\n".join(lines) + "\n")]


def _domain(term: Term) -> str:
    if isinstance(term, OptionsTerm):
        return "; ".join(escape(option.label) for option in term.options)
    values = term.values()
    return f"from {escape(term.label(values[0]))} to {escape(term.label(values[-1]))}"


def _limits(scenario: Scenario, actor: Actor, order: list[int]) -> list[str]:
    """Each term the delegation has limits on, once, most important first: what it may
    counts (its acceptable range: outside it a text is worth nothing on the term, but no
    veto) and what it must never sign (its red lines, with why)."""
    lines = []
    for t in order:
        term = scenario.terms[t]
        position = actor.positions.get(term.id)
        if position is None or (position.acceptable is None and not position.red_lines):
            continue
        said = []
        if position.acceptable is not None:
            said.append(
                f"anything outside {escape(acceptable_words(term, position))} is worth nothing "
                "to you on this term, though you may still sign it if the rest pays for it"
            )
        for line in position.red_lines:
            side, value = line.bound()
            where = {"value": "", "below": "anything below ", "above": "anything above "}[side]
            said.append(
                f"never {where}{escape(term.label(value))}: your red line, because "
                f"{escape(line.reason)}"
            )
        lines.append(f"- **{escape(term.name)}**: " + "; ".join(said) + ".")
    return lines


TRUST_WORDS = ((0.7, "a close partner"), (0.5, "on good terms"), (0.3, "wary"), (0.0, "distrust"))
"""How a trust value reads in a packet: the first word whose bound it reaches."""


def _relationships(scenario: Scenario, actor: Actor) -> list[str]:
    """The delegation's relationships: how far it trusts each other one at the table, as
    the scenario sets it, closest first."""
    trust = actor.trust
    known = [(other, trust[other.id]) for other in scenario.voters() if other.id in trust]
    if not known:
        return []
    lines = [
        "### Your relationships",
        "",
        "How far you trust each delegation at the table as the talks open (from 0, none, "
        "to 1, complete), closest first: whose offers you take at face value, and whose you check.",
        "",
    ]
    for other, value in sorted(known, key=lambda pair: -pair[1]):
        word = next(word for bound, word in TRUST_WORDS if value >= bound)
        lines.append(f"- **{escape(other.name)}**: {word} ({value:.2f})")
    return [*lines, ""]


def _when(trigger: object) -> str:
    if isinstance(trigger, Scheduled):
        return f"at the start of round {trigger.round}; the computer chair fires it then"
    if isinstance(trigger, Conditional):
        return "it fires by itself as soon as its condition holds"
    return "fire it when you choose: when the talks stall, or to test a position"


def _answer_key(scenario: Scenario) -> list[str]:
    words = scenario.vocabulary
    space = scenario_space(scenario)
    names = [scenario.actor(a).name for a in space.actors]  # type: ignore[union-attr]
    lines = ["## Answer key (from the exact analysis; keep it from the students)", ""]
    centre_found = maximin_search(space, effort=REPORT_EFFORT)
    nash_found = nash_search(space, effort=REPORT_EFFORT)
    centre, nash = centre_found.point, nash_found.point
    if not (centre_found.exact and nash_found.exact):
        lines += [
            "The table is too large for the analysis to finish within its limit: the texts "
            "below are the best it found, not proven best.",
            "",
        ]
    start = tuple(t.index_of(t.status_quo) or 0 for t in scenario.terms)
    columns = [("The draft as it starts", start)]
    margin = (
        min(u - r for u, r in zip(centre.utilities, space.reservations, strict=True))
        if centre is not None
        else None
    )
    if margin is None or margin < 0:
        found = "no text leaves" if centre_found.exact else "no text it found leaves"
        lines.append(
            f"There is **no zone of agreement**: {found} every voting {escape(words.party)} "
            "above its walk-away point and clear of its limits. Expect a deadlock, and ask why."
        )
    if centre is not None and margin is not None and margin >= 0:
        columns.append(("The centre of the zone of agreement", centre.outcome))
        lines.append(
            "There is a **zone of agreement**: texts every voting "
            f"{escape(words.party)} prefers to walking away. Its centre (the text that leaves "
            "the worst-off best placed) and the Nash bargaining point (the text that "
            "maximises the product of everyone's gains over walking away) are:"
        )
    if nash is not None:
        columns.append(("The Nash bargaining point", nash.outcome))
    for title, outcome in columns[1:]:
        lines += ["", f"**{title}**", ""]
        lines += [
            f"- {escape(t.name)}: {escape(t.label(t.values()[v]))}"
            for t, v in zip(scenario.terms, outcome, strict=True)
        ]
    header = " | ".join(title for title, _ in columns)
    lines += [
        "",
        f"Which {escape(words.parties)} could sign which text (points out of 100; their "
        "walk-away point in brackets):",
        "",
        f"| {capitalized(escape(words.party))} | {header} |",
        "|---|" + "---|" * len(columns),
    ]
    for a, name in enumerate(names):
        cells = []
        for _, outcome in columns:
            ok = space.allowed(a, outcome) and space.utility(a, outcome) >= space.reservations[a]
            cells.append(f"{'yes' if ok else 'no'} ({space.utility(a, outcome) * 100:.0f})")
        lines.append(
            f"| {escape(name)} ({space.reservations[a] * 100:.0f}) | {' | '.join(cells)} |"
        )
    return lines


def write_packets(
    scenario: Scenario,
    folder: Path,
    paper: Paper = "A4",
    *,
    force: bool = False,
    to_pdf: Callable[[str], bytes] | None = None,
) -> list[Path]:
    """Write the facilitator guide, the chair's packet, the run sheet, the primer and
    each delegation's packet of ``scenario`` (as it is
    played: its variant for the table's seed) into ``folder`` (made if missing), as HTML
    and Markdown, and all-packets.html; with ``to_pdf``, each HTML page as PDF too. The
    paths written, in order. Raises ``FileExistsError`` naming the files there already
    (unless ``force``) and ``OSError`` when one cannot be written. Every page is made
    before the first file is written."""
    documents = {
        "guide": ("Facilitator guide", guide(scenario)),
        "chair": ("Chair's packet", chairs_packet(scenario)),
        "run-sheet": ("Run sheet", run_sheet(scenario)),
        "primer": ("Background for every delegation", [Part(primer(scenario))]),
    }
    delegations = set()
    for actor in scenario.voters():
        key = actor.id if actor.id not in documents else f"packet-{actor.id}"
        delegations.add(key)
        documents[key] = (f"{actor.name}: briefing packet", packet(scenario, actor.id))
    everything = [
        part for key, (_, parts) in documents.items() if key in delegations for part in parts
    ]
    pages = {key: page_html(title, parts, paper) for key, (title, parts) in documents.items()}
    pages["all-packets"] = page_html(f"{scenario.title}: every packet", everything, paper)
    contents: dict[str, str | bytes] = {f"{key}.html": page for key, page in pages.items()}
    contents |= {f"{key}.md": page_markdown(parts) for key, (_, parts) in documents.items()}
    names = set(contents) | ({f"{key}.pdf" for key in pages} if to_pdf else set())
    taken = sorted(name for name in names if (folder / name).exists())
    if taken and not force:
        raise FileExistsError(
            f"already holds {', '.join(taken[:4])}{' and more' if len(taken) > 4 else ''}"
        )
    if to_pdf is not None:
        contents |= {f"{key}.pdf": to_pdf(page) for key, page in pages.items()}
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in contents.items():
        files.write_atomic(str(folder / name), content)
        written.append(folder / name)
    return written
