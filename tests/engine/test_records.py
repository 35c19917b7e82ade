"""The engine's records cannot be changed behind its back: a package is read-only once
made, and a copy with changes refuses a field the record does not have."""

from __future__ import annotations

import pytest

from simulator.engine.apply import initial_state
from simulator.engine.moves import MOVE_ADAPTER, Propose
from simulator.engine.state import evolve
from tests.engine.helpers import scenario


def test_package_is_read_only_and_round_trips() -> None:
    """A proposal's values cannot be changed after it is made, and it reads back the same."""
    move = Propose(actor="usa", values={"verification": "mutual"})
    with pytest.raises(TypeError):
        move.values["verification"] = "agency"  # type: ignore[index]
    again = MOVE_ADAPTER.validate_json(MOVE_ADAPTER.dump_json(move))
    assert again == move
    assert dict(again.values) == {"verification": "mutual"}


def test_evolve_refuses_unknown_fields() -> None:
    """A misspelt field name is an error, not a silent new attribute."""
    state = initial_state(scenario())
    with pytest.raises(TypeError, match="has no field roud"):
        evolve(state, roud=3)
    assert evolve(state, round=3).round == 3
