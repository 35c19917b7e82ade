"""Dialogs over the table: building a proposal, a statement, a concession, the chair's
panel and a delegation's brief. Each opens with its first field focused."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Markdown, Select, SelectionList, Static

from simulator.engine.state import State
from simulator.report.pages import escape
from simulator.scenario.common import TermValue
from simulator.tui.plain import plain
from simulator.tui.seat import FormTerm, PreviewAnswer, preview_words
from simulator.tui.widgets.ticks import Ticks
from simulator.views import BriefView, ProposalPreview


class PackageDialog(ModalScreen[dict[str, TermValue] | None]):
    """A form with each open term's options; it previews the proposer's own satisfaction
    (its private number, shown only to it) before the package is tabled. For the chair at
    its console, the computer facilitator's text is a key away (``suggest``), to edit
    before tabling it."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Table it"),
        Binding("ctrl+g", "suggest", "The facilitator's text"),
    ]

    def __init__(
        self,
        title: str,
        terms: list[FormTerm],
        base: Mapping[str, TermValue],
        draft: Mapping[str, TermValue],
        *,
        amend: bool,
        preview: Callable[[dict[str, TermValue], PreviewAnswer], None] | None = None,
        suggest: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.heading = title
        self.terms = terms
        self.base = base
        """What each term says now, in the motion where it sets it, else in the draft."""
        self.draft = draft
        self.amend = amend
        self.preview = preview
        """Asks what the proposer would make of a text (the answer comes to
        ``show_preview``); None where its numbers are not to be shown."""
        self.suggest = suggest
        """Asks for the facilitator's text (the answer comes to ``suggested``)."""
        self.note = ""
        """What the facilitator said of its text, shown above the preview."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.suggest is not None if action == "suggest" else True

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="wide"):
            yield Label(plain(self.heading), classes="dialog-title")
            with VerticalScroll(id="terms"):
                for term in self.terms:
                    options = [(plain(label), i) for i, (_, label) in enumerate(term.choices)]
                    current = term.index(self.base.get(term.id))
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
                value = term.choices[index][0]
                if value != self.base.get(term.id) or (
                    not self.amend and value != self.draft.get(term.id)
                ):
                    chosen[term.id] = value
        return chosen

    def _preview(self) -> None:
        values = self.values()
        self._say(preview_words(len(values), None, private=False))
        if self.preview is not None:
            self.preview(values, self.show_preview)

    def _say(self, words: str) -> None:
        """Show ``words`` under the form (after the facilitator's note, if any)."""
        note = f"{self.note}\n" if self.note else ""
        self.query_one("#preview", Static).update(plain(note + words, lines=True))

    def show_preview(self, values: dict[str, TermValue], preview: ProposalPreview | None) -> None:
        """What the proposer would make of ``values`` (an answer to an earlier choice is
        let go)."""
        if values == self.values():
            self._say(preview_words(len(values), preview, private=True))

    def action_suggest(self) -> None:
        if self.suggest is not None:
            self.note = "Asking the facilitator…"
            self._preview()
            self.suggest()

    def suggested(self, values: Mapping[str, TermValue] | None, reason: str) -> None:
        """The facilitator's text (None: it would change nothing): written into the form,
        to edit before tabling it."""
        if values is None:
            self.note = "The facilitator would change nothing in the text now."
            self._preview()
            return
        changed = 0
        for term in self.terms:
            index = term.index(values.get(term.id)) if term.id in values else None
            if index is not None:
                self.query_one(f"#term-{term.id}", Select).value = index
                changed += 1
        self.note = (
            f"The facilitator's text ({changed} term{'s' if changed != 1 else ''}): "
            f"{reason}. Edit it, then ctrl+s tables it."
        )
        self._preview()

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

    def __init__(self, name: str, terms: list[FormTerm], stances: Mapping[str, TermValue]) -> None:
        super().__init__()
        self.name_text = name
        self.terms = {t.id: t for t in terms}
        self.stances = stances
        """The delegation's stance on each term now, where known (not offered again)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(
                plain(f"Move your public stance — {self.name_text}"), classes="dialog-title"
            )
            yield Select(
                [(plain(t.name), t.id) for t in self.terms.values()], prompt="Term", id="term"
            )
            yield Select([], prompt="New stance", id="value")
            with Horizontal(classes="buttons"):
                yield Button("Concede", variant="primary", id="submit")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#term", Select))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "term" or not isinstance(event.value, str):
            return
        term = self.terms[event.value]
        current = self.stances.get(term.id)
        options = [
            (plain(label), i) for i, (value, label) in enumerate(term.choices) if value != current
        ]
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
        self.dismiss((term_id, self.terms[term_id].choices[index][0]))

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
    """A delegation's confidential brief, as its seat's view carries it."""

    BINDINGS = [Binding("escape", "close", "Close"), Binding("i", "close", "Close")]

    def __init__(self, name: str, brief: BriefView) -> None:
        super().__init__()
        self.name_text = name
        self.brief = brief

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(brief_markdown(self.name_text, self.brief))
            yield Button("Close (esc)", id="close")

    def on_button_pressed(self, _: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


def brief_markdown(name: str, brief: BriefView) -> str:
    """A delegation's brief as Markdown: its summary, walk-away point, what it wants of
    each term, and its score sheets (every text from data escaped: plain text, never
    markup or a link)."""
    lines = [
        f"# {escape(name)}: confidential brief",
        "",
        escape(brief.summary),
        "",
        f"Walk-away point: {brief.walk_away:.2f}",
        "",
        "| Term | Your ideal | You could accept | Priority | Red lines |",
        "|---|---|---|---|---|",
    ]
    for p in brief.positions:
        lines.append(
            f"| {escape(p.term)} | {escape(p.ideal)} | {escape(p.acceptable)} | "
            f"{p.share:.0%} | {'; '.join(escape(r) for r in p.red_lines) or '—'} |"
        )
    for p in brief.positions:
        if p.scores:
            lines += ["", f"Score sheet, {escape(p.term)}:", "", "| Value | Points |", "|---|---|"]
            lines += [f"| {escape(text)} | {points:g} |" for text, points in p.scores]
    return "\n".join(lines)
