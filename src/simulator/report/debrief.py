"""The debrief of a session: the facts a teacher hands out afterwards.

``debrief(session, sitting)`` gathers them in one pass over the moves: the outcome, the
roster, every change of a delegation's public position (stance, proposal, amendment,
inject) with what it cost that delegation, the votes, the analysis of the final draft,
the teachable moments and the questions they raise. ``report.render`` writes them as
Markdown and as one HTML page.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.analysis.quick import quick_analysis
from simulator.analysis.summary import ActorView, Analysis, actor_views, analyse_draft
from simulator.engine.session import Session
from simulator.engine.state import VoteRecord
from simulator.engine.table import Table
from simulator.report.moments import Moment, teachable_moments
from simulator.report.shifts import Shift, public_positions
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


def blocking(vote: VoteRecord, session: Session) -> str:
    """Who blocked a failed vote, in words ('' when it passed)."""
    if vote.passed:
        return ""
    table = session.state.table
    return listed([table.name(a) for a in vote.blockers]) or vote.reason
