"""Utilities of drafts and motions, as the table's value gains sum them, against the
per-delegation utility tables computed term by term, on the shipped scenarios."""

from __future__ import annotations

from functools import cache

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine.moves import Amend, Propose
from simulator.engine.session import Session
from simulator.engine.state import State
from simulator.scenario.common import TermValue
from simulator.scenario.model import Scenario
from simulator.scenario_files import load_scenario, load_scenario_text
from tests.conftest import SCENARIOS, base, examples
from tests.engine.helpers import after_openings

NAMES = sorted(path.stem for path in SCENARIOS.glob("*.yaml"))


@cache
def shipped(name: str) -> Scenario:
    return load_scenario(str(SCENARIOS / f"{name}.yaml"))


def packages(scenario: Scenario) -> st.SearchStrategy[dict[str, TermValue]]:
    """Packages of some terms, each at any of its values."""
    return st.fixed_dictionaries(
        {},
        optional={term.id: st.sampled_from(term.values()) for term in scenario.terms},
    ).filter(bool)


def assert_motion_scored(state: State) -> None:
    motion = state.motion
    assert motion is not None
    values = {**state.draft_dict(), **motion.values}
    indexes = [term.index_of(values[term.id]) for term in state.table.terms]
    assert list(motion.indexes) == indexes
    for actor, tables in state.table.utility.items():
        full = tables.utility(indexes, state.weights[actor])  # type: ignore[arg-type]
        assert motion.utilities[actor] == pytest.approx(full, abs=1e-12)
        assert motion.crossed[actor] == tables.red_lines_crossed(indexes)  # type: ignore[arg-type]


@settings(max_examples=examples(60), deadline=None)
@given(data=st.data(), name=st.sampled_from(NAMES))
def test_motions_are_scored_as_the_utility_tables_score_them(
    data: st.DataObject, name: str
) -> None:
    scenario = shipped(name)
    session = after_openings(Session(scenario, seed=0))
    first = data.draw(packages(scenario))
    holder = session.state.holder()
    assert holder is not None
    session.push(Propose(actor=holder, values=first))
    assert session.state.motion.values == first  # type: ignore[union-attr]
    assert_motion_scored(session.state)
    second = data.draw(packages(scenario))
    holder = session.state.holder()
    assert holder is not None
    motion = session.state.motion
    assert motion is not None
    if any(motion.values.get(term) != value for term, value in second.items()):
        session.push(Amend(actor=holder, values=second))
        amended = session.state.motion
        assert amended is not None
        assert amended.values == {**first, **second}
        assert list(amended.values) == [
            term.id for term in scenario.terms if term.id in amended.values
        ]
        assert_motion_scored(session.state)


def test_red_lines_are_counted_on_every_shipped_scenario() -> None:
    """The shipped scenarios do have red lines, so the counting above is exercised."""
    assert all(Session(shipped(name), seed=0).state.table.lined for name in NAMES)


def test_a_delegation_without_positions_is_satisfied_by_any_draft() -> None:
    data = base()
    data["actors"].insert(2, {"id": "fiji", "name": "Fiji", "kind": "state"})
    scenario = load_scenario_text(yaml.safe_dump(data, sort_keys=False), "fiji.yaml")
    session = after_openings(Session(scenario, seed=0))
    assert session.state.utilities["fiji"] == 1.0
    holder = session.state.holder()
    assert holder is not None
    session.push(Propose(actor=holder, values={"verification": "none", "deadline": 2040}))
    motion = session.state.motion
    assert motion is not None
    assert motion.utilities["fiji"] == 1.0
    assert motion.utilities["usa"] < 1.0
    assert_motion_scored(session.state)
