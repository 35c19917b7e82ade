"""Sessions: a scenario, a seed, the seat assignment and the ordered moves.

The state is derived from the moves and nothing else: ``push`` checks and applies a
move, ``undo`` drops the last one, ``replay`` rebuilds a session from moves and ``fork``
starts a new session from any point. A session serialises to JSON Lines: a header
(format, version, scenario id and content hash, seed, seats) and one move per line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from simulator.engine.apply import initial_state, push
from simulator.engine.errors import IllegalMoveError, LogError
from simulator.engine.log import header_line, parse_log, record_line
from simulator.engine.moves import Move
from simulator.engine.state import State
from simulator.scenario.identity import scenario_hash
from simulator.scenario.model import Scenario

LOG_FORMAT = "quantum-negotiation-session"
"""The ``format`` field of a session log's header."""
LOG_VERSION = 2
"""The version of the session log format this code writes and reads. Version 2 came with
the vote rules a chair counts by (every voting delegation is asked when a vote opens; an
amendment is not a vote for it; a motion on the floor at the round limit is voted on):
the moves of a version 1 log would not replay to the same session, so it is refused."""
RETIRED_VERSIONS = {
    1: "it was recorded under the earlier vote rules (declared support counted as a vote, "
    "an amendment as its amender's yes), and its moves would not replay to the same session"
}
"""Log versions this program no longer reads, and why."""

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
    ) -> None:
        self.base = scenario
        """The scenario as its file defines it (its hash goes in the log)."""
        self.round_limit = round_limit
        """The number of negotiation rounds, when it overrides the scenario's."""
        self.scenario = with_round_limit(scenario, round_limit)
        """The scenario being played (with the round limit applied)."""
        self.seed = seed
        """The seed for everything random in the session (computer players)."""
        self.seats: dict[str, Seat] = dict(seats or {})
        """Who plays each delegation; unlisted delegations are played by the computer."""
        self._moves: list[Move] = []
        self._states: list[State] = [initial_state(self.scenario)]

    @property
    def moves(self) -> tuple[Move, ...]:
        """The moves so far, in order."""
        return tuple(self._moves)

    @property
    def state(self) -> State:
        """The current state."""
        return self._states[-1]

    def state_at(self, k: int) -> State:
        """The state after the first ``k`` moves."""
        return self._states[k]

    def push(self, move: Move) -> State:
        """Check and apply a move; raises ``IllegalMoveError`` and changes nothing if the
        rules do not allow it."""
        state = push(self.state, move)
        self._moves.append(move)
        self._states.append(state)
        return state

    def undo(self) -> Move:
        """Drop the last move (the state goes back to before it); returns the move."""
        if not self._moves:
            raise IllegalMoveError("there is no move to undo")
        self._states.pop()
        return self._moves.pop()

    @classmethod
    def replay(
        cls,
        scenario: Scenario,
        moves: Iterable[Move],
        *,
        seed: int = 0,
        seats: Mapping[str, Seat] | None = None,
        round_limit: int | None = None,
    ) -> Session:
        """A session rebuilt by pushing ``moves`` in order; an illegal move raises
        ``IllegalMoveError`` naming its number."""
        session = cls(scenario, seed=seed, seats=seats, round_limit=round_limit)
        for move in moves:
            session.push(move)
        return session

    def fork(self, at: int | None = None) -> Session:
        """A new session with the same scenario, seed and seats and the first ``at``
        moves (default: all of them)."""
        k = len(self._moves) if at is None else at
        if not 0 <= k <= len(self._moves):
            raise IllegalMoveError(
                f"cannot fork at move {k}: the session has {len(self._moves)} moves"
            )
        forked = Session(self.base, seed=self.seed, seats=self.seats, round_limit=self.round_limit)
        forked._moves = self._moves[:k]
        forked._states = self._states[: k + 1]
        return forked

    def header(self) -> dict[str, Any]:
        """The log header: what a log needs to be replayed against the right scenario."""
        header: dict[str, Any] = {
            "format": LOG_FORMAT,
            "version": LOG_VERSION,
            "scenario": {"id": self.base.id, "hash": scenario_hash(self.base)},
            "seed": self.seed,
            "seats": self.seats,
        }
        if self.round_limit is not None:
            header["round_limit"] = self.round_limit
        return header

    def to_jsonl(self) -> str:
        """The session as its log: the header, then one checksummed record per move."""
        lines = [header_line(self.header())]
        lines.extend(record_line(n, move) for n, move in enumerate(self._moves, start=1))
        return "\n".join(lines) + "\n"

    @classmethod
    def from_jsonl(cls, text: str, scenario: Scenario, *, source: str = "<log>") -> Session:
        """Read a session log, replaying every move; raises ``LogError`` for a log that is
        malformed, damaged, or made for another scenario version."""
        session, _ = parse_log(text, scenario, source=source)
        return session


def with_round_limit(scenario: Scenario, round_limit: int | None) -> Scenario:
    """The scenario with its number of negotiation rounds replaced (None: unchanged)."""
    if round_limit is None or round_limit == scenario.rules.round_limit:
        return scenario
    if not 1 <= round_limit <= 1000:
        raise ValueError(f"the number of rounds must be from 1 to 1000, not {round_limit}")
    rules = scenario.rules.model_copy(update={"round_limit": round_limit})
    return scenario.model_copy(update={"rules": rules})


def read_header(
    line: str, scenario: Scenario, source: str
) -> tuple[int, dict[str, Seat], int | None]:
    """The seed, seats and round limit a log's header line records, once the header is
    known to be a session header for this version of ``scenario``."""
    header = _header(line, source)
    _check_scenario(header, scenario, source)
    seed, seats = _seed_and_seats(header, scenario, source)
    round_limit = header.get("round_limit")
    if round_limit is not None and (
        isinstance(round_limit, bool)
        or not isinstance(round_limit, int)
        or not 1 <= round_limit <= 1000
    ):
        raise LogError(
            f"{source}:1: the header's round_limit {round_limit!r} is not a "
            "number of rounds from 1 to 1000"
        )
    return seed, seats, round_limit


def _header(line: str, source: str) -> dict[str, Any]:
    try:
        header = json.loads(line)
    except json.JSONDecodeError as error:
        raise LogError(f"{source}:1: the header is not JSON ({error.msg})") from None
    except (RecursionError, ValueError):
        raise LogError(f"{source}:1: the header is not a session header") from None
    if not isinstance(header, dict) or header.get("format") != LOG_FORMAT:
        raise LogError(f"{source}:1: not a session log (the header has no 'format: {LOG_FORMAT}')")
    version = header.get("version")
    if isinstance(version, int) and version in RETIRED_VERSIONS:
        raise LogError(
            f"{source}:1: this is a version {version} session log, which this program no "
            f"longer reads: {RETIRED_VERSIONS[version]}; open it with the release that made it"
        )
    if isinstance(version, bool) or not isinstance(version, int) or version != LOG_VERSION:
        raise LogError(
            f"{source}:1: log format version {header.get('version')!r} is not "
            f"supported (this program reads version {LOG_VERSION})"
        )
    return header


def _seed_and_seats(
    header: dict[str, Any], scenario: Scenario, source: str
) -> tuple[int, dict[str, Seat]]:
    seed = header.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise LogError(f"{source}:1: the header's seed {seed!r} is not a whole number")
    seats = header.get("seats") or {}
    voters = {actor.id for actor in scenario.voters()}
    if not isinstance(seats, dict) or any(
        actor not in voters or seat not in ("human", "computer") for actor, seat in seats.items()
    ):
        raise LogError(
            f"{source}:1: the header's seats must map delegations of "
            f"{scenario.id!r} to 'human' or 'computer'"
        )
    return seed, seats


def _check_scenario(header: dict[str, Any], scenario: Scenario, source: str) -> None:
    made_for = header.get("scenario") or {}
    if not isinstance(made_for, dict) or made_for.get("id") != scenario.id:
        other = made_for.get("id") if isinstance(made_for, dict) else made_for
        raise LogError(f"{source}:1: this log was made for scenario {other!r}, not {scenario.id!r}")
    if made_for.get("hash") != scenario_hash(scenario):
        raise LogError(
            f"{source}:1: this log was made for a different version of scenario "
            f"{scenario.id!r} (the scenario file has changed since); replay it "
            "with the version it was made for"
        )
