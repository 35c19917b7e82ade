"""A debrief and a transcript call those at the table what the scenario calls them, and
count observers apart from those who vote."""

from __future__ import annotations

import re

from simulator.agents.driver import run_session
from simulator.report.debrief import debrief
from simulator.report.render import markdown
from simulator.report.transcript import render_transcript
from simulator.scenario_files import load_scenario
from tests.conftest import ROOT, SCENARIOS


def test_a_debrief_of_partners_never_says_delegation() -> None:
    """The consortium's parties are partners: the debrief's own words (headings,
    explanations, questions, glossary) say partner(s), never delegation(s)."""
    scenario = load_scenario(str(ROOT / "benchmarks" / "scenarios" / "three-lab-consortium.yaml"))
    assert scenario.vocabulary.parties == "partners"
    for seed in range(4):
        text = markdown(debrief(run_session(scenario, seed=seed)))
        assert "partners" in text
        assert re.findall(r"[Dd]elegation", text) == [], seed


def test_the_transcript_counts_observers_apart() -> None:
    """The treaty conference seats seven voting delegations and two observers."""
    scenario = load_scenario(str(SCENARIOS / "quantum-treaty-conference.yaml"))
    session = run_session(scenario, seed=0, round_limit=1)
    assert "Seed 0 · 7 delegations and 2 observers · 1 round" in render_transcript(session)
