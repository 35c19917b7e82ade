"""The debrief's analysis of the final draft, in plain words ("Could the table have done
better?"): whether the text is Pareto-optimal (and a better one when it is not), whether
a zone of possible agreement existed, how far the text is from the Nash bargaining
point, the value created, and a glossary of the words used."""

from __future__ import annotations

import math

from simulator.report.debrief import Debrief
from simulator.report.glossary import glossary_lines, in_words
from simulator.report.pages import Part, escape
from simulator.report.sections import term_line


def analysis_part(report: Debrief) -> Part:
    """The analysis of the final draft in plain words, with a glossary."""
    analysis = report.analysis
    state = report.session.state
    words = report.table.scenario.vocabulary

    def say(text: str) -> str:
        return in_words(text, words.party, words.parties)

    used = ["Satisfaction", "Walk-away point", "Margin", "Red line"]
    lines = ["## Could the table have done better?", ""]
    if not report.searched:
        lines.append(
            say(
                f"- With {len(analysis.actors)} delegations the table is too large for the search "
                "for better texts: the Nash bargaining point and the zone of possible agreement "
                "are left out, and only texts that change one term are tried."
            )
        )
    if analysis.pareto_optimal:
        lines.append(
            say(
                "- The final text is **Pareto-optimal**: no other text is at least as good for "
                "every delegation and better for one."
            )
        )
    elif not analysis.pareto_settled and not report.searched:
        lines.append(
            say(
                "- No text that changes one term is better for one delegation and as good for "
                "all; whether a larger change would be was not searched, so whether the final "
                "text is **Pareto-optimal** is left open."
            )
        )
    elif not analysis.pareto_settled:
        lines.append(
            say(
                "- Whether the final text is **Pareto-optimal** was not settled within the "
                "analysis's limit: no text better for one and as good for all was found."
            )
        )
    else:
        lines.append(
            say(
                "- The final text is **not Pareto-optimal**: value was left on the table. Every "
                "delegation would be at least as well off, and one better off, with:"
            )
        )
        for term, value in (analysis.improvement or {}).items():
            if state.value(term) != value:
                lines.append(f"  - {term_line(report, term, value)}")
    used.append("Pareto-optimal")
    if analysis.zopa_margin is not None:
        used.append("Zone of possible agreement")
        if analysis.zopa_margin >= 0:
            lines.append(
                say(
                    f"- A **zone of possible agreement** existed: some text left every delegation "
                    f"at least {analysis.zopa_margin:.2f} above its walk-away point, no red line "
                    "crossed."
                )
            )
        else:
            lines.append(
                say(
                    "- There was **no zone of possible agreement**: every text leaves some "
                    "delegation below its walk-away point (by at least "
                    f"{-analysis.zopa_margin:.2f}) or crosses a red line."
                )
            )
    if analysis.nash is not None and analysis.nash_distance is not None:
        used.append("Nash bargaining point")
        differs = [t for t, v in analysis.nash.items() if state.value(t) != v]
        lines.append(
            say(
                f"- The **Nash bargaining point** differs from the final text on {len(differs)} of "
                f"{len(analysis.nash)} terms; the delegations' satisfactions there are "
                f"{analysis.nash_distance:.2f} away from theirs here (0 would be the same deal)."
                + (" It would say:" if differs else "")
            )
        )
        lines += [f"  - {term_line(report, t, analysis.nash[t])}" for t in differs]
    elif report.searched:
        lines.append(
            say(
                "- No text gives every delegation more than its walk-away point, so there is no "
                "**Nash bargaining point**."
            )
        )
    if not analysis.exact and analysis.zopa_bound is not None:
        lines.append(
            say(
                f"- The analysis stopped at its limit: the true Nash point's product of gains is "
                f"at most {math.exp(analysis.nash_gap):.3f} times that of the point shown, and the "
                f"best smallest margin at most {analysis.zopa_bound:+.3f}."
            )
        )
    used.append("Value created")
    outcome = state.outcome
    verdict = "better off than" if analysis.value_created >= 0 else "worse off than"
    if outcome is not None and not outcome.adopted:
        lines.append(
            say(
                f"- **Value created**: none. No {escape(words.agreement)} was adopted, so every "
                "delegation is left at its walk-away point. Had the text as it stood at the end "
                f"been adopted, the delegations in the room would have been, added up, "
                f"{abs(analysis.value_created):.2f} {verdict} with no {escape(words.agreement)}: "
                "the value left on the table."
            )
        )
    else:
        lines.append(
            say(
                f"- **Value created**: {analysis.value_created:+.2f}. Added up, the delegations "
                f"in the room are {verdict} they would be with no {escape(words.agreement)}."
            )
        )
    lines += ["", "### The words used here", ""] + glossary_lines(used, words.party, words.parties)
    return Part("\n".join(lines))
