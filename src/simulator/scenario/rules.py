"""Rules: the protocol of the conference — who speaks when, which phases follow each
other, how long the negotiation lasts and how decisions are taken.

A decision rule can be read back in words (``DecisionRule.describe``), so that an author
sees in ``simulator lint`` and a teacher on the start screen exactly what the engine
will count.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from simulator.scenario.common import Flag, Id, Number, Record, Whole, listed

PhaseKind = Literal["openings", "negotiation", "final_vote"]
"""Openings (each delegation states its position), negotiation rounds, the final vote."""

DecisionMethod = Literal["consensus", "unanimity", "simple_majority", "qualified_majority"]
"""How a vote is decided.

- ``consensus``: adopted when nobody counted votes no and somebody votes yes;
- ``unanimity``: adopted when every voting delegation votes yes (see ``abstentions``);
- ``simple_majority``: adopted when yes is more than half of the count (see ``base``);
- ``qualified_majority``: adopted when yes is at least ``threshold`` of the count.
"""

AbstentionMode = Literal["excluded", "count_against"]
"""What an abstention does.

- ``excluded``: it is set aside. Under consensus it does not block; under unanimity the
  others' yes votes suffice (at least one yes); under a majority it is not counted.
- ``count_against``: it counts like a no. Under consensus and unanimity it blocks; under
  a majority it is counted in the total, against.
"""

ChairStyle = Literal["facilitator", "solver"]
"""How the computer chair runs the room: a facilitator, or a solver for research."""
Base = Literal["cast", "members"]
"""What a majority is a share of.

- ``cast``: the votes cast (yes and no, and abstentions when they count against);
- ``members``: every voting delegation, present or not (so abstaining, walking out or
  staying silent all count against).
"""

_FRACTION = r"^\s*[1-9][0-9]*\s*/\s*[1-9][0-9]*\s*$"


def _threshold(value: object) -> float | str:
    """A threshold as written: a number in (0, 1], or a fraction such as ``2/3``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _bad("a threshold is a number such as 0.75 or a fraction such as 2/3")
    if isinstance(value, str):
        if re.match(_FRACTION, value) is None:
            raise _bad(f"'{value}' is not a fraction such as 2/3")
        share = exact(value)
    else:
        if not math.isfinite(value):
            raise _bad("a threshold is a finite number")
        share = exact(float(value))
        value = float(value)
    if not 0 < share <= 1:
        raise _bad(f"the threshold {shown(value)} is not a share above 0 and at most 1")
    return value


def _bad(message: str) -> PydanticCustomError:
    return PydanticCustomError("threshold", message)


Threshold = Annotated[
    float | str,
    BeforeValidator(_threshold),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                {"type": "string", "pattern": _FRACTION},
            ],
            "description": "A share: a number such as 0.75, or exactly a fraction such as 2/3.",
        }
    ),
]
"""A share written as a number (``0.75``) or, exactly, as a fraction (``2/3``)."""


def exact(share: float | str) -> Fraction:
    """A share as the exact fraction its author wrote: ``0.667`` is 667/1000, ``"2/3"`` is
    two thirds."""
    if isinstance(share, str):
        top, bottom = share.split("/")
        return Fraction(int(top), int(bottom))
    return Fraction(str(share))


def shown(share: float | str) -> str:
    """A share as its author wrote it: ``2/3``, ``0.7``."""
    if isinstance(share, str):
        top, bottom = share.split("/")
        return f"{top.strip()}/{bottom.strip()}"
    return f"{share:g}"


class DecisionRule(Record):
    """When a motion or the whole agreement counts as adopted."""

    method: DecisionMethod = "consensus"
    """Consensus, unanimity, simple majority or qualified majority."""
    threshold: Threshold | None = None
    """Share needed under a qualified majority: a number (``0.75``) or an exact fraction
    written as text (``"2/3"``), printed as written."""
    base: Base = "cast"
    """What a majority is a share of: the votes ``cast``, or all ``members`` (every voting
    delegation, present or not: 'five of the seven')."""
    weighted: Flag = False
    """Count each vote with the delegation's voting weight instead of one vote each."""
    required_parties: tuple[Id, ...] = ()
    """Delegations that must vote yes for adoption, whatever the count."""
    quorum: Annotated[Number, Field(ge=0, le=1)] = 0
    """Share of the voting delegations (or of the weight) that must take part in the vote."""
    abstentions: AbstentionMode = "excluded"
    """``excluded``: an abstention is set aside (it does not block consensus; under
    unanimity the others' yes votes suffice). ``count_against``: it counts like a no (it
    blocks consensus and unanimity)."""

    def needed(self) -> Fraction | None:
        """The exact share of the count a qualified majority needs (None for other
        methods; two thirds when a qualified majority names no threshold)."""
        if self.method != "qualified_majority":
            return None
        return exact(self.threshold) if self.threshold is not None else Fraction(2, 3)

    def threshold_text(self) -> str:
        """The qualified majority's threshold as the author wrote it."""
        return shown(self.threshold) if self.threshold is not None else "2/3"

    def describe(
        self, names: Mapping[str, str], weights: Mapping[str, float], party: str = "delegation"
    ) -> str:
        """The rule in words, for the voting delegations ``names`` (id to display name)
        with voting weights ``weights``; ``party`` is what the scenario calls one."""
        parties = f"{party}s"
        count = len(names)
        unit = "of the voting weight" if self.weighted else f"of the {count} voting {parties}"
        if self.method == "consensus":
            text = f"adopted when no {party} votes no and at least one votes yes"
            text += (
                "; an abstention blocks like a no"
                if self.abstentions == "count_against"
                else "; abstaining does not block"
            )
        elif self.method == "unanimity":
            text = f"adopted when every one of the {count} voting {parties} votes yes"
            text += (
                "; an abstention or an absence blocks it"
                if self.abstentions == "count_against"
                else "; abstentions are set aside (the others' yes votes suffice), "
                "but an absence blocks it"
            )
        else:
            text = self._describe_majority(count, unit, parties)
        if self.weighted and self.method in ("simple_majority", "qualified_majority"):
            shares = ", ".join(f"{name} {weights.get(a, 0):g}" for a, name in names.items())
            text += f"; votes are weighted ({shares})"
        if self.required_parties:
            required = [names.get(a, a) for a in self.required_parties]
            text += f"; {listed(required)} must vote yes"
        if self.quorum > 0:
            text += f"; at least {self.quorum:.0%} {unit} must take part"
        return text

    def _describe_majority(self, count: int, unit: str, parties: str) -> str:
        needed = self.needed()
        if self.base == "members":
            against = "abstaining, staying out of the room or not voting count against"
            if needed is None:
                at_least, share = count // 2 + 1, "more than half"
            else:
                at_least = -(-needed.numerator * count // needed.denominator)
                share = f"at least {self.threshold_text()}"
            if self.weighted:
                return f"adopted when {share} {unit} votes yes; {against}"
            return (
                f"adopted when at least {at_least} of the {count} voting {parties} vote yes "
                f"({share.removeprefix('at least ')}); {against}"
            )
        share = "more than half" if needed is None else f"at least {self.threshold_text()}"
        counted = (
            "abstentions count as no"
            if self.abstentions == "count_against"
            else "abstentions are not counted"
        )
        return f"adopted when {share} of the votes cast are yes ({counted})"


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
    """Negotiation rounds before the final vote is called. A motion still on the floor
    when the last round ends is put to a vote first."""
    decision: DecisionRule = DecisionRule()
    """How motions are decided during the negotiation."""
    final_vote: DecisionRule | None = None
    """How the agreement as a whole is adopted; default: the same as ``decision``."""
    agenda: tuple[tuple[Id, ...], ...] = ()
    """Stages the computer chair takes the terms in, e.g. confidence-building first: each
    stage a list of term ids, put on the agenda in turn once the one before is settled
    (every open term is on the table again past the middle of the session)."""
    chair: ChairStyle = "facilitator"
    """How the computer chair runs the room: a ``facilitator`` (agenda, one negotiating
    text built from where the room stands, revisions toward whoever would block, votes
    when a motion has the support) or a ``solver`` that tables the exact Nash bargaining
    point, for research."""
