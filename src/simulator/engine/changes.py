"""Small state changes shared by applying moves and firing injects.

Both ``apply`` and ``injects`` write values into the state the same way: a value is
stored in its canonical form, an event is appended to the log, and a delegation's trust
moves within 0..1. They live here, apart from both, so neither imports the other's
internals and there is no import cycle. (Utilities come from ``Table.score``.)
"""

from __future__ import annotations

from simulator.engine.state import Event, State, evolve
from simulator.engine.table import Table
from simulator.scenario.common import TermValue

DEFAULT_TRUST = 0.5
"""Trust toward an actor the scenario lists no trust for."""


def canonical(table: Table, term: str, value: TermValue) -> TermValue:
    """The value of ``term`` as the table holds it (``value`` itself if it is not one)."""
    index = table.index_of(term, value)
    return value if index is None else table.values[table.term_index[term]][index]


def add_event(state: State, number: int, kind: str, text: str, ref: str = "") -> State:
    """The state with an event of move ``number`` appended to its log."""
    return evolve(state, events=state.events.add(Event(number, kind, text, ref)))  # type: ignore[arg-type]


def trust_after(
    trust: dict[str, dict[str, float]], truster: str, trusted: str, change: float
) -> dict[str, dict[str, float]] | None:
    """Everyone's trust with ``truster``'s trust in ``trusted`` moved by ``change``
    (within 0..1); None when there is no such trust to move."""
    if truster == trusted or truster not in trust:
        return None
    current = trust[truster]
    level = min(1.0, max(0.0, current.get(trusted, DEFAULT_TRUST) + change))
    return {**trust, truster: {**current, trusted: level}}
