"""The computer chair: a facilitator by default (``agents.facilitator``), or the solver
that tables the exact Nash bargaining point (``agents.solver``), as the scenario's
``rules.chair`` or the caller chooses."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.agents.facilitator import FacilitatorChair
from simulator.agents.solver import CHAIR_EFFORT, SolverChair
from simulator.engine.moves import Move
from simulator.engine.state import State
from simulator.scenario.common import TermValue
from simulator.scenario.rules import ChairStyle

__all__ = ["CHAIR_EFFORT", "ChairStyle", "MediatorPlayer"]


@dataclass
class MediatorPlayer:
    """The computer playing the chair, in the style the scenario sets unless ``style``
    says otherwise."""

    actor: str
    """The chair's actor id."""
    style: ChairStyle | None = None
    """The chair's style; None: the scenario's ``rules.chair``."""
    _facilitator: FacilitatorChair = field(init=False, repr=False)
    _solver: SolverChair = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._facilitator = FacilitatorChair(self.actor)
        self._solver = SolverChair(self.actor)

    def decide(self, state: State) -> Move | None:
        """The chair's intervention now, or None to let the delegations continue."""
        style = self.style or state.table.scenario.rules.chair
        chair = self._solver if style == "solver" else self._facilitator
        return chair.decide(state)

    def suggest(self, state: State) -> Move | None:
        """The facilitator's text or amendment for the room now, for a person chairing to
        edit (see ``FacilitatorChair.suggest``)."""
        return self._facilitator.suggest(state)

    def compromise(
        self, state: State, among: tuple[str, ...] | None = None
    ) -> dict[str, TermValue] | None:
        """The solver's compromise text for the room (see ``SolverChair.compromise``)."""
        return self._solver.compromise(state, among)
