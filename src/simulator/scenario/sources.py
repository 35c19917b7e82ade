"""Checking that every source quote really appears in its seed document.

The seed texts are passed in (this module reads no files), so the check is pure and
the caller decides where the seeds live.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from simulator.scenario.common import Source
from simulator.scenario.model import Scenario
from simulator.scenario.problems import Path, Problem

_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """Text with runs of whitespace collapsed and typographic quotes made plain, so a quote
    copied across a line break still matches.

    >>> normalise("a  \\n b \u2019c\u2019")
    "a b 'c'"
    """
    return re.sub(r"\s+", " ", text.translate(_TYPOGRAPHIC)).strip()


def sources(scenario: Scenario) -> Iterator[tuple[Path, Source]]:
    """Every source in the scenario, with its path in the document."""
    for t, term in enumerate(scenario.terms):
        if term.source:
            yield ("terms", t, "source"), term.source
    for a, actor in enumerate(scenario.actors):
        for q, quote in enumerate(actor.persona.quotes):
            if quote.source:
                yield ("actors", a, "persona", "quotes", q, "source"), quote.source
        for term_id, position in actor.positions.items():
            path: Path = ("actors", a, "positions", term_id)
            if position.source:
                yield (*path, "source"), position.source
            for r, red_line in enumerate(position.red_lines):
                if red_line.source:
                    yield (*path, "red_lines", r, "source"), red_line.source
    for i, inject in enumerate(scenario.injects):
        if inject.source:
            yield ("injects", i, "source"), inject.source
        for r, reaction in enumerate(inject.reactions):
            yield ("injects", i, "reactions", r, "source"), reaction.source
    for q, question in enumerate(scenario.discussion_questions):
        if question.source:
            yield ("discussion_questions", q, "source"), question.source
    for p, prompt in enumerate(scenario.chair_prompts):
        if prompt.source:
            yield ("chair_prompts", p, "source"), prompt.source


def check_quotes(scenario: Scenario, seeds: Mapping[str, str]) -> list[Problem]:
    """A problem for every source whose seed is unknown or whose quote is not in it.

    ``seeds`` maps a seed file name to its text.
    """
    normalised = {name: normalise(text) for name, text in seeds.items()}
    problems = []
    for path, source in sources(scenario):
        text = normalised.get(source.seed)
        if text is None:
            problems.append(
                Problem(
                    (*path, "seed"),
                    f"unknown seed document '{source.seed}'",
                    f"known seeds: {', '.join(sorted(seeds))}",
                    "unknown-seed",
                )
            )
        elif normalise(source.quote) not in text:
            problems.append(
                Problem(
                    (*path, "quote"),
                    f"the quote is not found word for word in '{source.seed}'",
                    "copy the passage exactly from the seed document",
                    "quote-not-in-seed",
                )
            )
    return problems
