"""The words of the analysis, each in one line a student can read, written once for
every report that uses them."""

from __future__ import annotations

GLOSSARY: dict[str, str] = {
    # "delegation" and "agreement" are the defaults of a scenario's vocabulary: the
    # lines are given in its own words by ``glossary_lines``
    "Satisfaction": "how good a text is for a delegation by its own confidential brief, "
    "from 0 (nothing it wants) to 1 (everything it wants), its priorities weighing most.",
    "Walk-away point": "the satisfaction below which a delegation is better off with no "
    "agreement at all (its best alternative to a negotiated agreement, or BATNA).",
    "Margin": "satisfaction minus the walk-away point: above zero, the text beats walking away.",
    "Red line": "a text a delegation has said it can never accept, whatever else it gets.",
    "Zone of possible agreement": "the texts every delegation prefers to walking away, "
    "with no red line crossed; when there are none, no deal can satisfy everyone.",
    "Pareto-optimal": "no other text is at least as good for every delegation and better "
    "for one: nothing is left on the table.",
    "Nash bargaining point": "the text that makes the product of every delegation's gain "
    "over its walk-away point largest: a standard idea of a fair, efficient deal.",
    "Value created": "the gains over walk-away points, added up for every delegation: "
    "how much better off the table is with this text than with none (below zero: worse).",
}
"""Each term of the analysis and its meaning in one line."""


def glossary_lines(terms: list[str], party: str = "delegation", parties: str = "") -> list[str]:
    """Markdown lines defining ``terms`` (names from ``GLOSSARY``), one each, calling
    those at the table ``party`` (plural ``parties``) as the scenario does."""
    return [f"- **{term}**: {in_words(GLOSSARY[term], party, parties)}" for term in terms]


def in_words(text: str, party: str, parties: str = "") -> str:
    """``text`` of the report's own with 'delegation(s)' in the scenario's word."""
    return text.replace("delegations", parties or f"{party}s").replace("delegation", party)
