"""The shipped scenarios: valid, lint-clean, sourced from the seeds, schema kept in sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenario.schema import scenario_schema_text
from simulator.scenario.sources import normalise, sources
from simulator.scenario_files import lint_file, load_scenario, read_seeds
from tests.conftest import SCENARIOS, SEEDS

SHIPPED = sorted(SCENARIOS.glob("*.yaml"))
SCHEMA_FILE = SCENARIOS / "schema" / "scenario.schema.json"
SCHEMA_LINE = "# yaml-language-server: $schema=schema/scenario.schema.json"


def test_four_scenarios_ship() -> None:
    """The classroom default and the three seed scenarios are shipped."""
    assert {path.stem for path in SHIPPED} >= {
        "quantum-classroom",
        "human-rights-workshop",
        "standards-first",
        "quantum-treaty-conference",
    }


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_is_valid_and_lint_clean(path: Path) -> None:
    """Every shipped scenario loads and has no lint warnings."""
    scenario, problems = lint_file(str(path))
    assert scenario is not None
    assert [str(p) for p in problems] == []
    assert scenario.id == path.stem


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_points_editors_at_schema(path: Path) -> None:
    """Every shipped scenario starts with the yaml-language-server schema line."""
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


def test_checked_in_schema_is_current() -> None:
    """The checked-in JSON Schema equals what `simulator schema` prints.

    Regenerate it with:
    simulator schema --force -o scenarios/schema/scenario.schema.json
    """
    assert SCHEMA_FILE.read_text(encoding="utf-8") == scenario_schema_text()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_position_quote_and_inject_has_a_source(path: Path) -> None:
    """Every position, persona quote and inject says where in the seeds it comes from."""
    scenario = load_scenario(str(path))
    for actor in scenario.actors:
        for term_id, position in actor.positions.items():
            assert position.source is not None, f"{actor.id}.{term_id}"
        for quote in actor.persona.quotes:
            assert quote.source is not None, actor.id
    for inject in scenario.injects:
        assert inject.source is not None, inject.id


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the checkout")
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_quote_is_in_its_seed(path: Path) -> None:
    """Every source quote appears word for word in the seed document it names."""
    scenario, problems = lint_file(str(path), read_seeds(str(SEEDS)))
    assert scenario is not None
    assert [str(p) for p in problems] == []
    assert len(list(sources(scenario))) > 20


def test_default_scenario_is_the_classroom() -> None:
    """The default scenario seats the seven delegations of the dialogue and Dr. Chen, with
    the terms the dialogue argues over (8 to 14, among them migration and adaptation,
    control of quantum infrastructure and an adaptive review clause) and the mediator's
    two edge cases as injects."""
    scenario = load_scenario(str(SCENARIOS / "quantum-classroom.yaml"))
    assert [a.name for a in scenario.voters()] == [
        "United States",
        "China",
        "Russia",
        "Iran",
        "Israel",
        "Ukraine",
        "Mexico",
    ]
    assert scenario.rules.moderator == "chen"
    assert 8 <= len(scenario.terms) <= 14
    assert {"migration_adaptation", "infrastructure", "adaptive_review"} <= {
        term.id for term in scenario.terms
    }
    titles = " ".join(inject.title for inject in scenario.injects).lower()
    assert "non-state actor" in titles
    assert "uninhabitable" in titles


# Which kind of words each seed holds: the dialogue is speakers' words, the 2024 outcome
# document a summary, the two articles an argument; the 2025 session report is a speaker's
# words inside its transcript and a generated summary everywhere else.
ARTICLES = {"003_dce3eaf6166d23c5.txt", "004_d12526f3caa4185f.txt"}
OUTCOME_DOCUMENT = "001_2e5a312722026cfd.txt"
SESSION_REPORT = "000_e45bd38ebe58c0df.txt"


def _transcript(text: str) -> str:
    """The session report's transcript: from its heading to the first speaker statistics."""
    start = text.index("Session transcript")
    return normalise(text[start : text.index("Speech speed", start)])


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the checkout")
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_source_says_whose_words_it_quotes(path: Path) -> None:
    """A source quoting an article is marked as its argument, one quoting a session
    summary or outcome document as a summary, and only words someone said as a speaker's."""
    transcript = _transcript((SEEDS / SESSION_REPORT).read_text(encoding="utf-8"))
    for where, source in sources(load_scenario(str(path))):
        if source.kind == "critique":
            continue
        if source.seed in ARTICLES:
            expected = "argument"
        elif source.seed == OUTCOME_DOCUMENT:
            expected = "summary"
        elif source.seed == SESSION_REPORT:
            expected = "speaker" if normalise(source.quote) in transcript else "summary"
        else:
            expected = "speaker"
        assert source.kind == expected, (where, source.quote)


# Who speaks for each seat of the human-rights workshop in the session's transcript.
WORKSHOP_SPEAKERS = {
    "chair": {"Xianhong Hu"},
    # The moderator speaks for UNESCO, whose programme this seat is.
    "ifap": {"Shamira Ahmed", "Guilherme Canela de Souza Godoi", "Xianhong Hu"},
    "sciences_po": {"Constance Bommelaer de Leusse"},
    "delft": {"Pieter Vermaas"},
    "press_freedom": {"Elodie Vialle"},
    "ig_veterans": {"Wolfgang Kleinwachter", "Chris Buckridge"},
    "global_south": {"Jandhyala Prabhakar Rao"},
    "industry": set(),
    "quantum_states": set(),
}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside the checkout")
def test_a_seat_is_only_given_its_own_speakers_words() -> None:
    """Every passage of the session transcript quoted as a seat's own words (``speaker``)
    was said by one of the people that seat stands for, never by another seat's speaker."""
    text = (SEEDS / SESSION_REPORT).read_text(encoding="utf-8")
    said: dict[str, list[str]] = {}
    for line in text[text.index("Session transcript") : text.index("Speech speed")].splitlines():
        name, colon, words = line.partition(": ")
        if colon:
            said.setdefault(name.strip(), []).append(normalise(words))
    scenario = load_scenario(str(SCENARIOS / "human-rights-workshop.yaml"))
    wrong = []
    for where, source in sources(scenario):
        if source.seed != SESSION_REPORT or source.kind != "speaker" or where[0] != "actors":
            continue
        actor = scenario.actors[int(where[1])].id
        speakers = {
            n for n, lines in said.items() if any(normalise(source.quote) in x for x in lines)
        }
        if not speakers & WORKSHOP_SPEAKERS[actor]:
            wrong.append((actor, sorted(speakers), source.quote))
    assert wrong == [], "\n".join(map(str, wrong))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_invented_roles_say_so_in_their_briefs(path: Path) -> None:
    """A role marked invented tells whoever plays it, in its brief and its summary."""
    for actor in load_scenario(str(path)).actors:
        if actor.invented:
            assert "invented" in actor.brief.lower(), actor.id
            assert "invented" in actor.summary.lower(), actor.id
