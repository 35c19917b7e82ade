"""Interface benchmark: cold start to first frame, and keypress to render on the table,
each compared in the same run with a bare Textual app (part of `make bench`); then, on
scaled tables (7, 50 and 200 delegations; 11 and 60 terms), the app's own work per
computer move and per keypress, and how long the start screen takes to show its seats.

Cold start runs each app in a fresh interpreter, headless; the figure is the time from
launching the interpreter to the app's Ready event (its first frame on screen).

Keypress to render presses a key that re-renders the table (pace +/-) through Textual's
pilot and counts the processor time the process spends until the screen is idle again
(not wall time, which includes waiting for Textual's next frame); the bare app's key
only updates one label, so the difference
is the simulator's own work per keypress.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

BARE = """
import os, time
from textual.app import App
from textual.widgets import Footer, Header, Static
class Bare(App):
    def compose(self):
        yield Header(); yield Static("hello"); yield Footer()
    def on_ready(self):
        print(time.time() - float(os.environ["LAUNCHED"]), flush=True)
        self.exit()
Bare().run(headless=True)
"""

OURS = """
import os, time
from simulator.tui.app import SimulatorApp
class First(SimulatorApp):
    def on_ready(self):
        print(time.time() - float(os.environ["LAUNCHED"]), flush=True)
        self.exit()
First().run(headless=True)
"""


def cold_start(repeat: int) -> tuple[float, float]:
    """Median time to first frame of the bare app and of the simulator, launched in turn
    so that both see the same machine load."""
    bare: list[float] = []
    ours: list[float] = []
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory() as data:
        env["SIMULATOR_DATA"] = data
        scripts = []
        for name, code in (("bare.py", BARE), ("ours.py", OURS)):
            script = Path(data) / name
            script.write_text(code)
            scripts.append(script)
        for _ in range(repeat):
            for script, samples in zip(scripts, (bare, ours), strict=True):
                env["LAUNCHED"] = repr(time.time())
                done = subprocess.run(
                    [sys.executable, str(script)],
                    check=True,
                    env=env,
                    capture_output=True,
                    text=True,
                )
                samples.append(float(done.stdout.split()[0]))
    return statistics.median(bare), statistics.median(ours)


def bare_app() -> Any:
    """A bare Textual app whose key updates one label."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import Static

    class Bare(App[None]):
        BINDINGS = [Binding("plus", "bump", "Bump"), Binding("minus", "bump", "Bump")]

        def compose(self) -> ComposeResult:
            yield Static("0", id="n")

        def action_bump(self) -> None:
            label = self.query_one("#n", Static)
            label.update(str(int(str(label.render())) + 1))

    return Bare()


async def press_keys(app: Any, pilot: Any, presses: int) -> float:
    """Median processor time from pressing a pace key to the screen idle again."""
    samples = []
    for n in range(presses):
        key = "plus" if n % 2 else "minus"
        began = time.process_time()
        await pilot.press(key)
        await pilot.pause()
        samples.append(time.process_time() - began)
    return statistics.median(samples)


async def bare_keypress(presses: int) -> float:
    """The bare app's processor time per keypress."""
    app = bare_app()
    async with app.run_test(size=(120, 40)) as pilot:
        return await press_keys(app, pilot, presses)


async def keypresses(presses: int) -> tuple[float, float]:
    from tests.tui.helpers import start

    from simulator.tui.app import SimulatorApp

    with tempfile.TemporaryDirectory() as data:
        os.environ["SIMULATOR_DATA"] = data
        app = SimulatorApp()
        async with app.run_test(size=(120, 40)) as pilot:
            await start(app, pilot, ("usa", "china"))
            await pilot.press("enter")
            await pilot.pause()
            ours = await press_keys(app, pilot, presses)
    return ours, await bare_keypress(presses)


SCALES = [(7, 11), (7, 60), (50, 11), (50, 60), (200, 11), (200, 60)]
"""Delegations and terms of the scaled tables."""


def scaled(delegations: int, terms: int) -> Any:
    """A table of ``delegations`` with a position on each of ``terms`` four-option terms
    (benchmarks/problems.py), unanimity, negotiation rounds only."""
    from benchmarks.problems import scenario_of, spec

    return scenario_of(spec("scaled", [4] * terms, delegations, seed=1, steps=40))


def headless_per_move(scenario: Any, moves: int) -> float:
    """Processor time per move of the computer players and the engine alone: the work
    any interface must wait for."""
    from simulator.agents.driver import computer_players
    from simulator.engine.session import Session

    session = Session(scenario, seed=1)
    players = computer_players(scenario, {}, 1)
    began = time.process_time()
    for _ in range(moves):
        state = session.state
        holder = state.holder()
        move = players[holder].decide(state) if holder in players else None
        if move is None:
            break
        session.push(move)
    return (time.process_time() - began) / max(1, session.move_count)


async def at_scale(scenario: Any, moves: int, presses: int) -> tuple[float, float, float]:
    """In the app at 120×40 with the computer in every seat and a person chairing:
    processor time per computer move (the table redrawn after each), the part of it the
    computer players' decisions and the engine's saving of each move took inside the
    app (timed on their own threads), and per keypress with the computer paused (a pace
    key, which redraws the table)."""
    from simulator.tui.app import SimulatorApp

    app = SimulatorApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.start_session(
            scenario, Path("scaled.yaml"), {}, human_chair=True, seed=1, name="scaled"
        )
        await pilot.pause(0.5)
        host = app.host
        assert host is not None
        inside = [0.0]

        def timed(work: Any) -> Any:
            def run(*args: Any) -> Any:
                began = time.thread_time()
                try:
                    return work(*args)
                finally:
                    inside[0] += time.thread_time() - began

            return run

        host.computer_move = timed(host.computer_move)  # type: ignore[method-assign]
        host.saved.push = timed(host.saved.push)  # type: ignore[method-assign]
        host.pace = 0.0
        start_moves = host.moves
        began = time.process_time()
        while host.moves < start_moves + moves and not host.state.over:
            await asyncio.sleep(0.05)
        made = max(1, host.moves - start_moves)
        per_move = (time.process_time() - began) / made
        host.pause()
        await pilot.pause(0.2)
        return per_move, inside[0] / made, await press_keys(app, pilot, presses)


async def seats_shown(scenario: Any, folder: Path) -> float:
    """Wall time from launching the app with the scenario file to its seats on the
    start screen."""
    import yaml

    from simulator.tui.app import SimulatorApp

    path = folder / f"scaled-{len(scenario.actors)}.yaml"
    path.write_text(yaml.safe_dump(scenario.model_dump(mode="json", exclude_defaults=True)))
    began = time.perf_counter()
    app = SimulatorApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            await pilot.pause(0.01)
            seats = app.screen.query("#seats")
            if seats and seats.first().option_count == len(scenario.voters()):  # type: ignore[attr-defined]
                return time.perf_counter() - began


def scaled_figures(moves: int, presses: int) -> None:
    """The scaled tables, one line each."""
    print(
        "interface at scale (120x40; processor time; own work per move = the app's minus "
        "what its computer players and engine took inside it, timed on their threads; "
        "headless = players and engine alone, for comparison; per keypress = minus a bare "
        "Textual app's)"
    )
    bare = asyncio.run(bare_keypress(presses))
    with tempfile.TemporaryDirectory() as data:
        os.environ["SIMULATOR_DATA"] = data
        for delegations, terms in SCALES:
            scenario = scaled(delegations, terms)
            alone = headless_per_move(scenario, moves)
            per_move, players, per_key = asyncio.run(at_scale(scenario, moves, presses))
            seats = asyncio.run(seats_shown(scenario, Path(data)))
            target = (
                "   (targets at 50 x 60: < 20 ms, < 10 ms, < 1.5 s)"
                if (delegations, terms) == (50, 60)
                else ""
            )
            print(
                f"  {delegations:3d} delegations x {terms:2d} terms: per computer move "
                f"{per_move * 1000:6.1f} ms (players and engine in it {players * 1000:5.1f} ms, "
                f"headless {alone * 1000:5.1f} ms, own work {(per_move - players) * 1000:5.1f} "
                f"ms); per keypress {per_key * 1000:5.1f} ms "
                f"(own work {(per_key - bare) * 1000:4.1f} ms); "
                f"seats shown in {seats:4.2f} s{target}",
                flush=True,
            )


def main(repeat: int = 11, presses: int = 40) -> None:
    bare, ours = cold_start(repeat)
    print(f"interface: cold start to first frame (headless, median of {repeat})")
    print(f"  bare Textual app            {bare * 1000:8.0f} ms")
    print(
        f"  simulator play              {ours * 1000:8.0f} ms   ratio {ours / bare:.2f} "
        "(target <= 1.3)"
    )
    ours_key, bare_key = asyncio.run(keypresses(presses))
    print(f"interface: keypress to render on the table (processor time, median of {presses})")
    print(f"  bare Textual app            {bare_key * 1000:8.1f} ms")
    print(
        f"  simulator table             {ours_key * 1000:8.1f} ms   own work "
        f"{(ours_key - bare_key) * 1000:.1f} ms per keypress (target < 10 ms)"
    )
    scaled_figures(moves=40, presses=20)


if __name__ == "__main__":
    main()
