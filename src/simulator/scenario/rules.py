"""Rules: the protocol of the conference — who speaks when, which phases follow each
other, how long the negotiation lasts and how decisions are taken."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.scenario.common import Flag, Id, Number, Record, Whole

PhaseKind = Literal["openings", "negotiation", "final_vote"]
"""Openings (each delegation states its position), negotiation rounds, the final vote."""

DecisionMethod = Literal["consensus", "unanimity", "simple_majority", "qualified_majority"]
"""How a vote is decided.

- ``consensus``: adopted when no voting delegation objects (abstaining does not block);
- ``unanimity``: adopted when every voting delegation votes yes;
- ``simple_majority``: adopted when yes is more than half of the counted votes;
- ``qualified_majority``: adopted when yes is at least ``threshold`` of the counted votes.
"""


class DecisionRule(Record):
    """When a motion or the treaty counts as adopted."""

    method: DecisionMethod = "consensus"
    """Consensus, unanimity, simple majority or qualified majority."""
    threshold: Annotated[Number, Field(gt=0, le=1)] | None = None
    """Share of counted votes needed under a qualified majority, e.g. 0.667."""
    weighted: Flag = False
    """Count each vote with the actor's voting weight instead of one vote each."""
    required_parties: tuple[Id, ...] = ()
    """Delegations that must vote yes for adoption, whatever the count."""
    quorum: Annotated[Number, Field(ge=0, le=1)] = 0
    """Share of the voting delegations (or of the weight) that must take part in the vote."""
    abstentions: Literal["excluded", "count_against"] = "excluded"
    """Whether abstentions are left out of the count or count like a no vote."""


class Rules(Record):
    """The scenario's protocol."""

    speaking_order: tuple[Id, ...] | None = None
    """Who holds the floor in turn each round; default: every non-mediator, in file order."""
    moderator: Id | None = None
    """The mediator who chairs and acts outside the speaking order; default: the scenario's
    only mediator (or, without one, a chair with the id ``moderator``)."""
    phases: Annotated[tuple[PhaseKind, ...], Field(min_length=1)] = (
        "openings",
        "negotiation",
        "final_vote",
    )
    """The phases of the session, in order."""
    round_limit: Annotated[Whole, Field(ge=1, le=1000)] = 8
    """Negotiation rounds before the final vote is called."""
    decision: DecisionRule = DecisionRule()
    """How motions are decided during the negotiation."""
    final_vote: DecisionRule | None = None
    """How the treaty as a whole is adopted; default: the same as ``decision``."""
