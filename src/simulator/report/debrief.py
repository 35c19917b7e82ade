"""The debrief of a session: what a teacher hands out afterwards.

``debrief(session)`` gathers the facts (outcome, treaty text, each delegation's
satisfaction against its walk-away point, concessions over time, votes, blocking
coalitions, distance to the Pareto frontier and the Nash point, key moments, discussion
questions); ``markdown`` and ``html`` render them. The HTML is one self-contained file
with SVG charts drawn by pygal.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.analysis.summary import Analysis, analyse_draft
from simulator.engine.moves import Concede
from simulator.engine.session import Session
from simulator.engine.state import VoteRecord
from simulator.scenario.common import listed


@dataclass(frozen=True)
class Moment:
    """A key moment: an inject or a vote, and what it changed."""

    move: int
    """The move it came with."""
    round: int
    """The negotiation round."""
    text: str
    """What happened."""
    details: tuple[str, ...]
    """What it changed."""


@dataclass(frozen=True)
class Concession:
    """A delegation moving its public stance."""

    move: int
    """The move number."""
    round: int
    """The negotiation round."""
    actor: str
    """Who conceded (display name)."""
    term: str
    """On which term (display name)."""
    before: str
    """The stance before."""
    after: str
    """The stance after."""


@dataclass(frozen=True)
class Debrief:
    """Everything the debrief shows."""

    session: Session
    """The session."""
    analysis: Analysis
    """The final draft analysed."""
    stances: dict[str, dict[str, list[int | None]]]
    """Per term, per delegation, the stance's position after each move (None: no stance)."""
    concessions: tuple[Concession, ...]
    """Every concession, in order."""
    votes: tuple[VoteRecord, ...]
    """Every vote held."""
    moments: tuple[Moment, ...]
    """Injects and passed or failed votes, in order."""


def debrief(session: Session) -> Debrief:
    """Gather the debrief of ``session``."""
    state = session.state
    table = state.table
    present = [a for a in table.voters if a not in state.absent] or list(table.voters)
    analysis = analyse_draft(
        session.scenario,
        state.draft_dict(),
        actors=present,
        weights={a: state.priorities[a] for a in present},
    )
    stances: dict[str, dict[str, list[int | None]]] = {
        term.id: {a: [] for a in table.voters} for term in table.terms
    }
    concessions = []
    for k in range(len(session.moves) + 1):
        snapshot = session.state_at(k)
        for term in table.terms:
            for actor in table.voters:
                value = snapshot.stances.get(actor, {}).get(term.id)
                stances[term.id][actor].append(
                    None if value is None else table.index_of(term.id, value)
                )
        if k and isinstance(move := session.moves[k - 1], Concede):
            before = session.state_at(k - 1).stances[move.actor][move.term]
            term = table.terms[table.term_index[move.term]]
            concessions.append(
                Concession(
                    k,
                    snapshot.round,
                    table.name(move.actor),
                    term.name,
                    term.label(before),
                    term.label(move.to),
                )
            )
    return Debrief(
        session, analysis, stances, tuple(concessions), state.votes, tuple(_moments(session))
    )


def _moments(session: Session) -> list[Moment]:
    state = session.state
    table = state.table
    moments = []
    for event in state.events:
        round_ = session.state_at(event.move).round
        if event.kind == "inject":
            inject = table.scenario.inject_by_id(event.ref)
            details = [
                table.scenario.effect_in_words(effect)
                for effect in (inject.effects if inject else ())
            ]
            moments.append(Moment(event.move, round_, f"Inject: {event.text}", tuple(details)))
        elif event.kind == "vote":
            moments.append(Moment(event.move, round_, event.text, ()))
    return moments


def blocking(vote: VoteRecord, session: Session) -> str:
    """Who blocked a failed vote, in words ('' when it passed)."""
    if vote.passed:
        return ""
    table = session.state.table
    return listed([table.name(a) for a in vote.blockers]) or vote.reason
