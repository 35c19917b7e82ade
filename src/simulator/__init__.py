"""A turn-based, multi-stakeholder negotiation simulator for the global governance of
quantum technologies.

The package is split into a pure core (scenario models, engine, computer players,
analysis) and thin edges (file loading, storage, reports, the CLI and the TUI). The core
never imports ``textual`` or ``yaml`` and does no file I/O.
"""

__version__ = "0.1.0"
