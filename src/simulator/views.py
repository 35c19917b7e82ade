"""What each audience may see of a session, cut here and nowhere else (a delegation's
preview of a text it is about to table is cut in ``simulator.previews``; the views'
shapes are ``simulator.view_models``).

A session is watched by several audiences: each delegation's seat, the chair, and the
public (the projector, the rest of the room). Each gets a view built from the session
and serialisable as JSON, so that the same views serve one shared screen (hot seat), a
terminal per student and a browser tab: an interface renders a view and never computes
anything its audience may not see.

- The **public view** holds the table as everyone in the room knows it: the draft, the
  motion and who stands where on it, the public stances, the vote under way, the
  transcript, whose turn it is. It holds no private number at all.
- A **seat's view** adds that delegation's own confidential brief and its own numbers:
  how satisfied it is with the draft and with the motion, whether it could sign.
- The **chair's view** adds the injects the chair may fire and how satisfied each
  delegation is: the chair runs the exercise and knows every brief.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from simulator.engine.moves import Move
from simulator.engine.session import Session
from simulator.engine.state import Event, State, phase_name
from simulator.engine.table import Table
from simulator.previews import ProposalPreview as ProposalPreview
from simulator.previews import preview as preview
from simulator.previews import proposal_preview as proposal_preview
from simulator.report.transcript import describe, mover
from simulator.scenario.common import TermValue
from simulator.scenario.values import acceptable_words
from simulator.view_models import TRANSCRIPT_LINES as TRANSCRIPT_LINES
from simulator.view_models import BriefView as BriefView
from simulator.view_models import ChairView as ChairView
from simulator.view_models import InjectView as InjectView
from simulator.view_models import LineView as LineView
from simulator.view_models import MotionView as MotionView
from simulator.view_models import PartyView as PartyView
from simulator.view_models import PositionView as PositionView
from simulator.view_models import PublicView as PublicView
from simulator.view_models import SeatView as SeatView
from simulator.view_models import StanceGroup as StanceGroup
from simulator.view_models import TermView as TermView
from simulator.view_models import VoteView as VoteView


def public_view(
    session: Session, upto: int | None = None, *, transcript: Transcript | None = None
) -> PublicView:
    """The public view of ``session`` after its first ``upto`` moves (default: all).
    ``transcript``: the session's ``Transcript``, when the caller keeps one (the moves
    shown are told afresh otherwise)."""
    k = len(session.moves) if upto is None else upto
    state = session.state_at(k)
    table = state.table
    words = table.scenario.vocabulary
    motion = state.motion
    vote = state.vote
    holder = state.holder()
    lines = (transcript or Transcript()).lines(session, k)
    return PublicView(
        title=table.scenario.title,
        agreement=words.agreement,
        party=words.party,
        moves=state.moves,
        phase=phase_name(state.phase),
        round=state.round,
        round_limit=table.scenario.rules.round_limit,
        holder=table.name(holder) if holder is not None else None,
        terms=tuple(_terms(state)),
        parties=tuple(
            PartyView(
                id=a,
                name=table.name(a),
                kind=table.actors[a].kind,
                observer=a not in table.electorate,
                in_room=a not in state.absent,
                declared=motion.declared.get(a) if motion is not None else None,
            )
            for a in table.voters
        ),
        motion=MotionView(
            proposer=mover(table, motion.proposer, session.chair),
            terms=tuple(
                (table.terms[table.term_index[t]].name, _label(state, t, v))
                for t, v in motion.values.items()
            ),
            amendments=motion.amendments,
            **_tally(state),
        )
        if motion is not None
        else None,
        vote=VoteView(
            subject=vote.subject,
            on="the motion" if vote.subject == "motion" else f"the {words.agreement}",
            waiting_for=tuple(table.name(a) for a in vote.pending),
            ballots=tuple((table.name(a), b) for a, b in vote.ballots.items()),
        )
        if vote is not None
        else None,
        transcript=tuple(
            line.text if line.kind == "move" else f"  {line.text}" for line in lines if line.move
        ),
        outcome=(
            f"{words.adopted() if state.outcome.adopted else 'No agreement'}: "
            f"{state.outcome.reason}"
            if state.outcome is not None
            else None
        ),
        parties_word=words.parties,
        holder_id=holder,
        lines=tuple(lines),
    )


def seat_view(
    session: Session,
    seat: str,
    upto: int | None = None,
    *,
    public: PublicView | None = None,
    positions: tuple[PositionView, ...] | None = None,
) -> SeatView:
    """What the delegation ``seat`` sees after the first ``upto`` moves (default: all);
    ``public`` and ``positions``: the public view at that point and the seat's
    ``brief_positions``, when the caller has them already."""
    k = len(session.moves) if upto is None else upto
    state = session.state_at(k)
    if seat not in state.table.voters:
        raise KeyError(f"'{seat}' is not a delegation at this table")
    return SeatView(
        seat=seat,
        public=public_view(session, k) if public is None else public,
        brief=brief_view(state, seat, positions=positions),
    )


def chair_view(
    session: Session,
    upto: int | None = None,
    *,
    public: PublicView | None = None,
    injects: tuple[InjectView, ...] | None = None,
) -> ChairView:
    """What the chair sees after the first ``upto`` moves (default: all); ``public`` and
    ``injects``: the public view and the injects at that point, when the caller has them
    already (``inject_views``)."""
    k = len(session.moves) if upto is None else upto
    state = session.state_at(k)
    table = state.table
    return ChairView(
        public=public_view(session, k) if public is None else public,
        injects=inject_views(table, state.fired) if injects is None else injects,
        satisfaction=tuple(
            (table.name(a), round(state.utilities[a], 4), state.acceptable(a)) for a in table.voters
        ),
        walk_away=tuple((table.name(a), table.actors[a].reservation) for a in table.voters),
    )


def inject_views(table: Table, fired: Sequence[str]) -> tuple[InjectView, ...]:
    """The scenario's injects as the chair sees them, once ``fired`` have fired."""
    return tuple(
        InjectView(
            id=i.id,
            title=i.title,
            text=i.text,
            fired=i.id in fired,
            effects=tuple(table.scenario.effect_in_words(e) for e in i.effects),
        )
        for i in table.scenario.injects
    )


def _terms(state: State) -> list[TermView]:
    table = state.table
    motion = state.motion.values if state.motion is not None else {}
    out = []
    names = [(actor, table.name(actor), state.stances.get(actor, {})) for actor in table.voters]
    for term, value in zip(table.terms, state.draft, strict=True):
        held: dict[TermValue, list[str]] = {}
        for _, name, stances in names:
            stance = stances.get(term.id)
            if stance is not None:
                held.setdefault(stance, []).append(name)
        groups: dict[str, list[str]] = {}
        for stance, who in held.items():
            groups.setdefault(term.label(stance), []).extend(who)
        status: Literal["open", "agreed", "on the agenda"] = (
            "agreed"
            if term.id in state.agreed
            else ("on the agenda" if term.id in state.agenda else "open")
        )
        # built without validation: every field is made here, of the right type, and a
        # table of 50 delegations and 60 terms cuts some 300 of these a move
        out.append(
            TermView.model_construct(
                id=term.id,
                name=term.name,
                text=term.label(value),
                status=status,
                proposed=term.label(motion[term.id]) if term.id in motion else None,
                stances=tuple(
                    StanceGroup.model_construct(text=text, parties=tuple(who))
                    for text, who in sorted(groups.items(), key=lambda g: -len(g[1]))
                ),
            )
        )
    return out


def _label(state: State, term_id: str, value: TermValue) -> str:
    return state.table.terms[state.table.term_index[term_id]].label(value)


def _tally(state: State) -> dict[str, tuple[str, ...]]:
    """Who stands for, against and abstains on the motion: the ballots of a vote on it
    while one is under way, else what the delegations have declared."""
    motion = state.motion
    if motion is None:
        return {}
    vote = state.vote
    stands = vote.ballots if vote is not None and vote.subject == "motion" else motion.declared
    name = state.table.name
    return {
        "backing": tuple(name(a) for a, b in stands.items() if b == "support"),
        "opposing": tuple(name(a) for a, b in stands.items() if b == "oppose"),
        "abstaining": tuple(name(a) for a, b in stands.items() if b == "abstain"),
    }


class Transcript:
    """The transcript's lines of one session's latest moves, told once each: telling a
    move means deriving the states around it, so whoever shows a session move after
    move (a host, a replay) keeps one of these and hands it to ``public_view``. A move
    taken back or replaced since, or a change of who chairs (the chair's moves are told
    as the chair's), is told again; moves that have left the window are forgotten."""

    def __init__(self) -> None:
        self._told: dict[int, tuple[Move, tuple[LineView, ...]]] = {}
        self._chair: str | None = None

    def lines(self, session: Session, k: int) -> list[LineView]:
        """The transcript of the last moves up to move ``k``: each move, then what the
        rules did because of it; what was announced at the start comes first when it is
        in reach."""
        if self._chair != session.chair:
            self._told.clear()
            self._chair = session.chair
        moves = session.moves
        first = max(1, k - TRANSCRIPT_LINES + 1)
        told: dict[int, tuple[Move, tuple[LineView, ...]]] = {}
        before: State | None = None
        for number in range(first, k + 1):
            move = moves[number - 1]
            kept = self._told.get(number)
            if kept is not None and kept[0] is move:
                told[number] = kept
                before = None
                continue
            if before is None:
                before = session.state_at(number - 1)
            after = session.state_at(number)
            said = describe(move, before.table, before, chair=session.chair)
            told[number] = (
                move,
                (
                    LineView(move=number, text=said, kind="move"),
                    *_events(number, after.events[len(before.events) :], before.table),
                ),
            )
            before = after
        self._told = told
        start = session.state_at(0)
        out = _events(0, start.events, start.table) if first == 1 else []
        for number in range(first, k + 1):
            out.extend(told[number][1])
        return out[-TRANSCRIPT_LINES:]


def _events(number: int, events: Iterable[Event], table: Table) -> list[LineView]:
    lines = []
    for e in events:
        if e.kind == "inject":
            inject = table.scenario.inject_by_id(e.ref)
            prompt = inject.text if inject is not None else None
            lines.append(LineView(move=number, text=e.text, kind="inject", prompt=prompt))
        else:
            lines.append(LineView(move=number, text=e.text, kind="event"))
    return lines


def transcript_lines(session: Session, number: int) -> list[str]:
    """The transcript's lines for move ``number`` (from 1): the move in words, then what
    it set off, indented."""
    before, after = session.state_at(number - 1), session.state_at(number)
    lines = [describe(session.moves[number - 1], before.table, before, chair=session.chair)]
    lines.extend(f"  {e.text}" for e in after.events[len(before.events) :])
    return lines


def brief_positions(table: Table, seat: str) -> tuple[PositionView, ...]:
    """What the delegation ``seat`` wants, term by term, as its brief says (the same
    for the whole session: the numbers that change are in ``brief_view``)."""
    actor = table.actors[seat]
    positions = []
    weight = sum(p.priority for p in actor.positions.values()) or 1.0
    for term_id, position in actor.positions.items():
        term = table.terms[table.term_index[term_id]]
        acceptable = acceptable_words(term, position)
        positions.append(
            PositionView(
                term=term.name,
                ideal=term.label(position.ideal),
                priority=position.priority,
                share=round(position.priority / weight, 4),
                acceptable=acceptable,
                red_lines=tuple(line.reason for line in position.red_lines),
                scores=tuple((term.label(s.value), s.points) for s in position.scores),
            )
        )
    return tuple(positions)


def brief_view(
    state: State, seat: str, *, positions: tuple[PositionView, ...] | None = None
) -> BriefView:
    """The delegation ``seat``'s own confidential brief and numbers in ``state``;
    ``positions``: its ``brief_positions``, when the caller keeps them."""
    table = state.table
    actor = table.actors[seat]
    motion = state.motion
    return BriefView(
        summary=actor.brief or actor.summary,
        walk_away=actor.reservation,
        positions=brief_positions(table, seat) if positions is None else positions,
        satisfaction=round(state.utilities[seat], 4),
        motion_satisfaction=round(motion.utilities[seat], 4) if motion is not None else None,
        could_sign=state.acceptable(seat),
    )
