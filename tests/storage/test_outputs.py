"""What a command writes never replaces what it should not: ``report -o`` and ``schema -o``
replace a file only with ``--force``, and never a session log (a class's running table
among them) or anything but a regular file; an atomic write never replaces a link, a
folder or a device; a planted link in place of a lock file is refused, not followed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulator.engine.session import Session
from simulator.scenario_files import load_scenario
from simulator.storage.catalog import resolve
from simulator.storage.files import NotARegularFile, write_atomic
from simulator.storage.lock import lock_path
from simulator.storage.sessions import SavedSession, save_log
from tests.conftest import run_simulator


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A short saved session to report on."""
    folder = tmp_path_factory.mktemp("logs")
    path = folder / "table.jsonl"
    save_log(path, Session(load_scenario(str(resolve("quantum-classroom")))))
    return path


def test_report_onto_an_existing_file_needs_force(log: Path, tmp_path: Path) -> None:
    """A file at -o is left alone without --force (exit 2, said why), replaced with it."""
    target = tmp_path / "debrief.md"
    target.write_text("the teacher's notes\n")
    refused = run_simulator("report", str(log), "-o", str(target), cwd=tmp_path)
    assert refused.returncode == 2
    assert "add --force to replace it" in refused.stderr
    assert target.read_text() == "the teacher's notes\n"
    forced = run_simulator("report", str(log), "-o", str(target), "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert target.read_text() != "the teacher's notes\n"


def test_report_never_replaces_a_session_log(log: Path, tmp_path: Path) -> None:
    """Not the log it reports on, not another table's, not even with --force."""
    before = log.read_bytes()
    other = tmp_path / "other.jsonl"
    other.write_bytes(before)
    for target in (log, other):
        result = run_simulator("report", str(log), "-o", str(target), "--force", cwd=tmp_path)
        assert result.returncode == 2
        assert "a saved session's log, which an output never replaces" in result.stderr
        assert target.read_bytes() == before


@pytest.mark.parametrize("kind", ["folder", "fifo", "link"])
def test_report_never_replaces_what_is_not_a_regular_file(
    log: Path, tmp_path: Path, kind: str
) -> None:
    """A folder, a FIFO or a symbolic link at -o is refused with --force too, and left as
    it was (the link still points where it did)."""
    target = tmp_path / "out.md"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(victim)
    result = run_simulator("report", str(log), "-o", str(target), "--force", cwd=tmp_path)
    assert result.returncode == 2
    assert "which an output never replaces" in result.stderr
    assert victim.read_text() == "keep me\n"
    if kind == "link":
        assert target.is_symlink()


def test_schema_onto_an_existing_file_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    target.write_text("{}\n")
    refused = run_simulator("schema", "-o", str(target), cwd=tmp_path)
    assert refused.returncode == 2
    assert target.read_text() == "{}\n"
    assert run_simulator("schema", "-o", str(target), "--force", cwd=tmp_path).returncode == 0
    assert target.read_text().startswith("{\n")


@pytest.mark.parametrize("kind", ["folder", "fifo", "link"])
def test_an_atomic_write_never_replaces_what_is_not_a_regular_file(
    tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "target"
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        (tmp_path / "elsewhere").write_text("elsewhere\n")
        target.symlink_to(tmp_path / "elsewhere")
    with pytest.raises(NotARegularFile):
        write_atomic(target, "new\n")
    assert not target.is_file() or target.is_symlink()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_planted_link_for_the_lock_is_refused_not_followed(tmp_path: Path) -> None:
    """A symbolic link where a session's lock file goes would have the lock open (and
    write who holds the lock into) its target: it is refused, naming the file, and
    the target is untouched."""
    path = tmp_path / "table.jsonl"
    save_log(path, Session(load_scenario(str(resolve("quantum-classroom")))))
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    lock = lock_path(path)
    lock.unlink(missing_ok=True)
    lock.symlink_to(victim)
    scenario = load_scenario(str(resolve("quantum-classroom")))
    with pytest.raises(NotARegularFile, match="symbolic link"):
        SavedSession.open(path, scenario)
    assert victim.read_text() == "precious\n"
