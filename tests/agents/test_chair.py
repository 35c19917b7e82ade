"""The computer chair: a facilitator by default, the solver when the scenario asks; and
the personalities that give a table its hold-outs and walk-outs."""

from __future__ import annotations

import random
from functools import cache

from simulator.agents import personality
from simulator.agents.assessment import RULES
from simulator.agents.delegation import DelegationPlayer
from simulator.agents.driver import run_session
from simulator.agents.mediator import MediatorPlayer
from simulator.engine.moves import FireInject, Pass, Propose, SetAgenda, Statement, WalkOut
from simulator.engine.session import Session
from simulator.scenario.model import Scenario
from simulator.scenario_files import load_scenario
from tests.conftest import SCENARIOS


@cache
def shipped(name: str) -> Scenario:
    return load_scenario(str(SCENARIOS / f"{name}.yaml"))


def with_chair(scenario: Scenario, chair: str) -> Scenario:
    rules = scenario.rules.model_copy(update={"chair": chair})
    return scenario.model_copy(update={"rules": rules})


def test_the_default_chair_facilitates() -> None:
    """Without a setting the computer chair is the facilitator: in the classroom it puts
    climate and the confidence-building channels on the agenda first, asks the
    scenario's questions, and tables a single negotiating text of its own."""
    scenario = shipped("quantum-classroom")
    assert scenario.rules.chair == "facilitator"
    chair_moves = [m for m in run_session(scenario, seed=1).moves if m.actor == "chen"]
    agendas = [m for m in chair_moves if isinstance(m, SetAgenda)]
    assert agendas[0].terms == ("climate_pilot", "confidence_channels")
    assert any(isinstance(m, Statement) for m in chair_moves)
    texts = [m for m in chair_moves if isinstance(m, Propose)]
    assert texts
    assert "single negotiating text" in texts[0].reason


def test_the_solver_chair_is_a_setting() -> None:
    """``rules.chair: solver`` brings back the chair that tables the Nash point: when the
    talks stall it tables a compromise text, which the facilitator never words so."""
    scenario = with_chair(shipped("quantum-classroom"), "solver")
    session = Session(scenario)
    while session.state.round < 4:
        holder = session.state.holder()
        assert holder is not None
        session.push(Pass(actor=holder))
    move = MediatorPlayer("chen").decide(session.state)
    assert isinstance(move, Propose)
    assert "compromise text" in move.reason


def test_the_chair_asks_its_question_and_tables_its_text_in_one_round() -> None:
    """A prompt at the start of a round does not take the place of the negotiating text:
    in the classroom the chair tables its first text in round 3, and in a later round with
    no motion on the floor it asks its prompt and tables a text in the same round."""
    scenario = shipped("quantum-classroom")
    played = run_session(scenario, seed=1)
    again = Session(scenario, seed=1)
    rounds: dict[int, list[str]] = {}
    for move in played.moves:
        if move.actor == "chen" and not isinstance(move, SetAgenda | FireInject):
            rounds.setdefault(again.state.round, []).append(move.kind)
        again.push(move)
    assert rounds[2] == ["statement"]
    assert rounds[3][:1] == ["propose"]
    assert ["statement", "propose"] in [kinds[:2] for kinds in rounds.values()]


def test_personalities_are_drawn_from_the_seed() -> None:
    """The same seed gives every delegation the same personality; across seeds each
    personality turns up."""
    first = [DelegationPlayer("usa", seed).personality for seed in range(200)]
    again = [DelegationPlayer("usa", seed).personality for seed in range(200)]
    assert first == again
    assert set(first) == {"pragmatist", "hard-liner", "bridge-builder", "free-rider"}
    assert personality.draw(random.Random(2)) == "pragmatist"


def test_hard_liners_hold_out_above_walking_away() -> None:
    """A hard-liner's floor is above its walk-away point; a pragmatist's is the point."""
    scenario = shipped("quantum-classroom")
    session = Session(scenario)
    players = [DelegationPlayer("usa", seed) for seed in range(40)]
    hard = next(p for p in players if p.personality == "hard-liner")
    easy = next(p for p in players if p.personality == "pragmatist")
    reservation = session.state.table.utility["usa"].reservation
    assert easy.floor(session.state) == reservation
    assert hard.floor(session.state) > reservation


def test_walk_outs_happen_and_are_voiced() -> None:
    """Over a hundred tables some delegation walks out, and it says why, with the rule
    that made it leave and, where it has a line left to say, in its own sourced words."""
    scenario = shipped("quantum-treaty-conference")
    walk_outs = [
        m
        for seed in range(100)
        for m in run_session(scenario, seed=seed).moves
        if isinstance(m, WalkOut)
    ]
    assert walk_outs
    assert all("walks out" in m.reason and m.rule in RULES for m in walk_outs)
    assert all(('"' in m.reason) == (m.cites is not None) for m in walk_outs)


def test_the_facilitator_suggests_a_text_a_person_chairing_may_table() -> None:
    """Asked at any moment, the facilitator offers its single negotiating text when no
    motion is on the floor and an amendment of the motion otherwise; each is a legal move
    for the chair, and nothing is offered where motions are out of order."""
    from simulator.engine.moves import AdvancePhase, Amend, Oppose
    from simulator.engine.rules import check

    scenario = shipped("quantum-classroom")
    session = Session(scenario, seed=0)
    chair = MediatorPlayer("chen")
    assert chair.suggest(session.state) is None  # the openings
    session.push(AdvancePhase(actor="chen"))
    text = chair.suggest(session.state)
    assert isinstance(text, Propose)
    assert text.values
    assert check(session.state, text) is None
    # a motion holding a text the delegation on the floor can never sign, and its no
    objector = session.state.holder()
    assert objector is not None
    table = session.state.table
    term, value = next(
        (table.ids[t], table.values[t][v])
        for t, k in table.slot[objector].items()
        for v in sorted(table.utility[objector].forbidden[k])
    )
    session.push(Propose(actor="chen", values={term: value}))
    session.push(Oppose(actor=objector))
    amendment = chair.suggest(session.state)
    assert isinstance(amendment, Amend)
    assert check(session.state, amendment) is None
    assert amendment.values[term] != value
