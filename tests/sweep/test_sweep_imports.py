"""What a cluster's worker loads: the modules that play a sweep's sessions import neither
YAML nor the interface (and the spec model none either), as the core does not."""

from __future__ import annotations

import subprocess
import sys

import pytest

WORKER_MODULES = (
    "simulator.sweep.spec",
    "simulator.sweep.rows",
    "simulator.sweep.running",
    "simulator.sweep.cluster",
)


@pytest.mark.parametrize("module", WORKER_MODULES)
def test_worker_module_imports_no_edge_library(module: str) -> None:
    """Importing a module a sweep worker needs loads neither textual nor yaml."""
    code = (
        f"import sys, {module}\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in ('textual', 'yaml')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
