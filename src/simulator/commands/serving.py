"""``simulator serve`` and ``simulator join``: a class on its own devices."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from simulator.commands import EXIT_INVALID, EXIT_OK, positive
from simulator.plaintext import printable

DEFAULT_PORT = 8765
"""The port the server listens on unless told otherwise."""
DEFAULT_WEB_PORT = 8766
"""The port browsers join on (``--web``) unless told otherwise."""


class ListenError(OSError):
    """The server could not listen on its address: nothing was served."""


def say(text: str) -> None:
    """Print ``text`` for the teacher. Standard output that has gone away (a pipe whose
    reader has closed, ``serve | tee`` after Ctrl-C) is let go of: nothing more is
    printed, and the class goes on and is saved as ever."""
    try:
        print(printable(text), flush=True)
    except OSError:
        _let_go_of_stdout()


def _let_go_of_stdout() -> None:
    """Point standard output at nothing, so that neither a later print nor the flush at
    exit fails on a closed pipe."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def register(verbs: Any) -> None:
    """Add the server and client verbs."""
    serve = verbs.add_parser(
        "serve",
        help="run a class: every delegation on its own terminal or browser",
        description="Run one or more tables of a scenario for a class: each delegation "
        "joins from its own terminal (simulator join) or browser (--web) with its own code, "
        "the teacher joins the console with the teacher's code, and the projector shows the "
        "public view. The server is the only writer of each table's log. Tables wait, "
        "paused, until the teacher resumes them (or --start); the computer plays every seat "
        "nobody has joined. Stopped or killed, the same command takes every table up again "
        "with the same codes.",
        epilog="SCENARIO is a scenario file or a shipped scenario's name (default: "
        "quantum-classroom); with several, each gets --tables tables. The class is kept in "
        "the sessions folder under classes/NAME (default NAME: the scenarios and today's "
        "date). Exit status: 0 when stopped with Ctrl-C; 2 when the scenario, the class "
        "folder or the address cannot be used.",
    )
    serve.add_argument("scenarios", nargs="*", metavar="SCENARIO", help="scenario file or name")
    serve.add_argument(
        "--tables", type=positive, default=1, metavar="N", help="tables per scenario (default 1)"
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for the "
        "whole network)",
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any)"
    )
    serve.add_argument(
        "--codes", metavar="FILE", help="also write the join codes to FILE as JSON (mode 0600)"
    )
    serve.add_argument("--name", help="the class's name (its folder under the sessions folder)")
    serve.add_argument("--folder", metavar="DIR", help="keep the class in DIR instead")
    serve.add_argument("--seed", type=int, default=0, help="the tables' seed (default 0)")
    serve.add_argument("--rounds", type=positive, metavar="N", help="negotiation rounds")
    serve.add_argument(
        "--pace", type=float, default=1.0, help="seconds between computer moves (default 1)"
    )
    serve.add_argument(
        "--computer-chair",
        action="store_true",
        help="let the computer chair every table (the teacher can still act)",
    )
    serve.add_argument(
        "--start", action="store_true", help="start the tables at once instead of paused"
    )
    serve.add_argument(
        "--web", action="store_true", help="also serve the client to browsers (textual-serve)"
    )
    serve.add_argument(
        "--web-port",
        type=int,
        default=DEFAULT_WEB_PORT,
        help=f"port for browsers (default {DEFAULT_WEB_PORT})",
    )
    serve.set_defaults(run=_serve)

    join = verbs.add_parser(
        "join",
        help="join a class from this terminal",
        description="Join a session server (simulator serve) as a delegation, the teacher or "
        "the projector, depending on the code. Without --code, the client asks for it.",
        epilog="URL is what the server printed, e.g. ws://192.168.1.20:8765. Exit status: 0 "
        "when left with ctrl+q; 2 when the URL is not a server's address.",
    )
    join.add_argument("url", metavar="URL", help="the server's address (ws://HOST:PORT)")
    join.add_argument("--code", help="your join code")
    join.set_defaults(run=_join, terminal=True)


def _serve(args: argparse.Namespace) -> int:
    from simulator.engine.errors import LogError
    from simulator.net.classroom import ClassError, Classroom, TableSource, write_codes
    from simulator.net.server import SessionServer
    from simulator.scenario.loading import ScenarioError, load_scenario
    from simulator.storage.catalog import DEFAULT_SCENARIO, ScenarioNotFound, resolve
    from simulator.storage.sessions import sessions_folder

    names = args.scenarios or [DEFAULT_SCENARIO]
    sources = []
    for name in names:
        try:
            path = resolve(name)
            sources.append(TableSource(name, path, load_scenario(str(path))))
        except ScenarioNotFound as error:
            print(f"simulator: {printable(str(error))}", file=sys.stderr)
            return EXIT_INVALID
        except ScenarioError as error:
            for problem in error.problems:
                print(printable(str(problem)), file=sys.stderr)
            return EXIT_INVALID
    if args.folder:
        folder = Path(args.folder)
    else:
        label = args.name or "-".join([*(s.scenario.id for s in sources), date.today().isoformat()])
        safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in label)[:100]
        folder = sessions_folder() / "classes" / safe
    new_folder = not folder.exists()
    try:
        classroom, said = Classroom.open(
            folder,
            sources,
            per_scenario=args.tables,
            seed=args.seed,
            computer_chair=args.computer_chair,
            pace=max(0.0, args.pace),
            round_limit=args.rounds,
        )
    except (ClassError, LogError) as error:
        print(f"simulator: {printable(str(error))}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        print(f"simulator: {folder}: {error.strerror or error}", file=sys.stderr)
        return EXIT_INVALID
    for line in said:
        print(f"simulator: {printable(line)}", file=sys.stderr)
    new_codes = bool(args.codes) and not Path(args.codes).exists()
    if args.codes:
        try:
            write_codes(Path(args.codes), classroom.codes_json())
        except OSError as error:
            classroom.close()
            print(
                f"simulator: {args.codes}: cannot write ({error.strerror or error})",
                file=sys.stderr,
            )
            return EXIT_INVALID
        classroom.codes_file = Path(args.codes)
    server = SessionServer(classroom, say=say)
    if args.start:
        for host in classroom.hosts.values():
            host.paused = False
    try:
        asyncio.run(_run_server(server, args, folder))
    except ListenError as error:
        # Nothing was served: a class this command created is taken away again.
        if new_folder:
            shutil.rmtree(folder, ignore_errors=True)
        if new_codes:
            Path(args.codes).unlink(missing_ok=True)
        print(
            f"simulator: cannot listen on {args.host}:{args.port} ({error.strerror or error})",
            file=sys.stderr,
        )
        return EXIT_INVALID
    except KeyboardInterrupt:
        pass
    except OSError as error:
        # After the tables were served, a class is never taken away: every table is saved.
        print(
            f"simulator: the server stopped ({error.strerror or error}); every table is "
            f"saved in {folder}",
            file=sys.stderr,
        )
        return EXIT_INVALID
    return EXIT_OK


async def _run_server(server: Any, args: argparse.Namespace, folder: Path) -> None:
    loop = asyncio.get_running_loop()
    stopped = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stopped.set)
    try:
        port = await server.start(args.host, args.port)
    except OSError as error:
        server.classroom.close()
        raise ListenError(error.errno, error.strerror or str(error)) from error
    where = "localhost" if args.host in ("127.0.0.1", "::1") else args.host
    url = f"ws://{where}:{port}"
    web: subprocess.Popen[bytes] | None = None
    if args.web:
        web = _start_web(args.host, args.web_port, f"ws://127.0.0.1:{port}")
    _print_welcome(server.classroom, url, folder, args, web is not None)
    try:
        await stopped.wait()
    finally:
        say("Stopping: every table is saved.")
        if web is not None:
            web.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                web.wait(5)
        await server.stop()


def _print_welcome(
    classroom: Any, url: str, folder: Path, args: argparse.Namespace, web: bool
) -> None:
    codes = classroom.codes
    lines = [
        f"Serving {len(classroom.hosts)} table{'s' if len(classroom.hosts) != 1 else ''} at "
        f"{url}  (class kept in {folder})",
        f"Join from a terminal:  simulator join {url} --code CODE",
    ]
    if web:
        host = "localhost" if args.host in ("127.0.0.1", "::1") else args.host
        lines.append(f"Join from a browser:   http://{host}:{args.web_port}  (then type the code)")
    lines += ["", f"Teacher's console:  {codes.chair}", f"Projector:          {codes.projector}"]
    for table, seats in codes.tables.items():
        host = classroom.hosts[table]
        lines.append("")
        lines.append(f"Table {table} ({host.session.base.title}):")
        for seat, code in seats.items():
            lines.append(f"  {code}  {host.state.table.name(seat)}")
    paused = all(h.paused for h in classroom.hosts.values())
    lines.append("")
    if paused:
        lines.append(
            "The tables are paused: resume them from the teacher's console once the class has "
            "joined (the computer plays every seat nobody has joined)."
        )
    lines.append("Press Ctrl-C to stop (every table is saved; the same command takes it up again).")
    say("\n".join(lines))


def _start_web(host: str, port: int, url: str) -> subprocess.Popen[bytes]:
    """The browser side: textual-serve, in its own process, running ``simulator join URL``
    for each browser tab."""
    return subprocess.Popen(
        [sys.executable, "-m", "simulator.net.web", "--host", host, "--port", str(port), url],
        stdin=subprocess.DEVNULL,
    )


def _join(args: argparse.Namespace) -> int:
    from simulator.net.join import JoinApp

    if not args.url.startswith(("ws://", "wss://")):
        print(
            f"simulator: {printable(args.url)} is not a server address; give the ws://HOST:PORT "
            "that simulator serve printed",
            file=sys.stderr,
        )
        return EXIT_INVALID
    app = JoinApp(args.url, args.code)
    app.run()
    return app.return_code or EXIT_OK
