"""A class in browsers, against ``simulator serve`` in its own process: 30 seats speaking
the web page's protocol (5 tables of the classroom scenario, 6 seats each; the computer
plays the seventh), the teacher and the projector, plus real Chromium tabs (6 by
default) holding seats beside their WebSocket clients (a delegation team on one seat).

Figures:
- the server's memory (RSS, from /proc) before anyone joins, with the 32 clients, and
  with the tabs too: memory per connection;
- processes: the server's children (textual-serve started one per tab; none now);
- from a seat sending a move to every client at that table holding it (its seats, the
  teacher, the projector): median and 99th percentile; and to every Chromium tab at the
  table showing the move's line in its transcript (the page's DOM changed; recorded in
  the page by a MutationObserver added through the DevTools protocol).

Each seat waits a moment before it moves (``--think``, 0.5 s on average: still far
quicker than a class; ``--think 0`` makes every seat answer at once, a stress test of
throughput rather than of what a class feels).

Targets (issue 24): under 1 MB per connected tab, no process per tab, p99 under 150 ms
in Chromium. Run alone: ``python benchmarks/web.py [--tabs 6] [--moves 40] [--think S]``;
part of ``make bench``. Tabs need Debian's chromium and chromium-driver (skipped without).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from server import free_port, rss_kib, serving

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for the Chromium the browser tests start
SCENARIO = "quantum-classroom"
TABLES = 5
SEATS = 6
PROTOCOL = "1.1"

RECORD = """
window.__shown = [];
new MutationObserver(() => {
  const newest = document.querySelector("#transcript .transcript .move-number");
  const n = newest ? parseInt(newest.textContent.slice(1), 10) : 0;
  const last = window.__shown.length ? window.__shown[window.__shown.length - 1][0] : 0;
  if (n > last) window.__shown.push([n, Date.now() / 1000]);
}).observe(document, { childList: true, subtree: true });
"""
"""Kept in each tab before its page loads: when the newest transcript line's move first
appears (wall-clock seconds, the same clock as the benchmark's)."""


class Client:
    """One connection: a seat that plays when it may, or a watcher (teacher, projector)."""

    def __init__(self, code: str, table: str | None, rng: random.Random | None) -> None:
        self.code, self.table, self.rng = code, table, rng
        self.connection: ClientConnection | None = None
        self.terms: list[dict[str, Any]] = []
        self.sent: set[int] = set()
        self.plays = rng is not None
        self.latest: dict[str, int] = {}
        """The most moves it has seen of each table."""

    async def join(self, url: str) -> None:
        self.connection = await connect(url, max_size=1 << 24)
        await self.connection.send(
            json.dumps({"type": "hello", "protocol": PROTOCOL, "code": self.code})
        )
        welcome = json.loads(await self.connection.recv())
        assert welcome["type"] == "welcome", welcome
        if self.table is not None:
            self.terms = list(welcome["terms"][self.table])

    def choose(self, message: dict[str, Any]) -> dict[str, Any] | None:
        assert self.rng is not None
        kinds = {m["kind"]: m for m in message["may"]}
        if not kinds:
            return None
        if message["view"]["public"]["vote"] is not None:
            return {"kind": self.rng.choice(["support", "support", "oppose", "abstain"])}
        if "propose" in kinds and self.rng.random() < 0.2:
            allowed = set(kinds["propose"]["terms"])
            terms = [t for t in self.terms if t["id"] in allowed]
            picked = self.rng.sample(terms, k=min(len(terms), 2))
            values = {t["id"]: self.rng.choice(t["choices"])["value"] for t in picked}
            return {"kind": "propose", "values": values}
        if "statement" in kinds and self.rng.random() < 0.5:
            return {"kind": "statement", "text": "Our delegation has a point to make."}
        return {"kind": "pass"} if "pass" in kinds else None


class Class:
    """Everyone connected, and when each move was sent and seen."""

    def __init__(self, codes: dict[str, Any], seed: int, moves: int, think: float) -> None:
        rng = random.Random(seed)
        self.seats: list[Client] = []
        for table, seats in list(codes["tables"].items())[:TABLES]:
            for code in list(seats.values())[:SEATS]:
                self.seats.append(Client(code, table, random.Random(rng.random())))
        self.watchers = [Client(codes["chair"], None, None), Client(codes["projector"], None, None)]
        self.sent_at: dict[tuple[str, int], float] = {}
        self.seen: dict[tuple[str, int], list[float]] = {}
        self.limit = moves
        self.think = think
        """Mean seconds a seat takes before it moves (0: at once, a stress test)."""
        self.tasks: set[asyncio.Task[None]] = set()
        self.done = {t: asyncio.Event() for t in list(codes["tables"])[:TABLES]}

    def audience(self, table: str) -> int:
        return sum(1 for s in self.seats if s.table == table) + len(self.watchers)

    async def listen(self, client: Client) -> None:
        assert client.connection is not None
        async for text in client.connection:
            now = time.time()  # before this process's own work on the message
            message = json.loads(text)
            if message["type"] != "view" or message["table"] not in self.done:
                continue
            table, moves = message["table"], message["moves"]
            first = moves > client.latest.get(table, -1)  # not a view sent again (a pause)
            client.latest[table] = max(moves, client.latest.get(table, -1))
            if first and (table, moves) in self.sent_at:
                self.seen.setdefault((table, moves), []).append(now)
            public = message["view"].get("public", message["view"])
            if public["outcome"] is not None or moves >= self.limit:
                self.done[table].set()
                continue
            if not client.plays or moves in client.sent:
                continue
            move = client.choose(message)
            if move is not None:
                client.sent.add(moves)
                self.tasks.add(asyncio.create_task(self.send(client, table, moves, move)))

    async def send(self, client: Client, table: str, moves: int, move: dict[str, Any]) -> None:
        """Send ``move`` after the seat's thinking time (a person takes seconds)."""
        assert client.connection is not None
        assert client.rng is not None
        if self.think:
            await asyncio.sleep(client.rng.uniform(0.5, 1.5) * self.think)
        self.sent_at[(table, moves + 1)] = time.time()
        await client.connection.send(json.dumps({"type": "move", "seen": moves, "move": move}))


def chromium_tabs(links: list[str], profile: Path) -> Any:
    """One Chromium with a tab on each link, each recording when lines appear."""
    from tests.net.browsers import chromium

    browser = chromium(profile, 1280, 800, network_log=False)
    for number, link in enumerate(links):
        if number:
            browser.switch_to.new_window("tab")
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD})
        browser.get(link)
    for handle in browser.window_handles:
        browser.switch_to.window(handle)
        deadline = time.monotonic() + 30
        while not browser.find_elements("css selector", "#transcript"):
            if time.monotonic() > deadline:
                raise RuntimeError("a tab did not show its seat")
            time.sleep(0.1)
    return browser


def shown(browser: Any) -> list[list[tuple[int, float]]]:
    """For each tab, when each move's line appeared."""
    out = []
    for handle in browser.window_handles:
        browser.switch_to.window(handle)
        out.append([(int(n), float(t)) for n, t in browser.execute_script("return __shown")])
    return out


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


async def play(url: str, lesson: Class, start: Any) -> None:
    for client in [*lesson.seats, *lesson.watchers]:
        await client.join(url)
    start()
    listeners = [asyncio.create_task(lesson.listen(c)) for c in [*lesson.seats, *lesson.watchers]]
    chair = lesson.watchers[0].connection
    assert chair is not None
    await chair.send(json.dumps({"type": "chair", "action": "resume", "table": "*"}))
    await asyncio.wait_for(asyncio.gather(*(e.wait() for e in lesson.done.values())), 600)
    await chair.send(json.dumps({"type": "chair", "action": "pause", "table": "*"}))
    await asyncio.sleep(0.5)  # the last views reach the tabs
    for client in [*lesson.seats, *lesson.watchers]:
        assert client.connection is not None
        await client.connection.close()
    for task in listeners:
        task.cancel()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=6, help="Chromium tabs (default 6)")
    parser.add_argument("--moves", type=int, default=40, help="moves per table (default 40)")
    parser.add_argument(
        "--think",
        type=float,
        default=0.5,
        help="mean seconds a seat takes to move (default 0.5; 0: every seat at once)",
    )
    args = parser.parse_args(argv)
    has_chromium = shutil.which("chromium") and shutil.which("chromedriver")
    tabs = args.tabs if has_chromium else 0
    with tempfile.TemporaryDirectory() as data:
        port = free_port()
        codes_file = Path(data) / "codes.json"
        server = serving(
            [SCENARIO, "--tables", str(TABLES), "--port", str(port), "--pace", "0.05"]
            + ["--folder", str(Path(data) / "class"), "--codes", str(codes_file)]
            + ["--chair", "teacher"],  # the seats' play alone
            data,
        )
        browser = None
        try:
            codes = json.loads(codes_file.read_text())
            lesson = Class(codes, seed=1, moves=args.moves, think=args.think)
            alone = rss_kib(server.pid)
            with_clients = 0
            with_tabs = 0
            tab_tables: list[str] = []

            def start_tabs() -> None:
                nonlocal browser, with_clients, with_tabs
                time.sleep(0.5)
                with_clients = rss_kib(server.pid)
                links = []
                for number in range(tabs):
                    table = list(codes["tables"])[number % 3]
                    seat = list(codes["tables"][table])[number // 3]
                    links.append(codes["links"]["tables"][table][seat])
                    tab_tables.append(table)
                if links:
                    browser = chromium_tabs(links, Path(data) / "chromium")
                time.sleep(0.5)
                with_tabs = rss_kib(server.pid)

            asyncio.run(play(f"ws://127.0.0.1:{port}", lesson, start_tabs))
            children = subprocess.run(
                ["ps", "--ppid", str(server.pid), "-o", "pid="],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.split()
            tab_lines = shown(browser) if browser is not None else []
        finally:
            if browser is not None:
                browser.quit()
            server.terminate()
            server.wait(30)

    clients = len(lesson.seats) + len(lesson.watchers)
    print(
        f"Web class: {TABLES} tables of {SCENARIO}, {len(lesson.seats)} seats speaking the "
        f"page's protocol + teacher + projector, {tabs} Chromium tabs on seats, "
        f"{args.moves} moves a table, seats moving after {args.think:g} s on average"
    )
    print(
        f"  server memory: {alone / 1024:.1f} MiB alone, {with_clients / 1024:.1f} MiB with "
        f"{clients} clients, {with_tabs / 1024:.1f} MiB with the tabs too"
    )
    per_client = (with_clients - alone) / clients
    print(
        f"  per WebSocket client: {per_client:.0f} KiB (target < 1024 KiB: "
        f"{'met' if per_client < 1024 else 'NOT met'})"
    )
    if tabs:
        per_tab = (with_tabs - with_clients) / tabs
        print(
            f"  per Chromium tab: {per_tab:.0f} KiB (target < 1024 KiB: "
            f"{'met' if per_tab < 1024 else 'NOT met'})"
        )
    print(f"  processes the server started: {len(children)} (textual-serve: one per tab)")
    everyone = []
    for (table, moves), sent in lesson.sent_at.items():
        seen = lesson.seen.get((table, moves), [])
        if len(seen) >= lesson.audience(table):
            everyone.append(max(seen) - sent)
    if everyone:
        print(
            f"  move -> every WebSocket client at its table has it: {len(everyone)} moves, "
            f"median {statistics.median(everyone) * 1000:.1f} ms, "
            f"p99 {percentile(everyone, 0.99) * 1000:.1f} ms"
        )
    in_tabs = []
    for (table, moves), sent in lesson.sent_at.items():
        times = []
        for tab_table, lines in zip(tab_tables, tab_lines, strict=True):
            if tab_table != table:
                continue
            at = [t for n, t in lines if n >= moves]
            if at:
                times.append(min(at))
        if times and len(times) == tab_tables.count(table):
            in_tabs.append(max(times) - sent)
    if in_tabs:
        p99 = percentile(in_tabs, 0.99) * 1000
        print(
            f"  move -> every Chromium tab at its table shows its line: {len(in_tabs)} moves, "
            f"median {statistics.median(in_tabs) * 1000:.1f} ms, p99 {p99:.1f} ms "
            f"(target p99 < 150 ms: {'met' if p99 < 150 else 'NOT met'})"
        )
        print(f"  ratio, tab p99 / WebSocket p99: {p99 / (percentile(everyone, 0.99) * 1000):.1f}")


if __name__ == "__main__":
    main()
