"""A delegation's seat at its own terminal: the seat interface of ``tui/seat.py`` over a
connection to the session server. What it may do, what the terms may say and its brief
come from the views the server sends; a proposal's preview is asked of the server, which
works it out in the core for this seat alone."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, Mapping
from typing import Any

from simulator.net.client import JoinError, SessionClient
from simulator.net.protocol import Preview, TermChoices
from simulator.scenario.common import TermValue
from simulator.tui.seat import FormTerm, PreviewAnswer
from simulator.views import BriefView, ProposalPreview, SeatView


def form_terms(terms: Iterable[TermChoices], ids: Iterable[str]) -> list[FormTerm]:
    """The terms ``ids`` among ``terms`` (a table's, as the server announced them), as a
    form offers them."""
    wanted = set(ids)
    return [
        FormTerm(t.id, t.name, tuple((c.value, c.label) for c in t.choices))
        for t in terms
        if t.id in wanted
    ]


def texts_of(
    public: Mapping[str, Any], terms: Iterable[FormTerm]
) -> tuple[dict[str, TermValue], dict[str, TermValue]]:
    """What each term says in the motion (else the draft), and in the draft, read from a
    public view's texts."""
    by_id = {t.id: t for t in terms}
    base: dict[str, TermValue] = {}
    draft: dict[str, TermValue] = {}
    for shown in public.get("terms", ()):
        term = by_id.get(shown["id"])
        if term is None:
            continue
        value = {label: value for value, label in term.choices}
        if shown["text"] in value:
            draft[term.id] = value[shown["text"]]
        now = shown.get("proposed") or shown["text"]
        if now in value:
            base[term.id] = value[now]
    return base, draft


def preview_of(answer: Preview) -> ProposalPreview | None:
    """The server's answer to a preview as the core cut it (None: not a text the seat
    can weigh)."""
    if answer.satisfaction is None or answer.walk_away is None or answer.verdict is None:
        return None
    return ProposalPreview(
        satisfaction=answer.satisfaction,
        walk_away=answer.walk_away,
        red_lines=answer.red_lines,
        outside=answer.outside,
        verdict=answer.verdict,
    )


class ClientSeat:
    """This connection's seat."""

    def __init__(
        self,
        client: SessionClient,
        run: Callable[[Coroutine[Any, Any, None]], object],
        refused: Callable[[str], None],
    ) -> None:
        self.client = client
        self._run = run
        """Runs a request to the server (the screen's worker)."""
        self._refused = refused
        """Says why a move could not be sent."""
        self._asked: PreviewAnswer | None = None

    @property
    def name(self) -> str:
        welcome = self.client.welcome
        return (welcome.name or welcome.seat or "") if welcome is not None else ""

    def may(self, kind: str) -> tuple[str, ...] | None:
        message = self.client.view()
        if message is None:
            return None
        found = next((m for m in message.may if m.kind == kind), None)
        return None if found is None else found.terms

    def _all_terms(self) -> tuple[TermChoices, ...]:
        welcome = self.client.welcome
        if welcome is None or welcome.table is None:
            return ()
        return welcome.terms.get(welcome.table, ())

    def terms(self, ids: Iterable[str]) -> list[FormTerm]:
        return form_terms(self._all_terms(), ids)

    def texts(self) -> tuple[dict[str, TermValue], dict[str, TermValue]]:
        message = self.client.view()
        if message is None:
            return {}, {}
        every = form_terms(self._all_terms(), (t.id for t in self._all_terms()))
        return texts_of(message.view["public"], every)

    def stances(self) -> dict[str, TermValue]:
        message = self.client.view()
        if message is None:
            return {}
        every = {t.id: t for t in form_terms(self._all_terms(), (t.id for t in self._all_terms()))}
        out: dict[str, TermValue] = {}
        for shown in message.view["public"].get("terms", ()):
            term = every.get(shown["id"])
            for group in shown.get("stances", ()):
                if term is not None and self.name in group["parties"]:
                    value = next((v for v, label in term.choices if label == group["text"]), None)
                    if value is not None:
                        out[term.id] = value
        return out

    def brief(self) -> BriefView | None:
        message = self.client.view()
        if message is None or "brief" not in message.view:
            return None
        return SeatView.model_validate(message.view).brief

    def ask_preview(self, values: Mapping[str, TermValue], answer: PreviewAnswer) -> None:
        self._asked = answer
        self._run(self.client.preview(dict(values)))

    def previewed(self, message: Preview) -> None:
        """The server's answer to the last preview asked."""
        if self._asked is not None:
            self._asked(dict(message.values), preview_of(message))

    def send(self, kind: str, **fields: Any) -> None:
        self._run(self._move({"kind": kind, **fields}))

    async def _move(self, move: dict[str, Any]) -> None:
        try:
            await self.client.move(move)
        except JoinError as error:
            self._refused(str(error))
