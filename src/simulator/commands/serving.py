"""``simulator serve`` and ``simulator join``: a class on its own devices."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from simulator.commands import EXIT_INVALID, EXIT_OK, positive
from simulator.plaintext import printable

DEFAULT_PORT = 8765
"""The port the server listens on unless told otherwise."""


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
        "joins from its own browser (the printed link, or the page and its code) or "
        "terminal (simulator join) with its own code; several devices may share a seat. The "
        "teacher joins the console with the teacher's code, and the projector shows the "
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
        "--codes",
        metavar="FILE",
        help="also write the join codes and each code's link to FILE as JSON (mode 0600)",
    )
    serve.add_argument(
        "--slips",
        metavar="FILE",
        help="also write join slips to FILE: a page to print and cut, one slip per code with "
        "its QR code and link (HTML, mode 0600; written as the server starts)",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address devices reach the server at, for the printed links (e.g. "
        "http://class.example.org:8765); default: this machine's network address",
    )
    serve.add_argument("--name", help="the class's name (its folder under the sessions folder)")
    serve.add_argument("--folder", metavar="DIR", help="keep the class in DIR instead")
    serve.add_argument(
        "--seed",
        type=int,
        help="the class's seed: the confidential numbers the tables draw (default: a fresh "
        "draw for each new class, printed and kept in the class folder; give it again to "
        "play the same numbers)",
    )
    serve.add_argument(
        "--seed-per-table",
        action="store_true",
        help="give each table its own numbers (table N plays the seed + N - 1), so "
        "neighbouring tables cannot compare briefs",
    )
    serve.add_argument("--rounds", type=positive, metavar="N", help="negotiation rounds")
    serve.add_argument(
        "--pace", type=float, default=1.0, help="seconds between computer moves (default 1)"
    )
    serve.add_argument(
        "--chair",
        choices=("computer", "teacher"),
        default="computer",
        help="who chairs every table: the computer facilitator (default; the teacher can "
        "still act, and takes a table's chair from the console with one key) or the teacher",
    )
    serve.add_argument(
        "--computer-chair",
        dest="chair",
        action="store_const",
        const="computer",
        help=argparse.SUPPRESS,
    )
    serve.add_argument(
        "--grace",
        type=float,
        metavar="SECONDS",
        help="seconds a person's seat may stay empty (every device gone) before the computer "
        "plays it until a device joins again (default: a minute; the console can change it)",
    )
    serve.add_argument(
        "--start", action="store_true", help="start the tables at once instead of paused"
    )
    # browsers are always served on the server's own port; --web is kept so that older
    # class commands still run
    serve.add_argument("--web", action="store_true", help=argparse.SUPPRESS)
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
    import asyncio
    import shutil

    from simulator.engine.errors import LogError
    from simulator.net.classroom import ClassError, Classroom, TableSource, write_codes
    from simulator.net.links import page_addresses
    from simulator.net.server import SessionServer
    from simulator.scenario_files import ScenarioError, load_scenario
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
            computer_chair=args.chair == "computer",
            pace=max(0.0, args.pace),
            round_limit=args.rounds,
            seed_per_table=args.seed_per_table,
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
    if args.public_url and not args.public_url.startswith(("http://", "https://")):
        classroom.close()
        print(
            f"simulator: --public-url {printable(args.public_url)} is not an http:// or "
            "https:// address",
            file=sys.stderr,
        )
        return EXIT_INVALID
    if args.codes:
        try:
            classroom.page = page_addresses(args.host, args.port, args.public_url)[0]
            write_codes(Path(args.codes), classroom.codes_file_json())
        except OSError as error:
            classroom.close()
            print(
                f"simulator: {args.codes}: cannot write ({error.strerror or error})",
                file=sys.stderr,
            )
            return EXIT_INVALID
        classroom.codes_file = Path(args.codes)
    server = SessionServer(classroom, say=say)
    if args.grace is not None:
        server.grace = max(0.0, args.grace)
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
    import asyncio
    import signal
    import threading

    from simulator.net.classroom import write_codes
    from simulator.net.links import page_addresses

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
    if args.codes and port != args.port:  # port 0: the links name the port chosen
        server.classroom.page = page_addresses(args.host, port, args.public_url)[0]
        write_codes(Path(args.codes), server.classroom.codes_file_json())
    page = _slips_page(server.classroom, args, port)
    targets = [folder / "join-slips.html", *([Path(args.slips)] if args.slips else [])]
    written = []
    for target in targets:
        try:
            _write_private(target, page)
            written.append(target)
        except OSError as error:
            say(f"simulator: {target}: cannot write the slips ({error.strerror or error})")
    _print_welcome(server.classroom, folder, args, port, written)
    # the PDF takes seconds: made on a thread of its own that stopping never waits for
    # (the file is written whole or not at all)
    threading.Thread(target=_print_slips, args=(page, folder), daemon=True).start()
    try:
        with _collector_spared():
            await stopped.wait()
    finally:
        say("Stopping: every table is saved.")
        await server.stop()


@contextlib.contextmanager
def _collector_spared() -> Iterator[None]:
    """Keep what serving was set up with (modules, scenario models, pydantic's schemas,
    the tables' sessions) out of the garbage collector's passes, and run the passes over
    young objects less often. A full pass over all of it paused every table at once for
    up to 120 ms under load; the views made each move are freed as soon as the next is
    cut (they hold no cycles), so rarer passes let less of it grow old."""
    import gc

    before = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


_THRESHOLDS = (20_000, 20, 20)
"""The garbage collector's thresholds while serving (Python's are 700, 10, 10)."""


def _slips_page(classroom: Any, args: argparse.Namespace, port: int) -> str:
    """The class's join slips (every seat, the projector, the teacher) as one page, each
    with its link (the code in it) and the link's QR code."""
    from simulator.net.links import page_addresses
    from simulator.net.slips import Slip, slips_html

    codes = classroom.codes
    slips = []
    for table, seats in codes.tables.items():
        host = classroom.hosts[table]
        for seat, code in seats.items():
            slips.append(Slip(host.state.table.name(seat), f"Table {table}", code))
    slips.append(Slip("Projector", "The public view of every table", codes.projector))
    slips.append(Slip("Teacher", "The teacher's console (keep this one)", codes.chair))
    titles = sorted({h.session.base.title for h in classroom.hosts.values()})
    page = page_addresses(args.host, port, args.public_url)[0]
    return slips_html("; ".join(titles), page, slips)


def _write_private(path: Path, text: str | bytes) -> None:
    """Write ``path`` in one step, readable by the teacher alone (slips carry codes)."""
    from simulator.storage.files import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
    os.chmod(path, 0o600)


def _print_slips(page: str, folder: Path) -> None:
    """Write the join slips as ``join-slips.pdf`` too, where WeasyPrint loads (the pdf
    extra), and say so (nothing when there is no PDF to make)."""
    from simulator.report.pdf import PdfUnavailable, pdf_writer

    try:
        to_pdf = pdf_writer()
    except PdfUnavailable:
        return
    path = folder / "join-slips.pdf"
    try:
        _write_private(path, to_pdf(page))
        said = f"Join slips as PDF:    {path}"
    except Exception as error:  # a failed PDF leaves the HTML slips, and the class, alone
        said = f"Join slips not written as PDF: {path}: {error}"
    say(said)


def _print_welcome(
    classroom: Any, folder: Path, args: argparse.Namespace, port: int, slips: list[Path]
) -> None:
    from simulator.net.links import link, page_addresses, socket_address

    pages = page_addresses(args.host, port, args.public_url)
    page = pages[0]
    codes = classroom.codes
    count = len(classroom.hosts)
    lines = [
        f"Serving {count} table{'s' if count != 1 else ''} at {page}  (class kept in {folder})",
        f"Join from a browser:   {page}  (then type the code), or open a code's link",
    ]
    lines += [f"                       {other}" for other in pages[1:]]
    record = classroom.record
    each = ", one more at each further table" if record.seed_per_table else ""
    lines += [
        f"Join from a terminal:  simulator join {socket_address(page)} --code CODE",
        "",
        f"Seed {record.seed}{each} (kept in the class folder; --seed {record.seed} plays "
        "the same numbers in another class)",
        f"Print the packets and the join slips:  simulator packets --class {folder}",
        *(f"Join slips to print:  {path}" for path in slips),
        "",
        f"Teacher's console:  {codes.chair}  {link(page, codes.chair)}",
        f"Projector:          {codes.projector}  {link(page, codes.projector)}",
    ]
    for table, seats in codes.tables.items():
        host = classroom.hosts[table]
        lines.append("")
        lines.append(f"Table {table} ({host.session.base.title}, seed {host.session.seed}):")
        for seat, code in seats.items():
            lines.append(f"  {code}  {link(page, code)}  {host.state.table.name(seat)}")
    paused = all(h.paused for h in classroom.hosts.values())
    lines.append("")
    if paused:
        lines.append(
            "The tables are paused: resume them from the teacher's console once the class has "
            "joined (the computer plays every seat nobody has joined)."
        )
    lines.append("Press Ctrl-C to stop (every table is saved; the same command takes it up again).")
    say("\n".join(lines))


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
