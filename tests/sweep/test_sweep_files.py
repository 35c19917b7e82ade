"""Sweep files: what they may say, and every mistake located as FILE:LINE:COL."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from simulator.cli import main
from simulator.scenario.variation import Variation
from simulator.scenario_files import ScenarioError
from simulator.sweep.loading import SweepError, load_sweep, shipped_sweeps, sweep_file
from simulator.sweep.spec import MAX_SESSIONS
from tests.conftest import base


def scenario_file(folder: Path) -> Path:
    path = folder / "mini.yaml"
    path.write_text(yaml.safe_dump(base(), sort_keys=False))
    return path


def spec_text(folder: Path, text: str) -> Path:
    scenario_file(folder)
    path = folder / "sweep.yaml"
    path.write_text(text)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(SweepError) as raised:
        load_sweep(str(path))
    return [str(problem) for problem in raised.value.problems]


GOOD = "scenario: mini.yaml\nseeds: {first: 3, count: 2}\ngrid:\n  round_limit: [2, 5]\n"


def test_a_sweep_spans_its_grid_in_order(tmp_path: Path) -> None:
    """A sweep file names a scenario beside it, a seed range and round limits; the grid
    is every round limit as listed."""
    sweep = load_sweep(str(spec_text(tmp_path, GOOD)))
    assert sweep.scenario.id == "mini"
    assert [point.values[0] for point in sweep.points] == [2, 5]
    assert list(sweep.spec.seeds.range()) == [3, 4]
    assert sweep.sessions() == 4


def test_without_a_grid_the_scenario_is_played_as_it_is(tmp_path: Path) -> None:
    """Leaving out the grid plays one point: the scenario's own round limit."""
    sweep = load_sweep(str(spec_text(tmp_path, "scenario: mini.yaml\nseeds: {count: 3}\n")))
    assert [point.values for point in sweep.points] == [
        (sweep.scenario.rules.round_limit, *(0, 0, 0))
    ]


def test_a_shipped_scenario_can_be_named(tmp_path: Path) -> None:
    """A scenario that is not beside the sweep file is looked for among the shipped ones."""
    path = tmp_path / "sweep.yaml"
    path.write_text("scenario: standards-first\nseeds: {count: 1}\n")
    assert load_sweep(str(path)).scenario.id == "standards-first"


def test_the_shipped_example_loads() -> None:
    """The example sweep ships with the package, is found by name, and is valid."""
    assert "example" in shipped_sweeps()
    sweep = load_sweep(sweep_file("example"))
    assert len(sweep.points) > 1


@pytest.mark.parametrize(
    ("text", "place", "words"),
    [
        (GOOD + "grd: {}\n", "5:1", "unknown field 'grd'; did you mean 'grid'?"),
        (GOOD.replace("[2, 5]", "[]"), "4:16", "grid.round_limit: the list of values is empty"),
        (GOOD.replace("[2, 5]", "[2, 5, 2]"), "4:16", "2 listed more than once"),
        (GOOD.replace("[2, 5]", "[0, 5]"), "4:17", "0 is out of range"),
        (GOOD.replace("[2, 5]", "[2, 1001]"), "4:20", "1001 is out of range"),
        (GOOD.replace("count: 2", "count: 0"), "2:26", "0 is out of range"),
        (GOOD.replace("first: 3", "first: x"), "2:16", "expected a whole number"),
        (GOOD.replace("  round_limit: [2, 5]\n", "  rounds: [2]\n"), "4:3", "unknown field"),
        ("scenario: mini.yaml\nseeds: {count: 1}\ngrid: {}\n", "3:7", "nothing is listed to vary"),
        ("seeds: {count: 1}\n", "1:1", "missing required field 'scenario'"),
        (GOOD.replace("mini.yaml", "nowhere"), "1:11", "no scenario 'nowhere'"),
        ("- a list\n", "1:1", "a sweep is a mapping"),
        ("scenario: &a mini.yaml\nseeds: {count: 1}\n", "1:11", "anchors"),
    ],
)
def test_mistakes_are_located(tmp_path: Path, text: str, place: str, words: str) -> None:
    """Each mistake in a sweep file is reported at its line and column, saying what is
    wrong."""
    path = spec_text(tmp_path, text)
    found = problems(path)
    assert any(p.startswith(f"{path}:{place}: error:") and words in p for p in found), found


def test_too_many_sessions_are_refused_with_the_limit(tmp_path: Path) -> None:
    """A grid times seeds past the limit is refused, saying the count and the limit."""
    path = spec_text(tmp_path, GOOD.replace("count: 2", f"count: {MAX_SESSIONS // 2 + 1}"))
    [problem] = problems(path)
    assert f"2 grid points x {MAX_SESSIONS // 2 + 1} seeds" in problem
    assert f"at most {MAX_SESSIONS}" in problem


def test_a_broken_scenario_is_reported_in_its_own_file(tmp_path: Path) -> None:
    """The scenario a sweep names is checked as simulator validate checks it."""
    data = base()
    data["actors"][0]["trust"] = {"chna": 0.3}
    (tmp_path / "mini.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    path = tmp_path / "sweep.yaml"
    path.write_text(GOOD)
    with pytest.raises(ScenarioError) as raised:
        load_sweep(str(path))
    assert any("mini.yaml:" in str(p) and "chna" in str(p) for p in raised.value.problems)


def test_the_command_exits_2_with_located_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """simulator sweep prints each problem as FILE:LINE:COL and exits 2, no traceback."""
    path = spec_text(tmp_path, GOOD + "grd: {}\n")
    assert main(["sweep", str(path), "-o", str(tmp_path / "out.csv"), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:5:1: error:")
    assert "Traceback" not in err
    assert not (tmp_path / "out.csv").exists()


def test_a_missing_sweep_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A sweep file that does not exist is named, with exit status 2."""
    assert main(["sweep", str(tmp_path / "none.yaml")]) == 2
    assert "none.yaml:1:1: error: no such file" in capsys.readouterr().err


VARIED = "scenario: mini.yaml\nseeds: {count: 1}\ngrid:\n  variation:\n    priority: [0, 0.3]\n"


def test_variation_shares_are_grid_settings(tmp_path: Path) -> None:
    """Shares of the scenario's variation are varied like the round limit: the grid is the
    product of every listed setting, the last varying fastest."""
    path = spec_text(tmp_path, VARIED + "    flexibility: [0.1, 0.2, 0.4]\n  round_limit: [2, 4]\n")
    sweep = load_sweep(str(path))
    assert [point.values for point in sweep.points][:4] == [
        (2, 0, 0, 0.1),
        (2, 0, 0, 0.2),
        (2, 0, 0, 0.4),
        (2, 0.3, 0, 0.1),
    ]
    assert len(sweep.points) == 12
    assert sweep.points[-1].apply(sweep.scenario).variation == Variation(
        priority=0.3, flexibility=0.4
    )
    assert sweep.points[-1].apply(sweep.scenario).rules.round_limit == 4


def varied(share: str, values: str) -> str:
    return f"scenario: mini.yaml\nseeds: {{count: 1}}\ngrid:\n  variation:\n    {share}: {values}\n"


@pytest.mark.parametrize(
    ("share", "bound"), [("priority", 0.9), ("reservation", 0.5), ("flexibility", 0.5)]
)
def test_variation_shares_keep_the_scenario_bounds(
    tmp_path: Path, share: str, bound: float
) -> None:
    """A share is accepted up to the bound the scenario's variation allows, and refused
    past it, at the value's place."""
    Variation.model_validate({share: bound})
    with pytest.raises(ValidationError):
        Variation.model_validate({share: bound + 0.01})
    good = spec_text(tmp_path, varied(share, f"[0, {bound}]"))
    assert len(load_sweep(str(good)).points) == 2
    bad = spec_text(tmp_path, varied(share, f"[0, {bound + 0.01}]"))
    [problem] = problems(bad)
    assert problem.startswith(f"{bad}:5:{len(share) + 11}: error: grid.variation.{share}[1]:")
    assert "out of range" in problem


@pytest.mark.parametrize(
    ("text", "place", "words"),
    [
        (
            VARIED.replace("priority", "prio"),
            "5:5",
            "unknown field 'prio'; did you mean 'priority'?",
        ),
        (VARIED.replace("[0, 0.3]", "[0.3, 0.3]"), "5:15", "0.3 listed more than once"),
        (VARIED.replace("[0, 0.3]", "[]"), "5:15", "the list of values is empty"),
        (
            VARIED.replace("    priority: [0, 0.3]\n", "    {}\n").replace(
                "variation:\n", "variation:"
            ),
            "4:17",
            "nothing is listed to vary",
        ),
    ],
)
def test_variation_mistakes_are_located(tmp_path: Path, text: str, place: str, words: str) -> None:
    """Mistakes in the variation settings are located like any other."""
    path = spec_text(tmp_path, text)
    found = problems(path)
    assert any(p.startswith(f"{path}:{place}: error:") and words in p for p in found), found


def test_sweep_naming_another_file_does_not_read_it(tmp_path: Path) -> None:
    """A sweep's scenario is only ever a scenario file (.yaml) or a shipped name: a file
    of another kind beside the sweep is neither read nor quoted."""
    (tmp_path / "secrets").write_text("the first line of a private file\n")
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"scenario": "secrets", "seeds": {"first": 0, "count": 1}}))
    with pytest.raises(SweepError) as caught:
        load_sweep(str(path))
    text = " ".join(str(problem) for problem in caught.value.problems)
    assert "no scenario 'secrets' (a .yaml file)" in text
    assert "private file" not in text
