"""One test per rule of play, named after it, with the rule in its docstring.

Most tests use the mini scenario: two delegations (usa, then china, in speaking order),
chen as moderator, motions and the treaty adopted by a qualified majority of 60%, eight
rounds, and an inject scheduled for round 2.
"""

from __future__ import annotations

import pytest

from simulator.engine.apply import initial_state
from simulator.engine.errors import IllegalMoveError
from simulator.engine.moves import (
    AdvancePhase,
    Concede,
    EndSession,
    FireInject,
    Return,
    SetAgenda,
    WalkOut,
)
from simulator.engine.rules import check, legal_moves
from simulator.engine.session import Session
from tests.engine.helpers import (
    abstain,
    after_openings,
    amend,
    no,
    pass_,
    propose,
    say,
    scenario,
    three,
    vote,
    yes,
)


def negotiating(**changes: object) -> Session:
    return after_openings(Session(scenario(**changes)))


def illegal(session: Session, move: object, *words: str) -> None:
    """``move`` is refused with a reason containing ``words``, and nothing changes."""
    before = session.state
    moves = session.moves
    with pytest.raises(IllegalMoveError) as caught:
        session.push(move)  # type: ignore[arg-type]
    for word in words:
        assert word in caught.value.reason
    assert session.state is before
    assert session.moves == moves


# --- turns and phases ------------------------------------------------------------


def test_session_starts_with_openings() -> None:
    """A session starts in the first phase of the rules, the draft at the status quo."""
    state = initial_state(scenario())
    assert state.phase == "openings"
    assert state.draft_dict() == {"verification": "none", "deadline": 2040}
    assert state.holder() == "usa"


def test_turns_follow_speaking_order() -> None:
    """Delegations hold the floor in the speaking order."""
    session = Session(scenario(rules__speaking_order=["china", "usa"]))
    assert session.state.holder() == "china"
    session.push(say("china"))
    assert session.state.holder() == "usa"


def test_not_your_turn() -> None:
    """A delegation may act only when it holds the floor."""
    illegal(Session(scenario()), say("china"), "not China's turn", "United States")


def test_unknown_actor() -> None:
    """Moves are made by the scenario's delegations or its moderator."""
    illegal(Session(scenario()), say("russia"), "unknown actor 'russia'")


def test_openings_allow_statements_passes_and_walkouts_only() -> None:
    """The openings allow only statements, passes and walk-outs."""
    illegal(Session(scenario()), propose("usa", verification="agency"), "openings")


def test_openings_end_when_every_delegation_has_spoken() -> None:
    """After each delegation's opening turn, the negotiation opens at round 1."""
    session = Session(scenario())
    session.push(say("usa"))
    session.push(say("china"))
    assert (session.state.phase, session.state.round) == ("negotiation", 1)
    assert session.state.holder() == "usa"


def test_round_ends_when_every_delegation_has_moved() -> None:
    """A round ends when each delegation has had its turn; the next one starts."""
    session = negotiating()
    session.push(pass_("usa"))
    session.push(pass_("china"))
    assert session.state.round == 2


def test_round_limit_leads_to_final_vote() -> None:
    """After the last round, the final vote on the treaty opens."""
    session = negotiating(rules__round_limit=1, injects=[])
    session.push(pass_("usa"))
    session.push(pass_("china"))
    assert session.state.phase == "final_vote"
    assert session.state.vote is not None
    assert session.state.vote.subject == "treaty"


def test_moderator_acts_outside_speaking_order() -> None:
    """The moderator may act at any time without taking anyone's turn."""
    session = negotiating()
    session.push(say("chen", "Welcome."))
    assert session.state.holder() == "usa"


def test_only_moderator_moves_are_moderators() -> None:
    """Only the moderator fires injects, sets the agenda, advances the phase or ends."""
    session = negotiating()
    illegal(session, FireInject(actor="usa", inject="breach"), "only the moderator")
    illegal(session, EndSession(actor="usa"), "only the moderator")


def test_moderator_advances_phase() -> None:
    """The moderator may close the openings early, and later open the final vote."""
    session = Session(scenario())
    session.push(AdvancePhase(actor="chen"))
    assert (session.state.phase, session.state.round) == ("negotiation", 1)
    session.push(AdvancePhase(actor="chen"))
    assert session.state.phase == "final_vote"


def test_a_phase_event_names_the_phase_it_opens() -> None:
    """The events that open the negotiation and the final vote carry the phase as data,
    so that readers of the events never compare their wording."""
    session = Session(scenario())
    session.push(AdvancePhase(actor="chen"))
    session.push(AdvancePhase(actor="chen"))
    opened = [e.ref for e in session.state.events if e.kind == "phase"]
    assert opened == ["negotiation", "final_vote"]


def test_phase_cannot_advance_past_final_vote() -> None:
    """The final vote is the last phase; the moderator ends the session instead."""
    session = Session(scenario())
    session.push(AdvancePhase(actor="chen"))
    session.push(AdvancePhase(actor="chen"))
    illegal(session, AdvancePhase(actor="chen"), "a vote is under way")


def test_no_moves_after_session_over() -> None:
    """Once the session is over, no move is legal and none is offered."""
    session = negotiating()
    session.push(EndSession(actor="chen", reason="time"))
    illegal(session, say("chen"), "over")
    assert legal_moves(session.state, "usa") == []
    assert legal_moves(session.state, "chen") == []


def test_end_session_records_no_agreement() -> None:
    """Ending the session records no agreement, with the moderator's reason."""
    session = negotiating()
    session.push(EndSession(actor="chen", reason="time is up"))
    outcome = session.state.outcome
    assert outcome is not None
    assert not outcome.adopted
    assert "time is up" in outcome.reason


# --- motions -----------------------------------------------------------------------


def test_propose_puts_motion_on_floor_with_proposer_support() -> None:
    """A proposal becomes the motion on the floor, its proposer in support."""
    session = negotiating()
    session.push(propose("usa", verification="mutual"))
    motion = session.state.motion
    assert motion is not None
    assert motion.values == {"verification": "mutual"}
    assert motion.declared == {"usa": "support"}


def test_motion_previews_every_utility() -> None:
    """A motion carries each delegation's utility if it passed."""
    session = negotiating()
    session.push(propose("usa", verification="agency", deadline=2030))
    motion = session.state.motion
    assert motion is not None
    assert motion.utilities["usa"] == pytest.approx(1.0)
    assert motion.crossed["usa"] == 0
    assert session.state.crossed["usa"] == 1


def test_one_motion_at_a_time() -> None:
    """While a motion is on the floor, a new proposal is refused."""
    session = negotiating()
    session.push(propose("usa", verification="mutual"))
    illegal(session, propose("china", verification="none"), "already on the floor")


def test_amend_needs_a_motion() -> None:
    """Only a motion on the floor can be amended."""
    illegal(negotiating(), amend("usa", verification="mutual"), "no motion")


def test_amendment_must_change_the_motion() -> None:
    """An amendment that changes nothing is refused."""
    session = negotiating()
    session.push(propose("usa", verification="mutual"))
    illegal(session, amend("china", verification="mutual"), "changes nothing")


def test_amendment_resets_declarations() -> None:
    """Amending a motion lapses every declared support and opposition, the amender's
    included: amending a text is not voting for it."""
    session = negotiating()
    session.push(propose("usa", verification="mutual"))
    session.push(amend("china", deadline=2035))
    motion = session.state.motion
    assert motion is not None
    assert motion.values == {"verification": "mutual", "deadline": 2035}
    assert motion.declared == {}


def test_amender_is_asked_for_its_vote() -> None:
    """An amender is asked for its ballot like everyone else, and may vote against the
    motion it amended."""
    session = negotiating()
    session.push(propose("usa", verification="mutual"))
    session.push(amend("china", deadline=2035))
    session.push(vote("usa"))
    assert session.state.vote is not None
    assert session.state.vote.pending == ("usa", "china")
    session.push(yes("usa"))
    session.push(no("china"))
    assert session.state.votes[-1].no == ("china",)


def test_unknown_term_refused() -> None:
    """A package names only terms of the scenario."""
    illegal(negotiating(), propose("usa", verificaton="mutual"), "unknown term 'verificaton'")


def test_value_outside_term_refused() -> None:
    """A package gives each term one of its values."""
    illegal(negotiating(), propose("usa", deadline=2050), "2050", "not a value")
    illegal(negotiating(), propose("usa", verification="total"), "'total'")


def test_empty_package_refused() -> None:
    """A package names at least one term."""
    illegal(negotiating(), propose("usa"), "no term")


def test_agenda_restricts_motions() -> None:
    """With an agenda set, motions may touch only the terms on it."""
    session = negotiating()
    session.push(SetAgenda(actor="chen", terms=("deadline",)))
    illegal(session, propose("usa", verification="mutual"), "not on the agenda")
    session.push(propose("usa", deadline=2032))


def test_call_vote_needs_a_motion() -> None:
    """A vote needs a motion on the floor."""
    illegal(negotiating(), vote("usa"), "no motion")


# --- votes -------------------------------------------------------------------------


def test_vote_collects_ballots_in_speaking_order() -> None:
    """A vote asks every voting delegation in the room for its ballot, in speaking order."""
    session = after_openings(Session(three()))
    session.push(propose("usa", verification="mutual"))
    session.push(vote("china"))
    assert session.state.vote is not None
    assert session.state.vote.pending == ("usa", "china", "india")


def test_only_ballots_during_a_vote() -> None:
    """During a vote the delegation asked may only support, oppose or abstain."""
    session = after_openings(Session(three()))
    session.push(propose("usa", verification="mutual"))
    session.push(vote("china"))
    illegal(session, pass_("usa"), "vote is under way")


def test_declarations_do_not_count_as_ballots() -> None:
    """Support declared in the debate is not a vote: when the vote opens every voting
    delegation is asked again, and may vote otherwise."""
    session = negotiating()
    session.push(propose("usa", verification="mutual"))
    session.push(yes("china"))
    session.push(vote("usa"))
    assert session.state.vote is not None
    assert session.state.vote.pending == ("usa", "china")
    session.push(yes("usa"))
    session.push(no("china"))
    assert session.state.votes[-1].yes == ("usa",)
    assert session.state.votes[-1].no == ("china",)


def test_passed_motion_is_written_into_draft_and_agreed() -> None:
    """A motion that passes is written into the draft and its terms marked agreed."""
    session = negotiating()
    session.push(propose("usa", verification="mutual"))
    session.push(vote("china"))
    session.push(yes("usa"))
    session.push(yes("china"))
    state = session.state
    assert state.value("verification") == "mutual"
    assert state.agreed == {"verification"}
    assert state.motion is None
    assert state.votes[-1].passed


def test_failed_motion_leaves_draft() -> None:
    """A motion that fails changes nothing in the draft and leaves the floor."""
    session = negotiating()
    session.push(propose("usa", verification="agency"))
    session.push(vote("china"))
    session.push(no("usa"))
    session.push(no("china"))
    state = session.state
    assert state.value("verification") == "none"
    assert not state.votes[-1].passed
    assert state.motion is None


def test_turn_passes_on_after_a_vote_called_in_turn() -> None:
    """Calling a vote uses the caller's turn: after the vote, the next delegation moves."""
    session = negotiating()
    session.push(propose("usa", verification="mutual"))
    session.push(vote("china"))
    session.push(yes("usa"))
    session.push(yes("china"))
    assert (session.state.round, session.state.holder()) == (2, "usa")


def test_agreed_term_cannot_be_reopened() -> None:
    """A term settled by a vote cannot be proposed again."""
    session = negotiating()
    session.push(propose("usa", verification="mutual"))
    session.push(vote("china"))
    session.push(yes("usa"))
    session.push(yes("china"))
    illegal(session, propose("usa", verification="agency"), "already agreed")


def test_moderator_may_call_a_vote() -> None:
    """The moderator may call the vote on a motion without using anyone's turn."""
    session = negotiating()
    session.push(propose("usa", verification="mutual"))
    session.push(vote("chen"))
    assert session.state.vote is not None
    assert session.state.vote.pending == ("usa", "china")
    session.push(yes("usa"))
    session.push(abstain("china"))
    assert session.state.votes[-1].passed  # 1 of 1 counted, abstention excluded


# --- walk-outs and stances ----------------------------------------------------------


def test_walked_out_delegation_may_only_return_or_pass() -> None:
    """A delegation out of the room may only return or pass."""
    session = negotiating()
    session.push(WalkOut(actor="usa", reason="protest"))
    session.push(pass_("china"))
    illegal(session, propose("usa", verification="mutual"), "walked out")
    session.push(Return(actor="usa"))
    session.push(propose("usa", verification="mutual"))


def test_walked_out_delegation_is_absent_from_votes() -> None:
    """A delegation out of the room casts no ballot and is recorded absent."""
    session = after_openings(Session(three()))
    session.push(WalkOut(actor="usa"))
    session.push(propose("china", verification="mutual"))
    session.push(vote("india"))
    session.push(yes("china"))
    session.push(yes("india"))
    record = session.state.votes[-1]
    assert record.absent == ("usa",)
    assert record.yes == ("china", "india")


def test_concede_moves_public_stance() -> None:
    """A concession moves the delegation's public stance on a term."""
    session = negotiating()
    session.push(Concede(actor="usa", term="verification", to="mutual"))
    assert session.state.stances["usa"]["verification"] == "mutual"


def test_concede_must_change_the_stance() -> None:
    """A concession moves the stance somewhere new."""
    illegal(negotiating(), Concede(actor="usa", term="verification", to="agency"), "already")


def test_concede_only_on_own_terms() -> None:
    """A delegation concedes only on terms it holds a stance on."""
    session = negotiating()
    session.push(pass_("usa"))
    data_less = Concede(actor="china", term="nothing", to="x")
    illegal(session, data_less, "unknown term")


# --- injects -------------------------------------------------------------------------


def test_scheduled_inject_fires_at_round_start() -> None:
    """A scheduled inject fires when its round begins."""
    session = negotiating()
    assert "breach" not in session.state.fired
    session.push(pass_("usa"))
    session.push(pass_("china"))
    assert session.state.fired == ("breach",)
    assert session.state.events[-1].kind == "inject"


def test_priority_effect_changes_utility() -> None:
    """A priority effect reweighs the delegation's terms and its utility follows."""
    session = negotiating(
        injects=[
            {
                "id": "breach",
                "title": "Breach",
                "text": "A breach.",
                "effects": [{"kind": "priority", "actor": "usa", "term": "deadline", "factor": 2}],
            }
        ]
    )
    session.push(propose("usa", deadline=2035))
    session.push(vote("china"))
    session.push(yes("usa"))
    session.push(yes("china"))
    before = session.state.utilities["usa"]
    session.push(FireInject(actor="chen", inject="breach"))
    after = session.state.utilities["usa"]
    # usa weighs verification (none: satisfaction 0) 3 to 1 against the deadline
    # (2035: half way from its ideal 2030 to the farthest value 2040); the inject makes it 3:2
    assert before == pytest.approx(0.25 * 0.5)
    assert after == pytest.approx(0.4 * 0.5)


def test_inject_fires_once() -> None:
    """An inject fires at most once, however it is triggered."""
    session = negotiating()
    session.push(FireInject(actor="chen", inject="breach"))
    illegal(session, FireInject(actor="chen", inject="breach"), "already fired")
    session.push(pass_("usa"))
    session.push(pass_("china"))
    assert session.state.fired == ("breach",)


def test_conditional_inject_fires_when_condition_holds() -> None:
    """A conditional inject fires right after the move that makes its condition true."""
    injects = [
        {
            "id": "deal",
            "title": "A deal",
            "text": "Verification is settled.",
            "trigger": {
                "kind": "conditional",
                "when": {"kind": "term_agreed", "term": "verification"},
            },
            "effects": [{"kind": "trust", "actor": "china", "toward": "usa", "change": 0.9}],
        }
    ]
    session = negotiating(injects=injects)
    session.push(propose("usa", verification="mutual"))
    assert not session.state.fired
    session.push(vote("china"))
    session.push(yes("usa"))
    session.push(yes("china"))
    assert session.state.fired == ("deal",)
    assert session.state.trust["china"]["usa"] == 1.0  # 0.5 + 0.9, kept within [0, 1]


def test_stance_effect_moves_public_stance() -> None:
    """A stance effect moves a delegation's public stance."""
    injects = [
        {
            "id": "shift",
            "title": "Shift",
            "text": "China moves.",
            "effects": [{"kind": "stance", "actor": "china", "term": "deadline", "to": 2030}],
        }
    ]
    session = negotiating(injects=injects)
    session.push(FireInject(actor="chen", inject="shift"))
    assert session.state.stances["china"]["deadline"] == 2030


# --- the final vote ------------------------------------------------------------------


def test_final_vote_adopts_treaty_with_signatories() -> None:
    """The final vote adopts the treaty when the rule is met; the yes votes sign it."""
    session = Session(three(), seats={})
    session.push(AdvancePhase(actor="chen"))
    session.push(AdvancePhase(actor="chen"))
    session.push(yes("usa"))
    session.push(yes("china"))
    session.push(no("india"))
    outcome = session.state.outcome
    assert outcome is not None
    assert outcome.adopted
    assert outcome.signatories == ("usa", "china")
    assert outcome.terms == {"verification": "none", "deadline": 2040}
    assert session.state.over


def test_final_vote_failure_records_no_agreement() -> None:
    """When the final vote fails, the session ends with no agreement."""
    session = Session(three())
    session.push(AdvancePhase(actor="chen"))
    session.push(AdvancePhase(actor="chen"))
    session.push(yes("usa"))
    session.push(no("china"))
    session.push(no("india"))
    outcome = session.state.outcome
    assert outcome is not None
    assert not outcome.adopted
    assert outcome.signatories == ()


def test_supported_motion_is_voted_when_the_rounds_run_out() -> None:
    """A motion still on the floor when the last round ends is put to a vote of every
    voting delegation in the room before the negotiation closes; if it passes it is
    written into the draft the final vote is held on."""
    session = negotiating(rules__round_limit=1, injects=[])
    session.push(propose("usa", verification="mutual"))
    session.push(yes("china"))  # the last move of the last round: a declaration, no vote
    vote_open = session.state.vote
    assert vote_open is not None
    assert vote_open.subject == "motion"
    assert vote_open.pending == ("usa", "china")
    assert session.state.phase == "negotiation"
    session.push(yes("usa"))
    session.push(yes("china"))
    state = session.state
    assert state.votes[-1].passed
    assert state.value("verification") == "mutual"
    assert state.phase == "final_vote"
    assert state.vote is not None
    assert state.vote.subject == "treaty"


def test_failed_last_motion_still_leads_to_the_final_vote() -> None:
    """When the motion put to the vote at the round limit fails, the draft is unchanged
    and the final vote follows."""
    session = negotiating(rules__round_limit=1, injects=[])
    session.push(propose("usa", verification="agency"))
    session.push(no("china"))
    session.push(yes("usa"))
    session.push(no("china"))
    state = session.state
    assert not state.votes[-1].passed
    assert state.value("verification") == "none"
    assert state.phase == "final_vote"


def test_observer_takes_turns_but_neither_votes_nor_signs() -> None:
    """An observer speaks and proposes in its turn, but is not asked in votes, is not
    counted, and never signs."""
    session = after_openings(Session(three(role="observer")))
    session.push(propose("usa", verification="mutual"))
    session.push(vote("china"))
    assert session.state.vote is not None
    assert session.state.vote.pending == ("usa", "china")
    session.push(yes("usa"))
    session.push(yes("china"))
    assert session.state.votes[-1].yes == ("usa", "china")
    session.push(propose("india", deadline=2035))
    session.push(AdvancePhase(actor="chen"))
    assert session.state.vote is not None
    assert session.state.vote.pending == ("usa", "china")
    session.push(yes("usa"))
    session.push(yes("china"))
    outcome = session.state.outcome
    assert outcome is not None
    assert outcome.signatories == ("usa", "china")


def test_no_agreement_leaves_everyone_at_its_walk_away_point() -> None:
    """Without an agreement nothing on the table binds: each delegation's payoff is its
    walk-away value (its reservation), whatever the draft says; with one, its utility."""
    session = negotiating()
    session.push(propose("usa", verification="mutual"))
    session.push(vote("china"))
    session.push(yes("usa"))
    session.push(yes("china"))
    session.push(EndSession(actor="chen"))
    state = session.state
    assert state.outcome is not None
    assert not state.outcome.adopted
    assert state.value("verification") == "mutual"  # agreed, but never adopted
    reservations = {a: state.table.utility[a].reservation for a in state.table.voters}
    assert state.payoffs() == reservations
    assert state.payoffs() != state.utilities


def test_open_motion_lapses_at_final_vote() -> None:
    """A motion still on the floor when the moderator opens the final vote lapses."""
    session = negotiating()
    session.push(propose("usa", verification="mutual"))
    session.push(AdvancePhase(actor="chen"))
    assert session.state.motion is None


# --- the state ------------------------------------------------------------------------


def test_illegal_move_leaves_state_unchanged() -> None:
    """An illegal move raises a named error and the state stays as it was."""
    session = negotiating()
    before = session.state
    with pytest.raises(IllegalMoveError, match="move 3 "):
        session.push(say("china"))
    assert session.state is before


def test_check_gives_reason_without_applying() -> None:
    """check() tells why a move is illegal without changing anything."""
    state = negotiating().state
    assert check(state, say("china")) is not None
    assert check(state, say("usa")) is None


# --- trust moves with behaviour ------------------------------------------------------


def test_support_raises_proposers_trust() -> None:
    """Backing a motion raises its proposer's trust in the backer."""
    session = negotiating()
    before = session.state.trust["usa"]["china"]
    session.push(propose("usa", verification="mutual"))
    session.push(yes("china"))
    assert session.state.trust["usa"]["china"] == pytest.approx(before + 0.03)


def test_opposition_lowers_proposers_trust() -> None:
    """Objecting to a motion lowers its proposer's trust in the objector."""
    session = negotiating()
    before = session.state.trust["usa"]["china"]
    session.push(propose("usa", verification="agency"))
    session.push(no("china"))
    assert session.state.trust["usa"]["china"] == pytest.approx(before - 0.03)


def test_concession_toward_another_raises_its_trust() -> None:
    """A concession that brings a public stance closer to another delegation's raises that
    delegation's trust in the one conceding; one that moves away does not."""
    session = negotiating()
    before = session.state.trust["china"]["usa"]
    session.push(Concede(actor="usa", term="verification", to="mutual"))
    assert session.state.trust["china"]["usa"] == pytest.approx(before + 0.02)
    session.push(Concede(actor="china", term="deadline", to=2040))
    assert session.state.trust["usa"]["china"] == pytest.approx(0.3)


# --- odd input --------------------------------------------------------------------------


def test_numbers_outside_any_scale_are_refused() -> None:
    """A value too large for any scale is refused as not a value of the term."""
    illegal(negotiating(), propose("usa", deadline=10**400), "not a value")


def test_non_finite_numbers_are_not_moves() -> None:
    """Not-a-number and infinity cannot even be written into a move."""
    from pydantic import ValidationError

    for value in (float("nan"), float("inf")):
        with pytest.raises(ValidationError):
            propose("usa", deadline=value)


def test_motion_preview_follows_priority_changes() -> None:
    """A priority inject updates the utilities the motion on the floor would give."""
    session = negotiating(
        injects=[
            {
                "id": "breach",
                "title": "Breach",
                "text": "A breach.",
                "effects": [{"kind": "priority", "actor": "usa", "term": "deadline", "factor": 2}],
            }
        ]
    )
    session.push(propose("usa", deadline=2030))
    session.push(FireInject(actor="chen", inject="breach"))
    motion = session.state.motion
    assert motion is not None
    assert motion.utilities["usa"] == pytest.approx(0.4)


def test_sole_mediator_chairs_by_default() -> None:
    """Without rules.moderator, the scenario's only mediator chairs."""
    session = negotiating(rules__moderator=None)
    session.push(say("chen", "I chair by default."))
    assert session.state.table.moderator == "chen"


def test_moderator_closing_without_final_vote_says_so() -> None:
    """Without a final vote in the rules, closing the negotiation records who closed it."""
    session = negotiating(rules__phases=["openings", "negotiation"])
    session.push(AdvancePhase(actor="chen"))
    outcome = session.state.outcome
    assert outcome is not None
    assert outcome.reason.startswith("the moderator closed the negotiation")
