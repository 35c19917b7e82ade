"""A delegation's moves made from a table screen, the same at the shared screen and at
a student's own terminal: the move at once when it needs nothing more, else its dialog;
and its brief."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from simulator.scenario.common import TermValue
from simulator.tui.screens.dialogs import BriefScreen, ConcedeDialog, PackageDialog, TextDialog
from simulator.tui.seat import SIMPLE, Seat


def open_move(screen: Screen[Any], seat: Seat, kind: str) -> None:
    """Make ``seat``'s move of ``kind`` from ``screen``: at once for a move with nothing
    more to say, else through its dialog."""
    terms = seat.may(kind)
    if terms is None:
        screen.notify(
            f"{kind.replace('_', ' ').capitalize()} is not possible now.", severity="warning"
        )
        return
    if kind in SIMPLE:
        seat.send(kind)
    elif kind in ("propose", "amend"):
        base, draft = seat.texts()
        dialog = PackageDialog(
            f"{'Amend the motion' if kind == 'amend' else 'Table a proposal'} — {seat.name}",
            seat.terms(terms),
            base,
            draft,
            amend=kind == "amend",
            preview=seat.ask_preview,
        )

        def tabled(values: dict[str, TermValue] | None) -> None:
            if values:
                seat.send(kind, values=values)

        screen.app.push_screen(dialog, tabled)
    elif kind in ("statement", "walk_out"):
        prompt = (
            f"{seat.name} says…" if kind == "statement" else "Why does the delegation walk out?"
        )
        field = "text" if kind == "statement" else "reason"

        def said(text: str | None) -> None:
            if text:
                seat.send(kind, **{field: text})

        screen.app.push_screen(TextDialog(prompt), said)
    elif kind == "concede":

        def conceded(choice: tuple[str, TermValue] | None) -> None:
            if choice:
                seat.send("concede", term=choice[0], to=choice[1])

        screen.app.push_screen(
            ConcedeDialog(seat.name, seat.terms(terms), seat.stances()), conceded
        )


def open_brief(screen: Screen[Any], seat: Seat) -> None:
    """Open ``seat``'s confidential brief, when the screen may show it."""
    brief = seat.brief()
    if brief is None:
        screen.notify("A delegation's brief opens only on its own turn.", severity="warning")
        return
    screen.app.push_screen(BriefScreen(seat.name, brief))
