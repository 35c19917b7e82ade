"""Lint checks that keep scenario content true to its sources: one rule per test, the
rule in the docstring."""

from __future__ import annotations

from typing import Any, get_args

import yaml

from simulator.report.sections import WHOSE
from simulator.scenario.common import SourceKind
from simulator.scenario.lint import is_sentence, lint_scenario
from simulator.scenario.problems import Problem
from simulator.scenario_files import load_scenario_text
from tests.conftest import base, problems

SEED = "002_f09384524e7f2467.txt"


def source(quote: str, kind: str | None = None) -> dict[str, str]:
    data = {"seed": SEED, "quote": quote}
    if kind is not None:
        data["kind"] = kind
    return data


def sourced() -> dict[str, Any]:
    """The small scenario with a source on every position, red line and inject."""
    data = base()
    usa, china = data["actors"][0], data["actors"][1]
    usa["positions"]["verification"]["source"] = source("verification remains paramount")
    usa["positions"]["verification"]["red_lines"][0]["source"] = source(
        "verification remains paramount"
    )
    usa["positions"]["deadline"]["source"] = source(
        "It argues for rapid development of quantum-resistant systems"
    )
    china["positions"]["verification"]["source"] = source("mutual respect and non-interference")
    china["positions"]["deadline"]["source"] = source("shared challenges like climate and disease")
    data["injects"][0]["source"] = source("gains access to quantum computing capabilities")
    return data


def warnings(data: dict[str, Any], code: str) -> list[Problem]:
    scenario = load_scenario_text(yaml.safe_dump(data, sort_keys=False), "case.yaml")
    return [problem for problem in lint_scenario(scenario) if problem.code == code]


def test_fully_sourced_scenario_has_no_source_warnings() -> None:
    """A scenario whose every position, red line and inject is sourced, each passage for
    one term, and whose quotes are sentences, draws none of these warnings."""
    for code in ("missing-source", "source-reused", "quote-fragment"):
        assert warnings(sourced(), code) == []


def test_red_line_without_a_source() -> None:
    """A red line is the strongest claim a brief makes about a delegation, so it says
    where in the seeds it comes from, like the position it belongs to."""
    data = sourced()
    del data["actors"][0]["positions"]["verification"]["red_lines"][0]["source"]
    found = warnings(data, "missing-source")
    assert [problem.path for problem in found] == [
        ("actors", 0, "positions", "verification", "red_lines", 0)
    ]
    assert "usa's red line on 'verification' has no source" in found[0].message


def test_source_reused_for_another_term() -> None:
    """A passage a delegation quotes for its position on one term is not evidence for its
    position on an unrelated one: reusing it (or a part of it) is reported."""
    data = sourced()
    data["actors"][0]["positions"]["deadline"]["source"] = source(
        "The lesson's confidence-building measures concept is interesting, but verification "
        "remains paramount."
    )
    found = warnings(data, "source-reused")
    assert [problem.path for problem in found] == [
        ("actors", 0, "positions", "deadline", "source", "quote")
    ]
    assert "for its position on 'verification'" in found[0].message


def test_same_passage_for_a_position_and_its_own_red_line_is_fine() -> None:
    """A red line may quote the passage of its own position, and two delegations may
    quote the same passage: only one delegation's reuse across terms is reported."""
    data = sourced()
    data["actors"][1]["positions"]["deadline"]["source"] = source(
        "It argues for rapid development of quantum-resistant systems"
    )
    assert warnings(data, "source-reused") == []


def test_opening_quote_that_is_a_fragment() -> None:
    """A computer delegation opens with one of its quotes, so a quote that does not read
    as a sentence of its own (no capital first, no full stop last) is reported."""
    data = sourced()
    data["actors"][1]["persona"] = {
        "quotes": [
            {"text": "We do not view quantum advancement as zero-sum competition."},
            {"text": "challenging protectionist measures that stifle collaboration"},
        ]
    }
    found = warnings(data, "quote-fragment")
    assert [problem.path for problem in found] == [("actors", 1, "persona", "quotes", 1, "text")]


def test_summary_fragment_reported_only_when_it_opens() -> None:
    """A delegation with no quotes opens with its summary, which must then be a sentence."""
    data = sourced()
    data["actors"][1]["summary"] = "a quantum power, for win-win cooperation"
    assert [p.path for p in warnings(data, "quote-fragment")] == [("actors", 1, "summary")]
    data["actors"][1]["persona"] = {"quotes": [{"text": "Win-win cooperation."}]}
    assert warnings(data, "quote-fragment") == []


def test_what_reads_as_a_sentence() -> None:
    """A sentence starts with a capital (or a digit or an opening quotation mark) and ends
    with a full stop, question or exclamation mark, a closing quotation mark allowed."""
    assert is_sentence("Verification remains paramount.")
    assert is_sentence("'Shared knowledge' means one-way transfer?'")
    assert is_sentence("79% of quantum companies have no female senior leaders.")
    assert not is_sentence("verification remains paramount.")
    assert not is_sentence("Verification remains paramount")
    assert not is_sentence("")


def test_source_kind_defaults_to_a_speaker() -> None:
    """A source is a speaker's words unless it says it is a session summary or an
    article's argument; any other kind is refused."""
    data = sourced()
    data["injects"][0]["source"] = source("gains access to quantum computing capabilities")
    scenario = load_scenario_text(yaml.safe_dump(data, sort_keys=False), "case.yaml")
    assert scenario.injects[0].source is not None
    assert scenario.injects[0].source.kind == "speaker"
    data["injects"][0]["source"] = source("quantum computing capabilities", "argument")
    scenario = load_scenario_text(yaml.safe_dump(data, sort_keys=False), "case.yaml")
    assert scenario.injects[0].source is not None
    assert scenario.injects[0].source.kind == "argument"
    data["injects"][0]["source"] = source("quantum computing capabilities", "hearsay")
    assert [problem.code for problem in problems(data)] != []


def test_a_critique_backs_a_stance_but_is_never_spoken() -> None:
    """A critic's description of a party (``kind: critique``) may back its position, but a
    delegation never speaks its critics' words as its own line: the file is refused."""
    data = sourced()
    data["actors"][1]["positions"]["deadline"]["source"] = source(
        "challenging protectionist measures", "critique"
    )
    assert problems(data) == []
    data["actors"][1]["persona"] = {
        "quotes": [
            {
                "text": "We challenge protectionist measures.",
                "source": source("challenging protectionist measures", "critique"),
            }
        ]
    }
    found = problems(data)
    assert [problem.code for problem in found] == ["critique-voiced"]
    assert "its critics' words as its own line" in found[0].message


def test_the_debrief_says_whose_words_a_source_is() -> None:
    """The debrief credits a delegation with a passage only when it is its own words; a
    summary, an article and a critic are introduced as such."""
    assert set(WHOSE) == set(get_args(SourceKind))
    assert WHOSE["speaker"] == ""
    assert WHOSE["critique"] == "its critics say "
