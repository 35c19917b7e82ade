"""The core never imports textual or yaml: each core module is imported in a fresh
interpreter and ``sys.modules`` is checked."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import simulator

CORE_PACKAGES = ("simulator.scenario", "simulator.engine", "simulator.agents", "simulator.analysis")
FORBIDDEN = ("textual", "yaml")


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(simulator.__path__, "simulator."):
        if info.name in CORE_PACKAGES or info.name.startswith(
            tuple(f"{package}." for package in CORE_PACKAGES)
        ):
            names.append(info.name)
    return sorted(names)


def test_there_are_core_modules() -> None:
    """The contract is checked against something."""
    assert "simulator.scenario.model" in core_modules()


@pytest.mark.parametrize("module", core_modules())
def test_core_module_imports_no_edge_library(module: str) -> None:
    """Importing a core module loads neither textual nor yaml."""
    code = (
        f"import sys, {module}\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


@pytest.mark.parametrize(
    "module",
    [m for m in core_modules() if m.startswith(("simulator.engine.", "simulator.scenario."))],
)
def test_engine_and_scenario_do_not_import_the_analysis(module: str) -> None:
    """The engine and the scenario models sit below the analysis: importing one of their
    modules loads no analysis module (the utility tables both need live in the scenario)."""
    code = (
        f"import sys, {module}\n"
        "print(','.join(m for m in sys.modules if m.startswith('simulator.analysis')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_interface_opens_without_the_scenario_models() -> None:
    """``simulator play`` draws its first frame before it builds the scenario models: the
    command line and the app load neither pydantic, nor YAML, nor the scenario and engine
    packages (the start screen reads the scenario after its first frame)."""
    code = (
        "import sys, simulator.cli, simulator.tui.app\n"
        "heavy = ('pydantic', 'yaml', 'simulator.scenario', 'simulator.engine.session')\n"
        "print(','.join(h for h in heavy if h in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
