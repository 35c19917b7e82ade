"""PDF packets, guide and debrief: laid out by WeasyPrint on the paper asked for, and a
clear refusal, with nothing written, when WeasyPrint or its libraries are missing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from simulator.cli import main
from simulator.report import pdf
from simulator.report.packets import guide, packet
from simulator.report.pages import page_html
from simulator.scenario_files import load_scenario
from simulator.storage.catalog import resolve


def _weasyprint_loads() -> bool:
    """Whether WeasyPrint and the system libraries it draws text with load here."""
    try:
        pdf.pdf_writer()
    except pdf.PdfUnavailable:
        return False
    return True


needs_pango = pytest.mark.skipif(
    not _weasyprint_loads(),
    reason="WeasyPrint cannot load here: the Pango libraries it draws text with are missing",
)

A4 = (210, 297)
LETTER = (215.9, 279.4)
"""Paper sizes in millimetres."""


def rendered(html: str) -> Any:
    """WeasyPrint's laid-out document of a page, as ``pdf_writer`` lays it out."""
    import weasyprint

    return weasyprint.HTML(string=html).render()


def size_mm(page: Any) -> tuple[float, float]:
    return (round(page.width * 25.4 / 96, 1), round(page.height * 25.4 / 96, 1))


def delegations() -> list[str]:
    return [a.id for a in load_scenario(str(resolve("quantum-classroom"))).voters()]


def laid_out_by_the_writer(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """WeasyPrint's laid-out documents of the pages the commands turn into PDF from now
    on, by the page's HTML: the very layouts the PDFs were written from."""
    import weasyprint

    documents: dict[str, Any] = {}
    page: list[str] = []
    writer, render = pdf.pdf_writer, weasyprint.HTML.render

    def recording_writer() -> Any:
        write = writer()

        def recorded(html: str) -> bytes:
            page[:] = [html]
            return write(html)

        return recorded

    def recording_render(self: Any, *args: Any, **kwargs: Any) -> Any:
        document = render(self, *args, **kwargs)
        documents[page[0]] = document
        return document

    monkeypatch.setattr(pdf, "pdf_writer", recording_writer)
    monkeypatch.setattr(weasyprint.HTML, "render", recording_render)
    return documents


@needs_pango
def test_packets_pdf_beside_each_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--pdf writes a PDF beside every HTML file, laid out on the paper asked for: each
    packet is the background on its own sheets and the brief on its own, and every
    packet together is as many pages as the packets one by one."""
    out = tmp_path / "packets"
    args = ["packets", "quantum-classroom", "-o", str(out), "--parents", "--pdf"]
    documents = laid_out_by_the_writer(monkeypatch)
    assert main([*args, "--paper", "Letter"]) == 0
    assert "HTML, Markdown and PDF" in capsys.readouterr().out
    htmls = sorted(p.stem for p in out.glob("*.html"))
    assert htmls == sorted(p.stem for p in out.glob("*.pdf"))
    assert htmls == sorted(["guide", "chair", "run-sheet", "primer", "all-packets", *delegations()])
    for name in htmls:
        data = (out / f"{name}.pdf").read_bytes()
        assert data.startswith(b"%PDF-")
        assert data.rstrip().endswith(b"%%EOF")
    pages = {name: documents[(out / f"{name}.html").read_text()].pages for name in htmls}
    assert all(size_mm(page) == LETTER for document in pages.values() for page in document)
    assert 2 <= len(pages["guide"]) <= 8
    for actor in delegations():
        assert 3 <= len(pages[actor]) <= 10, (actor, len(pages[actor]))
    assert len(pages["all-packets"]) == sum(len(pages[a]) for a in delegations())


@needs_pango
def test_paper_sets_the_page_size() -> None:
    """The guide on A4 and on Letter: each page the size of its paper, the shorter
    Letter sheet holding no more than A4 does."""
    scenario = load_scenario(str(resolve("quantum-classroom")))
    a4 = rendered(page_html("Guide", guide(scenario), "A4")).pages
    letter = rendered(page_html("Guide", guide(scenario), "Letter")).pages
    assert {size_mm(page) for page in a4} == {A4}
    assert {size_mm(page) for page in letter} == {LETTER}
    assert len(letter) >= len(a4) >= 2


@needs_pango
def test_writer_makes_a_pdf_of_a_packet() -> None:
    """The writer the commands use turns a packet into a PDF document."""
    scenario = load_scenario(str(resolve("quantum-classroom")))
    data = pdf.pdf_writer()(page_html("USA", packet(scenario, "usa")))
    assert data.startswith(b"%PDF-")
    assert len(data) > 10_000


@needs_pango
def test_report_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A debrief goes to PDF by -o's suffix or --format pdf, on the paper asked for; a
    PDF is never written to the terminal."""
    by_suffix = tmp_path / "debrief.pdf"
    assert main(["report", "classroom-dialogue", "-o", str(by_suffix)]) == 0
    assert by_suffix.read_bytes().startswith(b"%PDF-")
    named = tmp_path / "debrief.out"
    args = ["report", "classroom-dialogue", "-o", str(named), "--format", "pdf"]
    assert main([*args, "--paper", "Letter"]) == 0
    assert named.read_bytes().startswith(b"%PDF-")
    capsys.readouterr()
    assert main(["report", "classroom-dialogue", "--format", "pdf"]) == 2
    captured = capsys.readouterr()
    assert "-o FILE.pdf" in captured.err
    assert not captured.out


def test_long_tables_break_between_rows_and_short_ones_do_not() -> None:
    """A score sheet (one row per text of every term) may run over sheets, its rows
    whole; a timing plan is kept on one sheet."""
    scenario = load_scenario(str(resolve("quantum-classroom")))
    sheet = page_html("USA", packet(scenario, "usa"))
    assert sheet.count("<table>") == 1
    assert '<table class="short">' not in sheet
    plans = page_html("Guide", guide(scenario))
    assert plans.count('<table class="short">') >= 3


@pytest.mark.parametrize("command", ["packets", "report"])
def test_without_weasyprint(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without WeasyPrint: exit 2, what to install (the extra and the Debian packages),
    no traceback, and nothing written."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    out = tmp_path / "out"
    if command == "packets":
        status = main(["packets", "quantum-classroom", "-o", str(out), "--parents", "--pdf"])
    else:
        status = main(["report", "classroom-dialogue", "-o", str(out / "x.pdf"), "--parents"])
    assert status == 2
    err = capsys.readouterr().err
    assert "WeasyPrint, which is not installed" in err
    assert "pip install 'quantum-negotiation-simulator[pdf]'" in err
    assert "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_without_pango(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """WeasyPrint installed but the system's Pango missing (its import fails to load the
    library): the same refusal, naming the library, into a folder left as it was."""

    def missing() -> None:
        raise OSError("cannot load library 'libpango-1.0-0': no such file")

    monkeypatch.setattr(pdf, "_load", missing)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["packets", "quantum-classroom", "-o", str(out), "--pdf"]) == 2
    err = capsys.readouterr().err
    assert "cannot load a system library (cannot load library 'libpango-1.0-0'" in err
    assert "apt install libpango-1.0-0" in err
    assert list(out.iterdir()) == []
