"""``simulator sessions``, ``replay`` and ``report``: saved sessions and scripted replays,
and the debriefs made from them."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from simulator.commands import EXIT_INVALID, EXIT_OK, EXIT_WARNINGS
from simulator.plaintext import printable


def register(verbs: Any) -> None:
    """Add the verbs for saved sessions, replays and reports."""
    sessions = verbs.add_parser(
        "sessions",
        help="list saved sessions",
        epilog="Exit status: 0 when listed (an empty or not yet made sessions folder lists "
        "nothing); 2 when the --folder named is missing or not a folder.",
        description="List the saved sessions: name, scenario, moves, last change, and whether "
        "each is finished. Sessions live in the user's data folder unless SIMULATOR_DATA "
        "names another.",
    )
    sessions.add_argument("--folder", metavar="DIR", help="list the sessions in DIR instead")
    sessions.set_defaults(run=_sessions)

    replay = verbs.add_parser(
        "replay",
        help="replay a script or a saved session headless",
        description="Replay a replay script (a YAML file, or the name of a shipped replay such as "
        "classroom-dialogue) or a saved session log (a .jsonl file or a saved session's name) "
        "and print its transcript. A saved session's name is taken before a shipped replay's.",
        epilog="Exit status: 0 when it replays (and with --check, meets its expectations); 1 "
        "when expectations are not met; 2 when the file is broken (a damaged log is replayed "
        "up to the damage, and still exits 2).",
    )
    replay.add_argument(
        "file", metavar="FILE", help="replay script, shipped replay name, log file or session name"
    )
    replay.add_argument(
        "--check", action="store_true", help="compare the outcome with the script's expectations"
    )
    replay.add_argument(
        "--json",
        action="store_true",
        help="print the outcome as JSON (the same object as run --json)",
    )
    replay.add_argument(
        "--step",
        action="store_true",
        help="print one move at a time, waiting for Enter between moves",
    )
    replay.add_argument(
        "--log",
        metavar="FILE",
        help="save the replayed session as a session log at FILE (refused if FILE exists)",
    )
    replay.add_argument(
        "--upgrade",
        action="store_true",
        help="print a format 1 replay script as format 2, with the ballot each vote's "
        "delegations cast under the earlier rules written out after each call for a vote "
        "(see docs/replay-format.md); redirect it to a new file and check it with --check",
    )
    replay.set_defaults(run=_replay)

    report = verbs.add_parser(
        "report",
        help="write the debrief of a session, or compare several tables",
        description="Write the debrief of a saved session or replay script: the outcome in "
        "the scenario's words, who played, what to talk about and the debrief's questions, "
        "the text, each delegation against its walk-away point, the confidential briefs "
        "revealed, who gave ground and when, the votes, who stood for and against each "
        "clause, the analysis in plain words and the transcript. With several logs (or a "
        "folder of logs) and --compare: one comparison of the tables for the plenary.",
    )
    report.add_argument(
        "files",
        metavar="LOG",
        nargs="+",
        help="log file, session name or replay script; with --compare, several, or a folder",
    )
    report.epilog = (
        "Exit status: 0 when written; 2 when a file is broken (a damaged log is reported "
        "up to the damage, and still exits 2), the output folder does not exist, or a PDF "
        "is asked for without WeasyPrint (the pdf extra) and the Pango libraries it needs."
    )
    report.add_argument(
        "--compare",
        action="store_true",
        help="compare the tables of several sessions of one scenario (implied by a folder)",
    )
    report.add_argument(
        "--format",
        choices=("md", "html", "pdf"),
        default=None,
        help="md (Markdown), html (one file with charts) or pdf (the same, laid out on paper; "
        "needs -o and the pdf extra: WeasyPrint); default: from -o's suffix, else md",
    )
    report.add_argument(
        "--paper",
        choices=("A4", "Letter"),
        default="A4",
        help="paper the HTML and PDF are laid out for when printed (A4)",
    )
    report.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (default: stdout); a file already there is replaced only with "
        "--force, and a session log or anything but a regular file never",
    )
    report.add_argument(
        "--force", action="store_true", help="replace the file -o names if one is there"
    )
    report.add_argument(
        "--parents", action="store_true", help="create -o's folder if it does not exist"
    )
    results = report.add_mutually_exclusive_group()
    results.add_argument(
        "--csv",
        action="store_true",
        help="the class's results for a gradebook instead: one CSV row per seat per table "
        "(of a class folder, a folder of logs, or the logs named)",
    )
    results.add_argument(
        "--json", action="store_true", help="the same results as a JSON array of objects"
    )
    report.set_defaults(run=_report)


def _upgrade(filename: str) -> int:
    from simulator.datafiles.located import DataFileError
    from simulator.replay.loading import upgrade_script

    try:
        text = upgrade_script(filename)
    except DataFileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    sys.stdout.write(text)
    return EXIT_OK


def _replay(args: argparse.Namespace) -> int:
    from simulator.commands.opened import open_named
    from simulator.datafiles.located import DataFileError
    from simulator.replay.loading import play_script
    from simulator.replay.opening import script_named
    from simulator.report.outcome import outcome_object
    from simulator.report.transcript import render_transcript

    if args.upgrade:
        return _upgrade(args.file)
    problems: list[str] = []
    damaged = False
    scenario_path: str | None = None
    script = script_named(args.file)
    if script is not None:
        try:
            replay = play_script(str(script))
        except DataFileError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            return EXIT_INVALID
        session = replay.session
        scenario_path = str(replay.scenario_path)
        problems = replay.unmet()
        if args.check and replay.script.expect is None:
            print(f"{args.file}: the script has no expectations to check", file=sys.stderr)
            return EXIT_INVALID
    else:
        opened = open_named(args.file)
        if opened is None:
            return EXIT_INVALID
        session, damaged = opened.session, opened.recovery is not None
        if args.check and not damaged:
            print(
                f"{args.file}: a saved log holds no expectations; it replays cleanly",
                file=sys.stderr,
            )
    if args.log and not _saved_as(session, Path(args.log), scenario_path):
        return EXIT_INVALID
    if args.json:
        print(json.dumps(outcome_object(session), ensure_ascii=False))
    elif args.step:
        _step(session)
    else:
        sys.stdout.write(render_transcript(session))
    if args.check:
        if problems:
            print(
                f"{args.file}: {len(problems)} expectation{'s' if len(problems) != 1 else ''} "
                "not met:",
                file=sys.stderr,
            )
            for line in problems:
                print(f"  {line}", file=sys.stderr)
            return EXIT_WARNINGS
        print(f"{args.file}: every expectation met", file=sys.stderr)
    return EXIT_INVALID if damaged else EXIT_OK


def _saved_as(session: Any, path: Path, scenario_path: str | None) -> bool:
    """Save ``session`` as a new log at ``path``; says why not and returns False."""
    from simulator.engine.errors import LogError
    from simulator.storage.sessions import save_log

    try:
        save_log(path, session, scenario_path=scenario_path)
    except FileExistsError:
        print(f"{path}: a file already exists there; choose another name", file=sys.stderr)
        return False
    except (OSError, LogError) as error:
        print(f"{path}: cannot save ({getattr(error, 'strerror', None) or error})", file=sys.stderr)
        return False
    return True


def _step(session: Any) -> None:
    from simulator.report.transcript import describe

    interactive = sys.stdin.isatty()
    table = session.state.table
    for number, move in enumerate(session.moves, start=1):
        said = describe(move, table, session.state_at(number - 1), chair=session.chair)
        print(f"{number:4d}. {said}")
        after, before = session.state_at(number), session.state_at(number - 1)
        for event in after.events[len(before.events) :]:
            print(f"      >> {event.text}")
        if interactive and number < session.move_count:
            try:
                input("      (Enter for the next move, Ctrl-C to stop) ")
            except EOFError:
                interactive = False


def _report(args: argparse.Namespace) -> int:
    from simulator.commands.report import report, results

    if args.csv or args.json:
        kind = "csv" if args.csv else "json"
        return results(args.files, kind, args.output, args.parents, force=args.force)
    return report(
        args.files,
        args.compare,
        args.format,
        args.output,
        args.parents,
        args.paper,
        force=args.force,
    )


def _sessions(args: argparse.Namespace) -> int:
    from simulator.storage.listing import list_sessions
    from simulator.storage.sessions import sessions_folder

    folder = Path(args.folder) if args.folder else sessions_folder()
    if args.folder:
        try:
            is_folder = folder.is_dir()
        except OSError as error:
            print(f"{printable(args.folder)}: {error.strerror}", file=sys.stderr)
            return EXIT_INVALID
        if not is_folder:
            what = "not a folder" if folder.exists() else "no such folder"
            print(f"{printable(args.folder)}: {what}", file=sys.stderr)
            return EXIT_INVALID
    listings = list_sessions(folder)
    if not listings:
        print(f"No saved sessions in {folder}")
        return EXIT_OK
    print(f"Saved sessions in {folder}:")
    width = max(len(item.name) for item in listings)
    for item in listings:
        changed = time.strftime("%Y-%m-%d %H:%M", time.localtime(item.changed))
        print(
            f"  {item.name:{width}}  {item.scenario:26}  {item.moves:5d} moves  {changed}  "
            f"{item.status}"
        )
    return EXIT_OK
