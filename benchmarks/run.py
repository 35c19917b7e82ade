"""All benchmarks, one after the other: `make bench` (or `python benchmarks/run.py`).

Each prints its figures and the ratios between measurements of the same run.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import engine
import loading

if __name__ == "__main__":
    loading.main()
    print()
    engine.main()
