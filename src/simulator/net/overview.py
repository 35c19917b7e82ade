"""The teacher's console's overview of every table: one row of short words per table,
from the view the server sends of it."""

from __future__ import annotations

from typing import Any

from simulator.net.protocol import ViewMessage
from simulator.tui.widgets.projector import clock_text

COLUMNS = ("Table", "Clock", "Chair", "Phase", "Floor", "Motion", "Agreed", "People")
"""The overview's columns."""


def clock_words(seconds: float | None) -> str:
    """A round clock as m:ss ('' when rounds are not timed)."""
    return "" if seconds is None else clock_text(seconds)


def here(devices: int, connected: bool) -> str:
    """Whether a seat's people are here, and on how many devices (a delegation team)."""
    if devices > 1:
        return f" (here, {devices} devices)"
    return " (here)" if connected else ""


def phase_words(public: dict[str, Any]) -> str:
    """The phase, short ('negotiation 3', 'final vote', 'session is over')."""
    phase = str(public["phase"]).removeprefix("the ")
    if "negotiation" in phase and public.get("round"):
        return f"{phase} {public['round']}"
    return phase


def overview_row(message: ViewMessage | None, clock: float | None) -> tuple[str, ...]:
    """One table's cells in the overview (after its id): its clock and pause, who chairs,
    the phase, who holds the floor or whom a vote waits for, the motion's proposer, terms
    agreed, and people here and away."""
    if message is None:
        return ("", "", "waiting for the table…", "", "", "", "")
    public = message.view["public"]
    status = message.status
    vote = public.get("vote")
    floor = ", ".join(vote["waiting_for"][:3]) if vote else (public.get("holder") or "")
    agreed = sum(1 for t in public["terms"] if t["status"] == "agreed")
    people = [s for s in status.seats.values() if s.player == "human" or s.stand_in]
    here = sum(1 for s in people if s.connected)
    away = sum(1 for s in status.seats.values() if s.stand_in)
    flags = [clock_words(clock)] if clock is not None else []
    if public.get("outcome") or public["phase"] == "over":
        flags = ["finished"]
    elif status.paused:
        flags.append("paused")
    return (
        " ".join(flags),
        status.chair,
        phase_words(public),
        floor,
        public["motion"]["proposer"] if public.get("motion") else "—",
        f"{agreed}/{len(public['terms'])}",
        (f"{here}/{len(people)}" + (f" ({away} away)" if away else "")) if people else "none",
    )
