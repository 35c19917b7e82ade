"""``simulator report``: the debrief of one session, or the comparison of several tables
for the plenary, as Markdown, one HTML page or a PDF."""

from __future__ import annotations

import sys
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
    from simulator.report.files import MissingFolder, save_report
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
    if output:
        try:
            save_report(Path(output), to_pdf(text) if to_pdf else text, parents=parents)
        except MissingFolder as error:
            print(f"simulator report: {error}", file=sys.stderr)
            return EXIT_INVALID
        except OSError as error:
            print(f"{output}: cannot write ({error.strerror or error})", file=sys.stderr)
            return EXIT_INVALID
        print(f"wrote {output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    damaged = any(found[0].recovery is not None for found in opened)
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
    from simulator.commands.records import open_any
    from simulator.report.files import sitting_of

    opened = open_any(name)
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
