"""What the server sends of a table: each audience's view cut and encoded once per move
however many clients it goes to, and, to a client of protocol 1.3 or later, only what
changed since the last view it was sent (``deltas``).

A ``Cut`` holds one table's views for one state (a move made or taken back is a new
cut). A ``Frame`` is one audience's view message at one broadcast (its status, what it
may do, its view): the same frame goes to every device of that audience, as the whole
message to a client that has nothing to build on, as the changes from the frame it was
sent last otherwise, or (a client of protocol 1.2 or earlier) as the 1.2 message, which
carries the transcript twice (``transcript`` and ``lines``).
"""

from __future__ import annotations

import json

from pydantic import TypeAdapter

from simulator.engine.rules import legal_moves
from simulator.engine.state import State
from simulator.host import Host
from simulator.net.deltas import Change, Json, diff
from simulator.net.protocol import May, Status
from simulator.views import PublicView

TRANSCRIPT_LINES = 60
"""How many of the latest transcript lines a view sent over the network carries (a
client's screen shows fewer; the whole transcript is in the log and the debrief)."""

_MAY: TypeAdapter[tuple[May, ...]] = TypeAdapter(tuple[May, ...])


def _text(value: Json) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Cut:
    """One table's views as sent, for the state they were cut from: a view is cut and
    encoded once per move however many clients (and broadcasts) it goes to."""

    def __init__(
        self,
        serial: int,
        state: State,
        public: PublicView,
        briefs: dict[str, Json] | None = None,
    ) -> None:
        self.serial = serial
        """Tells this cut from the table's others (frames name the cut they came from)."""
        self.state = state
        self.public = public
        self.briefs: dict[str, Json] = {} if briefs is None else briefs
        """Each seat's brief, term by term, as sent (the same for the whole session: the
        table's next cut is handed the same, so it is dumped once and compared at once)."""
        self._texts: dict[str, str] = {}
        self._trees: dict[str, Json] = {}
        self._may: dict[tuple[str, str], tuple[str, Json]] = {}
        self._public_changes: dict[int, list[Change]] = {}
        self._changes: dict[tuple[str, int], str] = {}

    def fits(self, host: Host) -> bool:
        """Whether ``host``'s table is still as it was cut (the same state and public
        view: a move taken back and made again is a new state)."""
        return host.state is self.state and host.public_view() is self.public

    def _trimmed(self) -> PublicView:
        return self.public.model_copy(
            update={
                "transcript": self.public.transcript[-TRANSCRIPT_LINES:],
                "lines": self.public.lines[-TRANSCRIPT_LINES:],
            }
        )

    def text(self, host: Host, key: str) -> str:
        """The view for ``key`` ("public", "projector", "chair" or "seat ID") as the JSON
        of protocol 1.2 (the transcript as ``transcript`` and as ``lines``)."""
        if key not in self._texts:
            if "public" not in self._texts:
                self._texts["public"] = self._trimmed().model_dump_json()
            public = self._texts["public"]
            if key.startswith("seat "):
                rest = host.seat_view(key[5:]).model_dump_json(exclude={"public"})
                self._texts[key] = f'{{"public":{public},{rest[1:]}'
            elif key == "chair":
                rest = host.chair_view().model_dump_json(exclude={"public"})
                self._texts[key] = f'{{"public":{public},{rest[1:]}'
            else:
                self._texts[key] = public
        return self._texts[key]

    def tree(self, host: Host, key: str) -> Json:
        """The view for ``key`` as a JSON value, as protocol 1.3 sends it: the transcript
        once (``lines``; a client works ``transcript`` out from it). The public part is
        the same object in every audience's view."""
        if key not in self._trees:
            if "public" not in self._trees:
                self._trees["public"] = self._trimmed().model_dump(
                    mode="json", exclude={"transcript"}
                )
            public = self._trees["public"]
            if key.startswith("seat "):
                seat = key[5:]
                view = host.seat_view(seat)
                rest = view.model_dump(
                    mode="json", exclude={"public": True, "brief": {"positions"}}
                )
                if seat not in self.briefs:
                    self.briefs[seat] = view.brief.model_dump(mode="json")["positions"]
                brief = {**rest["brief"], "positions": self.briefs[seat]}
                self._trees[key] = {"public": public, **rest, "brief": brief}
            elif key == "chair":
                rest = host.chair_view().model_dump(mode="json", exclude={"public"})
                self._trees[key] = {"public": public, **rest}
            else:
                self._trees[key] = public
        return self._trees[key]

    def changes(self, key: str, base: Cut) -> str:
        """What changed in ``key``'s view since ``base`` (both trees made already), as the
        JSON of the changes separated by commas, with paths from the view message's top;
        the public part's changes are worked out and encoded once for every audience."""
        if base is self:
            return ""
        found = self._changes.get((key, base.serial))
        if found is None:
            public = self._public_changes.get(base.serial)
            if public is None:
                public = self._public_changes[base.serial] = diff(
                    base._trees["public"], self._trees["public"]
                )
            if key in ("public", "projector"):
                found = _joined(["view"], public)
            else:
                found = self._changes.get(("within", base.serial))
                if found is None:
                    found = self._changes["within", base.serial] = _joined(
                        ["view", "public"], public
                    )
                old, new = base._trees[key], self._trees[key]
                rest = diff(
                    {k: v for k, v in old.items() if k != "public"},
                    {k: v for k, v in new.items() if k != "public"},
                )
                found = ",".join(text for text in (found, _joined(["view"], rest)) if text)
            self._changes[key, base.serial] = found
        return found

    def may(self, host: Host, actor: str | None) -> tuple[str, Json]:
        """What ``actor`` may do now (``may``) as JSON text and as a JSON value, worked
        out once per move and seating (no actor, the projector: nothing)."""
        key = (actor or "", host.seats.get(actor, "computer") if actor is not None else "")
        if key not in self._may:
            may = allowed(host, actor) if actor is not None else ()
            self._may[key] = (_MAY.dump_json(may).decode(), _MAY.dump_python(may, mode="json"))
        return self._may[key]


def _under(prefix: list[str | int], change: Change) -> Change:
    return {**change, "path": [*prefix, *change["path"]]}


def _joined(prefix: list[str | int], changes: list[Change]) -> str:
    """``changes`` with ``prefix`` before each path, as JSON separated by commas."""
    return _text([_under(prefix, change) for change in changes])[1:-1]


class Frame:
    """One audience's view message of a table at one broadcast, for every device of that
    audience (see the module's docstring)."""

    def __init__(
        self,
        serial: int,
        table: str,
        key: str,
        moves: int,
        cut: Cut,
        status: Status,
        may: tuple[str, Json],
    ) -> None:
        self.serial = serial
        self.table = table
        self.key = key
        """Whose view: "public", "projector", "chair" or "seat ID"."""
        self.moves = moves
        self.cut = cut
        self._status = status
        self._status_text: str | None = None
        self._status_tree: Json = None
        self._may_text, self._may_tree = may
        self.old: str | None = None
        """The message as protocol 1.2 sends it, once ``make_old`` has made it."""
        self.tree: Json = None
        """The view as protocol 1.3 sends it, once ``make_tree`` has made it."""
        self._whole: str | None = None
        self._deltas: dict[int, str | None] = {}

    def status_text(self) -> str:
        if self._status_text is None:
            self._status_text = self._status.model_dump_json()
        return self._status_text

    def status_tree(self) -> Json:
        if self._status_tree is None:
            self._status_tree = self._status.model_dump(mode="json")
        return self._status_tree

    def make_old(self, host: Host) -> str:
        """The 1.2 message (made now, while the host is at the cut's state)."""
        if self.old is None:
            self.old = view_message(
                self.table,
                self.moves,
                self.status_text(),
                self._may_text,
                self.cut.text(host, self.key),
            )
        return self.old

    def make_tree(self, host: Host) -> None:
        """The 1.3 view (made now, while the host is at the cut's state)."""
        if self.tree is None:
            self.tree = self.cut.tree(host, self.key)
            self.status_tree()

    def whole(self) -> str:
        """The whole 1.3 message (``make_tree`` first)."""
        if self._whole is None:
            self._whole = _text(
                {
                    "type": "view",
                    "table": self.table,
                    "moves": self.moves,
                    "status": self.status_tree(),
                    "may": self._may_tree,
                    "view": self.tree,
                }
            )
        return self._whole

    def since(self, base: Frame | None) -> str | None:
        """What to send a 1.3 client whose last view of the table was ``base``: the whole
        message when it has none of this audience's, else a ``view_delta`` (None: nothing
        changed). Both frames have their trees made."""
        if base is None or base.key != self.key or base.tree is None:
            return self.whole()
        if base.serial not in self._deltas:
            changes: list[Change] = []
            if base.moves != self.moves:
                changes.append({"op": "set", "path": ["moves"], "value": self.moves})
            if base.status_tree() != self.status_tree():
                status = diff(base.status_tree(), self.status_tree())
                changes += [_under(["status"], change) for change in status]
            if base._may_text != self._may_text:
                changes.append({"op": "set", "path": ["may"], "value": self._may_tree})
            texts = (_text(changes)[1:-1], self.cut.changes(self.key, base.cut))
            joined = ",".join(text for text in texts if text)
            self._deltas[base.serial] = (
                f'{{"type":"view_delta","table":{_text(self.table)},"changes":[{joined}]}}'
                if joined
                else None
            )
        return self._deltas[base.serial]


def view_message(table: str, moves: int, status: str, may: str, view: str) -> str:
    """The text of a ``ViewMessage`` from its parts already encoded (``status``, ``may``
    and ``view`` as JSON): the same fields, in the same order, as ``encode`` gives."""
    return (
        f'{{"type":"view","table":{_text(table)},"moves":{int(moves)},'
        f'"status":{status},"may":{may},"view":{view}}}'
    )


def allowed(host: Host, actor: str) -> tuple[May, ...]:
    """What ``actor`` may do at ``host``'s table now (a seat played by the computer:
    nothing)."""
    if actor in host.state.table.voters and host.seats.get(actor) != "human":
        return ()
    return tuple(
        May(kind=o.kind, terms=o.terms, injects=o.injects) for o in legal_moves(host.state, actor)
    )
