"""Sweeps on a Dask ``distributed`` cluster (``simulator sweep --scheduler ADDRESS``).

``distributed`` is an optional dependency (the ``sweep`` extra): it is imported only here,
and only when a scheduler is named. The base scenario is sent to every worker once;
each task plays a chunk with ``running.play_chunk``, which keeps scenario variants per
worker as local processes do. The cluster's workers need the simulator installed.
"""

from __future__ import annotations

import importlib
import socket
from collections.abc import Iterator
from typing import Any

from simulator.scenario.model import Scenario
from simulator.sweep.rows import SessionRow
from simulator.sweep.running import IN_FLIGHT, Chunk, play_chunk

INSTALL = "pip install 'quantum-negotiation-simulator[sweep]'"
"""How to install what ``--scheduler`` needs."""
CONNECT_SECONDS = 10
"""How long to try to reach the scheduler."""


class SchedulerError(RuntimeError):
    """The cluster cannot be used: ``distributed`` is missing or the scheduler is out of
    reach; the message says which and what to do."""


def _distributed() -> Any:
    """The ``distributed`` module (untyped here: it is optional)."""
    try:
        return importlib.import_module("distributed")
    except ImportError:
        raise SchedulerError(
            f"--scheduler needs Dask's distributed, which is not installed: {INSTALL}"
        ) from None


def _probe(dask: Any, address: str, timeout: float) -> None:
    """Check that a TCP scheduler address is well formed and answers, before a client is
    made for it: a client that fails to connect leaves a half-made object whose clean-up
    stalls and prints at exit."""
    scheme, location = dask.comm.addressing.parse_address(address)
    if scheme not in ("tcp", "tls", "inproc"):
        raise ValueError(f"unknown address scheme '{scheme}'; use tcp://HOST:PORT")
    if scheme != "inproc":
        host, port = dask.comm.addressing.parse_host_port(location)
        socket.create_connection((host, port), timeout=timeout).close()


class Cluster:
    """A connection to a Dask scheduler that plays chunks on its workers."""

    def __init__(self, address: str, *, timeout: float = CONNECT_SECONDS) -> None:
        self.dask = _distributed()
        try:
            _probe(self.dask, address, timeout)
            self.client: Any = self.dask.Client(address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise SchedulerError(
                f"cannot reach the Dask scheduler at {address} ({error}); check the address "
                "(e.g. tcp://HOST:8786) and that the scheduler is running"
            ) from None

    def workers(self) -> int:
        """How many workers the cluster has now (at least 1)."""
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def run(self, base: Scenario, key: str, work: list[Chunk]) -> Iterator[list[SessionRow]]:
        """Play the chunks on the cluster, yielding each chunk's rows as it finishes."""
        if not work:
            return
        shared = self.client.scatter(base, broadcast=True, hash=False)
        pending = iter(work)
        first = [next(pending) for _ in range(min(len(work), self.workers() * IN_FLIGHT))]
        running = self.dask.as_completed(
            [self._submit(shared, key, chunk) for chunk in first], loop=self.client.loop
        )
        for future in running:
            yield future.result()
            chunk = next(pending, None)
            if chunk is not None:
                running.add(self._submit(shared, key, chunk))

    def _submit(self, shared: Any, key: str, chunk: Chunk) -> Any:
        return self.client.submit(play_chunk, shared, key, chunk, pure=False)

    def close(self) -> None:
        """Disconnect (the cluster itself keeps running)."""
        self.client.close()
