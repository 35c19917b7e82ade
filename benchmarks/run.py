"""All benchmarks, one after the other: `make bench` (or `python benchmarks/run.py`).

Each prints its figures and the ratios between measurements of the same run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import analysis
import bargaining
import console
import engine
import listing
import loading
import logs
import report
import results_file
import server
import sessions
import startup
import sweep
import tui
import vs_negmas
import web
import web_console

if __name__ == "__main__":
    startup.main([])
    print(flush=True)
    for part in (loading.main, engine.main, logs.main, sessions.main, sweep.main, tui.main):
        part()
        print(flush=True)
    results_file.main(1_000_000, results_file.ROOT / "src")
    print(flush=True)
    listing.main([])
    print(flush=True)
    analysis.main([])
    print(flush=True)
    bargaining.main([])
    print(flush=True)
    report.main([])
    print(flush=True)
    vs_negmas.main([])
    print(flush=True)
    server.main([])
    print(flush=True)
    web.main([])
    print(flush=True)
    web_console.main([])
    print(flush=True)
    console.main([])
