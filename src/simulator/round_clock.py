"""A table's round clock: how long each negotiation round is given, the time left, and
what happens when it is up (the floor passes; a motion may first be put to the vote).

``RoundClock`` is part of ``Host`` (``simulator.host``), which holds the table it times
and tells the table's listeners when time is up; the clock is armed on the asyncio loop
the host runs on (with no loop running, it is read but never armed)."""

from __future__ import annotations

import asyncio
import time
from typing import Literal

from simulator.engine.moves import CallVote, Move, Pass
from simulator.engine.session import Seat
from simulator.engine.state import State, phase_name

EventKind = Literal[
    "move", "undo", "paused", "resumed", "seats", "chair", "pace", "clock", "problem"
]
TimeUp = Literal["pass", "vote"]
"""What happens when a round's time is up: ``pass``, the floor passes from each person
whose turn comes until the round ends; ``vote``, the same, but a motion on the floor is
first put to the vote."""


class RoundClock:
    """The round clock of a host's table (see the module's docstring)."""

    paused: bool
    seats: dict[str, Seat]
    round_seconds: float | None
    time_up: TimeUp
    _clock_round: int
    _clock_left: float | None
    _clock_since: float
    _clock_call: asyncio.TimerHandle | None

    @property
    def state(self) -> State:
        """The table's state now (``Host.state``)."""
        raise NotImplementedError

    def _emit(self, kind: EventKind, text: str = "") -> None:
        """Tell the table's listeners (``Host._emit``)."""
        raise NotImplementedError

    def set_round_time(self, seconds: float | None) -> None:
        """Give each negotiation round ``seconds`` (None: rounds are not timed); the
        current round's clock starts again."""
        self.round_seconds = seconds if seconds and seconds > 0 else None
        self._clock_left = self.round_seconds
        self._clock_since = time.monotonic()
        self._arm_clock()
        self._emit("clock")

    def clock(self) -> float | None:
        """Seconds left in this round (None when rounds are not timed or the session is
        over; 0 once it is up)."""
        if self._clock_left is None or self.state.over:
            return None
        if self.paused:
            return max(0.0, self._clock_left)
        return max(0.0, self._clock_left - (time.monotonic() - self._clock_since))

    def _round_changed(self) -> None:
        if self.state.round != self._clock_round:
            self._clock_round = self.state.round
            if self.round_seconds is not None:
                self._clock_left = self.round_seconds
                self._clock_since = time.monotonic()
                self._arm_clock()

    def _stop_clock(self) -> None:
        if self._clock_left is not None and not self.state.over:
            self._clock_left = self.clock()
        if self._clock_call is not None:
            self._clock_call.cancel()
            self._clock_call = None

    def _start_clock(self) -> None:
        self._clock_since = time.monotonic()
        self._arm_clock()

    def _arm_clock(self) -> None:
        if self._clock_call is not None:
            self._clock_call.cancel()
            self._clock_call = None
        left = self.clock()
        if left is None or left <= 0 or self.paused:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._clock_call = loop.call_later(left, self._time_up)

    def _time_up(self) -> None:
        self._clock_call = None
        then = "the floor passes until the round ends"
        if self.time_up == "vote" and self.state.motion is not None:
            then = "the motion is put to the vote, then " + then
        self._emit("clock", f"Time is up for {self._period(self.state)}: {then}.")

    @staticmethod
    def _period(state: State) -> str:
        """What the clock times now: 'round 3', 'the openings'."""
        return f"round {state.round}" if state.phase == "negotiation" else phase_name(state.phase)

    def time_is_up(self) -> bool:
        """Whether this round's time is up (the floor then passes from people's turns)."""
        return self.round_seconds is not None and self.clock() == 0

    def timekeeper_move(self, state: State) -> Move | None:
        """The move time being up makes in ``state``: the motion put to the vote (when
        ``time_up`` is ``vote``), else the floor passed from a person's turn; None while
        a vote is under way or the computer holds the floor (it moves at its pace)."""
        if state.over or state.vote is not None or state.phase == "final_vote":
            return None
        if self.time_up == "vote" and state.motion is not None and state.phase == "negotiation":
            return CallVote(
                actor=state.table.moderator, reason=f"time is up for {self._period(state)}"
            )
        holder = state.holder()
        if holder is None or self.seats.get(holder) != "human":
            return None
        return Pass(actor=holder, reason=f"time is up for {self._period(state)}")
