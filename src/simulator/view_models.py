"""The views' shapes: what each audience is sent of a table, as frozen records that
serialise to JSON (cut from a session in ``simulator.views``; the protocol and the
interfaces read them).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

TRANSCRIPT_LINES = 200
"""How many of the latest transcript lines a view carries."""


class _View(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class StanceGroup(_View):
    """Delegations whose public stance on a term is the same text."""

    text: str
    """The stance, as the agreement would say it."""
    parties: tuple[str, ...]
    """Who stands there, by name."""


class TermView(_View):
    """One term of the draft as the room sees it."""

    id: str
    """The term's id."""
    name: str
    """The term's name."""
    text: str
    """What the draft says now."""
    status: Literal["open", "agreed", "on the agenda"]
    """Whether it is settled, open, or open and on the agenda."""
    proposed: str | None
    """What the motion on the floor would make it say, if the motion touches it."""
    stances: tuple[StanceGroup, ...]
    """The delegations' public stances on it, most held first."""


class PartyView(_View):
    """One delegation at the table, as the room sees it."""

    id: str
    """The delegation's id."""
    name: str
    """Its display name."""
    kind: str
    """A state or a stakeholder."""
    observer: bool
    """Whether it takes part without voting or signing."""
    in_room: bool
    """Whether it is in the room (not walked out)."""
    declared: str | None
    """What it has declared on the motion on the floor: support, oppose or abstain."""


class MotionView(_View):
    """The motion on the floor."""

    proposer: str
    """Who tabled it, by name."""
    terms: tuple[tuple[str, str], ...]
    """Each term it sets, by name, and the text it gives it."""
    amendments: int
    """How many times it has been amended."""
    backing: tuple[str, ...] = ()
    """Who stands for it, by name: during a vote on it, who has voted for it; before,
    who has declared support."""
    opposing: tuple[str, ...] = ()
    """Who stands against it, by name (votes against during a vote on it)."""
    abstaining: tuple[str, ...] = ()
    """Who abstains on it, by name (abstentions cast during a vote on it)."""


class VoteView(_View):
    """A vote under way: ballots are cast in the open, in speaking order."""

    subject: Literal["motion", "treaty"]
    """What is voted on: the motion on the floor, or the agreement as a whole."""
    on: str
    """What is voted on, in words: 'the motion' or the agreement ('the treaty')."""
    waiting_for: tuple[str, ...]
    """Who is still to vote, by name, the next first."""
    ballots: tuple[tuple[str, str], ...]
    """The ballots cast so far: who (by name) and which."""


class LineView(_View):
    """One line of the transcript."""

    move: int
    """The number of the move it tells of (0: what was announced before the first)."""
    text: str
    """What happened, in words (a proposal's terms follow on lines of their own)."""
    kind: Literal["move", "event", "inject"]
    """A move, something the rules did because of it (a vote result, a new round), or
    an inject."""
    prompt: str | None = None
    """For an inject: what the chair reads out to the room (its line is its title)."""


class PublicView(_View):
    """The session as everyone in the room sees it: no private number at all."""

    title: str
    """The scenario's title."""
    agreement: str
    """What is being agreed, in the scenario's word ('treaty', 'deal')."""
    party: str
    """What one of those at the table is called ('delegation', 'stakeholder')."""
    moves: int
    """How many moves have been made: a move sent against an older count is stale."""
    phase: str
    """The phase, in words."""
    round: int
    """The negotiation round (0 before the negotiation)."""
    round_limit: int
    """The last round before the final vote."""
    holder: str | None
    """Whose turn it is, by name (None once the session is over)."""
    terms: tuple[TermView, ...]
    """The draft, term by term."""
    parties: tuple[PartyView, ...]
    """The delegations at the table."""
    motion: MotionView | None
    """The motion on the floor, if any."""
    vote: VoteView | None
    """The vote under way, if any."""
    transcript: tuple[str, ...]
    """The latest lines of the transcript, oldest first: the lines of ``lines`` that tell
    of a move, as text (what the rules did indented); over the network it is sent once,
    as ``lines`` (docs/protocol.md)."""
    outcome: str | None
    """How the session ended, once it has."""
    parties_word: str = "delegations"
    """What those at the table are called ('delegations', 'stakeholders')."""
    holder_id: str | None = None
    """Whose turn it is, by id (None once the session is over)."""
    lines: tuple[LineView, ...] = ()
    """The latest lines of the transcript with the move each tells of, oldest first
    (the same moves as ``transcript``, with what was announced at the start)."""


class PositionView(_View):
    """One term of a delegation's confidential brief."""

    term: str
    """The term's name."""
    ideal: str
    """The text it would most like."""
    priority: float
    """How much the term weighs against its others."""
    share: float = 0.0
    """The same weight as a share of all its terms' weights (0 to 1; the shares add up
    to 1): the one way a brief shows priorities to a person."""
    acceptable: str
    """The range it could sign, in words."""
    red_lines: tuple[str, ...]
    """Why it refuses what it refuses, one reason per red line."""
    scores: tuple[tuple[str, float], ...]
    """Its score sheet, when it has one: each text and its points."""


class BriefView(_View):
    """A delegation's own confidential brief and numbers."""

    summary: str
    """Its brief, in words."""
    walk_away: float
    """Its walk-away point: the least satisfaction it will sign for."""
    positions: tuple[PositionView, ...]
    """What it wants, term by term."""
    satisfaction: float
    """How satisfied it is with the draft as it stands (0 to 1)."""
    motion_satisfaction: float | None
    """How satisfied it would be if the motion on the floor passed."""
    could_sign: bool
    """Whether the draft as it stands is one it could sign."""


class SeatView(_View):
    """What one delegation's seat sees: the public table and its own brief."""

    seat: str
    """The delegation's id."""
    public: PublicView
    """The table as everyone sees it."""
    brief: BriefView
    """Its own confidential brief and numbers."""


class InjectView(_View):
    """An inject the chair may fire."""

    id: str
    """The inject's id."""
    title: str
    """Its headline."""
    text: str
    """What the chair reads out."""
    fired: bool
    """Whether it has fired already."""
    effects: tuple[str, ...] = ()
    """What it does to the delegations' confidential numbers, in words (for the chair
    alone: these are private)."""


class ChairView(_View):
    """What the chair sees: the public table, the injects, and every delegation's
    satisfaction."""

    public: PublicView
    """The table as everyone sees it."""
    injects: tuple[InjectView, ...]
    """The scenario's injects."""
    satisfaction: tuple[tuple[str, float, bool], ...]
    """Each delegation by name, its satisfaction with the draft, and whether it could
    sign it."""
    walk_away: tuple[tuple[str, float], ...] = ()
    """Each delegation by name and its walk-away point, in the order of
    ``satisfaction``."""
