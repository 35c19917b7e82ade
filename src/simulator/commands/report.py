"""``simulator report``: the debrief of one session, or the comparison of several tables
for the plenary, as Markdown, one HTML page or a PDF."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simulator.commands import EXIT_INVALID, EXIT_OK

if TYPE_CHECKING:
    from simulator.report.pages import Paper


SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf"}
"""The format an output file's suffix implies (Markdown for any other)."""


def report(
    names: list[str],
    compare: bool,
    kind: str | None,
    output: str | None,
    parents: bool,
    paper: Paper = "A4",
    *,
    force: bool = False,
) -> int:
    """Write the debrief of ``names[0]``, or with ``compare`` (or a folder) the
    comparison of every session named, the HTML and PDF laid out for ``paper``; the
    exit status. A file at ``output`` is replaced only with ``force``; a session log or
    anything but a regular file never is."""
    from simulator.report.pdf import PdfUnavailable, pdf_writer
    from simulator.storage.sessions import output_refusal

    refusal = output_refusal(Path(output), force=force) if output else None
    if refusal is not None:
        print(f"{output}: {refusal}", file=sys.stderr)
        return EXIT_INVALID

    if kind is None:
        kind = SUFFIXES.get(Path(output).suffix.lower(), "md") if output else "md"
    if kind == "pdf" and not output:
        print("simulator report: a PDF is written to a file: add -o FILE.pdf", file=sys.stderr)
        return EXIT_INVALID
    try:
        to_pdf = pdf_writer() if kind == "pdf" else None
    except PdfUnavailable as error:
        print(f"simulator report: {error}", file=sys.stderr)
        return EXIT_INVALID
    logs = _expand(names)
    if logs is None:
        return EXIT_INVALID
    compare = compare or any(Path(name).is_dir() for name in names)
    if len(logs) > 1 and not compare:
        print(
            f"simulator report: {len(logs)} sessions named; add --compare to compare them, "
            "or name one to debrief it",
            file=sys.stderr,
        )
        return EXIT_INVALID
    if compare and len(logs) < 2:
        print("simulator report: --compare needs at least two sessions", file=sys.stderr)
        return EXIT_INVALID
    opened = []
    for name in logs:
        found = _open(name)
        if found is None:
            return EXIT_INVALID
        opened.append(found)
    html = kind != "md"
    text = _compared(opened, html, paper) if compare else _debriefed(opened[0], html, paper)
    if text is None:
        return EXIT_INVALID
    if not _deliver(text, output, parents, to_pdf=to_pdf):
        return EXIT_INVALID
    damaged = any(found[0].recovery is not None for found in opened)
    return EXIT_INVALID if damaged else EXIT_OK


def _deliver(
    text: str,
    output: str | None,
    parents: bool,
    *,
    to_pdf: Callable[[str], bytes] | None = None,
    said: str = "",
) -> bool:
    """Write ``text`` (as PDF with ``to_pdf``) to ``output``, or to the standard output
    without one; False after saying why it could not be written."""
    from simulator.report.files import MissingFolder, save_report

    if not output:
        sys.stdout.write(text)
        return True
    try:
        save_report(Path(output), to_pdf(text) if to_pdf else text, parents=parents)
    except MissingFolder as error:
        print(f"simulator report: {error}", file=sys.stderr)
        return False
    except OSError as error:
        print(f"{output}: cannot write ({error.strerror or error})", file=sys.stderr)
        return False
    print(f"wrote {output}{said}", file=sys.stderr)
    return True


def results(
    names: list[str], kind: str, output: str | None, parents: bool, *, force: bool = False
) -> int:
    """Write the class's results for a gradebook (``kind`` 'csv' or 'json'): one row per
    seat per table of the class folders, folders of logs and logs named; the exit
    status. ``output`` is replaced as ``report`` replaces one."""
    from simulator.net.classroom import ClassError, class_logs
    from simulator.storage.sessions import output_refusal

    refusal = output_refusal(Path(output), force=force) if output else None
    if refusal is not None:
        print(f"{output}: {refusal}", file=sys.stderr)
        return EXIT_INVALID
    from simulator.report.gradebook import (
        TableResult,
        gradebook_csv,
        gradebook_json,
        gradebook_rows,
    )

    named: list[tuple[str, str, dict[str, str] | None]] = []
    for name in names:
        path = Path(name)
        try:
            tables = class_logs(path) if path.is_dir() else None
        except ClassError as error:
            print(f"simulator report: {error}", file=sys.stderr)
            return EXIT_INVALID
        if tables is not None:
            named += [(table, str(log), dict(seats)) for table, log, seats in tables]
            continue
        logs = _expand([name])
        if logs is None:
            return EXIT_INVALID
        named += [(Path(log).stem, log, None) for log in logs]
    opened = []
    for _, name, _ in named:
        found = _open(name)
        if found is None:
            return EXIT_INVALID
        opened.append(found)
    played = [
        TableResult(table, found.session, seats)
        for (table, _, seats), (found, _) in zip(named, opened, strict=True)
    ]
    rows = gradebook_rows(played)
    text = gradebook_csv(rows) if kind == "csv" else gradebook_json(rows)
    if not _deliver(text, output, parents, said=f": {len(rows)} rows"):
        return EXIT_INVALID
    damaged = any(found.recovery is not None for found, _ in opened)
    return EXIT_INVALID if damaged else EXIT_OK


def _expand(names: list[str]) -> list[str] | None:
    """The sessions named: a folder stands for the logs in it, in name order."""
    logs: list[str] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found = sorted(str(p) for p in path.glob("*.jsonl"))
            if not found:
                print(f"{name}: no session logs (.jsonl) in this folder", file=sys.stderr)
                return None
            logs += found
        else:
            logs.append(name)
    return logs


def _open(name: str) -> tuple[Any, Any] | None:
    """The session ``name`` holds and where it was played, or None after saying why."""
    from simulator.commands.opened import open_named
    from simulator.report.files import sitting_of

    opened = open_named(name)
    if opened is None:
        return None
    sitting = sitting_of(opened.log_path) if opened.log_path is not None else None
    return opened, sitting


def _debriefed(found: tuple[Any, Any], html: bool, paper: Paper) -> str:
    from simulator.report.debrief import debrief
    from simulator.report.render import html_report, markdown

    opened, sitting = found
    report = debrief(opened.session, sitting)
    return html_report(report, paper) if html else markdown(report)


def _compared(found: list[tuple[Any, Any]], html: bool, paper: Paper) -> str | None:
    from simulator.report.compare import (
        TablesDiffer,
        comparison_html,
        comparison_markdown,
        tables_of,
    )

    try:
        tables = tables_of([(opened.session, sitting) for opened, sitting in found])
    except TablesDiffer as error:
        print(f"simulator report: {error}", file=sys.stderr)
        return None
    return comparison_html(tables, paper) if html else comparison_markdown(tables)
