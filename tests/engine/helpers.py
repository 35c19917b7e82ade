"""Small helpers for engine tests: the mini scenario and compact move builders."""

from __future__ import annotations

from typing import Any

import yaml

from simulator.engine.log import encode, header_of
from simulator.engine.moves import (
    Abstain,
    Amend,
    CallVote,
    Oppose,
    Pass,
    Propose,
    Statement,
    Support,
)
from simulator.engine.session import Session
from simulator.scenario.model import Scenario
from simulator.scenario_files import load_scenario_text
from tests.conftest import base


def scenario(**changes: Any) -> Scenario:
    """The mini scenario (two delegations, usa and china, and chen as moderator), with
    top-level fields or rules replaced by ``changes`` (``rules__x`` sets ``rules.x``)."""
    data = base()
    for key, value in changes.items():
        if key.startswith("rules__"):
            data["rules"][key.removeprefix("rules__")] = value
        else:
            data[key] = value
    return load_scenario_text(yaml.safe_dump(data, sort_keys=False), "mini.yaml")


def three(**india: Any) -> Scenario:
    """The mini scenario with a third delegation, india, for votes that can split (with
    ``india``'s fields changed, e.g. ``role="observer"``)."""
    data = base()
    data["actors"].insert(
        2,
        {
            "id": "india",
            "name": "India",
            "kind": "state",
            "positions": {"verification": {"ideal": "mutual"}, "deadline": {"ideal": 2034}},
            **india,
        },
    )
    return load_scenario_text(yaml.safe_dump(data, sort_keys=False), "three.yaml")


def after_openings(session: Session) -> Session:
    """Every delegation passes through the openings."""
    while session.state.phase == "openings":
        holder = session.state.holder()
        assert holder is not None
        session.push(Pass(actor=holder))
    return session


def say(actor: str, text: str = "...") -> Statement:
    return Statement(actor=actor, text=text)


def propose(actor: str, **values: Any) -> Propose:
    return Propose(actor=actor, values=values)


def amend(actor: str, **values: Any) -> Amend:
    return Amend(actor=actor, values=values)


def yes(actor: str) -> Support:
    return Support(actor=actor)


def no(actor: str) -> Oppose:
    return Oppose(actor=actor)


def abstain(actor: str) -> Abstain:
    return Abstain(actor=actor)


def vote(actor: str) -> CallVote:
    return CallVote(actor=actor)


def pass_(actor: str) -> Pass:
    return Pass(actor=actor)


def log_text(session: Session) -> str:
    """The whole log of ``session``, as one text."""
    return "".join(encode(header_of(session), session.moves))
