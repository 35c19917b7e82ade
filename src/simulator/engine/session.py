"""Sessions: a scenario, a seed, the seat assignment (and who chairs) and the ordered moves.

The state is derived from the moves and nothing else: ``push`` checks and applies a
move, ``undo`` drops the last one, ``replay`` rebuilds a session from moves and ``fork``
starts a new session from any point. Its log (JSON Lines) is written and read by ``engine.log``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Literal, overload

from simulator.engine.apply import apply, initial_state, push
from simulator.engine.errors import IllegalMoveError
from simulator.engine.moves import Move
from simulator.engine.state import State
from simulator.engine.table import Table
from simulator.scenario.model import Scenario

ROUND_LIMIT_MAX = 1000
"""The most negotiation rounds a session may be given."""

CHECKPOINT = 64
"""Every how many moves a session keeps the state (the states between are derived again
when asked for: keeping every state made a long session's memory, and time, grow
faster than its moves)."""

Seat = Literal["human", "computer"]
"""Who plays a delegation: a person or the computer."""


class Session:
    """A negotiation in progress (or finished): scenario, seed, seats and moves."""

    def __init__(
        self,
        scenario: Scenario,
        *,
        seed: int = 0,
        seats: Mapping[str, Seat] | None = None,
        round_limit: int | None = None,
        chair: Seat | None = None,
        table: Table | None = None,
    ) -> None:
        """``table``, when given, is ``scenario``'s compiled table (``Table.of``): whoever
        plays many sessions of one scenario compiles it once, and each session derives its
        own seed's table from it instead of compiling one."""
        self.base = scenario
        """The scenario as its file defines it (its hash goes in the log)."""
        self.round_limit = round_limit
        """The number of negotiation rounds, when it overrides the scenario's."""
        self.scenario = with_round_limit(scenario.variant(seed), round_limit)
        """The scenario being played: this table's variant of it (its confidential numbers
        drawn from the seed within the scenario's ``variation``), with the round limit
        applied."""
        self.seed = seed
        """The seed for everything random in the session (computer players)."""
        self.seats: dict[str, Seat] = dict(seats or {})
        """Who plays each delegation; unlisted delegations are played by the computer."""
        self.chair: Seat | None = chair
        """Who chairs: a person or the computer (None when not recorded, as for a replay
        script, whose chair's lines are the scenario's mediator's). A person's moves from
        the chair are the chair's own, not the mediator's."""
        self._moves: list[Move] = []
        if table is not None and table.scenario is not scenario:
            raise ValueError("the table given was not compiled for this scenario")
        own = table.varied(self.scenario) if table is not None else Table.of(self.scenario)
        start = initial_state(self.scenario, own)
        self._state = start
        self._checkpoints: list[State] = [start]  # the state after every CHECKPOINT moves
        self._recent = (0, start)  # the last state state_at derived, for stepping through

    @property
    def moves(self) -> Moves:
        """The moves so far, in order: a read-only snapshot that costs nothing to take
        (later moves do not show in it)."""
        return Moves(self._moves, len(self._moves))

    @property
    def move_count(self) -> int:
        """How many moves have been made."""
        return len(self._moves)

    @property
    def state(self) -> State:
        """The current state."""
        return self._state

    def state_at(self, k: int) -> State:
        """The state after the first ``k`` moves (0 to ``move_count``), derived from the
        nearest state kept before it: stepping through ``k`` in order costs one move each."""
        count = len(self._moves)
        if not 0 <= k <= count:
            raise IndexError(f"no state after move {k}: the session has {count} moves")
        if k == count:
            return self._state
        at, state = self._recent
        if not k // CHECKPOINT * CHECKPOINT <= at <= k:
            at = k // CHECKPOINT * CHECKPOINT
            state = self._checkpoints[k // CHECKPOINT]
        for move in self._moves[at:k]:
            state = apply(state, move)
        self._recent = (k, state)
        return state

    def push(self, move: Move) -> State:
        """Check and apply a move; raises ``IllegalMoveError`` and changes nothing if the
        rules do not allow it."""
        state = push(self._state, move)
        # the state before the move is the one asked for next (a transcript line, a
        # debrief step), so keep it as the last one derived
        self._recent = (len(self._moves), self._state)
        self._moves.append(move)
        self._state = state
        if len(self._moves) % CHECKPOINT == 0:
            self._checkpoints.append(state)
        return state

    def undo(self) -> Move:
        """Drop the last move (the state goes back to before it); returns the move."""
        if not self._moves:
            raise IllegalMoveError("there is no move to undo")
        self._state = self.state_at(len(self._moves) - 1)
        if len(self._moves) % CHECKPOINT == 0:
            self._checkpoints.pop()
        move = self._moves[-1]
        # a new list, so that snapshots taken before keep their last move
        self._moves = self._moves[:-1]
        self._recent = (len(self._checkpoints) - 1) * CHECKPOINT, self._checkpoints[-1]
        return move

    @classmethod
    def replay(
        cls,
        scenario: Scenario,
        moves: Iterable[Move],
        *,
        seed: int = 0,
        seats: Mapping[str, Seat] | None = None,
        round_limit: int | None = None,
        chair: Seat | None = None,
        table: Table | None = None,
    ) -> Session:
        """A session rebuilt by pushing ``moves`` in order; an illegal move raises
        ``IllegalMoveError`` naming its number. ``table`` is as for a new session."""
        session = cls(
            scenario, seed=seed, seats=seats, round_limit=round_limit, chair=chair, table=table
        )
        for move in moves:
            session.push(move)
        return session

    def fork(self, at: int | None = None) -> Session:
        """A new session with the same scenario, seed, seats and chair and the first
        ``at`` moves (default: all of them)."""
        k = len(self._moves) if at is None else at
        if not 0 <= k <= len(self._moves):
            raise IllegalMoveError(
                f"cannot fork at move {k}: the session has {len(self._moves)} moves"
            )
        forked = Session(
            self.base,
            seed=self.seed,
            seats=self.seats,
            round_limit=self.round_limit,
            chair=self.chair,
            table=self._state.table.varied(self.base),
        )
        forked._state = self.state_at(k)
        forked._moves = self._moves[:k]
        forked._checkpoints = self._checkpoints[: k // CHECKPOINT + 1]
        return forked


def with_round_limit(scenario: Scenario, round_limit: int | None) -> Scenario:
    """The scenario with its number of negotiation rounds replaced (None: unchanged)."""
    if round_limit is None or round_limit == scenario.rules.round_limit:
        return scenario
    if not 1 <= round_limit <= ROUND_LIMIT_MAX:
        raise ValueError(
            f"the number of rounds must be from 1 to {ROUND_LIMIT_MAX}, not {round_limit}"
        )
    rules = scenario.rules.model_copy(update={"round_limit": round_limit})
    return scenario.model_copy(update={"rules": rules})


class Moves(Sequence[Move]):
    """The first moves of a session, read-only: a snapshot of its move list that shares
    the list instead of copying it (a session only ever appends to a list it shares; undo
    starts a new one)."""

    __slots__ = ("_count", "_moves")

    def __init__(self, moves: list[Move], count: int) -> None:
        self._moves = moves
        self._count = count

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Move: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Move, ...]: ...
    def __getitem__(self, index: int | slice) -> Move | tuple[Move, ...]:
        if isinstance(index, slice):
            return tuple(self._moves[: self._count][index])
        if not -self._count <= index < self._count:
            raise IndexError("move index out of range")
        return self._moves[index % self._count]

    def __iter__(self) -> Iterator[Move]:
        moves = self._moves
        for k in range(self._count):
            yield moves[k]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(other) == self._count and all(a == b for a, b in zip(self, other, strict=False))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Moves({list(self)!r})"
