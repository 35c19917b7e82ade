"""Printing the role packets and the facilitator guide before class, from the start
screen: the same files ``simulator packets`` writes, into a folder the teacher chooses,
written whole or not at all, with the paths shown until dismissed."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from simulator.report.packets import write_packets
from simulator.scenario.model import Scenario
from simulator.tui.plain import plain
from simulator.tui.screens.writing import WritingDialog


class PacketsNotWritten(Exception):
    """Why the packets could not be written, in words for the teacher."""


def print_packets(scenario: Scenario, folder: Path) -> list[Path]:
    """Write the packets of ``scenario`` into ``folder`` (a new folder, or an empty one)
    as ``simulator packets`` does; the paths written. Everything is written into a fresh
    folder beside it first, which then takes its name: nothing is left half-written.
    Raises ``PacketsNotWritten`` saying why not."""
    parent = folder.parent
    if not parent.is_dir():
        raise PacketsNotWritten(f"{parent} does not exist.")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise PacketsNotWritten(
            f"{folder} already exists and is not an empty folder; choose another folder."
        )
    try:
        fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    except OSError as error:
        raise PacketsNotWritten(f"{parent}: {error.strerror or error}.") from None
    try:
        written = write_packets(scenario, fresh)
        fresh.rename(folder)
    except OSError as error:
        shutil.rmtree(fresh, ignore_errors=True)
        raise PacketsNotWritten(f"{folder}: {error.strerror or error}.") from None
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)  # as a folder made by hand, not a private temporary one
    return [folder / path.name for path in written]


class PacketsDialog(WritingDialog):
    """Asks which folder to print a scenario's packets into (the current folder and
    ``<scenario>-packets`` by default), writes them there, and shows the paths written
    until dismissed."""

    def __init__(self, scenario: Scenario, default: Path) -> None:
        super().__init__()
        self.scenario = scenario
        """The scenario as its table plays it (its variant for the table's seed)."""
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Print the role packets", classes="dialog-title")
            yield Static(
                plain(
                    f"{self.scenario.title}: the facilitator guide and a packet per "
                    f"{self.scenario.vocabulary.party} (HTML to print, and Markdown), into "
                    "the folder:"
                ),
                id="packets-what",
            )
            yield Input(str(self.default), id="packets-folder")
            yield Static("", id="packets-result")
            with Horizontal(classes="buttons"):
                yield Button("Write (enter)", variant="primary", id="write")
                yield Button("Close (esc)", id="close")

    def write(self) -> None:
        """Write the packets in a thread (the guide's answer key is worked out); say
        where they went, or why they could not be written."""
        result = self.query_one("#packets-result", Static)
        text = self.query_one("#packets-folder", Input).value.strip()
        if not text:
            result.update("Give a folder.")
            return
        folder = Path(text).expanduser().absolute()
        button = self.query_one("#write", Button)
        button.disabled = True
        result.update("Writing the packets…")

        async def written() -> None:
            try:
                paths = await asyncio.to_thread(print_packets, self.scenario, folder)
            except PacketsNotWritten as error:
                result.update(plain(f"Not written: {error}"))
                button.disabled = False
                return
            names = ", ".join(path.name for path in paths)
            result.update(plain(f"Written into {folder}:\n{names}", lines=True))

        self.run_worker(written(), exclusive=True, group="packets")
