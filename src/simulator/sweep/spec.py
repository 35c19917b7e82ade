"""A sweep file's model and the grid it spans.

A sweep names a scenario, a range of seeds and, per setting to vary, the values to try.
The grid is the product of those values, in the order the settings are declared here;
every point of it is played once per seed. A setting left out keeps the scenario's own
value, so each point always says every setting it was played with.

Adding a setting to vary is one field on ``Grid`` (or a record in it) and one entry in
``AXES``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from simulator.engine.session import with_round_limit
from simulator.scenario.common import Number, Record, Whole
from simulator.scenario.model import Scenario

MAX_SESSIONS = 1_000_000
"""Most sessions (grid points times seeds) one sweep may play; split larger sweeps."""
MAX_SEED = 2**53
"""Largest seed magnitude accepted (seeds are written to CSV and read back exactly)."""

Seed = Annotated[Whole, Field(ge=-MAX_SEED, le=MAX_SEED)]
RoundLimit = Annotated[Whole, Field(ge=1, le=1000)]


class Seeds(Record):
    """The seeds every grid point is played with: ``count`` seeds from ``first`` on."""

    first: Seed = 0
    """The first seed."""
    count: Annotated[Whole, Field(ge=1, le=MAX_SESSIONS)]
    """How many consecutive seeds, each one session per grid point."""

    def range(self) -> range:
        """The seeds, in order."""
        return range(self.first, self.first + self.count)


class _Lists(Record):
    """A record of settings, each a list of values to try: none empty, none repeated."""

    @field_validator("*", mode="before")
    @classmethod
    def _listed(cls, values: Any) -> Any:
        if isinstance(values, list | tuple) and not values:
            raise ValueError(
                "the list of values is empty; list at least one, or leave the setting out"
            )
        return values

    @field_validator("*")
    @classmethod
    def _distinct(cls, values: Any) -> Any:
        if isinstance(values, tuple):
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                shown = ", ".join(map(str, repeated))
                raise ValueError(f"{shown} listed more than once; list each value once")
        return values

    @model_validator(mode="after")
    def _not_empty(self) -> _Lists:
        if all(value is None for value in self.__dict__.values()):
            names = ", ".join(type(self).model_fields)
            raise ValueError(
                f"nothing is listed to vary ({names}); list some values, or leave it out to "
                "keep the scenario's own"
            )
        return self


class VariationGrid(_Lists):
    """Shares of the scenario's ``variation`` to try: how far each table's confidential
    numbers may differ from the file's (the bounds are those of ``variation``)."""

    priority: tuple[Annotated[Number, Field(ge=0, le=0.9)], ...] | None = None
    """Each priority is multiplied by a factor drawn from [1 - share, 1 + share] (default:
    the scenario's own)."""
    reservation: tuple[Annotated[Number, Field(ge=0, le=0.5)], ...] | None = None
    """Each walk-away point moves by up to this much either way (default: the
    scenario's own)."""
    flexibility: tuple[Annotated[Number, Field(ge=0, le=0.5)], ...] | None = None
    """Each flexibility moves by up to this much either way (default: the scenario's
    own)."""


class Grid(_Lists):
    """The settings to vary and the values to try for each; the grid is their product."""

    round_limit: tuple[RoundLimit, ...] | None = None
    """Negotiation rounds before the motion on the floor is voted on and talks close
    (default: the scenario's own round limit)."""
    variation: VariationGrid | None = None
    """How much each session's table may differ from the file's (default: the
    scenario's own ``variation``)."""


class SweepSpec(Record):
    """A sweep: which scenario, which seeds, and which settings to vary."""

    format: Literal[1] = 1
    """Version of the sweep file format."""
    title: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    """What the sweep is for, shown above its results."""
    scenario: Annotated[str, Field(min_length=1, max_length=1000)]
    """A scenario file (relative to the sweep file) or the name of a shipped scenario."""
    seeds: Seeds
    """The seeds each grid point is played with."""
    grid: Grid | None = None
    """The settings to vary (default: none, the scenario as it is)."""

    @model_validator(mode="after")
    def _bounded(self) -> SweepSpec:
        points = 1
        for axis in AXES:
            values = axis.listed(self.grid) if self.grid else None
            points *= len(values) if values else 1
        sessions = points * self.seeds.count
        if sessions > MAX_SESSIONS:
            raise ValueError(
                f"the sweep would play {points} grid points x {self.seeds.count} seeds = "
                f"{sessions} sessions; a sweep may play at most {MAX_SESSIONS}: split it "
                "into several sweeps"
            )
        return self


@dataclass(frozen=True)
class Axis:
    """One setting a sweep can vary."""

    name: str
    """The setting's column in the results, its key in the grid in dotted form."""
    listed: Callable[[Grid], tuple[Any, ...] | None]
    """The values the grid lists for it, if any."""
    cell: Callable[[Any], str]
    """A value as written in the results."""
    default: Callable[[Scenario], Any]
    """The scenario's own value, used when the grid does not vary the setting."""
    apply: Callable[[Scenario, Any], Scenario]
    """The scenario with the setting given this value."""


def _share(name: str) -> Axis:
    """The axis of one share of the scenario's ``variation``."""

    def listed(grid: Grid) -> tuple[Any, ...] | None:
        return getattr(grid.variation, name) if grid.variation is not None else None

    def apply(scenario: Scenario, value: float) -> Scenario:
        if getattr(scenario.variation, name) == value:
            return scenario
        variation = scenario.variation.model_copy(update={name: value})
        return scenario.model_copy(update={"variation": variation})

    return Axis(
        f"variation.{name}",
        listed,
        lambda value: repr(float(value)),
        lambda scenario: getattr(scenario.variation, name),
        apply,
    )


AXES: tuple[Axis, ...] = (
    Axis(
        "round_limit",
        lambda grid: grid.round_limit,
        str,
        lambda scenario: scenario.rules.round_limit,
        with_round_limit,
    ),
    _share("priority"),
    _share("reservation"),
    _share("flexibility"),
)
"""Every setting a sweep can vary, in the order the grid spans them and the columns show
them."""


@dataclass(frozen=True)
class GridPoint:
    """One combination of settings: a value for every axis, in ``AXES`` order."""

    values: tuple[Any, ...]
    """The value of each axis."""

    def cells(self) -> tuple[str, ...]:
        """The point as written in the results: one cell per axis."""
        return tuple(axis.cell(value) for axis, value in zip(AXES, self.values, strict=True))

    def label(self) -> str:
        """The point in words: ``round_limit=8``."""
        return ", ".join(
            f"{axis.name}={cell}" for axis, cell in zip(AXES, self.cells(), strict=True)
        )

    def apply(self, scenario: Scenario) -> Scenario:
        """The scenario variant this point plays."""
        for axis, value in zip(AXES, self.values, strict=True):
            scenario = axis.apply(scenario, value)
        return scenario


def grid_points(spec: SweepSpec, scenario: Scenario) -> list[GridPoint]:
    """Every point of the sweep's grid, in a fixed order: the product of the axes' values
    as listed, the last axis varying fastest."""
    choices = []
    for axis in AXES:
        listed = axis.listed(spec.grid) if spec.grid else None
        choices.append(tuple(listed) if listed else (axis.default(scenario),))
    return [GridPoint(values) for values in itertools.product(*choices)]
