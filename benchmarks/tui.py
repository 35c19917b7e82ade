"""Interface benchmark: cold start to first frame, and keypress to render on the table,
each compared in the same run with a bare Textual app (part of `make bench`).

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


async def keypresses(presses: int) -> tuple[float, float]:
    from tests.tui.helpers import start
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import Static

    from simulator.tui.app import SimulatorApp

    class Bare(App[None]):
        BINDINGS = [Binding("plus", "bump", "Bump")]

        def compose(self) -> ComposeResult:
            yield Static("0", id="n")

        def action_bump(self) -> None:
            label = self.query_one("#n", Static)
            label.update(str(int(str(label.render())) + 1))

    async def measure(app: App[None], prepare: bool) -> float:
        async with app.run_test(size=(120, 40)) as pilot:
            if prepare:
                assert isinstance(app, SimulatorApp)
                await start(app, pilot, ("usa", "china"))
                await pilot.press("enter")
                await pilot.pause()
            samples = []
            for n in range(presses):
                key = "plus" if n % 2 else "minus"
                began = time.process_time()
                await pilot.press(key)
                await pilot.pause()
                samples.append(time.process_time() - began)
            return statistics.median(samples)

    with tempfile.TemporaryDirectory() as data:
        os.environ["SIMULATOR_DATA"] = data
        ours = await measure(SimulatorApp(), True)
    bare = await measure(Bare(), False)
    return ours, bare


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


if __name__ == "__main__":
    main()
