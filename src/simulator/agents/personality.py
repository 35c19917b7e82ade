"""Strategy personalities: how a computer delegation bargains beyond what its brief
says, drawn for each delegation from the session seed (so a table's hold-out differs
from one session to the next, and a replay plays the same people).

- **pragmatist** (most delegations): bargains as its brief says.
- **hard-liner**: holds out above its walk-away point (half as far again when the
  agreement needs its yes by name), concedes late, votes the final text down when it
  falls short of that, and walks out over a revised text that still does; it returns
  when the text changes.
- **bridge-builder**: concedes early, backs any motion that improves on the draft, and
  moves its public stance to a text before it supports it.
- **free-rider**: lets the others move first: it concedes only when far behind and
  supports a text without moving its own stance toward it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

Personality = Literal["pragmatist", "hard-liner", "bridge-builder", "free-rider"]
"""A delegation's bargaining style for one session."""


@dataclass(frozen=True, slots=True)
class Style:
    """What a personality changes in the way a delegation bargains."""

    hold: float
    """How far above its walk-away point it holds out (in the final vote, and before it
    walks out over a text), as a share of the way from that point to full satisfaction."""
    firmness: float
    """Added to its aspiration at every point of the session."""
    patience: float
    """Times the usual gap its stance may ask above its aspiration before it concedes."""
    bridging: bool
    """Whether it backs any motion that improves on the draft, partner or not."""
    matching: bool
    """Whether it moves its public stance to a text before it supports it."""


STYLES: dict[Personality, Style] = {
    "pragmatist": Style(hold=0.0, firmness=0.0, patience=1.0, bridging=False, matching=True),
    "hard-liner": Style(hold=0.3, firmness=0.06, patience=1.5, bridging=False, matching=False),
    "bridge-builder": Style(hold=0.0, firmness=-0.04, patience=0.5, bridging=True, matching=True),
    "free-rider": Style(hold=0.0, firmness=0.02, patience=2.0, bridging=False, matching=False),
}

SHARES: tuple[tuple[Personality, float], ...] = (
    ("hard-liner", 0.15),
    ("bridge-builder", 0.2),
    ("free-rider", 0.08),
)
"""How often each personality other than the pragmatist is drawn, per delegation."""


def draw(rng: random.Random) -> Personality:
    """One delegation's personality.

    >>> draw(random.Random(1)), draw(random.Random(2))
    ('hard-liner', 'pragmatist')
    """
    roll = rng.random()
    for kind, share in SHARES:
        if roll < share:
            return kind
        roll -= share
    return "pragmatist"
