"""Lets ``python -m simulator`` behave exactly like the ``simulator`` command."""

from simulator.cli import main

raise SystemExit(main())
