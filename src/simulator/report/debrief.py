"""The debrief of a session: the facts a teacher hands out afterwards.

``debrief(session, sitting)`` gathers them in one pass over the moves: the outcome, the
roster, every change of a delegation's public position (stance, proposal, amendment,
inject) with what it cost that delegation, the votes, the analysis of the final draft,
the teachable moments and the questions they raise. ``report.render`` writes them as
Markdown and as one HTML page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from simulator.analysis.quick import quick_analysis
from simulator.analysis.summary import ActorView, Analysis, actor_views, analyse_draft
from simulator.engine.changes import canonical
from simulator.engine.moves import Amend, Concede, Move, Propose
from simulator.engine.session import Session
from simulator.engine.state import State, VoteRecord
from simulator.engine.table import Table
from simulator.report.moments import Moment, round_clock, round_of_move, teachable_moments
from simulator.scenario.common import TermValue, listed

SEARCHED_DELEGATIONS = 16
"""The most delegations for which the debrief searches for better texts: the searches
grow far faster than the table (15 delegations on 60 terms: 3 s; 25: 40 s; 100: many
minutes), while everything else in a debrief grows with the session."""


@dataclass(frozen=True)
class Sitting:
    """Where a session was played, as its log tells (nothing of it for a replay script)."""

    name: str
    """The session's name: its log file's name without the suffix."""
    date: str
    """The day the log last changed (YYYY-MM-DD, UTC), or '' when not shown."""
    chair: str = "computer"
    """Who chaired: 'human' or 'computer'."""


@dataclass(frozen=True)
class Shift:
    """A delegation moving its public position on one term."""

    move: int
    """The move it came with."""
    round: int
    """The negotiation round."""
    actor: str
    """Who moved (id)."""
    term: str
    """On which term (id)."""
    before: TermValue
    """Its public position before."""
    after: TermValue
    """Its public position after."""
    how: str
    """What moved it: 'stance' (a concession), 'proposal', 'amendment' or 'inject'."""
    cost: float
    """The satisfaction it gives up by the move (weighted, by its confidential brief):
    positive when it moves away from what it wants, negative when towards it."""
    cause: str = ""
    """For a move under an inject, the inject's title: the event moved it, not the
    delegation's own choice ('' otherwise)."""

    @property
    def chosen(self) -> bool:
        """Whether the delegation moved by its own move (a concession, proposal or
        amendment), not under an inject: only these count as its concessions."""
        return self.how != "inject"


@dataclass(frozen=True)
class Debrief:
    """Everything the debrief shows."""

    session: Session
    """The session."""
    sitting: Sitting | None
    """Its name, date and chair (None for a replay script)."""
    analysis: Analysis
    """The final draft analysed, for the delegations in the room at the end."""
    everyone: tuple[ActorView, ...]
    """Every voting delegation's view of the final draft, those that walked out too
    (what the text would have given them)."""
    searched: bool
    """Whether the analysis searched for better texts (the Nash point, the zone of
    agreement, a Pareto improvement); not past ``SEARCHED_DELEGATIONS``."""
    opening: dict[str, dict[str, TermValue]]
    """Each delegation's public position on each term at the start."""
    shifts: tuple[Shift, ...]
    """Every change of public position, in order."""
    votes: tuple[VoteRecord, ...]
    """Every vote held."""
    moments: tuple[Moment, ...]
    """The teachable moments found in what happened, most telling first."""

    @property
    def table(self) -> Table:
        """The compiled scenario."""
        return self.session.state.table

    def positions(self, term: str) -> dict[str, list[tuple[int, TermValue]]]:
        """Each delegation's public position on ``term`` as steps: (move, value) at the
        start and at every change, for the delegations that moved on it."""
        steps: dict[str, list[tuple[int, TermValue]]] = {}
        for shift in self.shifts:
            if shift.term == term:
                steps.setdefault(shift.actor, [(0, shift.before)]).append((shift.move, shift.after))
        return steps


def debrief(session: Session, sitting: Sitting | None = None) -> Debrief:
    """Gather the debrief of ``session``."""
    state = session.state
    table = state.table
    present = [a for a in table.voters if a not in state.absent] or list(table.voters)
    weights = {a: state.priorities[a] for a in present}
    searched = len(present) <= SEARCHED_DELEGATIONS
    analyse = analyse_draft if searched else quick_analysis
    analysis = analyse(session.scenario, state.draft_dict(), actors=present, weights=weights)
    voters = list(table.voters)
    everyone = actor_views(
        session.scenario,
        state.draft_dict(),
        voters,
        {a: state.priorities[a] for a in voters},
    )
    opening, shifts = public_positions(session)
    moments = teachable_moments(session, shifts)
    return Debrief(
        session, sitting, analysis, everyone, searched, opening, shifts, state.votes, moments
    )


def public_positions(
    session: Session,
) -> tuple[dict[str, dict[str, TermValue]], tuple[Shift, ...]]:
    """Each delegation's public position on each term at the start, and every change of
    it after. The moves say most of it; the states are derived again only around the
    moves at which an inject fired (a replay of a long session costs as much as the
    session did)."""
    table = session.state.table
    start = session.state_at(0)
    opening = {a: dict(start.stances.get(a, {})) for a in table.voters}
    public = {a: dict(v) for a, v in opening.items()}
    priorities = dict(start.priorities)
    injected = sorted({e.move for e in session.state.events if e.kind == "inject" and e.move})
    round_after, round_of = round_clock(session), round_of_move(session)
    voters = set(table.voters)
    shifts: list[Shift] = []
    for k, move in enumerate(session.moves, start=1):
        changes = _stated(table, move, voters)
        cause = ""
        if injected and injected[0] == k:
            injected.pop(0)
            before, after = session.state_at(k - 1), session.state_at(k)
            changes += _injected(before, after)
            priorities = dict(after.priorities)
            fired = after.events[len(before.events) :]
            cause = listed([e.text for e in fired if e.kind == "inject"])
        for actor, term, value, how in changes:
            if actor not in public:
                continue
            previous = public[actor].get(term)
            public[actor][term] = value
            if previous is None or previous == value:
                continue
            worth = priorities[actor]
            cost = _satisfaction(table, worth, actor, term, previous) - _satisfaction(
                table, worth, actor, term, value
            )
            when = round_after(k) if how == "inject" else round_of(k)
            why = cause if how == "inject" else ""
            shifts.append(Shift(k, when, actor, term, previous, value, how, cost, why))
    return opening, tuple(shifts)


def _stated(table: Table, move: Move, voters: set[str]) -> list[tuple[str, str, TermValue, str]]:
    """The public positions ``move`` states: (delegation, term, value, how)."""
    if isinstance(move, Concede):
        return [(move.actor, move.term, canonical(table, move.term, move.to), "stance")]
    if isinstance(move, Propose | Amend) and move.actor in voters:
        how = "proposal" if isinstance(move, Propose) else "amendment"
        return [(move.actor, t, canonical(table, t, v), how) for t, v in move.values.items()]
    return []


def _injected(before: State, after: State) -> list[tuple[str, str, TermValue, str]]:
    """The public stances an inject moved between two states."""
    found: list[tuple[str, str, TermValue, str]] = []
    for actor, stances in after.stances.items():
        old = before.stances.get(actor, {})
        if stances is not old:
            found += [(actor, t, v, "inject") for t, v in stances.items() if old.get(t) != v]
    return found


def _satisfaction(
    table: Table, priorities: Sequence[float], actor: str, term: str, value: TermValue
) -> float:
    """How much ``value`` on ``term`` is worth to ``actor`` (its weighted satisfaction)."""
    utility = table.utility[actor]
    t = table.term_index[term]
    if t not in utility.terms:
        return 0.0
    k = utility.terms.index(t)
    index = table.index_of(term, value)
    if index is None:
        return 0.0
    return utility.weights(priorities)[k] * utility.curves[k][index]


def blocking(vote: VoteRecord, session: Session) -> str:
    """Who blocked a failed vote, in words ('' when it passed)."""
    if vote.passed:
        return ""
    table = session.state.table
    return listed([table.name(a) for a in vote.blockers]) or vote.reason
