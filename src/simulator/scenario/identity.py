"""A scenario's identity for saved sessions: a hash of its content, so a session log
can tell which version of a scenario it was made for."""

from __future__ import annotations

import hashlib
import json

from simulator.scenario.model import Scenario

LATER_FIELDS = {"actors": ("reservation_points",)}
"""Fields added to the format after sessions were saved: left out of the hash while they
are unset, so a scenario written without them keeps the hash its saved sessions record."""


def scenario_hash(scenario: Scenario) -> str:
    """A hash of the scenario's content (layout and comments in its file do not count)."""
    content = scenario.model_dump(mode="json")
    for actor in content["actors"]:
        for field in LATER_FIELDS["actors"]:
            if actor.get(field) is None:
                actor.pop(field, None)
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
