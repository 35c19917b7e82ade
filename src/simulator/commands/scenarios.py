"""``simulator validate``, ``lint`` and ``schema``: working with scenario files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from simulator.commands import EXIT_INVALID, EXIT_OK, EXIT_WARNINGS


def register(verbs: Any) -> None:
    """Add the scenario-file verbs to the parser."""
    from simulator.lint_codes import LINT_CODES

    validate = verbs.add_parser(
        "validate",
        help="check scenario files and report every error",
        description="Check scenario files: their YAML, their fields and every cross-reference "
        "(terms, actors, values, rules, injects). Errors go to stderr as FILE:LINE:COL: message.",
        epilog="Exit status: 0 when every file is valid, 2 when any is not.",
    )
    validate.add_argument(
        "files", nargs="+", metavar="FILE", help="scenario files (YAML) or shipped scenario names"
    )
    validate.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing for valid files"
    )
    validate.set_defaults(run=_validate)

    lint = verbs.add_parser(
        "lint",
        help="advice for scenario authors",
        description="Validate scenario files, then warn about what an author would want to know: "
        "terms nobody cares about, delegations with no positions, content without a source, "
        "decision rules no draft could satisfy. Each file's decision rules are then spelled out "
        "in words, as the engine counts them.",
        epilog="Exit status: 0 when clean, 1 when there are only warnings, 2 when any file is "
        "invalid. Warning codes: " + ", ".join(sorted(LINT_CODES)),
    )
    lint.add_argument(
        "files", nargs="+", metavar="FILE", help="scenario files (YAML) or shipped scenario names"
    )
    lint.add_argument(
        "--seeds",
        metavar="DIR",
        help="folder of seed documents (*.txt): check that every source quote appears in its "
        "seed word for word",
    )
    lint.add_argument(
        "--ignore",
        metavar="CODE",
        action="append",
        default=[],
        help="leave out warnings with this code (repeat it, or separate codes with commas), "
        "e.g. --ignore missing-source for a scenario with no seed documents",
    )
    lint.add_argument(
        "--select",
        metavar="CODE",
        action="append",
        default=[],
        help="report only warnings with this code (repeat it, or separate codes with commas)",
    )
    lint.set_defaults(run=_lint)

    packets = verbs.add_parser(
        "packets",
        help="write printable role packets and a facilitator guide",
        description="Write, for each delegation of a scenario, a printable packet (the "
        "background every delegation shares, then its confidential brief: priorities, score "
        "sheet, limits, walk-away point, lines to play from), and one facilitator guide "
        "(learning objectives, timing plans, seating, injects, an answer key from the exact "
        "analysis, debrief questions). Each is written as HTML laid out for printing and as "
        "Markdown (and with --pdf as PDF); all-packets.html holds every packet, one per sheet.",
        epilog="Exit status: 0 when written, 2 when the scenario is invalid, the folder "
        "cannot be written, or --pdf is asked for without WeasyPrint (the pdf extra) and "
        "the Pango libraries it needs.",
    )
    packets.add_argument(
        "scenario", metavar="SCENARIO", nargs="?", help="scenario file or shipped name"
    )
    packets.add_argument(
        "--class",
        dest="class_folder",
        metavar="FOLDER",
        help="print for the class simulator serve keeps in FOLDER instead: its scenario "
        "with its seed (a folder per table when the tables play different numbers), and its "
        "join slips",
    )
    packets.add_argument(
        "-o",
        "--output",
        metavar="DIR",
        help="folder to write to, made if missing (default: SCENARIO-packets in the current "
        "folder, as the start screen's Packets… writes)",
    )
    packets.add_argument(
        "--paper", choices=("A4", "Letter"), default="A4", help="paper to lay out for (A4)"
    )
    packets.add_argument(
        "--pdf",
        action="store_true",
        help="write a PDF beside each HTML file (needs the pdf extra: WeasyPrint)",
    )
    packets.add_argument(
        "--seed",
        type=int,
        default=0,
        help="the seed of the table the packets are for: a scenario that varies between "
        "tables draws each delegation's confidential numbers from it, so print each table's "
        "packets with the seed its session will use (default 0)",
    )
    packets.add_argument(
        "--parents",
        action="store_true",
        help="accepted for older scripts: DIR and its parents are always made",
    )
    packets.add_argument("--force", action="store_true", help="replace packets already in DIR")
    packets.set_defaults(run=_packets)

    schema = verbs.add_parser(
        "schema",
        help="print the JSON Schema of scenario files",
        description="Print the JSON Schema of the scenario file format, for editors that "
        "complete and check YAML (e.g. with a '# yaml-language-server: $schema=...' line).",
    )
    schema.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of stdout (a file already there only with --force)",
    )
    schema.add_argument(
        "--force", action="store_true", help="replace the file -o names if one is there"
    )
    schema.set_defaults(run=_schema)


def _scenario_file(name: str) -> str:
    """The file a command-line argument names: itself when it is a path, else the shipped
    scenario of that name (a name that is neither is left for the loader to report)."""
    from pathlib import Path

    from simulator.storage.catalog import ScenarioNotFound, resolve

    if Path(name).exists() or name.endswith((".yaml", ".yml")):
        return name
    try:
        return str(resolve(name))
    except ScenarioNotFound:
        return name


def _validate(args: argparse.Namespace) -> int:
    from simulator.scenario_files import ScenarioError, load_scenario

    status = EXIT_OK
    for filename in map(_scenario_file, args.files):
        try:
            scenario = load_scenario(filename)
        except ScenarioError as error:
            status = EXIT_INVALID
            for problem in error.problems:
                print(problem, file=sys.stderr)
            count = len(error.problems)
            print(
                f"{filename}: invalid ({count} problem{'s' if count != 1 else ''})", file=sys.stderr
            )
            continue
        if not args.quiet:
            print(
                f"{filename}: ok ({scenario.id}: {len(scenario.terms)} terms, "
                f"{len(scenario.actors)} actors, {len(scenario.injects)} injects)"
            )
    return status


def _lint(args: argparse.Namespace) -> int:
    from simulator.scenario_files import lint_file, read_seeds

    chosen = _chosen_codes(args.select, args.ignore)
    if isinstance(chosen, str):
        print(f"simulator lint: {chosen}", file=sys.stderr)
        return EXIT_INVALID
    seeds = None
    if args.seeds:
        try:
            seeds = read_seeds(args.seeds)
        except OSError as error:
            print(f"{args.seeds}: cannot read the seeds folder ({error.strerror})", file=sys.stderr)
            return EXIT_INVALID
    status = EXIT_OK
    for filename in map(_scenario_file, args.files):
        scenario, problems = lint_file(filename, seeds)
        problems = [p for p in problems if p.severity == "error" or p.code in chosen]
        for problem in problems:
            if problem.severity == "error":
                print(problem, file=sys.stderr)
            else:  # with its code, for --ignore and --select
                print(f"{problem} [{problem.code}]")
        if scenario is None:
            status = EXIT_INVALID
            print(f"{filename}: invalid", file=sys.stderr)
        elif problems:
            status = max(status, EXIT_WARNINGS)
            print(f"{filename}: {len(problems)} warning{'s' if len(problems) != 1 else ''}")
        else:
            print(f"{filename}: clean")
        if scenario is not None:
            for line in scenario.rules_in_words():
                print(f"  {line}")
    return status


def _chosen_codes(select: list[str], ignore: list[str]) -> set[str] | str:
    """The warning codes lint reports with these options, or why the options are wrong."""
    from simulator.lint_codes import LINT_CODES

    def codes(given: list[str]) -> list[str]:
        return [code.strip() for item in given for code in item.split(",") if code.strip()]

    unknown = sorted({c for c in codes(select) + codes(ignore) if c not in LINT_CODES})
    if unknown:
        return (
            f"unknown warning code{'s' if len(unknown) > 1 else ''} {', '.join(unknown)} "
            f"(the codes: {', '.join(sorted(LINT_CODES))})"
        )
    return (set(codes(select)) or set(LINT_CODES)) - set(codes(ignore))


def _schema(args: argparse.Namespace) -> int:
    from pathlib import Path

    from simulator.scenario.schema import scenario_schema_text
    from simulator.storage.files import write_atomic
    from simulator.storage.sessions import output_refusal

    text = scenario_schema_text()
    if args.output:
        refusal = output_refusal(Path(args.output), force=args.force)
        if refusal is not None:
            print(f"{args.output}: {refusal}", file=sys.stderr)
            return EXIT_INVALID
        try:
            write_atomic(args.output, text)
        except OSError as error:
            print(f"{args.output}: cannot write ({error.strerror or error})", file=sys.stderr)
            return EXIT_INVALID
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _packets(args: argparse.Namespace) -> int:
    from simulator.report.pdf import PdfUnavailable, pdf_writer

    try:
        to_pdf = pdf_writer() if args.pdf else None
    except PdfUnavailable as error:
        print(f"simulator packets: {error}", file=sys.stderr)
        return EXIT_INVALID
    if args.class_folder:
        return _class_packets(args, to_pdf)
    if not args.scenario:
        print("simulator packets: name a SCENARIO, or a class with --class", file=sys.stderr)
        return EXIT_INVALID
    return _scenario_packets(args, args.scenario, args.seed, args.output, to_pdf)


def _class_packets(args: argparse.Namespace, to_pdf: Any) -> int:
    """The packets of every table of a class, and its join slips beside them."""
    import shutil

    from simulator.net.classroom import ClassError, class_seeds

    folder = Path(args.class_folder)
    try:
        tables = class_seeds(folder)
    except ClassError as error:
        print(f"simulator packets: {error}", file=sys.stderr)
        return EXIT_INVALID
    out = Path(args.output or f"{folder.name}-packets")
    alike: dict[tuple[str, int], list[str]] = {}
    for table, scenario, seed in tables:
        alike.setdefault((scenario, seed), []).append(table)
    for (scenario, seed), names in alike.items():
        where = out if len(alike) == 1 else out / "-".join(names)
        status = _scenario_packets(args, scenario, seed, str(where), to_pdf)
        if status != EXIT_OK:
            return status
    for slips in ("join-slips.html", "join-slips.pdf"):
        if (folder / slips).is_file():
            try:
                shutil.copyfile(folder / slips, out / slips)
                (out / slips).chmod(0o600)  # the codes are the keys to the seats
            except OSError as error:
                print(f"{out / slips}: cannot write ({error.strerror})", file=sys.stderr)
                return EXIT_INVALID
            print(f"{out}: the class's join slips ({slips})")
    return EXIT_OK


def _scenario_packets(
    args: argparse.Namespace, name: str, seed: int, output: str | None, to_pdf: Any
) -> int:
    from simulator.report.packets import write_packets
    from simulator.scenario_files import ScenarioError, load_scenario

    try:
        scenario = load_scenario(_scenario_file(name)).variant(seed)
    except ScenarioError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    folder = Path(output or f"{scenario.id}-packets")
    if folder.exists() and not folder.is_dir():
        print(f"{folder}: is not a folder", file=sys.stderr)
        return EXIT_INVALID
    try:
        write_packets(scenario, folder, args.paper, force=args.force, to_pdf=to_pdf)
    except FileExistsError as error:
        print(f"{folder}: {error}; add --force to replace them", file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        print(f"{folder}: cannot write ({error.strerror})", file=sys.stderr)
        return EXIT_INVALID
    kinds = "HTML, Markdown and PDF" if to_pdf else "HTML and Markdown"
    count = len(scenario.voters())
    print(
        f"{folder}: wrote the facilitator guide, the chair's packet, the run sheet, the primer "
        f"and {count} packets ({kinds})"
    )
    return EXIT_OK
