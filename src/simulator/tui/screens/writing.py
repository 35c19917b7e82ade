"""A dialog that asks where to write files: Enter (or its first button) writes, esc (or
its Close button) closes it; what was written stays shown until then."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input


class WritingDialog(ModalScreen[None]):
    """Asks where to write, writes with ``write`` and shows where it went."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def write(self) -> None:
        """Write the files where the dialog says; say where they went, or why not."""
        raise NotImplementedError

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.write()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "close":
            self.dismiss(None)
        else:
            self.write()

    def action_close(self) -> None:
        self.dismiss(None)
