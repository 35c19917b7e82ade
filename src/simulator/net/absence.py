"""Seats whose person has gone: a person's seat with no device connected is waited for
for the grace period, then the computer plays it (a stand-in) until a device joins with
its code again."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping

from simulator.host import Host

GRACE = 60.0
"""Seconds a person's seat may stay empty (every device gone) before the computer plays
it, unless the server is told otherwise."""


class Absences:
    """The empty seats of a class's tables, timed."""

    def __init__(
        self,
        hosts: Callable[[], Mapping[str, Host]],
        here: Callable[[str], set[str]],
        say: Callable[[str], None],
        grace: float = GRACE,
    ) -> None:
        self._hosts = hosts
        self._here = here
        """The delegations at a table with a device connected now."""
        self._say = say
        self.grace = grace
        """Seconds a person's seat may stay empty before the computer plays it."""
        self.stand_ins: set[tuple[str, str]] = set()
        """The seats (table, delegation) the computer plays while their person is away."""
        self._empty: dict[tuple[str, str], tuple[float, asyncio.TimerHandle]] = {}

    def watch(self, table: str) -> None:
        """Time every person's seat at ``table`` that has no device: once it has been empty
        for the grace period, the computer plays it until a device joins again."""
        host = self._hosts()[table]
        here = self._here(table)
        empty = {s for s in host.humans() if s not in here}
        for key in [k for k in self._empty if k[0] == table and k[1] not in empty]:
            self._empty.pop(key)[1].cancel()
        loop = asyncio.get_running_loop()
        for seat in empty:
            if (table, seat) not in self._empty:
                since = time.monotonic()
                timer = loop.call_later(self.grace, self._gone, table, seat)
                self._empty[(table, seat)] = (since, timer)

    def _gone(self, table: str, seat: str) -> None:
        """The grace period of an empty seat is over: the computer plays it."""
        self._empty.pop((table, seat), None)
        host = self._hosts().get(table)
        if host is None or host.seats.get(seat) != "human" or seat in self._here(table):
            return
        self.stand_ins.add((table, seat))
        self._say(f"{table}: {host.state.table.name(seat)} is away; the computer plays it")
        host.set_seat(seat, "computer", why=" while its delegate is away")

    def set_grace(self, seconds: float) -> None:
        """Change the grace period; seats already empty keep the time they emptied."""
        self.grace = seconds
        loop = asyncio.get_running_loop()
        now = time.monotonic()
        for key, (since, timer) in list(self._empty.items()):
            timer.cancel()
            left = max(0.0, since + seconds - now)
            self._empty[key] = (since, loop.call_later(left, self._gone, *key))

    def stop(self) -> None:
        """Stop timing (the server is stopping)."""
        for _, timer in self._empty.values():
            timer.cancel()
        self._empty.clear()
