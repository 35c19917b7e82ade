"""Shipped scenarios and replays are the package ``simulator.shipped`` (the top-level
``scenarios/`` folder), found from any folder, by name or path; ``SIMULATOR_SCENARIOS``
replaces them."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from simulator.storage.catalog import (
    OVERRIDE,
    ScenarioNotFound,
    resolve,
    schema_file,
    shipped_folder,
    shipped_replays,
    shipped_scenarios,
)
from tests.conftest import ROOT, SCENARIOS


def test_shipped_files_are_the_top_level_scenarios_folder() -> None:
    """The editable install reads the checkout's scenarios/ folder as simulator.shipped (a
    wheel carries the same files; .ci/installed runs them from outside the checkout)."""
    assert shipped_folder().resolve() == SCENARIOS.resolve() == (ROOT / "scenarios").resolve()
    assert set(shipped_scenarios()) == {p.stem for p in SCENARIOS.glob("*.yaml")}
    assert len(shipped_scenarios()) >= 4
    assert set(shipped_replays()) >= {"classroom-dialogue"}
    assert schema_file().is_file()


def test_every_package_is_listed_for_the_wheel() -> None:
    """The package list in pyproject.toml names every package under src/simulator (a
    package missing from it would be left out of the wheel) and the shipped folder."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    source = ROOT / "src"
    packages = {
        ".".join(init.parent.relative_to(source).parts)
        for init in source.glob("simulator/**/__init__.py")
    }
    assert set(config["packages"]) == packages | {"simulator.shipped"}
    assert config["package-dir"]["simulator.shipped"] == "scenarios"


def test_names_resolve_and_unknown_names_say_what_ships() -> None:
    """A shipped name resolves to its file; an unknown one lists the shipped names."""
    assert resolve("standards-first").name == "standards-first.yaml"
    assert resolve(None).name == "quantum-classroom.yaml"
    with pytest.raises(ScenarioNotFound, match=r"shipped: .*quantum-classroom"):
        resolve("no-such-scenario")


def test_override_folder_replaces_shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIMULATOR_SCENARIOS names a folder whose scenarios and replays are used instead."""
    (tmp_path / "replays").mkdir()
    (tmp_path / "mine.yaml").write_text((SCENARIOS / "quantum-classroom.yaml").read_text())
    monkeypatch.setenv(OVERRIDE, str(tmp_path))
    assert list(shipped_scenarios()) == ["mine"]
    assert shipped_replays() == {}
    with pytest.raises(ScenarioNotFound, match="shipped: mine"):
        resolve("quantum-classroom")


def run_elsewhere(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != OVERRIDE}
    env["SIMULATOR_DATA"] = str(tmp_path / "data")
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
        check=False,
    )


def test_replay_by_name_validate_by_name_from_another_folder(tmp_path: Path) -> None:
    """From a folder with no scenarios in it, a shipped replay runs by name with --check
    and a shipped scenario validates by name."""
    replay = run_elsewhere(tmp_path, "replay", "standards-first", "--check")
    assert replay.returncode == 0, replay.stderr
    assert "every expectation met" in replay.stderr
    valid = run_elsewhere(tmp_path, "validate", "quantum-classroom")
    assert valid.returncode == 0, valid.stderr
    assert "quantum-classroom.yaml: ok (quantum-classroom:" in valid.stdout
    missing = run_elsewhere(tmp_path, "replay", "nope")
    assert missing.returncode == 2
    assert "shipped replays: classroom-dialogue" in missing.stderr
