"""The lesson around the negotiation: the chair's packet and the run sheet read as checked
in; every timing plan fills its minutes and gives a turn about a minute; roles place
every student; the packets command writes them beside the packets."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli import main
from simulator.report.lesson import LENGTHS, chairs_packet, lesson_plan, roles, run_sheet
from simulator.report.pages import page_markdown
from simulator.scenario.model import Scenario
from simulator.scenario_files import load_scenario
from simulator.storage.catalog import resolve, shipped_scenarios
from tests.report.test_reports import check_golden


def classroom() -> Scenario:
    return load_scenario(str(resolve("quantum-classroom")))


def test_golden_chairs_packet() -> None:
    """The chair's script: opening in the chair's own sourced words, the rounds' prompts,
    each inject with what to read out and what to ask, when to call votes, the final
    vote and the debrief by stages."""
    check_golden("chair-classroom.md", page_markdown(chairs_packet(classroom())))


def test_golden_run_sheet() -> None:
    """The run sheet: the software's steps before, during and after class, the timing
    plans, roles for 10, 20 and 30 students, and the decision rule."""
    check_golden("run-sheet-classroom.md", page_markdown(run_sheet(classroom())))


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
@pytest.mark.parametrize("minutes", LENGTHS)
def test_every_plan_fills_its_time_and_gives_a_turn_a_minute(name: str, minutes: int) -> None:
    """A plan's parts add up to the lesson; it plays no more rounds than the scenario
    allows and at least one; each turn gets about a minute unless one round is all the
    time allows; an inject scheduled past the plan's rounds is fired by hand within them,
    never before one scheduled earlier."""
    scenario = load_scenario(str(shipped_scenarios()[name]))
    plan = lesson_plan(scenario, minutes)
    assert sum(m for _, m in plan.parts) == minutes
    assert 1 <= plan.rounds <= scenario.rules.round_limit
    assert plan.turn_seconds >= 50 or plan.rounds == 1
    rounds = [at for _, at, _ in plan.injects]
    assert all(1 <= at <= plan.rounds for at in rounds)
    assert rounds == sorted(rounds)


def test_the_60_minute_classroom_plays_few_rounds_of_real_turns() -> None:
    """Seven delegations in an hour: not the scenario's 8 rounds of 25-second turns."""
    plan = lesson_plan(classroom(), 60)
    assert plan.rounds < classroom().rules.round_limit
    assert plan.turn_seconds >= 60
    assert any(part.startswith("Caucus") for part, _ in plan.parts)


@pytest.mark.parametrize("students", [5, 8, 10, 17, 20, 30, 41])
def test_roles_place_every_student(students: int) -> None:
    """Every student has a place: a seat or a chair at a table, a second place in a
    delegation, or an observer's."""
    tables, seconds, observers = roles(students, 7)
    placed = min(students, tables * 8) + seconds + observers
    assert placed == students
    assert seconds <= tables * 7


def test_packets_command_writes_the_lesson(tmp_path: Path) -> None:
    """simulator packets writes the chair's packet, the run sheet and the primer beside
    the guide and the packets; all-packets.html holds the delegations' packets only."""
    assert main(["packets", "quantum-classroom", "-o", str(tmp_path)]) == 0
    for name in ("chair", "run-sheet", "primer", "guide"):
        assert (tmp_path / f"{name}.html").is_file()
        assert (tmp_path / f"{name}.md").is_file()
    every = (tmp_path / "all-packets.html").read_text()
    assert "Confidential: Ukraine" in every
    assert "Chair's packet" not in every


def test_packets_for_a_class_play_its_seeds_and_bring_its_slips(tmp_path: Path) -> None:
    """packets --class prints the packets a class's tables play: with a seed per table,
    a folder per table, each with its own numbers; the class's join slips come along."""
    from simulator.engine.session import Session
    from simulator.net.classroom import Classroom, TableSource

    folder = tmp_path / "period-5"
    source = TableSource("quantum-classroom", resolve("quantum-classroom"), classroom())
    opened, _ = Classroom.open(
        folder,
        [source],
        per_scenario=2,
        seed=77,
        computer_chair=False,
        pace=0.0,
        seed_per_table=True,
    )
    opened.close()
    (folder / "join-slips.html").write_text("<p>slips</p>")
    out = tmp_path / "print"
    assert main(["packets", "--class", str(folder), "-o", str(out)]) == 0
    for table, seed in (("t1", 77), ("t2", 78)):
        walk = Session(classroom(), seed=seed).state.table.actors["usa"].reservation
        text = (out / table / "usa.md").read_text()
        assert f"less than **{round(walk * 100)} points**" in text
    assert (out / "t1" / "usa.md").read_text() != (out / "t2" / "usa.md").read_text()
    assert (out / "join-slips.html").read_text() == "<p>slips</p>"
    assert main(["packets", "--class", str(tmp_path / "nowhere")]) == 2
