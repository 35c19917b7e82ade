"""The teacher's actions (``chair`` messages, docs/protocol.md): one message per
action, told apart by ``action``, each with the fields it needs, checked as the rest of
the protocol (``simulator.net.protocol``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

TableId = Annotated[str, Field(max_length=100)]
"""A table's id, or '*' for every table."""
Values = dict[Annotated[str, Field(max_length=100)], str | int | float]
"""Term values by term id."""


class _Chair(BaseModel):
    """Something only the teacher does, at one table or (``table`` '*') at every table."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    type: Literal["chair"] = "chair"
    table: TableId = "*"
    """The table it is for, or '*' for every table."""


class PauseTable(_Chair):
    """Hold the computer players and the round clock."""

    action: Literal["pause"] = "pause"


class ResumeTable(_Chair):
    """Let the computer players and the round clock run again."""

    action: Literal["resume"] = "resume"


class UndoMove(_Chair):
    """Take back the last move (everyone at the table is told; the table pauses)."""

    action: Literal["undo"] = "undo"


class RoundTime(_Chair):
    """Give each negotiation round ``seconds`` (0: rounds are not timed)."""

    action: Literal["round_time"] = "round_time"
    seconds: Annotated[float, Field(ge=0, le=24 * 3600)]
    """Seconds per round; the current round's clock starts again."""
    time_up: Literal["pass", "vote"] | None = None
    """What happens when a round's time is up: ``pass``, the floor passes from each
    person whose turn comes until the round ends; ``vote``, the same, but a motion on the
    floor is first put to the vote. None keeps the table's choice (``vote`` at first)."""


class SeatPlayer(_Chair):
    """Hand a delegation's seat to a person or to the computer."""

    action: Literal["seat"] = "seat"
    seat: Annotated[str, Field(max_length=100)]
    """The delegation's id."""
    player: Literal["human", "computer"]
    """Who plays it from now on."""


class NewCode(_Chair):
    """Give a seat, the chair or the projector a new code (the old one stops working)."""

    action: Literal["new_code"] = "new_code"
    seat: Annotated[str, Field(max_length=100)]
    """A delegation's id at ``table``, or 'chair' or 'projector'."""


class Inject(_Chair):
    """Fire one of the scenario's injects."""

    action: Literal["inject"] = "inject"
    inject: Annotated[str, Field(max_length=100)]
    """The inject's id."""


class FinalVote(_Chair):
    """Close the negotiation and open the final vote."""

    action: Literal["final_vote"] = "final_vote"


class EndTable(_Chair):
    """End the session at the table now, without a final vote."""

    action: Literal["end"] = "end"


class RestartTable(_Chair):
    """Start the table again: a new session in a new log (the old one is kept), paused
    until resumed."""

    action: Literal["restart"] = "restart"


class Debriefs(_Chair):
    """Write each named table's debrief, the comparison of the tables and the gradebook
    into the class folder's ``debriefs`` (a ``notice`` says where)."""

    action: Literal["debriefs"] = "debriefs"


class ReleaseDebriefs(_Chair):
    """Send each seat at the table its own delegation's debrief, now and to whoever joins
    it later (a ``debrief`` message, for that seat's eyes only)."""

    action: Literal["release"] = "release"


class Agenda(_Chair):
    """Put some terms in focus: motions may then touch only those (none: every open
    term)."""

    action: Literal["agenda"] = "agenda"
    terms: tuple[Annotated[str, Field(max_length=100)], ...] = Field(default=(), max_length=500)
    """The terms in focus, by id."""


class TableText(_Chair):
    """Table a text from the chair: a motion with these values (no motion may be on the
    floor)."""

    action: Literal["table_text"] = "table_text"
    values: Values
    """The text of each term it touches."""


class AmendMotion(_Chair):
    """Amend the motion on the floor from the chair."""

    action: Literal["amend"] = "amend"
    values: Values
    """The new text of each term it changes."""


class CallVote(_Chair):
    """Put the motion on the floor to the vote."""

    action: Literal["call_vote"] = "call_vote"


class Suggest(_Chair):
    """Ask the computer facilitator for the text it would table now (no motion on the
    floor) or the amendment it would make (a motion on the floor); answered with a
    ``suggestion``. Nothing changes at the table."""

    action: Literal["suggest"] = "suggest"


class TakeChair(_Chair):
    """Who chairs the table: the teacher (the computer chair stands aside) or the
    computer facilitator (the teacher's moves still count, and always win)."""

    action: Literal["chair"] = "chair"
    chair: Literal["teacher", "computer"]
    """Who chairs from now on."""


class Grace(_Chair):
    """How long a person's seat may stay empty (every device gone) before the computer
    plays it, until a device joins again (the server's setting, for every table)."""

    action: Literal["grace"] = "grace"
    seconds: Annotated[float, Field(ge=0, le=24 * 3600)]
    """Seconds; 0: the computer takes an empty seat at once."""


AnyChairMessage = (
    PauseTable
    | ResumeTable
    | UndoMove
    | RoundTime
    | SeatPlayer
    | NewCode
    | Inject
    | FinalVote
    | EndTable
    | RestartTable
    | Debriefs
    | ReleaseDebriefs
    | Agenda
    | TableText
    | AmendMotion
    | CallVote
    | Suggest
    | TakeChair
    | Grace
)
ChairMessage = Annotated[AnyChairMessage, Field(discriminator="action")]
"""Any of the teacher's actions, told apart by ``action``."""
CHAIR_MESSAGE: TypeAdapter[AnyChairMessage] = TypeAdapter(ChairMessage)
