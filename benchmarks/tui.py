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

Each figure is printed beside its target. ``--quick`` measures the two scales with
targets only; ``--before REF`` measures each scaled table with the package of that git
ref first, in the same run, for a before and after under the same load:
``python benchmarks/tui.py --quick --before main``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
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


@dataclass
class Scaled:
    """What one scaled table cost in the app."""

    per_move: float
    """Processor time per computer move, the table redrawn after each."""
    players: float
    """The part of it the computer players and the engine took inside the app."""
    per_key: float
    """Processor time per keypress (a pace key) with the computer paused."""
    mounts: int
    """Widgets mounted while the computer made its moves (none should be)."""
    layouts: int
    """Times the screen was laid out again while the computer made its moves."""
    moves: int
    """How many moves were made."""

    @property
    def own(self) -> float:
        """The app's own work per computer move."""
        return self.per_move - self.players


async def at_scale(scenario: Any, moves: int, presses: int) -> Scaled:
    """In the app at 120×40 with the computer in every seat and a person chairing:
    processor time per computer move (the table redrawn after each), the part of it the
    computer players' decisions and the engine's saving of each move took inside the
    app (timed on their own threads), the widgets mounted and the layouts made meanwhile,
    and per keypress with the computer paused (a pace key, which redraws the table)."""
    from textual.screen import Screen
    from textual.widget import Widget

    from simulator.tui.app import SimulatorApp

    counted = {"mounts": 0, "layouts": 0}
    mount, layout = Widget.mount, Screen._refresh_layout

    def counting_mount(widget: Widget, *args: Any, **kwargs: Any) -> Any:
        counted["mounts"] += 1
        return mount(widget, *args, **kwargs)

    def counting_layout(screen: Screen[Any], *args: Any, **kwargs: Any) -> Any:
        counted["layouts"] += 1
        return layout(screen, *args, **kwargs)

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
        Widget.mount = counting_mount  # type: ignore[method-assign]
        Screen._refresh_layout = counting_layout  # type: ignore[method-assign]
        try:
            began = time.process_time()
            while host.moves < start_moves + moves and not host.state.over:
                await asyncio.sleep(0.05)
            made = max(1, host.moves - start_moves)
            per_move = (time.process_time() - began) / made
        finally:
            Widget.mount = mount  # type: ignore[method-assign]
            Screen._refresh_layout = layout  # type: ignore[method-assign]
        host.pause()
        await pilot.pause(0.2)
        per_key = await press_keys(app, pilot, presses)
        return Scaled(
            per_move, inside[0] / made, per_key, counted["mounts"], counted["layouts"], made
        )


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


TARGETS = {(7, 11): 0.008, (50, 60): 0.020}
"""The app's own work per computer move it should stay within, at these scales."""
KEY_TARGET = 0.010
"""The app's own work per keypress it should stay within."""
START_TARGET = 1.5
"""Cold start to first frame, at most this many times a bare Textual app's."""


def measure(delegations: int, terms: int, moves: int, presses: int) -> dict[str, Any]:
    """One scaled table's figures in this interpreter, with the bare app's keypress."""
    bare = asyncio.run(bare_keypress(presses))
    with tempfile.TemporaryDirectory() as data:
        os.environ["SIMULATOR_DATA"] = data
        scenario = scaled(delegations, terms)
        figures = asdict(asyncio.run(at_scale(scenario, moves, presses)))
        figures["headless"] = headless_per_move(scenario, moves)
        figures["seats"] = asyncio.run(seats_shown(scenario, Path(data)))
    return {**figures, "bare_key": bare}


def measure_in_child(
    source: Path, delegations: int, terms: int, moves: int, presses: int
) -> dict[str, Any]:
    """``measure`` in a fresh interpreter with the package from ``source`` (a src folder)."""
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            str(source),
            *(str(n) for n in (delegations, terms, moves, presses)),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return figures


def checked_out(ref: str, folder: Path) -> Path:
    """The src folder of ``ref`` of this repository, written into ``folder``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "src"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder / "src"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:5.1f} ms"


def scaled_line(delegations: int, terms: int, f: dict[str, Any], label: str = "") -> str:
    """One scaled table's figures in a line (and its targets where it has them)."""
    own = f["per_move"] - f["players"]
    key = f["per_key"] - f["bare_key"]
    line = (
        f"  {label}{delegations:3d} x {terms:2d}: per computer move {ms(f['per_move'])} "
        f"(players and engine in it {ms(f['players'])}, headless {ms(f['headless'])}; "
        f"own work {ms(own)}); {f['mounts']} mounts and {f['layouts']} layouts in "
        f"{f['moves']} moves; per keypress own work {ms(key)}; seats shown in "
        f"{f['seats']:4.2f} s"
    )
    target = TARGETS.get((delegations, terms))
    if target is not None:
        line += (
            f"\n  {' ' * len(label)}          targets: own work per move {ms(own)} <= "
            f"{ms(target)} {'met' if own <= target else 'MISSED'}; per keypress "
            f"{ms(key)} <= {ms(KEY_TARGET)} {'met' if key <= KEY_TARGET else 'MISSED'}"
        )
    return line


def scaled_figures(
    moves: int, presses: int, scales: list[tuple[int, int]], before: str | None = None
) -> None:
    """The scaled tables, one line each (two with ``before``: that git ref's package
    measured just before this one, so that both see the same load)."""
    print(
        "interface at scale (120x40; processor time, each table in a fresh interpreter; "
        "own work per move = the app's minus what its computer players and engine took "
        "inside it, timed on their threads; headless = players and engine alone, for "
        "comparison; per keypress = minus a bare Textual app's); load average "
        f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    with tempfile.TemporaryDirectory() as folder:
        old = checked_out(before, Path(folder)) if before else None
        for delegations, terms in scales:
            if old is not None:
                figures = measure_in_child(old, delegations, terms, moves, presses)
                print(scaled_line(delegations, terms, figures, f"{before}: "), flush=True)
            figures = measure_in_child(ROOT / "src", delegations, terms, moves, presses)
            label = "now: " + " " * max(0, len(before or "") - 3) if before else ""
            print(scaled_line(delegations, terms, figures, label), flush=True)
    print(f"  (load average now {os.getloadavg()[0]:.2f})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the two target scales only")
    parser.add_argument(
        "--before", metavar="REF", help="measure the scaled tables of this git ref too"
    )
    parser.add_argument("--repeat", type=int, default=11, help="cold starts of each app")
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args([] if argv is None else argv)
    if args.child:
        source, *numbers = args.child
        sys.path.insert(0, source)
        delegations, terms, moves, presses = (int(n) for n in numbers)
        print(json.dumps(measure(delegations, terms, moves, presses)))
        return
    scales = list(TARGETS) if args.quick else SCALES
    if not args.quick:
        bare, ours = cold_start(args.repeat)
        print(f"interface: cold start to first frame (headless, median of {args.repeat})")
        print(f"  bare Textual app            {bare * 1000:8.0f} ms")
        print(
            f"  simulator play              {ours * 1000:8.0f} ms   ratio {ours / bare:.2f} "
            f"(target <= {START_TARGET})"
        )
        ours_key, bare_key = asyncio.run(keypresses(args.presses))
        print(
            f"interface: keypress to render on the table (processor time, median of {args.presses})"
        )
        print(f"  bare Textual app            {bare_key * 1000:8.1f} ms")
        print(
            f"  simulator table             {ours_key * 1000:8.1f} ms   own work "
            f"{(ours_key - bare_key) * 1000:.1f} ms per keypress (target <= "
            f"{KEY_TARGET * 1000:.0f} ms)"
        )
    scaled_figures(40, 20, scales, args.before)


if __name__ == "__main__":
    main(sys.argv[1:])
