"""Upgrading a format 1 replay script to format 2: the ballots the earlier vote rules
implied, written out after each call for a vote.

Under format 1 a vote counted what the debate had declared (a delegation's support,
opposition or abstention) and took an amendment as its amender's yes. Format 2 asks
every voting delegation in the room for a ballot, in speaking order, after the call.
The upgrade replays the script's moves and, wherever a vote waits on a ballot the script
does not give, casts the one the earlier rules counted: the delegation's declaration on
the motion, else a yes from the motion's proposer or an amender, else an abstention
(which, like silence under format 1, is not counted unless the rules count abstentions).
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.engine.errors import IllegalMoveError
from simulator.engine.moves import Abstain, Move, Oppose, Support
from simulator.engine.session import Session
from simulator.engine.state import State

BALLOTS = (Support, Oppose, Abstain)


class UpgradeError(ValueError):
    """A format 1 script whose moves cannot be replayed even with the ballots added."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(reason)
        self.index = index
        """The place in the script's moves (from 0) of the move that cannot be made."""


def upgraded_moves(session: Session, moves: Sequence[Move]) -> list[Move]:
    """``moves`` with the implied ballots inserted, played on ``session`` as they go."""
    out: list[Move] = []
    for index, move in enumerate(moves):
        while (ballot := _implied(session.state, move)) is not None:
            session.push(ballot)
            out.append(ballot)
        try:
            session.push(move)
        except IllegalMoveError as error:
            raise UpgradeError(index, error.reason) from None
        out.append(move)
    while (ballot := _implied(session.state, None)) is not None:
        session.push(ballot)
        out.append(ballot)
    return out


def _implied(state: State, following: Move | None) -> Move | None:
    """The ballot to insert before ``following``: None when no vote waits, or when the
    script's next move is itself the ballot the vote waits for."""
    vote, voter = state.vote, state.holder()
    if vote is None or voter is None:
        return None
    if isinstance(following, BALLOTS) and following.actor == voter:
        return None
    motion = state.motion
    declared = motion.declared.get(voter) if motion is not None else None
    wrote = motion is not None and (voter == motion.proposer or voter in motion.authors.values())
    why = "the ballot the earlier vote rules counted for it"
    if declared == "oppose":
        return Oppose(actor=voter, reason=f"{why}: its declared opposition")
    if declared == "abstain":
        return Abstain(actor=voter, reason=f"{why}: its declared abstention")
    if declared == "support" or (declared is None and wrote):
        what = "its declared support" if declared == "support" else "its own text"
        return Support(actor=voter, reason=f"{why}: {what}")
    return Abstain(actor=voter, reason=f"{why}: it had declared nothing")
