"""Role packets and the facilitator guide: golden Markdown for the mini scenario, HTML
that escapes scenario text, and the command's care with folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from simulator.cli import main
from simulator.report.packets import guide, packet
from simulator.report.pages import page_html, page_markdown
from simulator.scenario_files import load_scenario_text
from tests.conftest import SEEDS, base

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def mini(**changes: object) -> object:
    data = base()
    data.update(changes)
    return load_scenario_text(yaml.safe_dump(data, sort_keys=False), "mini.yaml")


def test_golden_packet_and_guide() -> None:
    """The mini scenario's packet for the United States and its guide, as Markdown."""
    scenario = mini(learning_objectives=["See how red lines shape a deal."])
    check_golden("packet-mini-usa.md", page_markdown(packet(scenario, "usa")))  # type: ignore[arg-type]
    check_golden("guide-mini.md", page_markdown(guide(scenario)))  # type: ignore[arg-type]


def test_score_sheet_adds_up_to_the_utility() -> None:
    """The score sheet's points for a text's terms add up to the delegation's
    satisfaction with that text, out of 100."""
    scenario = mini()
    text = page_markdown(packet(scenario, "china"))  # type: ignore[arg-type]
    rows = [line.split("|") for line in text.splitlines() if line.startswith("| ")]
    points = {(r[1].strip(), r[2].strip()): r[3].strip() for r in rows if len(r) > 4}
    mutual = float(points[("Verification", "Mutual monitoring")].split()[0])
    year = float(points[("Migration deadline", "2035")].split()[0])
    assert mutual + year == pytest.approx(100, abs=0.11)  # both at China's ideals


def test_html_escapes_scenario_text() -> None:
    """A delegation named with markup comes out as text, never as HTML or Markdown."""
    data = base()
    data["actors"][0]["name"] = "<script>alert(1)</script> *United* [States](x)"
    scenario = load_scenario_text(yaml.safe_dump(data, sort_keys=False), "evil.yaml")
    html = page_html("t", packet(scenario, "usa"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<em>United</em>" not in html
    assert 'href="x"' not in html
    assert "@page { size: A4" in html


def test_packets_command_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing folder is made (and its parents); without -o the packets go to
    SCENARIO-packets in the current folder; a file in the folder's place is refused;
    existing packets are replaced only with --force; every delegation gets a packet."""
    out = tmp_path / "class" / "packets"
    assert main(["packets", "quantum-classroom", "-o", str(out), "--paper", "Letter"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert "guide.html" in names
    assert "all-packets.html" in names
    assert "usa.md" in names
    assert "size: Letter" in (out / "usa.html").read_text()
    before = (out / "usa.md").read_text()
    assert main(["packets", "quantum-classroom", "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["packets", "quantum-classroom", "-o", str(out), "--force"]) == 0
    assert (out / "usa.md").read_text() == before
    monkeypatch.chdir(tmp_path)
    assert main(["packets", "quantum-classroom"]) == 0
    assert (tmp_path / "quantum-classroom-packets" / "usa.md").read_text() == before
    (tmp_path / "a-file").write_text("not a folder")
    assert main(["packets", "quantum-classroom", "-o", str(tmp_path / "a-file")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_packets_are_for_the_table_of_a_seed(tmp_path: Path) -> None:
    """A scenario that varies between tables prints each table's own numbers: the walk-away
    point in a packet made with --seed is the one a session with that seed plays with."""
    from simulator.engine.session import Session
    from simulator.scenario_files import load_scenario
    from simulator.storage.catalog import resolve

    seeds = (0, 5)
    for seed in seeds:
        assert main(["packets", "quantum-classroom", "-o", str(tmp_path / str(seed)),
                     "--parents", "--seed", str(seed)]) == 0  # fmt: skip
    table = Session(load_scenario(str(resolve("quantum-classroom"))), seed=5).state.table
    points = round(table.actors["usa"].reservation * 100)
    assert f"less than **{points} points**" in (tmp_path / "5" / "usa.md").read_text()
    assert (tmp_path / "0" / "usa.md").read_text() != (tmp_path / "5" / "usa.md").read_text()


def test_source_credits_read_as_the_documents_title() -> None:
    """A quoted line is credited to its document's title (a summary's and an article's
    words said to be theirs), never to the seed's file name."""
    from simulator.scenario.common import Source
    from simulator.scenario_files import load_scenario
    from simulator.storage.catalog import resolve

    scenario = load_scenario(str(resolve("quantum-classroom")))
    title = "International Quantum Computing Summit: A Diplomatic Classroom"
    text = page_markdown(packet(scenario, "china"))
    assert f"({title})" in text
    assert ".txt" not in text
    seed = "002_f09384524e7f2467.txt"
    summary = Source(seed=seed, quote="abc", kind="summary")
    assert scenario.cite(summary) == f"the summary in {title}"
    assert scenario.cite(Source(seed=seed, quote="abc", kind="argument")) == (
        f"the argument of {title}"
    )
    assert scenario.cite(Source(seed="other.txt", quote="abc")) == "other.txt"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the checkout")
def test_every_primer_quote_is_in_its_seed() -> None:
    """The primer quotes the seed documents word for word, and credits each quote to a
    document the project was drawn from."""
    from simulator.report.primer import DOCUMENTS, TOPICS
    from simulator.scenario.sources import normalise

    quotes = [quote for topic in TOPICS for quote in topic.quotes]
    assert len(quotes) >= 6
    for quote in quotes:
        assert quote.seed in DOCUMENTS
        text = normalise((SEEDS / quote.seed).read_text(encoding="utf-8"))
        assert normalise(quote.text) in text, quote.text


def test_a_packet_holds_the_primer_the_context_and_the_relationships() -> None:
    """A classroom packet has the shared primer (what a quantum computer could break,
    post-quantum cryptography, harvest now / decrypt later, dual use), the delegation's
    context, its relationships from the scenario's trust values, and each limit once."""
    from simulator.scenario_files import load_scenario
    from simulator.storage.catalog import resolve

    scenario = load_scenario(str(resolve("quantum-classroom")))
    text = page_markdown(packet(scenario, "ukraine"))
    for heading in (
        "What a quantum computer could break",
        "Post-quantum cryptography",
        "Harvest now, decrypt later",
        "Dual use",
    ):
        assert f"### {heading}" in text
    ukraine = scenario.actor("ukraine")
    assert ukraine is not None
    assert ukraine.summary in text
    relations = text.split("### Your relationships")[1].split("###")[0]
    assert "- **Russia**: distrust (0.05)" in relations
    assert relations.index("United States") < relations.index("Russia")
    limits = text.split("### Your limits")[1].split("###")[0]
    assert limits.count("**Verification**") == 1
    assert "never anything below" in limits
