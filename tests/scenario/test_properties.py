"""Properties of the scenario format, checked on generated scenarios and mutated files.

- any valid scenario dumped and loaded again is equal;
- any mutation of a valid file gives a valid scenario or a located scenario error,
  never another exception.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.scenario.checks import check_scenario
from simulator.scenario.identity import scenario_hash
from simulator.scenario.model import Scenario
from simulator.scenario_files import (
    ScenarioError,
    dump_scenario,
    load_scenario_text,
)
from tests.conftest import SCENARIOS, base, examples

TEXT = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
    min_size=1,
    max_size=20,
).filter(str.strip)
IDS = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)


@st.composite
def terms(draw: st.DrawFn, term_id: str) -> dict[str, Any]:
    if draw(st.booleans()):
        option_ids = draw(st.lists(IDS, min_size=2, max_size=5, unique=True))
        return {
            "id": term_id,
            "kind": "options",
            "name": draw(TEXT),
            "options": [{"id": o, "label": draw(TEXT)} for o in option_ids],
            "status_quo": draw(st.sampled_from(option_ids)),
        }
    step = draw(st.sampled_from([1, 0.5, 5, 0.25]))
    low = draw(st.integers(-50, 3000))
    count = draw(st.integers(1, 20))
    term = {
        "id": term_id,
        "kind": "scale",
        "name": draw(TEXT),
        "min": low,
        "max": low + count * step,
        "step": step,
    }
    term["status_quo"] = _grid(term, draw(st.integers(0, count)))
    return term


def _grid(term: dict[str, Any], k: int) -> int | float:
    if term["kind"] == "options":
        return term["options"][k]["id"]  # type: ignore[no-any-return]
    value = round(term["min"] + k * term["step"], 9)
    return int(value) if float(value).is_integer() else value


def _size(term: dict[str, Any]) -> int:
    if term["kind"] == "options":
        return len(term["options"])
    steps: float = (term["max"] - term["min"]) / term["step"]
    return round(steps) + 1


@st.composite
def positions(draw: st.DrawFn, term: dict[str, Any]) -> dict[str, Any]:
    size = _size(term)
    ideal = draw(st.integers(0, size - 1))
    low = draw(st.integers(0, ideal))
    high = draw(st.integers(ideal, size - 1))
    position: dict[str, Any] = {
        "ideal": _grid(term, ideal),
        "priority": draw(st.sampled_from([1, 2, 0.5, 3.25])),
        "acceptable": [_grid(term, low), _grid(term, high)],
        "opening": _grid(term, draw(st.integers(0, size - 1))),
    }
    if ideal > 0 and draw(st.booleans()):
        position["red_lines"] = [
            {"below": _grid(term, draw(st.integers(1, ideal))), "reason": draw(TEXT)}
        ]
    return position


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    term_ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    term_list = [draw(terms(term_id)) for term_id in term_ids]
    actor_ids = draw(st.lists(IDS, min_size=2, max_size=5, unique=True))
    actors: list[dict[str, Any]] = []
    for actor_id in actor_ids:
        chosen = draw(st.lists(st.sampled_from(term_list), unique_by=lambda t: t["id"]))
        others = [a for a in actor_ids if a != actor_id]
        actors.append(
            {
                "id": actor_id,
                "name": draw(TEXT),
                "kind": draw(st.sampled_from(["state", "stakeholder"])),
                "reservation": draw(st.floats(0, 1)),
                "trust": {
                    o: draw(st.floats(0, 1))
                    for o in draw(st.lists(st.sampled_from(others), unique=True))
                },
                "positions": {t["id"]: draw(positions(t)) for t in chosen},
            }
        )
    method = draw(
        st.sampled_from(["consensus", "unanimity", "simple_majority", "qualified_majority"])
    )
    decision: dict[str, Any] = {
        "method": method,
        "weighted": draw(st.booleans()),
        "required_parties": draw(st.lists(st.sampled_from(actor_ids), unique=True, max_size=2)),
    }
    if method == "qualified_majority":
        decision["threshold"] = draw(st.floats(0.5, 1))
    limit = draw(st.integers(1, 12))
    # a stance effect moves a stance the delegation holds: on a term it has a position on
    held = [t for t in term_list if t["id"] in actors[0]["positions"]]
    effects: list[dict[str, Any]] = []
    if held:
        target = draw(st.sampled_from(held))
        effects.append(
            {
                "kind": "stance",
                "actor": actor_ids[0],
                "term": target["id"],
                "to": _grid(target, draw(st.integers(0, _size(target) - 1))),
            }
        )
    effects.append(
        {
            "kind": "trust",
            "actor": actor_ids[0],
            "toward": actor_ids[1],
            "change": draw(st.floats(-1, 1)),
        }
    )
    injects = [
        {
            "id": "event",
            "title": draw(TEXT),
            "text": draw(TEXT),
            "trigger": {"kind": "scheduled", "round": draw(st.integers(1, limit))},
            "effects": effects,
        }
    ]
    data = {
        "id": draw(IDS),
        "title": draw(TEXT),
        "summary": draw(TEXT),
        "terms": term_list,
        "actors": actors,
        "rules": {"round_limit": limit, "decision": decision},
        "injects": injects,
    }
    return Scenario.model_validate(data)


@given(scenarios())
@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_valid_scenario_round_trips(scenario: Scenario) -> None:
    """A valid scenario, dumped to YAML and loaded again, is equal to itself."""
    assert check_scenario(scenario) == []
    again = load_scenario_text(dump_scenario(scenario), "dumped.yaml")
    assert again == scenario
    assert scenario_hash(again) == scenario_hash(scenario)


def _assert_loads_or_locates(text: str) -> None:
    try:
        load_scenario_text(text, "mutant.yaml")
    except ScenarioError as error:
        problems = error.problems
    else:
        return
    assert problems
    for problem in problems:
        assert problem.file == "mutant.yaml"
        assert problem.mark.line >= 1
        assert problem.mark.column >= 1
        assert problem.message


BASE_TEXT = yaml.safe_dump(base(), sort_keys=False)
YAML_BITS = st.sampled_from(
    [
        ":",
        "-",
        " ",
        "  ",
        "\n",
        "\t",
        "[",
        "]",
        "{",
        "}",
        "'",
        '"',
        "&a",
        "*a",
        "!",
        "!!str ",
        "#",
        "0",
        "1.5",
        "x",
        "null",
        "yes",
        ",",
        "?",
        "|",
        ">",
        "%",
        "@",
        "`",
        "\x00",
        "\ufeff",
        "é",
    ]
)


@given(st.data())
@settings(max_examples=examples(300), deadline=None)
def test_text_mutations_load_or_locate(data: st.DataObject) -> None:
    """Any edit of a valid file's text loads, or fails with located problems only."""
    text = BASE_TEXT
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 8)))
        text = text[:start] + "".join(data.draw(st.lists(YAML_BITS, max_size=3))) + text[end:]
    _assert_loads_or_locates(text)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(-1e6, 1e6)
    | TEXT
    | st.sampled_from(
        [
            "none",
            "mutual",
            "agency",
            "usa",
            "china",
            "chen",
            "deadline",
            "verification",
            2030,
            "options",
            "scale",
            "state",
            "conditional",
        ]
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT | IDS, inner, max_size=3),
    max_leaves=6,
)


@given(st.data())
@settings(max_examples=examples(300), deadline=None)
def test_data_mutations_load_or_locate(data: st.DataObject) -> None:
    """Replacing or deleting any value of a valid scenario loads, or fails with located
    problems only: the cross-reference checks never crash on odd but well-typed data."""
    document = copy.deepcopy(base())
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(document)[1:]))
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(JSON_VALUES)
        if not _paths(document)[1:]:
            break
    _assert_loads_or_locates(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))


def test_shipped_scenarios_round_trip() -> None:
    """Each shipped scenario dumps and loads back equal."""
    from simulator.scenario_files import load_scenario

    for path in sorted(SCENARIOS.glob("*.yaml")):
        scenario = load_scenario(str(path))
        assert load_scenario_text(dump_scenario(scenario)) == scenario
