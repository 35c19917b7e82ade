"""The teacher's actions at the tables (``chair`` messages, docs/protocol.md): pausing,
taking back, timing rounds, handing seats, new codes, the chair's own moves, restarting,
suggestions, and the debriefs, written for the teacher or released to the seats."""

from __future__ import annotations

import asyncio
from typing import Protocol

from simulator.agents.facilitator import FacilitatorChair
from simulator.engine.errors import IllegalMoveError
from simulator.engine.moves import (
    AdvancePhase,
    Amend,
    CallVote,
    EndSession,
    FireInject,
    Move,
    Propose,
    SetAgenda,
)
from simulator.host import Host
from simulator.net import actions as chair
from simulator.net.actions import AnyChairMessage
from simulator.net.classroom import Classroom, Holder
from simulator.net.connections import Client, code_of
from simulator.net.protocol import (
    Bye,
    Codes,
    DebriefMessage,
    ErrorCode,
    Notice,
    ProtocolError,
    Suggestion,
    encode,
)


class Tables(Protocol):
    """What the teacher's actions need of the server."""

    classroom: Classroom
    clients: dict[int, Client]

    @property
    def stand_ins(self) -> set[tuple[str, str]]: ...

    @property
    def hosts(self) -> dict[str, Host]: ...

    def failed(self, table: str | None, what: str, error: BaseException) -> str: ...

    async def restart(self, table: str) -> None: ...

    def set_grace(self, seconds: float) -> None: ...

    def watch(self, table: str) -> None: ...

    async def submit(self, client: Client, table: str, move: Move, *, seen: int | None) -> None: ...


class Teacher:
    """The teacher's actions, done on the server's tables."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.released: dict[str, dict[str, str]] = {}
        """Each table whose debriefs the teacher has released: each seat's own debrief."""

    async def act(self, client: Client, message: AnyChairMessage) -> None:
        """Do one of the teacher's actions (raises ``ProtocolError`` saying what it
        refuses, at which table)."""
        if client.holder.role != "chair":
            raise ProtocolError("not_allowed", "only the teacher's code can do that")
        if message.table == "*":
            tables = list(self.tables.hosts)
        elif message.table in self.tables.hosts:
            tables = [message.table]
        else:
            raise ProtocolError("unknown_table", f"there is no table '{message.table}'")
        if isinstance(message, chair.Debriefs):
            await self._debriefs(client, tables)
            return
        if isinstance(message, chair.ReleaseDebriefs):
            await self._release(client, tables)
            return
        if isinstance(message, chair.Grace):
            self.tables.set_grace(message.seconds)
            return
        if isinstance(message, chair.Suggest):
            if len(tables) != 1:
                raise ProtocolError("unknown_table", "a suggestion is for one table")
            await self._suggest(client, tables[0])
            return
        if isinstance(message, chair.NewCode):
            if len(tables) != 1 and message.seat not in ("chair", "projector"):
                raise ProtocolError("unknown_table", "say whose seat, at which table")
            await self._new_code(client, tables[0], message.seat)
            return
        problems: list[str] = []
        codes: set[ErrorCode] = set()
        for table in tables:
            try:
                if isinstance(message, chair.RestartTable):
                    try:
                        await self.tables.restart(table)
                    except OSError as error:
                        raise ProtocolError(
                            "not_saved",
                            f"the table could not be started again ({error.strerror or error})",
                        ) from None
                else:
                    await self._at_table(client, table, message)
            except ProtocolError as error:
                problems.append(f"{table}: {error.args[0]}")
                codes.add(error.code)
            except IllegalMoveError as error:
                problems.append(f"{table}: {error.reason}")
                codes.add("illegal")
            except KeyError as error:
                problems.append(f"{table}: {error.args[0]}")
                codes.add("illegal")
        if problems:
            raise ProtocolError(codes.pop() if len(codes) == 1 else "illegal", "; ".join(problems))

    async def _at_table(self, client: Client, table: str, message: AnyChairMessage) -> None:
        """Do one of the teacher's actions at one table (raises what it refuses)."""
        host = self.tables.hosts[table]
        moderator = host.state.table.moderator
        # where the computer chairs, its moves are the scenario's mediator's: the reason of
        # a move the teacher makes there says whose word it was
        word = "" if host.chair is None else "at the teacher's word"
        move: Move | None = None
        match message:
            case chair.PauseTable():
                host.pause()
            case chair.ResumeTable():
                host.resume()
            case chair.UndoMove():
                await host.take_back()
            case chair.RoundTime(seconds=seconds, time_up=time_up):
                if time_up is not None:
                    host.time_up = time_up
                host.set_round_time(seconds)
            case chair.SeatPlayer(seat=seat, player=player):
                self.tables.stand_ins.discard((table, seat))  # the teacher's word, not a stand-in
                host.set_seat(seat, player)
            case chair.TakeChair(chair=who):
                host.set_chair("human" if who == "teacher" else "computer")
            case chair.Inject(inject=inject):
                move = FireInject(actor=moderator, inject=inject)
            case chair.FinalVote():
                move = AdvancePhase(
                    actor=moderator, reason=word or "the chair opens the final vote"
                )
            case chair.EndTable():
                move = EndSession(actor=moderator, reason=word or "the chair ends the session")
            case chair.Agenda(terms=terms):
                move = SetAgenda(actor=moderator, terms=terms)
            case chair.TableText(values=values):
                move = Propose(actor=moderator, values=values, reason=word)
            case chair.AmendMotion(values=values):
                move = Amend(actor=moderator, values=values, reason=word)
            case chair.CallVote():
                move = CallVote(actor=moderator, reason=word)
        if move is not None:
            # the teacher's move counts on the table as it is now, whatever the computer
            # was about to do
            await self.tables.submit(client, table, move, seen=None)

    async def _suggest(self, client: Client, table: str) -> None:
        """Send the teacher the computer facilitator's text for ``table`` now."""
        host = self.tables.hosts[table]
        state, moves = host.state, host.moves
        facilitator = FacilitatorChair(state.table.moderator)
        move = await asyncio.to_thread(facilitator.suggest, state)
        if move is None:
            answer = Suggestion(table=table, moves=moves, kind=None)
        else:
            answer = Suggestion(
                table=table,
                moves=moves,
                kind="table_text" if isinstance(move, Propose) else "amend",
                values=dict(move.values),
                reason=move.reason,
            )
        client.send(encode(answer))

    async def _release(self, client: Client, tables: list[str]) -> None:
        """Send each seat at ``tables`` its own delegation's debrief, as the table stands,
        and keep it for whoever joins the seat later; tell the teacher."""
        from simulator.report.own import own_debriefs

        for table in tables:
            # worked out on a copy the table's next moves leave alone
            self.released[table] = await asyncio.to_thread(
                own_debriefs, self.tables.hosts[table].session.fork()
            )
            for other in list(self.tables.clients.values()):
                if other.holder.role == "seat" and other.holder.table == table:
                    self.send_debrief(other)
        names = ", ".join(tables)
        client.send(encode(Notice(table=None, text=f"Debriefs released to the seats at {names}")))

    def send_debrief(self, client: Client) -> None:
        """Send a seat its own debrief, if its table's have been released."""
        table, seat = client.holder.table, client.holder.seat
        text = self.released.get(table or "", {}).get(seat or "")
        if table is not None and text is not None:
            client.send(encode(DebriefMessage(table=table, text=text)))

    async def _debriefs(self, client: Client, tables: list[str]) -> None:
        """Write the debrief of each of ``tables`` as it stands, and the comparison of
        tables, into the class folder; tell the teacher where."""
        from simulator.report.handout import Played, write_handouts

        folder = self.tables.classroom.folder / "debriefs"
        # each table as it stands now: the thread works on copies the tables' next moves
        # leave alone
        played = [
            Played(
                t,
                self.tables.hosts[t].session.fork(),
                self.tables.hosts[t].path,
                dict(self.tables.hosts[t].seats),
            )
            for t in tables
        ]
        try:
            written = await asyncio.to_thread(write_handouts, folder, played)
        except OSError as error:
            raise ProtocolError(
                "illegal", f"{folder}: cannot write the debriefs ({error.strerror or error})"
            ) from None
        names = ", ".join(path.name for path in written)
        client.send(encode(Notice(table=None, text=f"Debriefs written in {folder}: {names}")))

    async def _new_code(self, client: Client, table: str, seat: str) -> None:
        if seat in ("chair", "projector"):
            holder = Holder(seat)  # type: ignore[arg-type]
        elif seat in self.tables.classroom.codes.tables.get(table, {}):
            holder = Holder("seat", table, seat)
        else:
            raise ProtocolError(
                "bad_message", "say whose code to renew: a seat, chair or projector"
            )
        old = code_of(self.tables.classroom, holder)
        try:
            self.tables.classroom.renew(holder)
        except OSError as error:
            if code_of(self.tables.classroom, holder) == old:
                raise ProtocolError(
                    "not_saved",
                    f"the new code could not be saved ({error.strerror or error}); the old "
                    "code still works",
                ) from None
            # saved in the class record; only the --codes copy could not be brought up to date
            self.tables.failed(
                None, f"writing the codes file {self.tables.classroom.codes_file}", error
            )
        for number, replaced in list(self.tables.clients.items()):
            if replaced.code != old:
                continue
            del self.tables.clients[number]
            replaced.send(encode(Bye(reason="the teacher gave your seat a new code")))
            replaced.close()
        if holder.table is not None:
            self.tables.watch(holder.table)  # its devices are gone: the grace period starts
        codes = encode(Codes(**self.tables.classroom.codes_json()))
        for other in self.tables.clients.values():
            if other.holder.role == "chair":
                other.send(codes)
