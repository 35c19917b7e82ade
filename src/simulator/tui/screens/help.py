"""The help screen: the keys, and how to run a session."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown

from simulator.kinds import KINDS
from simulator.scenario.model import Vocabulary
from simulator.tui.seat import MOVE_KEYS

HELP = """\
# How to run a session

**Start screen.** Choose a scenario (↑ / ↓), press Tab to reach the seats and tick with
space the delegations people play (the rest are the computer's), choose who chairs, set a
seed and a name, and press **ctrl+s**. Saved sessions are listed under *Resume*; every
move is saved the moment it is made. A name already taken is kept, and the new session
is saved under another one, which the screen tells you. Before class, **ctrl+o**
(*Packets…*) prints the chosen scenario's role packets and facilitator guide for the
seed shown, as `simulator packets` does, into a folder you choose.

**The table.** The draft {agreement} (left) shows each term's text, whether it is agreed,
the motion's text and where the public stances sit. The {parties} (right) show whose turn
it is (▶), where each stands on the motion and, only to that {party} on its own turn,
its satisfaction against its walk-away point. The transcript explains every move.

{move_keys}

| Key | Any time |
|---|---|
| m | the chair's panel: injects, agenda, votes, phases, pause, projector view, end |
| o | projector view: the public table in large type (o again leaves it) |
| t | under 100 columns: switch between the draft and the transcript |
| space | pause or resume the computer players |
| + / - | computer players faster / slower |
| u | undo the last move |
| i | your confidential brief (on your turn) |
| d | debrief (once the session is over) |
| ctrl+p | command palette |
| ? | this help |
| q | quit (the session is saved; mid-session it asks first) |

| Key | In the chair's panel |
|---|---|
| f | fire the chosen inject |
| space, g | tick terms for the agenda, then set it (none ticked: clear it) |
| v | call the vote on the motion |
| n | move to the next phase |
| p | pause or resume the computer |
| o | projector view |
| e | end the session |
| esc | close the panel |

**Hot seat.** When the floor passes between people sharing one screen, a handover screen
hides the table until the next delegation presses Enter, and tells it what happened
since its last turn.

**Replay.** From the start screen, open a saved session or a replay script: ← / → step,
home / end jump, g go to a move, space play or pause, + / - speed, v the public view (no
private number) or the chair's, f fork a new live session from the move shown (choose
its seats and who chairs; it is named after the session replayed).
"""


def move_keys() -> str:
    """The table of a delegation's keys, from the one table of them (``kinds.py``)."""
    rows = [f"| {key} | {KINDS[kind].hint} |" for kind, key in MOVE_KEYS.items()]
    return "\n".join(["| Key | On your delegation's turn |", "|---|---|", *rows])


class HelpScreen(ModalScreen[None]):
    """Keys and how to run a session, in the words of the scenario at the table."""

    BINDINGS = [Binding("escape", "close", "Close"), Binding("question_mark", "close", "Close")]

    def __init__(self, words: Vocabulary | None = None) -> None:
        super().__init__()
        self.words = words or Vocabulary()

    def compose(self) -> ComposeResult:
        words = self.words
        text = HELP.replace("{move_keys}", move_keys())
        text = text.replace("{agreement}", words.agreement).replace("{parties}", words.parties)
        with VerticalScroll(id="help"):
            yield Markdown(text.replace("{party}", words.party))
            yield Button("Close (esc)", id="close")

    def on_button_pressed(self, _: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
