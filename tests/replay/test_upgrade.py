"""simulator replay --upgrade turns a format 1 script (votes counted from what the debate
declared) into format 2 (every voting delegation asked after the call), writing out the
ballots the earlier rules counted."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import ROOT, SCENARIOS, base, run_simulator

OLD = {
    "format": 1,
    "title": "Verification, the way votes were counted before",
    "scenario": "mini.yaml",
    "moves": [
        {"actor": "usa", "kind": "statement", "text": "Verification first."},
        {"actor": "china", "kind": "statement", "text": "Mutual respect."},
        {"actor": "usa", "kind": "propose", "values": {"verification": "mutual"}},
        {"actor": "china", "kind": "oppose", "reason": "not yet"},
        {"actor": "usa", "kind": "call_vote"},
    ],
}


def format_one(tmp_path: Path) -> Path:
    (tmp_path / "mini.yaml").write_text(yaml.safe_dump(base(), sort_keys=False))
    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump(OLD, sort_keys=False))
    return path


def test_a_format_one_script_is_refused_and_upgraded(tmp_path: Path) -> None:
    """Replaying a format 1 script is refused, saying what changed; --upgrade prints a
    format 2 script in which, after the call, the proposer votes for its own text and
    China votes as it declared, and that script replays."""
    old = format_one(tmp_path)
    refused = run_simulator("replay", str(old), cwd=tmp_path)
    assert refused.returncode == 2
    assert "format 1 scripts were written for the earlier vote rules" in refused.stderr
    upgraded = run_simulator("replay", str(old), "--upgrade", cwd=tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert "2 ballots added" in upgraded.stdout.splitlines()[0]
    data = yaml.safe_load(upgraded.stdout)
    assert data["format"] == 2
    assert data["moves"][:5] == OLD["moves"]
    assert [(m["actor"], m["kind"]) for m in data["moves"][5:]] == [
        ("usa", "support"),
        ("china", "oppose"),
    ]
    new = tmp_path / "new.yaml"
    new.write_text(upgraded.stdout)
    replayed = run_simulator("replay", str(new), cwd=tmp_path)
    assert replayed.returncode == 0, replayed.stderr
    assert "The motion fails" in replayed.stdout


def test_a_format_two_script_is_not_upgraded(tmp_path: Path) -> None:
    """--upgrade of a current script says it only upgrades format 1, exit 2."""
    done = run_simulator(
        "replay", str(SCENARIOS / "replays" / "classroom-dialogue.yaml"), "--upgrade", cwd=tmp_path
    )
    assert done.returncode == 2
    assert "only a format 1 replay script is upgraded" in done.stderr


def test_the_documented_example_replays(tmp_path: Path) -> None:
    """The example in docs/replay-format.md is a script that replays and meets its
    expectations."""
    text = (ROOT / "docs" / "replay-format.md").read_text()
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example)
    checked = run_simulator("replay", str(path), "--check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "every expectation met" in checked.stderr
