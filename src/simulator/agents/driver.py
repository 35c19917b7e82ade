"""Running computer players: they move whenever a seat they play holds the floor."""

from __future__ import annotations

from collections.abc import Mapping

from simulator.agents.base import Player
from simulator.agents.delegation import DelegationPlayer
from simulator.agents.mediator import ChairStyle, MediatorPlayer
from simulator.engine.moves import Move
from simulator.engine.session import Seat, Session
from simulator.scenario.model import Scenario

MOVE_LIMIT = 200_000
"""A guard against a session that would never end."""


def computer_players(
    scenario: Scenario, seats: Mapping[str, Seat], seed: int = 0
) -> dict[str, Player]:
    """A computer player for every delegation not seated as ``human``."""
    return {
        actor.id: DelegationPlayer(actor.id, seed)
        for actor in scenario.voters()
        if seats.get(actor.id, "computer") == "computer"
    }


def advance(
    session: Session,
    players: Mapping[str, Player],
    chair: Player | None = None,
    *,
    limit: int | None = None,
) -> list[Move]:
    """Let the computer move until a person holds the floor, the session ends, or
    ``limit`` moves are made; returns the moves made."""
    made: list[Move] = []
    while not session.state.over and (limit is None or len(made) < limit):
        state = session.state
        move = chair.decide(state) if chair is not None else None
        if move is None:
            holder = state.holder()
            player = players.get(holder) if holder is not None else None
            if player is None:
                break
            move = player.decide(state)
            if move is None:
                break
        session.push(move)
        made.append(move)
        if session.move_count > MOVE_LIMIT:
            raise RuntimeError(f"the session passed {MOVE_LIMIT} moves without ending")
    return made


def computer_chair(scenario: Scenario, style: ChairStyle | None = None) -> Player:
    """The computer chair in ``style`` (default: the scenario's ``rules.chair``)."""
    return MediatorPlayer(scenario.moderator(), style)


def play_out(session: Session, chair: ChairStyle | None = None) -> None:
    """Let the computer play every seat and the chair to the end of the session."""
    players = computer_players(session.scenario, {}, session.seed)
    advance(session, players, computer_chair(session.scenario, chair))


def run_session(
    scenario: Scenario,
    *,
    seed: int = 0,
    round_limit: int | None = None,
    chair: ChairStyle | None = None,
) -> Session:
    """A whole session with the computer in every seat and in the chair."""
    session = Session(scenario, seed=seed, round_limit=round_limit)
    play_out(session, chair)
    return session
