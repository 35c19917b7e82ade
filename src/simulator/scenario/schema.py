"""The JSON Schema of the scenario file format, for editors' completion and checking."""

from __future__ import annotations

import json
from typing import Any

from simulator.scenario.model import Scenario

SCHEMA_ID = "https://quantum-negotiation-simulator.invalid/schema/scenario.schema.json"
"""A stable identifier for the schema (not a place to download it from)."""


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file."""
    schema = Scenario.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def scenario_schema_text() -> str:
    """The JSON Schema as the text ``simulator schema`` prints and the repository keeps."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
