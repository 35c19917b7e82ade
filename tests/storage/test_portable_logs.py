"""A saved session keeps its scenario: it replays and reports from any folder, after the
scenario file it was started from has moved or changed, and a kept copy is read like a
scenario file (checked, never trusted)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import ROOT, SCENARIOS, run_simulator

SMALL = ROOT / "benchmarks" / "scenarios" / "three-lab-consortium.yaml"


def saved_elsewhere(tmp_path: Path) -> Path:
    """A session logged from a folder whose scenario was named by a relative path; the
    file is then moved away, as an author tidying up would."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(SMALL, work / "lab.yaml")
    made = run_simulator("run", "lab.yaml", "--log", str(tmp_path / "s.jsonl"), cwd=work)
    assert made.returncode == 0, made.stderr
    (work / "lab.yaml").rename(tmp_path / "renamed.yaml")
    return tmp_path / "s.jsonl"


def test_a_log_replays_and_reports_from_another_folder_after_its_scenario_moved(
    tmp_path: Path,
) -> None:
    """replay --check and report work from a folder with no scenario in it."""
    log = saved_elsewhere(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    replayed = run_simulator("replay", str(log), "--check", cwd=elsewhere)
    assert replayed.returncode == 0, replayed.stderr
    assert "replays cleanly" in replayed.stderr
    report = run_simulator("report", str(log), cwd=elsewhere)
    assert report.returncode == 0, report.stderr
    assert report.stdout.startswith("# Debrief: A shared quantum testbed")


def test_the_header_records_an_absolute_path_and_the_scenario(tmp_path: Path) -> None:
    """The recorded path is absolute and the kept scenario is the one played."""
    log = saved_elsewhere(tmp_path)
    header = json.loads(log.read_text().splitlines()[0])
    assert Path(header["scenario"]["path"]).is_absolute()
    assert json.loads(header["scenario"]["content"])["id"] == "three-lab-consortium"


def test_a_tampered_kept_scenario_is_refused_naming_the_log(tmp_path: Path) -> None:
    """A kept scenario with a control character in a name, or one changed after the
    session (its hash no longer matches), is refused with exit 2 and the log's name."""
    log = saved_elsewhere(tmp_path)
    lines = log.read_text().splitlines(keepends=True)
    header = json.loads(lines[0])
    kept = json.loads(header["scenario"]["content"])

    def tampered(title: str) -> str:
        changed = {**header, "scenario": {**header["scenario"]}}
        changed["scenario"]["content"] = json.dumps({**kept, "title": title})
        return json.dumps(changed) + "\n" + "".join(lines[1:])

    log.write_text(tampered("Evil\x1b[2J title"))
    refused = run_simulator("replay", str(log), cwd=tmp_path)
    assert refused.returncode == 2
    assert "the scenario its header keeps" in refused.stderr
    assert "control character" in refused.stderr
    assert "\x1b" not in refused.stderr
    log.write_text(tampered("Another title"))
    changed = run_simulator("replay", str(log), cwd=tmp_path)
    assert changed.returncode == 2
    assert "s.jsonl:1: the scenario its header keeps is not the version" in changed.stderr


def test_a_varied_table_replays_from_the_kept_scenario(tmp_path: Path) -> None:
    """The classroom's tables draw their own confidential numbers, in the order of its
    delegations' positions: a session replays from the kept copy with the same numbers."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(SCENARIOS / "quantum-classroom.yaml", work / "class.yaml")
    made = run_simulator(
        "run", "class.yaml", "--seed", "5", "--rounds", "2", "--log", "../v.jsonl", cwd=work
    )
    assert made.returncode == 0, made.stderr
    (work / "class.yaml").unlink()
    replayed = run_simulator("replay", str(tmp_path / "v.jsonl"), "--check", cwd=tmp_path)
    assert replayed.returncode == 0, replayed.stderr
