"""A child process for the interface's crash test: the table, headless, with the computer
in every seat and in the chair at full pace, reporting each move's number once it is
saved, until it is killed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from simulator.engine.moves import Move
from simulator.engine.state import State
from simulator.scenario_files import load_scenario
from simulator.storage.sessions import SavedSession
from simulator.tui.app import SimulatorApp

REPORT = os.dup(1)  # the interface takes over stdout; the parent reads this copy


def main(scenario_path: str, seed: int) -> None:
    push = SavedSession.push

    def reporting(saved: SavedSession, move: Move) -> State:
        state = push(saved, move)
        os.write(REPORT, f"{saved.session.move_count}\n".encode())
        return state

    SavedSession.push = reporting  # type: ignore[method-assign,assignment]

    class Table(SimulatorApp):
        def on_mount(self) -> None:
            super().on_mount()
            scenario = load_scenario(scenario_path)
            path = Path(scenario_path)
            self.start_session(scenario, path, {}, human_chair=False, seed=seed, name="crash")
            assert self.host is not None
            self.host.pace = 0.0

    Table().run(headless=True, size=(120, 40))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
