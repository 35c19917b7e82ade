"""A free port on loopback, for a server started in another process."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port nothing listens on now (the system's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
