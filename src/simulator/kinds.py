"""What each kind of move needs at the edges, in one place: the key that makes it at the
table, its label in the footer and the prompt, and the verb the transcript uses for it.

The engine knows moves by their classes; the interface and the transcript read this
table for the key, the label and the verb. This table is one of several places a new
kind of move touches: its class in ``engine/moves.py``, its rule in ``engine/rules.py``,
its effect in ``engine/apply.py``, its entry here, the moves offered in
``engine/sampling.py``, the screens that make it (``tui/screens/table.py``,
``net/join.py``, ``net/static/seat.js``), the key table in ``tui/screens/help.py``, and
any report that counts it (``WalkOut`` is named in 13 files of the package, ``Concede`` in
15).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KindWords:
    """How one kind of move is made and told."""

    key: str | None
    """The key that makes it at the table (None: the chair's panel makes it)."""
    label: str
    """Its name in the footer and the prompt."""
    verb: str
    """What the transcript says a delegation does, after its name, when the move carries
    no explanation of its own."""
    in_footer: bool = True
    """Whether the footer shows its key (the help screen always does)."""
    hint: str = ""
    """What its key does, in the help screen's table of keys."""


KINDS: dict[str, KindWords] = {
    "propose": KindWords(
        "p", "Propose", "proposes", hint="propose a package (a form with every open term)"
    ),
    "amend": KindWords("a", "Amend", "amends the motion", hint="amend the motion"),
    "support": KindWords(
        "y", "Support", "supports the motion", hint="support the motion (or vote for it)"
    ),
    "oppose": KindWords(
        "n", "Oppose", "opposes the motion", hint="oppose the motion (or vote against it)"
    ),
    "abstain": KindWords(
        "b",
        "Abstain",
        "abstains on the motion",
        in_footer=False,
        hint="abstain on the motion (or in the vote)",
    ),
    "concede": KindWords(
        "c",
        "Concede",
        "moves its stance",
        in_footer=False,
        hint="concede: move your public stance on a term",
    ),
    "call_vote": KindWords("v", "Vote", "calls the vote", hint="call the vote"),
    "statement": KindWords("s", "Say", "speaks", hint="make a statement"),
    "pass": KindWords("x", "Pass", "passes", hint="pass"),
    "walk_out": KindWords("w", "Walk out", "walks out", in_footer=False, hint="walk out"),
    "return": KindWords(
        "r", "Return", "returns to the room", in_footer=False, hint="return to the room"
    ),
    "fire_inject": KindWords(None, "Fire an inject", "fires an inject"),
    "set_agenda": KindWords(None, "Set the agenda", "sets the agenda"),
    "advance_phase": KindWords(None, "Next phase", "moves the session to its next phase"),
    "end_session": KindWords(None, "End the session", "ends the session"),
}
"""Every kind of move, by its ``kind``."""
