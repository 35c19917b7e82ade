"""The teacher's console in Chromium, against ``simulator serve --tables N`` in its own
process (8 tables by default, every seat the computer's, all paused).

Figures:
- from opening the teacher's link to every table's card drawn;
- from a click on a card's pause/resume button to the card saying so (the message to
  the server, the table's new view back, the page drawn again): median and worst of
  ``--presses`` presses, on each table in turn (resume, then pause the next time round);
- with every table running (the computer playing at ``--pace`` seconds a move), the
  page's main-thread time spent drawing views over ``--seconds`` seconds, as a share of
  that time (from the DevTools protocol's ScriptDuration and LayoutDuration).

Run alone: ``python benchmarks/web_console.py [--tables 8] [--presses 20]``; needs
Debian's chromium and chromium-driver (skipped without).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from server import free_port, serving

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for the Chromium the browser tests start

PRESS = """
const [table, done] = [arguments[0], arguments[arguments.length - 1]];
const button = document.getElementById("pause-" + table);
const before = button.textContent;
const start = performance.now();
new MutationObserver((_, observer) => {
  if (button.textContent !== before) {
    observer.disconnect();
    done(performance.now() - start);
  }
}).observe(button, { childList: true, characterData: true, subtree: true });
button.click();
"""
"""Click a card's pause/resume button; answer how many ms until its words change."""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=8, help="tables (default 8)")
    parser.add_argument("--presses", type=int, default=20, help="clicks timed (default 20)")
    parser.add_argument("--seconds", type=float, default=10.0, help="running time measured")
    parser.add_argument("--pace", type=float, default=0.2, help="seconds a computer move")
    args = parser.parse_args(argv)
    from tests.net.browsers import CHROMIUM, DRIVER, chromium

    print(f"Teacher's console in Chromium ({args.tables} tables)")
    if CHROMIUM is None or DRIVER is None:
        print("  skipped: needs chromium and chromium-driver")
        return
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        codes = Path(folder) / "codes.json"
        server = serving(
            ["--tables", str(args.tables), "--port", str(port), "--codes", str(codes)]
            + ["--folder", f"{folder}/class", "--pace", str(args.pace)]
            + ["--chair", "computer", "--rounds", "8"],
            folder + "/data",
        )
        browser = None
        try:
            link = json.loads(codes.read_text())["links"]["chair"]
            browser = chromium(Path(folder) / "browser", 1280, 800, network_log=False)
            tables = [f"t{n}" for n in range(1, args.tables + 1)]
            start = time.perf_counter()
            browser.get(link)
            while len(browser.find_elements("css selector", ".card .facts li")) < 7 * len(tables):
                time.sleep(0.01)
            print(f"  link opened to every card drawn: {(time.perf_counter() - start):.2f} s")
            browser.set_script_timeout(30)
            # each table in turn resumed, then paused the next time round
            times = [
                float(browser.execute_async_script(PRESS, tables[n % len(tables)]))
                for n in range(args.presses)
            ]
            print(
                f"  click to card redrawn ({len(times)} presses): median "
                f"{statistics.median(times):.0f} ms, worst {max(times):.0f} ms (target < 100 ms)"
            )
            for table in tables:  # every table running now
                if browser.find_element("id", f"pause-{table}").text.startswith("Resume"):
                    browser.execute_async_script(PRESS, table)
            browser.execute_cdp_cmd("Performance.enable", {})

            def busy() -> float:
                metrics = browser.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
                named = {m["name"]: m["value"] for m in metrics}
                return float(named["ScriptDuration"] + named["LayoutDuration"])

            before, start = busy(), time.perf_counter()
            time.sleep(args.seconds)
            share = (busy() - before) / (time.perf_counter() - start)
            print(
                f"  {args.tables} tables running at {args.pace} s a move: the page's script "
                f"and layout {share:.1%} of its main thread over {args.seconds:.0f} s"
            )
        finally:
            if browser is not None:
                browser.quit()
            server.terminate()
            server.wait(20)


if __name__ == "__main__":
    main(sys.argv[1:])
