"""A scenario's identity for saved sessions: a hash of its content, so a session log
can tell which version of a scenario it was made for."""

from __future__ import annotations

import hashlib
import json

from simulator.scenario.model import Scenario


def scenario_hash(scenario: Scenario) -> str:
    """A hash of the scenario's content (layout and comments in its file do not count)."""
    canonical = json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
