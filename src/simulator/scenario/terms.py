"""Terms: the clauses of the draft treaty that are up for negotiation.

A term is either an ordered list of options (``none`` → ``voluntary reporting`` → ...)
or a numeric scale with bounds, a step and labelled points. Both kinds share one
view of their values: an ordered, finite list, so that distances, ranges and red
lines mean the same thing everywhere.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, StrictInt, StrictStr

from simulator.scenario.common import Id, Number, Record, Source, TermValue

GRID_TOLERANCE = 1e-9
"""How far (in steps) a number may sit from a scale's grid and still count as on it."""


class Option(Record):
    """One choice of an options term."""

    id: Id
    """Identifier used in positions, motions and moves, e.g. ``mutual_monitoring``."""
    label: Annotated[str, Field(min_length=1)]
    """What the option says in the treaty text, e.g. "Mutual monitoring by the parties"."""
    description: str = ""
    """A longer explanation shown when the option is discussed."""


class LabelledPoint(Record):
    """A named point on a numeric scale, e.g. 2030 labelled "Early migration"."""

    value: Number
    """Where the point sits on the scale."""
    label: Annotated[str, Field(min_length=1)]
    """What the point is called."""


def in_sentence(name: str) -> str:
    """A term's name as it reads inside a sentence: the first letter lower-cased unless
    the first word is an acronym or a proper name written in capitals.

    >>> in_sentence("Export controls"), in_sentence("SDG alignment and benefit sharing")
    ('export controls', 'SDG alignment and benefit sharing')
    """
    first = name.split(" ", 1)[0]
    if sum(char.isupper() for char in first) > 1:
        return name
    return name[:1].lower() + name[1:]


class _TermBase(Record):
    id: Id
    """Identifier of the term, e.g. ``verification``."""
    name: Annotated[str, Field(min_length=1)]
    """Short title of the clause, e.g. "Verification"."""
    description: str = ""
    """What the clause governs and why it is contested."""
    source: Source | None = None
    """Where the clause comes from in the seed documents."""


class OptionsTerm(_TermBase):
    """A clause whose possible texts form an ordered list of options, from one end of the
    debate to the other."""

    kind: Literal["options"]
    """Marks an options term."""
    options: Annotated[tuple[Option, ...], Field(min_length=2)]
    """The possible texts, in order (neighbours are close, the ends are far apart)."""
    status_quo: StrictStr
    """The option the draft starts from (an option id, one of ``options``). It is not
    what a party gets when no agreement is reached: then every party falls back on its
    walk-away point (``reservation``)."""

    def values(self) -> list[TermValue]:
        """All values of the term, in order."""
        return [option.id for option in self.options]

    def index_of(self, value: TermValue) -> int | None:
        """Position of ``value`` in the order of options, or None if it is not one."""
        for index, option in enumerate(self.options):
            if option.id == value:
                return index
        return None

    def label(self, value: TermValue) -> str:
        """The treaty text for ``value``."""
        index = self.index_of(value)
        return self.options[index].label if index is not None else str(value)

    def describe_domain(self) -> str:
        """A short description of the allowed values, for error messages."""
        return "one of: " + ", ".join(option.id for option in self.options)


class ScaleTerm(_TermBase):
    """A clause set by a number on a bounded scale, e.g. a migration deadline year."""

    kind: Literal["scale"]
    """Marks a scale term."""
    min: Number
    """The lowest value the clause may take."""
    max: Number
    """The highest value the clause may take."""
    step: Annotated[Number, Field(gt=0)] = 1
    """The spacing of allowed values from ``min``."""
    unit: str = ""
    """The unit of the number, e.g. "year" or "% of seats"."""
    points: tuple[LabelledPoint, ...] = ()
    """Named points on the scale, shown on the slider and in the treaty text."""
    status_quo: StrictInt | Number
    """The value the draft starts from (one of the scale's values). It is not what a party
    gets when no agreement is reached: then every party falls back on its walk-away point
    (``reservation``)."""

    def steps(self) -> int:
        """Number of steps from ``min`` to ``max``."""
        return round((self.max - self.min) / self.step)

    def values(self) -> list[TermValue]:
        """All values on the grid, in order."""
        return [self._at(k) for k in range(self.steps() + 1)]

    def _at(self, k: int) -> TermValue:
        value = self.min + k * self.step
        rounded = round(value, 9)
        return int(rounded) if float(rounded).is_integer() else rounded

    def index_of(self, value: TermValue) -> int | None:
        """Grid position of ``value``, or None if it is off the grid or out of bounds."""
        if isinstance(value, str | bool):
            return None
        try:
            position = (value - self.min) / self.step
            if not math.isfinite(position):
                return None
            k = round(position)
        except (OverflowError, ValueError):
            return None
        if abs(position - k) > GRID_TOLERANCE or not 0 <= k <= self.steps():
            return None
        if abs(self.min + k * self.step - value) > GRID_TOLERANCE * max(1.0, abs(value)):
            return None
        return k

    def label(self, value: TermValue) -> str:
        """The treaty text for ``value``: the number with its unit (a unit of years is
        left out: "2030"), and the name of the point when it has one."""
        if isinstance(value, str):
            return value
        unit = "" if self.unit.lower() in ("year", "years") else self.unit
        text = f"{_number(value)} {unit}".strip()
        for point in self.points:
            if math.isclose(point.value, value):
                return f"{text} ({point.label})"
        return text

    def describe_domain(self) -> str:
        """A short description of the allowed values, for error messages."""
        low, high, step = _number(self.min), _number(self.max), _number(self.step)
        return f"a number from {low} to {high} in steps of {step}"


Term = Annotated[OptionsTerm | ScaleTerm, Field(discriminator="kind")]
"""A clause of the draft treaty: options or a scale."""


def _number(value: float | int | str) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
