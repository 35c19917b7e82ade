"""Teachable moments: what happened in a session that a class can learn from, each with
the question it raises.

Found from the moves and the votes alone: a text carried by a minority while many
abstained, a red line crossed by the final text, a walk-out, a blocking coalition (or a
single veto), the chair's own revisions of the text, the largest single concession, and
a zone of agreement left unused. Texts are plain: the renderer escapes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from simulator.agents.assessment import RULES
from simulator.engine.moves import Amend, Propose, Return, WalkOut
from simulator.engine.session import Session
from simulator.engine.state import VoteRecord
from simulator.engine.table import Table
from simulator.report.glossary import in_words
from simulator.report.shifts import Shift, round_of_move
from simulator.scenario.common import listed
from simulator.scenario.terms import in_sentence
from simulator.scenario.values import crosses_red_line


@dataclass(frozen=True)
class Moment:
    """Something that happened that a class can learn from."""

    kind: str
    """Which kind: 'minority', 'red-line', 'walk-out', 'blocking', 'would-accept',
    'chair', 'concession', 'unused-zone' or 'consensus'."""
    move: int
    """The move it came with (0: the session as a whole)."""
    round: int
    """The negotiation round."""
    text: str
    """What happened, in plain words."""
    question: str
    """The question it raises for the class."""
    who: tuple[str, ...] = ()
    """The delegations it is about (ids); empty: the whole table."""


def teachable_moments(session: Session, shifts: Sequence[Shift]) -> tuple[Moment, ...]:
    """The teachable moments of ``session``, in the order a debrief takes them."""
    found: list[Moment] = []
    found += _minority_votes(session)
    found += _red_lines_at_the_end(session)
    found += _walk_outs(session)
    found += _blocking(session)
    found += _would_have_accepted(session)
    found += _chair_revisions(session)
    found += _largest_concession(session, shifts)
    found.sort(key=lambda moment: moment.move or session.move_count + 1)
    found += _overall(session)
    return tuple(found)


def _say(table: Table, text: str) -> str:
    """The debrief's own ``text`` calling those at the table as the scenario does."""
    words = table.scenario.vocabulary
    return in_words(text, words.party, words.parties)


def _vote_subject(table: Table, vote: VoteRecord) -> str:
    agreement = table.scenario.vocabulary.agreement
    if vote.subject == "treaty":
        return f"the {agreement}"
    terms = [in_sentence(table.terms[table.term_index[t]].name) for t in vote.values]
    if len(terms) > 3:
        return f"the motion on {len(terms)} terms"
    return f"the motion on {listed(terms)}"


def _minority_votes(session: Session) -> list[Moment]:
    table = session.state.table
    found = []
    for vote in session.state.votes:
        members = len(vote.yes) + len(vote.no) + len(vote.abstain) + len(vote.absent)
        if not vote.passed or len(vote.yes) * 2 > members or len(vote.abstain) < 2:
            continue
        subject = _vote_subject(table, vote)
        found.append(
            Moment(
                "minority",
                vote.move,
                vote.round,
                f"{subject[:1].upper()}{subject[1:]} passed with {len(vote.yes)} of {members} "
                f"in favour while {len(vote.abstain)} abstained "
                f"({listed([table.name(a) for a in vote.abstain])}).",
                f"{subject[:1].upper()}{subject[1:]} passed although fewer than half voted for "
                + _say(
                    table,
                    "it. Is a text carried by a minority legitimate? Why might a delegation "
                    "abstain rather than vote no?",
                ),
                vote.abstain,
            )
        )
    return found


def _final_vote(session: Session) -> VoteRecord | None:
    finals = [vote for vote in session.state.votes if vote.subject == "treaty"]
    return finals[-1] if finals else None


def _red_lines_at_the_end(session: Session) -> list[Moment]:
    """Delegations that voted for a final text crossing one of their own red lines (a
    limit the brief says it can never accept, not merely outside its range)."""
    final = _final_vote(session)
    if final is None:
        return []
    state = session.state_at(final.move)
    table = state.table
    crossed: dict[str, list[str]] = {}
    for actor_id in final.yes:
        actor = table.actors.get(actor_id)
        if actor is None:
            continue
        for term_id, position in actor.positions.items():
            t = table.term_index[term_id]
            term = table.terms[t]
            if any(
                crosses_red_line(term, line.bound(), state.indexes[t])
                for line in position.red_lines
            ):
                crossed.setdefault(actor_id, []).append(in_sentence(term.name))
    if not crossed:
        return []
    parts = [f"{possessive(table.name(a))} on {listed(terms)}" for a, terms in crossed.items()]
    names = listed([table.name(a) for a in crossed])
    agreement = table.scenario.vocabulary.agreement
    return [
        Moment(
            "red-line",
            final.move,
            final.round,
            f"{names} voted for a final text that crossed red lines of their own: "
            f"{'; '.join(parts)}.",
            f"{names} voted for a {agreement} that crossed their own red lines. What could "
            + _say(table, "make a delegation do that, and could it defend the vote at home?"),
            tuple(crossed),
        )
    ]


def possessive(name: str) -> str:
    """``name`` with its possessive ending: "Mexico's", "United States'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def walked_out(session: Session) -> list[str]:
    """The delegations that walked out at some point, in the order they first did."""
    return list(dict.fromkeys(m.actor for m in session.moves if isinstance(m, WalkOut)))


def _walk_outs(session: Session) -> list[Moment]:
    table = session.state.table
    found = []
    for k, move in enumerate(session.moves, start=1):
        if not isinstance(move, WalkOut):
            continue
        name = table.name(move.actor)
        came_back = any(
            isinstance(later, Return) and later.actor == move.actor for later in session.moves[k:]
        )
        why = f" ({move.reason})" if move.reason and name not in move.reason else ""
        text = f"{name} walked out{why}" + (" and later came back." if came_back else ".")
        round_ = round_of_move(session)(k)
        found.append(
            Moment(
                "walk-out",
                k,
                round_,
                text,
                f"{name} walked out in round {round_}. What did leaving the room achieve, "
                f"and what did it cost {name} and the table?",
                (move.actor,),
            )
        )
    return found


def _blocking(session: Session) -> list[Moment]:
    """Failed votes that at least half the members supported: a blocking coalition (or
    one delegation's veto) stopped what the room leaned towards."""
    table = session.state.table
    found = []
    seen: set[tuple[str, ...]] = set()
    for vote in session.state.votes:
        members = len(vote.yes) + len(vote.no) + len(vote.abstain) + len(vote.absent)
        if vote.passed or not vote.blockers or len(vote.yes) * 2 < members:
            continue
        if vote.blockers in seen and vote.subject != "treaty":
            continue
        seen.add(vote.blockers)
        names = listed([table.name(a) for a in vote.blockers])
        subject = _vote_subject(table, vote)
        how = []
        for ballot, verb in ((vote.no, "voted no"), (vote.abstain, "abstained")):
            who = [table.name(a) for a in vote.blockers if a in ballot]
            if who:
                how.append(f"{listed(who)} {verb}")
        absent = [table.name(a) for a in vote.blockers if a in vote.absent]
        if absent:
            how.append(f"{listed(absent)} {'was' if len(absent) == 1 else 'were'} absent")
        ways = "; ".join(how) or vote.reason
        if len(vote.blockers) >= 2:
            text = f"{names} together blocked {subject}, which {len(vote.yes)} supported ({ways})."
            question = (
                f"{names} blocked {subject}. What did they have in common, and what "
                "would it have taken to bring one of them over?"
            )
        else:
            text = f"{names} alone blocked {subject}, which {len(vote.yes)} supported ({ways})."
            question = f"{names} alone could stop {subject}. " + _say(
                table,
                "Should one delegation be able to block what most want, and what did the "
                "others offer it?",
            )
        found.append(Moment("blocking", vote.move, vote.round, text, question, vote.blockers))
    return found


def _chair_revisions(session: Session) -> list[Moment]:
    table = session.state.table
    chair = table.moderator
    revisions = [
        k
        for k, move in enumerate(session.moves, start=1)
        if isinstance(move, Propose | Amend) and move.actor == chair
    ]
    if not revisions:
        return []
    count = len(revisions)
    times = "once" if count == 1 else ("twice" if count == 2 else f"{count} times")
    first = revisions[0]
    return [
        Moment(
            "chair",
            first,
            round_of_move(session)(first),
            f"The chair tabled or revised the text itself {times}.",
            f"The chair wrote the text {times}. When does a chair's compromise help a "
            + _say(
                session.state.table,
                "table, and when does it take the negotiation out of the delegations' hands?",
            ),
        )
    ]


def _would_have_accepted(session: Session) -> list[Moment]:
    """Delegations that did not vote yes to a final text that failed, though it was above
    their walk-away point and clear of their limits: they would have accepted it."""
    final = _final_vote(session)
    if final is None or final.passed:
        return []
    state = session.state_at(final.move)
    table = state.table
    found = []
    for ballot, verb, asked in (
        (final.no, "voted no", "voted no to"),
        (final.abstain, "abstained", "abstained on"),
        (final.absent, "was not in the room", "stayed out of the vote on"),
    ):
        for actor in ballot:
            if actor not in table.utility or not state.acceptable(actor):
                continue
            name = table.name(actor)
            walk = table.utility[actor].reservation
            found.append(
                Moment(
                    "would-accept",
                    final.move,
                    final.round,
                    f"{name} would have accepted this text ({_points(state.utilities[actor])} "
                    f"of 100 against its walk-away point of {_points(walk)}, no limit crossed), "
                    f"yet it {verb} at the final vote.",
                    f"{name} {asked} a text it would have accepted. What did it hope to win "
                    "by holding out, and did the others know how close it was?",
                    (actor,),
                )
            )
    return found


def _largest_concession(session: Session, shifts: Sequence[Shift]) -> list[Moment]:
    chosen = [shift for shift in shifts if shift.chosen]
    if not chosen:
        return []
    largest = max(chosen, key=lambda shift: shift.cost)
    if largest.cost <= 1e-9:
        return []
    table = session.state.table
    term = table.terms[table.term_index[largest.term]]
    name = table.name(largest.actor)
    return [
        Moment(
            "concession",
            largest.move,
            largest.round,
            f"The largest single concession: {name} moved on {in_sentence(term.name)} from "
            f"'{term.label(largest.before)}' to '{term.label(largest.after)}' "
            f"({HOW[largest.how]}), giving up {_points(largest.cost)} of 100."
            + _why(session, largest.move),
            f"{name} gave the most ground in one move, on {in_sentence(term.name)}. What did "
            "it get in return, and was it worth it?",
            (largest.actor,),
        )
    ]


HOW = {
    "stance": "by moving its stance",
    "proposal": "in a proposal of its own",
    "amendment": "in an amendment of its own",
    "inject": "under an inject",
}
"""How a delegation came to move its public position, in words."""


def _why(session: Session, number: int) -> str:
    """' Why: ...', the rule of the computer player that made move ``number``, in plain
    words ('' for a person's move)."""
    moves = session.moves
    rule = moves[number - 1].rule if 0 < number <= len(moves) else None
    return f" Why: {RULES[rule]}" if rule in RULES else ""


def _points(cost: float) -> str:
    points = round(cost * 100)
    return "1 point" if points == 1 else f"{points} points"


def _overall(session: Session) -> list[Moment]:
    state = session.state
    table = state.table
    outcome = state.outcome
    agreement = table.scenario.vocabulary.agreement
    if outcome is None:
        return []
    if outcome.adopted and all(state.acceptable(a) for a in outcome.signatories):
        return [
            Moment(
                "consensus",
                0,
                state.round,
                f"The {agreement} was adopted and every signatory finds it acceptable.",
                f"Every signatory is better off with this {agreement} than without it. Who "
                "gained the most over its walk-away point, and was the split fair?",
            )
        ]
    if not outcome.adopted:
        return [
            Moment(
                "unused-zone",
                0,
                state.round,
                f"No {agreement} was adopted.",
                f"No {agreement} was adopted. "
                + _say(
                    state.table,
                    "Was there a text every delegation could have accepted (see the analysis "
                    "below)? If so, what stood in the way of finding it?",
                ),
            )
        ]
    return []
