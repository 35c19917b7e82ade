"""Decision rules read back in words, as `simulator lint` prints them: each method and
each abstention mode says what the engine will count."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator.cli import main
from simulator.scenario_files import load_scenario_text
from tests.conftest import SCENARIOS, base


def words(decision: dict[str, Any], **top: Any) -> list[str]:
    data = base()
    data["rules"]["decision"] = decision
    data.update(top)
    return load_scenario_text(yaml.safe_dump(data), "case.yaml").rules_in_words()


def test_five_of_seven_in_words() -> None:
    """A share of all members is said as a count of delegations."""
    line = words({"method": "qualified_majority", "threshold": "1/2", "base": "members"})[0]
    assert line.startswith("Motions are adopted when at least 1 of the 2 voting delegations")
    assert "abstaining, staying out of the room or not voting count against" in line


@pytest.mark.parametrize(
    ("abstentions", "said"),
    [("excluded", "abstaining does not block"), ("count_against", "an abstention blocks")],
)
def test_consensus_abstention_modes(abstentions: str, said: str) -> None:
    """Consensus says whether an abstention blocks."""
    assert said in words({"method": "consensus", "abstentions": abstentions})[0]


@pytest.mark.parametrize(
    ("abstentions", "said"),
    [
        ("excluded", "abstentions are set aside (the others' yes votes suffice)"),
        ("count_against", "an abstention or an absence blocks it"),
    ],
)
def test_unanimity_abstention_modes(abstentions: str, said: str) -> None:
    """Unanimity says what an abstention does."""
    assert said in words({"method": "unanimity", "abstentions": abstentions})[0]


def test_threshold_said_as_written_and_vocabulary_used() -> None:
    """A threshold is printed as the author wrote it, the agreement and the parties by the
    scenario's own words, and required parties by name."""
    lines = words(
        {"method": "qualified_majority", "threshold": "2/3", "required_parties": ["usa"]},
        vocabulary={"agreement": "deal", "party": "party", "parties": "parties"},
    )
    assert "at least 2/3 of the votes cast are yes" in lines[0]
    assert "United States must vote yes" in lines[0]
    assert lines[-1].startswith("The deal is adopted when")


def test_lint_prints_the_rules(capsys: pytest.CaptureFixture[str]) -> None:
    """simulator lint spells out the shipped classroom's rules: five of seven."""
    main(["lint", str(Path(SCENARIOS / "quantum-classroom.yaml"))])
    out = capsys.readouterr().out
    assert "Motions are adopted when at least 5 of the 7 voting delegations vote yes" in out
    assert "United States and China must vote yes" in out
