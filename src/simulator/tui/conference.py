"""The session behind the interface: who sits where, the computer players, autosave.

No Textual here: the screens ask this object what may be done and tell it what was
done; it keeps the saved session, lets the computer take its turns one at a time, and
says whose private numbers the screen may show.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from simulator.agents.base import Player
from simulator.agents.driver import computer_players
from simulator.agents.mediator import MediatorPlayer
from simulator.engine.moves import Move
from simulator.engine.session import Seat, Session
from simulator.engine.state import State
from simulator.storage.sessions import SavedSession

PACES = (0.15, 0.4, 0.8, 1.5)
"""Seconds between computer moves the user can choose from."""


def next_pace(pace: float, step: int) -> float:
    """The pace ``step`` places faster (negative) or slower (positive) among ``PACES``."""
    index = PACES.index(pace) if pace in PACES else 1
    return PACES[max(0, min(len(PACES) - 1, index + step))]


@dataclass
class Conference:
    """A session being played in the interface."""

    saved: SavedSession
    """The session and its log on disk (every move is saved as it is made)."""
    seats: dict[str, Seat]
    """Who plays each delegation."""
    human_chair: bool = True
    """Whether a person moderates (else the computer chairs)."""
    paused: bool = False
    """Whether the computer players are held back."""
    pace: float = PACES[1]
    """Seconds between computer moves."""
    projector: bool = False
    """Whether the screen is the public view that shows no private number."""
    players: dict[str, Player] = field(default_factory=dict)
    """The computer players, by seat."""
    chair: MediatorPlayer | None = None
    """The computer chair, when the chair is not a person."""
    thinking: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """Held while the computer works out a move (the interface asks in a thread, and
    the players keep what they work out, so one asks at a time)."""

    def __post_init__(self) -> None:
        session = self.saved.session
        self.players = computer_players(session.scenario, self.seats, session.seed)
        if not self.human_chair:
            self.chair = MediatorPlayer(session.state.table.moderator)

    @property
    def session(self) -> Session:
        """The session."""
        return self.saved.session

    @property
    def state(self) -> State:
        """The current state."""
        return self.saved.session.state

    @property
    def path(self) -> Path:
        """The log file."""
        return self.saved.path

    def humans(self) -> list[str]:
        """The delegations people play."""
        return [a for a in self.state.table.voters if self.seats.get(a) == "human"]

    def holder_is_human(self) -> bool:
        """Whether a person must move now."""
        holder = self.state.holder()
        return holder is not None and self.seats.get(holder) == "human"

    def computer_may_move(self) -> bool:
        """Whether the computer may have a move to make now (cheap: the chair's decision
        itself, which can take a search, is left to ``computer_move``)."""
        if self.paused or self.state.over:
            return False
        holder = self.state.holder()
        return self.chair is not None or (holder is not None and holder in self.players)

    def computer_move(self, state: State | None = None) -> Move | None:
        """The computer's next move in ``state`` (default: the current state), if it is
        the computer's to make (the chair first, then the delegation holding the floor).
        Safe to call from a worker thread."""
        with self.thinking:
            state = self.state if state is None else state
            if self.paused or state.over:
                return None
            if self.chair is not None:
                move = self.chair.decide(state)
                if move is not None:
                    return move
            holder = state.holder()
            player = self.players.get(holder) if holder is not None else None
            return player.decide(state) if player is not None else None

    def push(self, move: Move) -> State:
        """Make a move (saved before it counts); raises ``IllegalMoveError`` if refused."""
        return self.saved.push(move)

    def undo(self) -> Move:
        """Take back the last move."""
        return self.saved.undo()

    def may_see(self, actor: str) -> bool:
        """Whether the screen may show ``actor``'s private numbers now: never in the
        projector view; to the chair's screen when a person chairs and no delegation is
        seated as a person; otherwise only on that delegation's own turn."""
        if self.projector:
            return False
        if not self.humans():
            return True
        return self.state.holder() == actor and self.seats.get(actor) == "human"
