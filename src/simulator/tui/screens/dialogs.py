"""Dialogs over the table: building a proposal, a statement, a concession, the chair's
panel and a delegation's brief. Each opens with its first field focused."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Markdown, Select, SelectionList, Static

from simulator.engine.state import State
from simulator.scenario.common import TermValue
from simulator.scenario.values import acceptable_words
from simulator.tui.plain import plain
from simulator.tui.widgets.ticks import Ticks
from simulator.views import brief_view


class PackageDialog(ModalScreen[dict[str, TermValue] | None]):
    """A form with each open term's options; it previews the proposer's own satisfaction
    (its private number, shown only to it) before the package is tabled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "submit", "Table it")]

    def __init__(self, state: State, actor: str, *, amend: bool, show_private: bool) -> None:
        super().__init__()
        self.state = state
        self.actor = actor
        self.amend = amend
        self.show_private = show_private
        table = state.table
        base = dict(state.draft_dict())
        if state.motion is not None:
            base.update(state.motion.values)
        self.base = base
        self.terms = [
            t
            for t in table.terms
            if t.id not in state.agreed and (not state.agenda or t.id in state.agenda)
        ]

    def compose(self) -> ComposeResult:
        verb = "Amend the motion" if self.amend else "Table a proposal"
        with Vertical(id="dialog", classes="wide"):
            yield Label(
                plain(f"{verb} — {self.state.table.name(self.actor)}"), classes="dialog-title"
            )
            with VerticalScroll(id="terms"):
                for term in self.terms:
                    options = [(plain(term.label(v)), i) for i, v in enumerate(term.values())]
                    current = term.index_of(self.base[term.id])
                    with Horizontal(classes="term-row"):
                        yield Label(plain(term.name), classes="term-name")
                        yield Select(
                            options,
                            value=current if current is not None else Select.BLANK,
                            allow_blank=False,
                            id=f"term-{term.id}",
                        )
            yield Static("", id="preview")
            with Horizontal(classes="buttons"):
                yield Button("Table it (ctrl+s)", variant="primary", id="submit")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self._preview()
        first = self.query(Select).first() if self.terms else None
        self.set_focus(first if first is not None else self.query_one("#submit"))

    def on_select_changed(self, _: Select.Changed) -> None:
        self._preview()

    def values(self) -> dict[str, TermValue]:
        """The terms the user changed from the draft (or the motion)."""
        chosen = {}
        for term in self.terms:
            index = self.query_one(f"#term-{term.id}", Select).value
            if isinstance(index, int):
                value = term.values()[index]
                if value != self.base[term.id] or (
                    not self.amend and value != self.state.value(term.id)
                ):
                    chosen[term.id] = value
        return chosen

    def _preview(self) -> None:
        preview = self.query_one("#preview", Static)
        changes = self.values()
        changed = f"{len(changes)} term{'s' if len(changes) != 1 else ''} changed."
        if not self.show_private:
            preview.update(changed)
            return
        table = self.state.table
        mine = table.utility[self.actor]
        values = {**self.base, **changes}
        indexes = [table.index_of(t.id, values[t.id]) or 0 for t in table.terms]
        level = mine.utility(indexes, self.state.weights[self.actor])
        crossed = mine.red_lines_crossed(indexes)
        verdict = (
            "crosses one of your red lines"
            if crossed
            else "meets your walk-away point"
            if level >= mine.reservation
            else "is below your walk-away point"
        )
        preview.update(
            plain(
                f"{changed} Your satisfaction with this text: "
                f"{level:.2f} (walk-away {mine.reservation:.2f}) — it {verdict}."
            )
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        else:
            self.action_cancel()

    def action_submit(self) -> None:
        values = self.values()
        if not values:
            self.notify("Change at least one term first.", severity="warning")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextDialog(ModalScreen[str | None]):
    """A line of text: a statement, a reason."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, placeholder: str = "", *, verb: str = "Say it") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Input(placeholder=self.placeholder, id="text")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.verb} (enter)", variant="primary", id="submit")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#text", Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._finish(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self._finish(self.query_one("#text", Input).value)
        else:
            self.dismiss(None)

    def _finish(self, text: str) -> None:
        if not text.strip():
            self.notify("Write something first.", severity="warning")
            return
        self.dismiss(text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConcedeDialog(ModalScreen[tuple[str, TermValue] | None]):
    """Move one's public stance on a term."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, state: State, actor: str) -> None:
        super().__init__()
        self.state = state
        self.actor = actor
        table = state.table
        self.terms = [table.terms[table.term_index[t]] for t in state.stances.get(actor, {})]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(
                plain(f"Move your public stance — {self.state.table.name(self.actor)}"),
                classes="dialog-title",
            )
            yield Select([(plain(t.name), t.id) for t in self.terms], prompt="Term", id="term")
            yield Select([], prompt="New stance", id="value")
            with Horizontal(classes="buttons"):
                yield Button("Concede", variant="primary", id="submit")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#term", Select))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "term" or not isinstance(event.value, str):
            return
        term = self.state.table.terms[self.state.table.term_index[event.value]]
        current = self.state.stances[self.actor][term.id]
        options = [(plain(term.label(v)), i) for i, v in enumerate(term.values()) if v != current]
        self.query_one("#value", Select).set_options(options)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "submit":
            self.dismiss(None)
            return
        term_id = self.query_one("#term", Select).value
        index = self.query_one("#value", Select).value
        if not isinstance(term_id, str) or not isinstance(index, int):
            self.notify("Choose a term and a new stance.", severity="warning")
            return
        term = self.state.table.terms[self.state.table.term_index[term_id]]
        self.dismiss((term_id, term.values()[index]))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ModeratorPanel(ModalScreen[tuple[str, Any] | None]):
    """The chair's controls: injects, the agenda, votes, phases, the computer, the
    projector and the end; every one has a key. An inject's effects on the delegations'
    confidential numbers are previewed only where the chair alone sees the screen."""

    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("f", "press('fire')", "Fire the inject", priority=True),
        Binding("g", "press('agenda-set')", "Set the agenda", priority=True),
        Binding("v", "press('vote')", "Call the vote", priority=True),
        Binding("n", "press('phase')", "Next phase", priority=True),
        Binding("p", "press('pause')", "Pause/resume", priority=True),
        Binding("o", "press('projector')", "Projector", priority=True),
        Binding("e", "press('end')", "End", priority=True),
    ]

    def __init__(
        self, state: State, *, paused: bool, projector: bool, show_effects: bool = False
    ) -> None:
        super().__init__()
        self.state = state
        self.paused = paused
        self.projector = projector
        self.show_effects = show_effects and not projector

    def compose(self) -> ComposeResult:
        table = self.state.table
        injects = table.scenario.injects
        unfired = [i for i in injects if i.id not in self.state.fired]
        open_terms = [t for t in table.terms if t.id not in self.state.agreed]
        with Vertical(id="dialog", classes="wide"):
            yield Label(plain(self._title()), classes="dialog-title")
            if unfired:
                yield Select(
                    [(plain(i.title), i.id) for i in unfired], prompt="Inject to fire", id="inject"
                )
                yield Static("", id="inject-effects")
                yield Button("Fire the inject (f)", id="fire")
            else:
                yield Label(
                    "Every inject has been fired." if injects else "This scenario has no injects.",
                    id="no-injects",
                )
            yield Label(
                "Agenda (space ticks a term; g sets the agenda; none ticked: g clears it)"
                if open_terms
                else "Agenda: every term is agreed."
            )
            yield Ticks(
                *[(plain(t.name), t.id, t.id in self.state.agenda) for t in open_terms],
                id="agenda",
            )
            with Horizontal(classes="buttons"):
                yield Button("Set the agenda (g)", id="agenda-set", disabled=not open_terms)
                yield Button(
                    "Call the vote (v)",
                    id="vote",
                    disabled=self.state.motion is None or self.state.vote is not None,
                )
                yield Button(
                    "Next phase (n)",
                    id="phase",
                    disabled=self.state.vote is not None or self.state.phase == "final_vote",
                )
            with Horizontal(classes="buttons"):
                yield Button(
                    "Resume the computer (p)" if self.paused else "Pause the computer (p)",
                    id="pause",
                )
                yield Button(
                    "Leave the projector view (o)" if self.projector else "Projector view (o)",
                    id="projector",
                )
                yield Button("End the session (e)", variant="error", id="end")
                yield Button("Close (esc)", id="close")

    def _title(self) -> str:
        """The panel's title: whose place the person chairing takes, when the scenario
        names a mediator (the transcript credits their moves to the chair)."""
        table = self.state.table
        chair = table.actors.get(table.moderator)
        role = f" (you chair in {chair.name}'s place)" if chair is not None else ""
        return f"The chair's panel{role}: a key for each action, esc closes"

    def on_mount(self) -> None:
        first = self.query("#inject").first() if self.query("#inject") else None
        self.set_focus(first if first is not None else self.query_one("#agenda"))

    def on_select_changed(self, event: Select.Changed) -> None:
        inject = self.state.table.scenario.inject_by_id(str(event.value))
        effects = self.query_one("#inject-effects", Static)
        if inject is None:
            effects.update("")
            return
        scenario = self.state.table.scenario
        lines = [inject.text]
        if self.show_effects:
            lines += [f"• {scenario.effect_in_words(e)}" for e in inject.effects]
        else:
            lines.append(
                "(Its effects on the confidential briefs are not shown on a shared screen.)"
            )
        effects.update(plain("\n".join(lines), lines=True))

    def action_press(self, button: str) -> None:
        """Press a button of the panel by its key."""
        found = self.query(f"#{button}")
        if found and isinstance(found.first(), Button) and not found.first().disabled:
            self._chosen(button)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._chosen(event.button.id or "close")

    def _chosen(self, button: str) -> None:
        if button == "fire":
            inject = self.query_one("#inject", Select).value
            if not isinstance(inject, str):
                self.notify("Choose an inject first.", severity="warning")
                self.set_focus(self.query_one("#inject"))
                return
            self.dismiss(("fire_inject", inject))
        elif button == "agenda-set":
            chosen = tuple(self.query_one("#agenda", SelectionList).selected)
            if not chosen and not self.state.agenda:
                self.notify("Tick at least one term first (space ticks).", severity="warning")
                self.set_focus(self.query_one("#agenda"))
                return
            self.dismiss(("set_agenda", chosen))
        elif button in ("vote", "phase", "pause", "projector", "end"):
            self.dismiss((button, None))
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class BriefScreen(ModalScreen[None]):
    """A delegation's confidential brief."""

    BINDINGS = [Binding("escape", "close", "Close"), Binding("i", "close", "Close")]

    def __init__(self, state: State, actor: str) -> None:
        super().__init__()
        self.state = state
        self.actor = actor

    def compose(self) -> ComposeResult:
        table = self.state.table
        record = table.actors[self.actor]
        lines = [
            f"# {record.name}: confidential brief",
            "",
            record.brief or record.summary,
            "",
            f"Walk-away point: {record.reservation:.2f}",
            "",
            "| Term | Your ideal | You could accept | Priority | Red lines |",
            "|---|---|---|---|---|",
        ]
        shares = [p.share for p in brief_view(self.state, self.actor).positions]
        for (term_id, position), share in zip(record.positions.items(), shares, strict=True):
            term = table.terms[table.term_index[term_id]]
            accept = acceptable_words(term, position)
            lines.append(
                f"| {term.name} | {term.label(position.ideal)} | {accept} | "
                f"{share:.0%} | "
                f"{'; '.join(line.reason for line in position.red_lines) or '—'} |"
            )
        for term_id, position in record.positions.items():
            if position.scores:
                term = table.terms[table.term_index[term_id]]
                lines += ["", f"Score sheet, {term.name}:", "", "| Value | Points |", "|---|---|"]
                lines += [f"| {term.label(s.value)} | {s.points:g} |" for s in position.scores]
        with VerticalScroll(id="help"):
            yield Markdown("\n".join(lines))
            yield Button("Close (esc)", id="close")

    def on_button_pressed(self, _: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
