"""An author chooses which lint warnings to see (--ignore, --select), and a role marked
invented is not asked for a source it cannot have."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from simulator.scenario.lint import lint_scenario
from simulator.scenario_files import load_scenario_text
from tests.conftest import base, run_simulator


def unsourced(tmp_path: Path) -> Path:
    """The small scenario with no source anywhere, as an invented classroom case is."""
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(base(), sort_keys=False))
    return path


def codes(data: dict[str, Any]) -> list[str]:
    scenario = load_scenario_text(yaml.safe_dump(data, sort_keys=False), "case.yaml")
    return [problem.code for problem in lint_scenario(scenario)]


def test_ignore_makes_an_unsourced_scenario_clean(tmp_path: Path) -> None:
    """--ignore missing-source leaves out those warnings: the file is clean, exit 0."""
    path = unsourced(tmp_path)
    plain = run_simulator("lint", str(path), cwd=tmp_path)
    assert plain.returncode == 1
    assert "missing-source" in plain.stdout
    quiet = run_simulator("lint", str(path), "--ignore", "missing-source", cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stdout
    assert f"{path}: clean" in quiet.stdout


def test_select_reports_only_the_chosen_codes(tmp_path: Path) -> None:
    """--select CODE reports that code alone; codes may be comma-separated or repeated."""
    path = unsourced(tmp_path)
    only = run_simulator(
        "lint", str(path), "--select", "term-unused,rule-unsatisfiable", cwd=tmp_path
    )
    assert only.returncode == 0, only.stdout
    assert "missing-source" not in only.stdout
    some = run_simulator("lint", str(path), "--select", "missing-source", cwd=tmp_path)
    assert some.returncode == 1
    assert "missing-source" in some.stdout


def test_an_unknown_code_is_refused_with_the_list(tmp_path: Path) -> None:
    """A misspelt code is an error (exit 2) naming it and listing the real ones."""
    path = unsourced(tmp_path)
    wrong = run_simulator("lint", str(path), "--ignore", "missing-sources", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "unknown warning code missing-sources" in wrong.stderr
    assert "missing-source," in wrong.stderr


def test_an_invented_role_is_not_asked_for_sources() -> None:
    """invented: true on a role drops its missing-source warnings, and only its own."""
    data = base()
    before = codes(data).count("missing-source")
    data["actors"][0]["invented"] = True
    data["actors"][0]["brief"] = "An invented role, added for the exercise."
    after = codes(data).count("missing-source")
    own = sum(
        1 + len(position.get("red_lines", []))
        for position in data["actors"][0]["positions"].values()
    )
    assert before - after == own > 0


def test_a_score_sheet_beside_plain_positions_is_warned() -> None:
    """A delegation scored in points on one term and not on another is warned: the plain
    term would weigh one point against the sheet's thousands; scoring both is clean."""
    data = base()
    usa = data["actors"][0]["positions"]
    usa["verification"]["scores"] = [
        {"value": "none", "points": 0},
        {"value": "mutual", "points": 3000},
        {"value": "agency", "points": 6840},
    ]
    assert codes(data).count("scores-mixed") == 1
    usa["deadline"]["scores"] = [{"value": 2030, "points": 1000}, {"value": 2040, "points": 0}]
    assert codes(data).count("scores-mixed") == 0
