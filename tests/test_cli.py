"""The command line as a user runs it: exit statuses, messages and help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from simulator.cli import main
from tests.conftest import SCENARIOS, base


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_validate_valid_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """validate exits 0 and says ok for a valid file."""
    path = write(tmp_path, "ok.yaml", base())
    assert main(["validate", str(path)]) == 0
    assert f"{path}: ok" in capsys.readouterr().out


def test_validate_reports_file_line_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """validate exits 2 and prints FILE:LINE:COL: for each problem on stderr."""
    data = base()
    data["actors"][0]["trust"] = {"chna": 0.3}
    good = write(tmp_path, "good.yaml", base())
    bad = write(tmp_path, "bad.yaml", data)
    assert main(["validate", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if "chna" in line)
    file, row, column, rest = line.split(":", 3)
    assert file == str(bad)
    assert int(row) > 1
    assert int(column) >= 1
    assert "actors[0].trust.chna" in rest


def test_lint_clean_and_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """lint exits 1 with warnings (here: positions without sources), 2 for invalid files."""
    path = write(tmp_path, "mini.yaml", base())
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert "has no source" in out
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [\n")
    assert main(["lint", str(broken)]) == 2


def test_lint_unsatisfiable_rule(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """lint warns when the red lines of the delegations a rule needs exclude every value."""
    data = base()
    data["rules"]["decision"] = {"method": "consensus"}
    data["actors"][1]["positions"]["verification"]["red_lines"] = [
        {"above": "mutual", "reason": "no inspections"}
    ]
    data["actors"][0]["positions"]["verification"]["red_lines"] = [
        {"below": "agency", "reason": "inspections only"}
    ]
    data["actors"][0]["positions"]["verification"]["acceptable"] = ["agency", "agency"]
    data["actors"][1]["positions"]["verification"]["acceptable"] = ["none", "mutual"]
    path = write(tmp_path, "stuck.yaml", data)
    main(["lint", str(path)])
    assert "every value is behind a red line" in capsys.readouterr().out


def test_lint_term_nobody_cares_about(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """lint warns about a term no delegation has a position on."""
    data = base()
    for actor in data["actors"]:
        actor.get("positions", {}).pop("deadline", None)
    data["injects"] = []
    main(["lint", str(write(tmp_path, "unused.yaml", data))])
    assert "no delegation has a position on term 'deadline'" in capsys.readouterr().out


def test_lint_actor_without_positions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """lint warns about a voting delegation with no positions."""
    data = base()
    data["actors"][1]["positions"] = {}
    main(["lint", str(write(tmp_path, "idle.yaml", data))])
    assert "delegation 'china' has no positions" in capsys.readouterr().out


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """schema prints a JSON Schema describing the scenario fields."""
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"id", "terms", "actors", "rules"} <= set(schema["properties"])


def test_every_verb_has_help() -> None:
    """simulator --help and each verb's --help explain themselves and exit 0."""
    for args in ([], ["validate"], ["lint"], ["schema"], ["run"], ["batch"]):
        result = run(*args, "--help")
        assert result.returncode == 0
        assert "usage: simulator" in result.stdout


def test_python_m_matches_console_script() -> None:
    """python -m simulator validates the shipped scenarios like the simulator command."""
    result = run("validate", *sorted(str(p) for p in SCENARIOS.glob("*.yaml")))
    assert result.returncode == 0, result.stderr
    assert "quantum-classroom.yaml: ok" in result.stdout


def test_no_command_prints_help() -> None:
    """simulator with no command prints help and a non-zero status."""
    result = run()
    assert result.returncode == 2
    assert "commands" in result.stdout


def test_run_prints_transcript_and_outcome() -> None:
    """run plays the default scenario and prints a transcript ending in the outcome."""
    result = run("run", "--seed", "2")
    assert result.returncode == 0, result.stderr
    assert "== Openings ==" in result.stdout
    assert "== Outcome ==" in result.stdout
    assert "United States" in result.stdout


def test_run_json_is_byte_for_byte_repeatable() -> None:
    """The same seed gives the same JSON outcome, byte for byte."""
    first = run("run", "quantum-classroom", "--seed", "9", "--json")
    second = run("run", "quantum-classroom", "--seed", "9", "--json")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    outcome = json.loads(first.stdout)
    assert {"adopted", "terms", "signatories", "utilities", "moves"} <= set(outcome)
    assert set(outcome["utilities"]) == {
        "usa",
        "china",
        "russia",
        "iran",
        "israel",
        "ukraine",
        "mexico",
    }


def test_run_log_replays_to_same_outcome(tmp_path: Path) -> None:
    """run --log writes a session log that replays to the outcome it printed."""
    from simulator.engine.log import decode_text
    from simulator.report.outcome import outcome_object
    from simulator.scenario_files import load_scenario

    log = tmp_path / "session.jsonl"
    result = run(
        "run", str(SCENARIOS / "standards-first.yaml"), "--rounds", "4", "--log", str(log), "--json"
    )
    assert result.returncode == 0, result.stderr
    scenario = load_scenario(str(SCENARIOS / "standards-first.yaml"))
    session = decode_text(log.read_text(), scenario)
    assert session.scenario.rules.round_limit == 4
    assert outcome_object(session) == json.loads(result.stdout)


def test_run_unknown_scenario() -> None:
    """run names a missing scenario and lists the shipped ones, exit status 2."""
    result = run("run", "atlantis")
    assert result.returncode == 2
    assert "atlantis" in result.stderr
    assert "quantum-classroom" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_rejects_bad_rounds() -> None:
    """run refuses a round count that is not a positive whole number."""
    result = run("run", "--rounds", "0")
    assert result.returncode == 2
    assert "at least 1" in result.stderr


def test_batch_summarises_outcomes() -> None:
    """batch plays seeded sessions across processes and summarises them."""
    result = run("batch", "quantum-treaty-conference", "--runs", "24", "--jobs", "2", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["runs"] == 24
    assert 0 <= summary["agreement_rate"] <= 1
    assert set(summary["adopted_values"]) >= {"agency_mandate", "export_controls"}
    text = run("batch", "quantum-treaty-conference", "--runs", "6", "--jobs", "1")
    assert "Treaty adopted in" in text.stdout


def test_batch_matches_single_runs() -> None:
    """A batch's totals are the totals of the same seeds run one by one."""
    result = run("batch", "standards-first", "--runs", "5", "--seed", "3", "--json", "--jobs", "2")
    summary = json.loads(result.stdout)
    adopted = sum(
        json.loads(run("run", "standards-first", "--seed", str(seed), "--json").stdout)["adopted"]
        for seed in range(3, 8)
    )
    assert summary["adopted"] == adopted
