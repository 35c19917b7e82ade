"""What a computer delegation says: which way a text misses what it wants, and which of
its own sourced lines it says it in.

- **Direction.** A text can miss a delegation's wish on a term two ways: it stops short
  of the delegation's ideal, in the term's order ("does not go far enough on
  verification"), or it runs past it ("goes further than it wants on verification", or
  "goes further than it can accept" where the text is one it could never sign). The
  wording is written here and read back here (``complaints_in``), so a check can hold
  every explanation against the motion and the position.
- **Voice.** A move on a term quotes that term's source in the delegation's brief (its
  position's, or a red line's); a move on no term one of its persona's lines. A line it
  has already said this session (``State.said``) is not said again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from simulator.agents.base import brief
from simulator.engine.state import State
from simulator.scenario.common import Source, TermValue
from simulator.scenario.terms import in_sentence
from simulator.scenario.values import refusal

Direction = Literal["short", "beyond"]
"""Which way a text misses a delegation's ideal on a term: short of it, or past it (in
the term's order)."""

SHORT = "does not go far enough on"
BEYOND_LIMIT = "goes further than it can accept on"
BEYOND = "goes further than it wants on"
_PHRASE = re.compile(f"({SHORT}|{BEYOND_LIMIT}|{BEYOND}) ")


@dataclass(frozen=True, slots=True)
class Complaint:
    """One term on which a text misses what a delegation wants."""

    term: str
    """The term's id."""
    name: str
    """The term's name, as it reads inside a sentence."""
    direction: Direction
    """Which way the text misses the delegation's ideal."""
    refused: bool
    """Whether the text's value is one the delegation could never sign."""

    def words(self) -> str:
        """The complaint as a phrase: 'does not go far enough on verification'."""
        if self.direction == "short":
            return f"{SHORT} {self.name}"
        return f"{BEYOND_LIMIT if self.refused else BEYOND} {self.name}"


def direction(state: State, actor: str, term_id: str, value: TermValue) -> Direction | None:
    """Which way ``value`` misses ``actor``'s ideal on ``term_id`` (None: it is the
    ideal, or the delegation has no position on the term)."""
    table = state.table
    t = table.term_index[term_id]
    k = table.slot[actor].get(t)
    if k is None:
        return None
    curve = table.utility[actor].curves[k]
    ideal = curve.index(max(curve))
    at = table.lookup[t][value]
    if at == ideal or curve[at] >= curve[ideal]:
        return None
    return "short" if at < ideal else "beyond"


def complaints(
    state: State, actor: str, values: Mapping[str, TermValue], skip: frozenset[str] = frozenset()
) -> list[Complaint]:
    """The (at most two) terms of ``values`` on which ``actor`` loses most, each with the
    way the text misses its ideal. Terms in ``skip`` (texts it wrote itself) are left out,
    and so are terms where the text gives it at least what its public stance asks, unless
    no term falls short of its stance, when its loss against its ideal decides."""
    table = state.table
    mine = table.utility[actor]
    weights = state.weights[actor]
    stances = state.stances.get(actor, {})
    against_stance: list[tuple[float, str]] = []
    against_ideal: list[tuple[float, str]] = []
    for k, t in enumerate(mine.terms):
        term_id = table.ids[t]
        value = values.get(term_id)
        if value is None or term_id in skip or direction(state, actor, term_id, value) is None:
            continue
        curve = mine.curves[k]
        at = table.lookup[t][value]
        against_ideal.append((weights[k] * (max(curve) - curve[at]), term_id))
        stance = stances.get(term_id)
        if stance is not None and curve[table.lookup[t][stance]] > curve[at]:
            against_stance.append(
                (weights[k] * (curve[table.lookup[t][stance]] - curve[at]), term_id)
            )
    chosen = sorted(against_stance or against_ideal, reverse=True)[:2]
    return [
        _complaint(state, actor, term_id, values[term_id]) for loss, term_id in chosen if loss > 0
    ]


def _complaint(state: State, actor: str, term_id: str, value: TermValue) -> Complaint:
    table = state.table
    t = table.term_index[term_id]
    way = direction(state, actor, term_id, value)
    assert way is not None
    position = brief(state, actor).positions.get(term_id)
    refused = (
        position is not None
        and refusal(table.terms[t], position, table.lookup[t][value]) is not None
    )
    return Complaint(term_id, in_sentence(table.terms[t].name), way, refused)


def said(found: list[Complaint]) -> str:
    """The complaints as one phrase ('does not go far enough on A and goes further than it
    wants on B')."""
    return " and ".join(c.words() for c in found)


def complaints_in(text: str, names: Iterable[str]) -> Iterator[tuple[Direction, str]]:
    """The direction and term name of every complaint written in ``text`` by ``said``,
    given the names of the scenario's terms as they read in a sentence (the longest name
    that follows a phrase is the one it names)."""
    longest = sorted(names, key=len, reverse=True)
    for match in _PHRASE.finditer(text):
        rest = text[match.end() :]
        name = next((n for n in longest if rest.startswith(n)), None)
        if name is not None:
            yield ("short" if match.group(1) == SHORT else "beyond"), name


# --- voice -------------------------------------------------------------------------------


def _lines(state: State, actor: str, term_id: str | None) -> Iterator[Source]:
    """The delegation's sourced lines: on ``term_id``, its position's source and its red
    lines' sources; on no term, its persona's lines."""
    me = brief(state, actor)
    position = me.positions.get(term_id) if term_id is not None else None
    if position is not None:
        if position.source is not None:
            yield position.source
        for line in position.red_lines:
            if line.source is not None:
                yield line.source
        return
    for quote in me.persona.quotes:
        if quote.source is not None:
            yield quote.source


SPOKEN_KINDS = frozenset({"speaker", "summary", "argument"})
"""The kinds of source a delegation may say as its line: never a critique (its critics'
words about it)."""


def fresh_line(state: State, actor: str, term_id: str | None = None) -> Source | None:
    """The first of the delegation's lines on ``term_id`` (or, on no term, of its persona)
    it has not yet said this session (never a critique of it); None when it has said them
    all."""
    spoken = state.said.get(actor, frozenset()) | reserved(state, actor)
    return next(
        (
            s
            for s in _lines(state, actor, term_id)
            if s.quote not in spoken and s.kind in SPOKEN_KINDS
        ),
        None,
    )


def reserved(state: State, actor: str) -> frozenset[str]:
    """The delegation's scripted reactions to injects: kept for those (a line said before
    its inject fires would leave the delegation nothing to say when it does)."""
    return frozenset(
        r.source.quote
        for inject in state.table.scenario.injects
        for r in inject.reactions
        if r.actor == actor
    )


def in_words(source: Source) -> str:
    """How a sourced line follows an explanation: whose words they are, then the words."""
    lead = {
        "speaker": "In its words",
        "summary": "As the session's summary records it",
        "argument": "As the argument it cites puts it",
    }[source.kind]
    return f'{lead}: "{source.quote.strip()}"'
