"""Printing the role packets from the start screen: ctrl+o asks for a folder, writes the
same files as ``simulator packets`` for the scenario chosen and the seed typed in, and
shows where they went; a missing or unwritable folder is said, and nothing is left
half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from simulator.cli import main
from simulator.tui.app import SimulatorApp
from simulator.tui.screens.packets import PacketsDialog
from simulator.tui.screens.start import StartScreen


@pytest.fixture(autouse=True)
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SIMULATOR_DATA", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


async def open_dialog(app: SimulatorApp, pilot: Pilot[None], seed: str = "0") -> PacketsDialog:
    """The packets dialog, opened with ctrl+o once the classroom is chosen."""
    for _ in range(200):
        await pilot.pause(0.02)
        screen = app.screen
        if isinstance(screen, StartScreen) and screen.scenario is not None:
            break
    assert isinstance(app.screen, StartScreen)
    app.screen.query_one("#seed", Input).value = seed
    await pilot.press("ctrl+o")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, PacketsDialog)
    return dialog


async def written(pilot: Pilot[None], dialog: PacketsDialog, folder: Path | str) -> str:
    """Write into ``folder``; what the dialog says afterwards."""
    dialog.query_one("#packets-folder", Input).value = str(folder)
    await pilot.press("enter")
    result = dialog.query_one("#packets-result", Static)
    for _ in range(1500):
        await pilot.pause(0.02)
        said = str(result.render())
        if said.startswith(("Written", "Not written")):
            return said
    raise AssertionError("the packets were not written")


async def test_the_dialog_writes_what_the_command_writes(tmp_path: Path) -> None:
    """The default folder is the current one with the scenario's name; the files written
    are those `simulator packets` writes for the same scenario and seed, byte for byte,
    and the dialog names them until it is closed."""
    app = SimulatorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(app, pilot, seed="3")
        default = dialog.query_one("#packets-folder", Input).value
        assert default == str(tmp_path / "quantum-classroom-packets")
        said = await written(pilot, dialog, default)
        assert said.startswith(f"Written into {default}:")
        for name in ("all-packets.html", "guide.md", "usa.html", "mexico.md"):
            assert name in said
        await pilot.pause(0.2)
        assert app.screen is dialog
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    ours = Path(default)
    assert (
        main(
            [
                "packets",
                "quantum-classroom",
                "--seed",
                "3",
                "-o",
                str(tmp_path / "cli"),
                "--parents",
            ]
        )
        == 0
    )
    theirs = sorted(p.name for p in (tmp_path / "cli").iterdir())
    assert sorted(p.name for p in ours.iterdir()) == theirs
    assert len(theirs) == 23  # guide, chair, run sheet, primer, 7 packets: each twice; all-packets
    for name in theirs:
        assert (ours / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def refused(*args: object, **kwargs: object) -> str:
    raise PermissionError(13, "Permission denied")


async def test_a_missing_or_unwritable_folder_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder whose parent does not exist, one that holds files already, and one in a
    folder that cannot be written to: each is said, and nothing is written."""
    locked = tmp_path / "locked"
    locked.mkdir()
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine")
    app = SimulatorApp()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot)
        said = await written(pilot, dialog, tmp_path / "nowhere" / "packets")
        assert said == f"Not written: {tmp_path / 'nowhere'} does not exist."
        said = await written(pilot, dialog, full)
        assert said.startswith(f"Not written: {full} already exists")
        assert [p.name for p in full.iterdir()] == ["notes.txt"]
        locked.chmod(0o500)
        try:
            if os.access(locked, os.W_OK):  # rights that ignore permissions (root)
                monkeypatch.setattr(tempfile, "mkdtemp", refused)
            said = await written(pilot, dialog, locked / "packets")
            assert said.startswith(f"Not written: {locked}: Permission denied")
            assert list(locked.iterdir()) == []
        finally:
            locked.chmod(0o700)
    assert not (tmp_path / "nowhere").exists()


async def test_a_failure_midway_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails after some files are written leaves no folder behind."""
    import simulator.storage.files as files

    real = files.write_atomic
    count = 0

    def failing(path: str | os.PathLike[str], text: str | bytes, *args: object) -> None:
        nonlocal count
        count += 1
        if count == 5:
            raise OSError(28, "No space left on device")
        real(path, text)

    monkeypatch.setattr(files, "write_atomic", failing)
    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await open_dialog(app, pilot)
        target = tmp_path / "packets"
        said = await written(pilot, dialog, target)
        assert said == f"Not written: {target}: No space left on device."
    assert count == 5
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []
