"""A table in play: the saved session, who sits where, the computer players and their
pace, the round clock, and the stream of what happens.

One host runs one table for every interface that shows it: the terminal on one screen
(hot seat), and the session server, which gives each seat, the chair and the projector
their own connection. No interface here: an interface tells the host what a person did
(``submit``), listens to its events (``subscribe``) and renders the views it cuts
(``seat_view``, ``chair_view``, ``public_view``, ``screen_view``).

The computer plays on the asyncio loop the interface runs (``run``): each move is worked
out in a thread (a chair's search can take a while), made only if the table has not
changed meanwhile, and then the host waits its pace before the next. Everything else is
called on the loop's thread. A move counts once it is saved; the session server's tables
wait on the disk on a worker thread (``save``, ``saves_off_loop``), so that one table's
save never holds up another's, and no view shows a move until it is durable.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from simulator.agents.base import Player
from simulator.agents.delegation import DelegationPlayer
from simulator.agents.driver import computer_players
from simulator.agents.mediator import MediatorPlayer
from simulator.engine.errors import IllegalMoveError
from simulator.engine.moves import Move
from simulator.engine.session import Seat, Session
from simulator.engine.state import State
from simulator.report.transcript import mover
from simulator.round_clock import EventKind, RoundClock, TimeUp
from simulator.storage.sessions import SavedSession
from simulator.views import (
    ChairView,
    InjectView,
    PositionView,
    PublicView,
    SeatView,
    Transcript,
    brief_positions,
    chair_view,
    inject_views,
    public_view,
    seat_view,
)

PACES = (0.15, 0.4, 0.8, 1.5)
"""Seconds between computer moves the user can choose from."""


def next_pace(pace: float, step: int) -> float:
    """The pace ``step`` places faster (negative) or slower (positive) among ``PACES``."""
    index = PACES.index(pace) if pace in PACES else 1
    return PACES[max(0, min(len(PACES) - 1, index + step))]


@dataclass(frozen=True)
class Event:
    """Something that happened at the table."""

    kind: EventKind
    """What kind of thing: a move made or taken back, the computer paused or resumed, a
    seat handed to a person or the computer, the pace or the round clock changed, or a
    problem (a move not saved, a computer player that failed); ``chair``: the chair
    handed between a person and the computer."""
    moves: int
    """How many moves the session has after it."""
    text: str = ""
    """What happened, in words, for the people at the table."""


class StaleMoveError(Exception):
    """A move sent against a table that has changed since its sender last saw it."""

    def __init__(self, seen: int, moves: int) -> None:
        super().__init__(
            f"the table has moved on since you looked (you saw {seen} moves, it has "
            f"{moves}): look again and make your move on the table as it is now"
        )
        self.seen = seen
        self.moves = moves


Listener = Callable[[Event], None]


class Host(RoundClock):
    """One table in play (its round clock: ``RoundClock``)."""

    def __init__(
        self,
        saved: SavedSession,
        seats: dict[str, Seat],
        *,
        human_chair: bool = True,
        paused: bool = False,
        pace: float = PACES[1],
    ) -> None:
        self.saved = saved
        """The session and its log on disk (a move counts once it is saved)."""
        self.seats: dict[str, Seat] = dict(seats)
        """Who plays each delegation now (a seat not listed is the computer's)."""
        self.human_chair = human_chair
        """Whether a person chairs (else the computer chairs)."""
        self.paused = paused
        """Whether the computer players are held back (and the round clock stopped)."""
        self.pace = pace
        """Seconds between computer moves."""
        self.round_seconds: float | None = None
        """How long each negotiation round is given, when the chair times rounds."""
        self.time_up: TimeUp = "vote"
        """What happens when a round's time is up (see ``TimeUp``)."""
        session = saved.session
        session.chair = "human" if human_chair else "computer"  # the transcript says whose
        self.players: dict[str, Player] = computer_players(
            session.scenario, self.seats, session.seed
        )
        """The computer players, by seat."""
        self.chair: MediatorPlayer | None = (
            None if human_chair else MediatorPlayer(session.state.table.moderator)
        )
        """The computer chair, when no person chairs."""
        self._thinking = threading.Lock()
        self._saving = asyncio.Lock()
        # held while a move is being saved: moves at the table are saved one at a time
        self.saves_off_loop = False
        """Whether the computer's moves wait on the disk on a worker thread (the session
        server's tables, so that one table's save never holds up another's), rather
        than on the loop (one table on one screen: a person's ``submit`` is then never
        refused for a move being saved)."""
        self._public: tuple[int, PublicView] | None = None
        self._positions: dict[str, tuple[PositionView, ...]] = {}
        # each seat's brief, term by term: the same for the whole session (one table)
        self._injects: tuple[tuple[str, ...], tuple[InjectView, ...]] | None = None
        # the chair's injects, for the injects fired when they were made
        self._transcript = Transcript()  # the latest moves' transcript lines, told once
        self._listeners: list[Listener] = []
        self._wake = asyncio.Event()
        self._closed = False
        self._resting = asyncio.Event()
        self.idle = False
        """Whether the computer has nothing to do until something changes at the table
        (set by ``run``, for whoever waits on the computer)."""
        self._clock_round = session.state.round
        self._clock_left: float | None = None
        self._clock_since = time.monotonic()
        self._clock_call: asyncio.TimerHandle | None = None

    # --- what is at the table --------------------------------------------------------

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

    @property
    def moves(self) -> int:
        """How many moves have been made."""
        return self.saved.session.move_count

    def humans(self) -> list[str]:
        """The delegations people play."""
        return [a for a in self.state.table.voters if self.seats.get(a) == "human"]

    def holder_is_human(self) -> bool:
        """Whether a person must move now."""
        holder = self.state.holder()
        return holder is not None and self.seats.get(holder) == "human"

    # --- events ----------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with every event from now on; returns how to stop."""
        self._listeners.append(listener)

        def stop() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return stop

    def _emit(self, kind: EventKind, text: str = "") -> None:
        event = Event(kind, self.moves, text)
        self._wake.set()
        self._resting.clear()
        self.idle = False
        for listener in list(self._listeners):
            listener(event)

    # --- what people do --------------------------------------------------------------

    def submit(self, move: Move, *, seen: int | None = None) -> State:
        """Make a person's move, saved before it counts (the disk is waited on here: see
        ``save`` for a move saved off the loop). ``seen`` is the move count the sender
        last saw: a move sent against an older table raises ``StaleMoveError``. Raises
        ``IllegalMoveError`` if the rules refuse it (or another move is being saved) and
        ``OSError`` if it could not be saved (the computer is then paused); nothing
        changes in either case."""
        self._check_seen(seen)
        self._not_saving()
        return self._made(self._saved_now(move))

    async def save(self, move: Move, *, seen: int | None = None) -> State:
        """Make a person's move as ``submit`` does, but wait on the disk on a worker
        thread, so that the loop serves other tables meanwhile. The move counts (and is
        shown, and this returns) only once it is durable; moves at one table are saved
        one at a time, in the order they come."""
        async with self._saving:
            self._check_seen(seen)
            return self._made(await self._saved_off_loop(move))

    async def saved_all(self) -> None:
        """Wait until no move is being saved."""
        async with self._saving:
            pass

    def _check_seen(self, seen: int | None) -> None:
        if seen is not None and seen != self.moves:
            raise StaleMoveError(seen, self.moves)

    def _not_saving(self) -> None:
        if self._saving.locked():
            raise IllegalMoveError("a move is being saved; make yours again in a moment")

    def _saved_now(self, move: Move) -> State:
        try:
            return self.saved.push(move)
        except OSError as error:
            self._not_saved(error)
            raise

    async def _saved_off_loop(self, move: Move) -> State:
        """``move`` checked, written and made durable on a worker thread, then counted;
        the session does not change until it is durable."""
        try:
            pending = self.saved.prepare(move)
            await asyncio.to_thread(self.saved.write, pending)
        except OSError as error:
            self._not_saved(error)
            raise
        return self.saved.commit(pending)

    def _not_saved(self, error: OSError) -> None:
        self.paused = True
        self._stop_clock()
        self._emit(
            "problem",
            f"{self.saved.failure or error}. Nothing counts until saving works again; "
            "the computer is paused.",
        )

    def _made(self, state: State) -> State:
        if state.over:
            self._stop_clock()  # a finished table has no clock
        else:
            self._round_changed()
        self._emit("move", "")
        return state

    def undo(self) -> Move:
        """Take back the last move (the computer is paused, so it does not make the same
        move again at once); raises ``IllegalMoveError`` when there is none, or while a
        move is being saved (``take_back`` waits for it)."""
        self._not_saving()
        return self._undone()

    async def take_back(self) -> Move:
        """``undo``, once the move being saved (if any) is saved."""
        async with self._saving:
            return self._undone()

    def _undone(self) -> Move:
        move = self.saved.undo()
        self._public = None
        self.paused = True
        self._stop_clock()
        self._round_changed()
        name = mover(self.state.table, move.actor, self.session.chair)
        self._emit(
            "undo", f"The last move was taken back ({move.kind.replace('_', ' ')} by {name})."
        )
        return move

    def pause(self) -> None:
        """Hold the computer players back, and stop the round clock."""
        if not self.paused:
            self.paused = True
            self._stop_clock()
            self._emit("paused", "The chair paused the table.")

    def resume(self) -> None:
        """Let the computer players move again, and restart the round clock."""
        if self.paused:
            self.paused = False
            self._start_clock()
            self._emit("resumed", "The chair resumed the table.")

    def set_pace(self, pace: float) -> None:
        """Set the seconds between computer moves."""
        self.pace = max(0.0, pace)
        self._emit("pace")

    def set_seat(self, seat: str, who: Seat, *, why: str = "") -> None:
        """Hand a delegation to a person or to the computer (the computer takes over from
        the state as it is: it keeps no memory it could not rebuild); ``why`` ends the
        sentence the table is told."""
        table = self.state.table
        if seat not in table.voters:
            raise KeyError(f"'{seat}' is not a delegation at this table")
        if self.seats.get(seat, "computer") == who:
            return
        self.seats[seat] = who
        if who == "computer":
            self.players[seat] = DelegationPlayer(seat, self.session.seed)
        else:
            self.players.pop(seat, None)
        whom = "a person" if who == "human" else "the computer"
        self._emit("seats", f"{table.name(seat)} is now played by {whom}{why}.")

    def set_chair(self, who: Seat) -> None:
        """Hand the chair to a person (the computer chair stands aside) or to the computer
        facilitator (a person's moves from the chair still count, and win: the computer
        makes a move only on the table as it looked)."""
        if (self.chair is None) == (who == "human"):
            return
        self.human_chair = who == "human"
        self.session.chair = who
        self.chair = None if who == "human" else MediatorPlayer(self.state.table.moderator)
        whom = "the teacher" if who == "human" else "the computer facilitator"
        self._emit("chair", f"The chair is now {whom}.")

    def close(self) -> None:
        """Stop the computer and release the session for other programs."""
        self._closed = True
        self._stop_clock()
        self._wake.set()
        self.saved.close()

    # --- the computer ----------------------------------------------------------------

    def computer_may_move(self) -> bool:
        """Whether the computer may have a move to make now (cheap: the chair's decision
        itself, which can take a search, is left to ``computer_move``)."""
        if self.paused or self.state.over:
            return False
        holder = self.state.holder()
        return (
            self.chair is not None
            or (holder is not None and holder in self.players)
            or self.time_is_up()
        )

    def computer_move(self, state: State | None = None) -> Move | None:
        """The computer's next move in ``state`` (default: the current state), if it is
        the computer's to make (the chair first, then the delegation holding the floor).
        Safe to call from a worker thread: the players keep what they work out, so one
        asks at a time."""
        with self._thinking:
            state = self.state if state is None else state
            if self.paused or state.over:
                return None
            if self.time_is_up():
                move = self.timekeeper_move(state)
                if move is not None:
                    return move
            if self.chair is not None:
                move = self.chair.decide(state)
                if move is not None:
                    return move
            holder = state.holder()
            player = self.players.get(holder) if holder is not None else None
            return player.decide(state) if player is not None else None

    async def run(self) -> None:
        """Let the computer take its turns, one at a time and at the pace, for as long as
        the host is open: each move is worked out off the loop, and made only if the table
        is as it was when the computer looked (else it looks again)."""
        while not self._closed:
            self._wake.clear()
            if not self.computer_may_move():
                await self._rest()
                continue
            state = self.state
            try:
                move = await asyncio.to_thread(self.computer_move, state)
            except Exception as error:  # a player's failure stops this table only
                self.paused = True
                self._emit("problem", f"The computer could not move ({error}); it is paused.")
                continue
            if move is None:
                if self.state is state:
                    await self._rest()
                continue
            if self.pace > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.pace)
            async with self._saving:
                if self._closed or self.paused or self.state is not state:
                    continue
                try:
                    if self.saves_off_loop:
                        self._made(await self._saved_off_loop(move))
                    else:
                        self._made(self._saved_now(move))
                except IllegalMoveError as error:
                    self.paused = True
                    self._emit(
                        "problem",
                        f"The computer's move was refused ({error.reason}); it is paused.",
                    )
                except OSError:
                    pass  # said by _not_saved; the table waits for the chair

    async def _rest(self) -> None:
        self.idle = True
        self._resting.set()
        try:
            await self._wake.wait()
        finally:
            self.idle = False
            self._resting.clear()

    async def settled(self) -> None:
        """Wait until the computer has nothing to do until something changes (a person's
        turn, the table paused, or the session over)."""
        while not self._closed and not self.idle:
            await self._resting.wait()

    # --- the views -------------------------------------------------------------------

    def public_view(self) -> PublicView:
        """What everyone in the room sees (worked out once per move, however many screens
        ask)."""
        moves = self.moves
        if self._public is not None and self._public[0] == moves:
            return self._public[1]
        view = public_view(self.session, transcript=self._transcript)
        self._public = (moves, view)
        return view

    def seat_view(self, seat: str) -> SeatView:
        """What the delegation ``seat`` sees (its brief's terms worked out once)."""
        positions = self._positions.get(seat)
        if positions is None and seat in self.state.table.voters:
            positions = self._positions[seat] = brief_positions(self.state.table, seat)
        return seat_view(self.session, seat, public=self.public_view(), positions=positions)

    def chair_view(self) -> ChairView:
        """What the chair sees (the injects worked out again only when one fires or is
        taken back)."""
        fired = self.state.fired
        if self._injects is None or self._injects[0] != fired:
            self._injects = (fired, inject_views(self.state.table, fired))
        return chair_view(self.session, public=self.public_view(), injects=self._injects[1])

    def may_see(self, actor: str, *, projector: bool = False) -> bool:
        """On one shared screen (hot seat): whether ``actor``'s private numbers may be
        shown now. Never in the projector view; to the chair's screen when a person
        chairs and no delegation is seated as a person; otherwise only on that
        delegation's own turn, when a person plays it."""
        if projector:
            return False
        if not self.humans():
            return True
        return self.state.holder() == actor and self.seats.get(actor) == "human"

    def screen_view(self, *, projector: bool = False) -> PublicView | SeatView | ChairView:
        """On one shared screen (hot seat): the view it may show now (see ``may_see``):
        the public view on the projector or between people's turns, the seat's view on a
        person's turn, the chair's view when a person chairs with only the computer in the
        seats."""
        if projector:
            return self.public_view()
        if not self.humans():
            return self.chair_view()
        holder = self.state.holder()
        if holder is not None and self.may_see(holder):
            return self.seat_view(holder)
        return self.public_view()
