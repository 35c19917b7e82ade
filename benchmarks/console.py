"""The teacher's console at rest and under the keys, as a teacher runs it: ``simulator
serve`` in its own process with 2 and then 8 paused tables, and ``simulator join`` with
the teacher's code in a pseudo-terminal of 120 x 40 (a real terminal's output, read as
fast as it comes).

- **Idle CPU**: the console's processor time over ``--seconds`` (default 30) once it has
  drawn its first screen and nothing happens at the tables, as a share of one core
  (target under 3%); the server's beside it.
- **Keypress to screen**: the time from writing an arrow key (down, then up, in turn: each
  moves the selection and draws another table) to the first bytes of the new screen on
  the terminal (median and worst of ``--presses``; target under 50 ms).

Run alone: ``python benchmarks/console.py [--seconds 30] [--presses 20] [--tables 2 8]``.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SIMULATOR = [sys.executable, "-m", "simulator"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Terminal:
    """A program in a pseudo-terminal whose output is read (and timed) as it comes."""

    def __init__(self, argv: list[str], columns: int = 120, lines: int = 40) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns)}
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.received = 0
        self.last = time.perf_counter()
        self.text = bytearray()
        self._stop = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._stop:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            self.last = time.perf_counter()
            self.received += len(chunk)
            self.text += chunk
            del self.text[:-1_000_000]

    def press(self, keys: bytes) -> float:
        """Write ``keys``; seconds until the terminal's next output."""
        before = self.received
        start = time.perf_counter()
        os.write(self.master, keys)
        while self.received == before:
            if time.perf_counter() - start > 5:
                return float("inf")
            time.sleep(0.0005)
        return self.last - start

    def quiet(self, seconds: float, limit: float = 60) -> None:
        """Wait until the terminal has been silent for ``seconds``."""
        start = time.perf_counter()
        while time.perf_counter() - self.last < seconds:
            if time.perf_counter() - start > limit:
                return
            time.sleep(0.05)

    def close(self) -> None:
        self._stop = True
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self.master)


def cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def one_class(tables: int, seconds: float, presses: int) -> dict[str, float]:
    """Serve ``tables`` paused tables, open the console, and measure it."""
    port = free_port()
    folder = tempfile.mkdtemp(prefix="console-bench-")
    server = subprocess.Popen(
        [*SIMULATOR, "serve", "--tables", str(tables), "--port", str(port), "--folder", folder],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    code = ""
    assert server.stdout is not None
    for line in server.stdout:
        if line.startswith("Teacher's console:"):
            code = line.split()[2]  # "Teacher's console:  CODE  LINK"
            break
    console = Terminal([*SIMULATOR, "join", f"ws://127.0.0.1:{port}", "--code", code])
    try:
        deadline = time.perf_counter() + 60
        while b"Teacher's console" not in bytes(console.text):
            if time.perf_counter() > deadline:
                raise SystemExit("the console never showed: check the teacher's code")
            time.sleep(0.05)
        console.quiet(2.0)
        join = psutil.Process(console.process.pid)
        serving = psutil.Process(server.pid)
        start, join_cpu, server_cpu = time.perf_counter(), cpu(join), cpu(serving)
        sent = console.received
        time.sleep(seconds)
        wall = time.perf_counter() - start
        idle = (cpu(join) - join_cpu) / wall
        server_idle = (cpu(serving) - server_cpu) / wall
        written = console.received - sent
        delays = []
        for i in range(presses):
            delays.append(console.press(b"\x1b[B" if i % 2 == 0 else b"\x1b[A"))
            console.quiet(0.3, limit=5)
        return {
            "idle": idle,
            "server": server_idle,
            "bytes": written / wall,
            "median": statistics.median(delays),
            "worst": max(delays),
        }
    finally:
        console.close()
        server.terminate()
        server.wait(10)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--presses", type=int, default=20)
    parser.add_argument("--tables", type=int, nargs="+", default=[2, 8])
    args = parser.parse_args(argv)
    print(
        f"Teacher's console, paused tables, idle over {args.seconds:g} s "
        "(targets: under 3% of a core; a key on screen in under 50 ms)"
    )
    for tables in args.tables:
        got = one_class(tables, args.seconds, args.presses)
        print(
            f"  {tables} tables: console {got['idle'] * 100:.2f}% of a core "
            f"({got['bytes']:.0f} bytes/s to the terminal), server "
            f"{got['server'] * 100:.2f}%; arrow key to screen: median "
            f"{got['median'] * 1000:.1f} ms, worst {got['worst'] * 1000:.1f} ms "
            f"over {args.presses} presses",
            flush=True,
        )


if __name__ == "__main__":
    main()
