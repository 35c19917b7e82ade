"""The computer delegations say truly why, in their own words, and react to what happens:
one test per rule, the rule in its docstring."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.agents import ballots, wording
from simulator.agents.assessment import RULES
from simulator.agents.delegation import DelegationPlayer
from simulator.agents.driver import run_session
from simulator.agents.mediator import MediatorPlayer
from simulator.engine.moves import Amend, Concede, Move, Pass, Propose, Return, Statement, WalkOut
from simulator.engine.session import Session
from simulator.engine.state import State
from simulator.scenario.model import Scenario
from simulator.scenario.terms import in_sentence
from simulator.storage.catalog import shipped_scenarios
from tests.agents.test_players import after_openings, shipped

SHIPPED = sorted(shipped_scenarios())


@cache
def played(name: str, seed: int) -> list[tuple[State, Move]]:
    """Every move of a computer-played session of ``name``, with the state it was made in."""
    scenario: Scenario = shipped(name)
    moves = run_session(scenario, seed=seed).moves
    session = Session(scenario, seed=seed)
    pairs = []
    for move in moves:
        pairs.append((session.state, move))
        session.push(move)
    return pairs


def text_of(state: State) -> dict[str, object]:
    """The text a move in ``state`` speaks of: the draft in the final vote, else the
    motion on the floor, else the draft."""
    if state.vote is not None and state.vote.subject == "treaty":
        return dict(state.draft_dict())
    if state.motion is not None:
        return dict(state.motion.values)
    return dict(state.draft_dict())


@settings(max_examples=12, deadline=None)
@given(st.sampled_from(SHIPPED), st.integers(min_value=0, max_value=10_000))
def test_no_explanation_contradicts_the_motion_and_the_position(name: str, seed: int) -> None:
    """Every explanation that says which way a text misses a term ("does not go far
    enough on X", "goes further than it wants on X") is true of the text it speaks of
    and the speaker's ideal on that term."""
    for state, move in played(name, seed):
        reason = getattr(move, "reason", "") or ""
        names = {in_sentence(t.name): t.id for t in state.table.terms}
        for way, term_name in wording.complaints_in(reason, names):
            term_id = names.get(term_name)
            assert term_id is not None, (term_name, reason)
            values = text_of(state)
            assert term_id in values, reason
            truth = wording.direction(state, move.actor, term_id, values[term_id])  # type: ignore[arg-type]
            assert truth == way, reason


def test_every_computer_move_carries_a_known_rule() -> None:
    """Every move a computer delegation or the facilitating computer chair makes carries
    the rule that chose it, one of the rules written down in plain words (``RULES``)."""
    for name in SHIPPED:
        facilitated = shipped(name).rules.chair == "facilitator"
        for state, move in played(name, 1):
            if move.actor != state.table.moderator or facilitated:
                assert move.rule in RULES, move


def test_a_move_on_a_term_quotes_that_terms_source() -> None:
    """A concession quotes the source of the conceding delegation's position or red line
    on that very term, never a line about something else, and never its critics' words."""
    quoted = 0
    for name in SHIPPED:
        for seed in range(4):
            for state, move in played(name, seed):
                if isinstance(move, Concede) and move.cites is not None:
                    position = state.table.actors[move.actor].positions[move.term]
                    own = [position.source] + [r.source for r in position.red_lines]
                    assert move.cites in own, move
                    assert move.cites.kind != "critique", move
                    assert f'"{move.cites.quote.strip()}"' in move.reason
                    quoted += 1
    assert quoted


def test_no_line_is_repeated_by_one_delegation_in_a_session() -> None:
    """Within a session a delegation says each of its seed lines at most once."""
    for name in SHIPPED:
        for seed in range(4):
            seen: set[tuple[str, str]] = set()
            for _, move in played(name, seed):
                source = move.quote if isinstance(move, Statement) else getattr(move, "cites", None)
                if source is None:
                    continue
                key = (move.actor, source.quote)
                assert key not in seen, move
                seen.add(key)


def test_delegations_react_to_an_inject_in_their_own_words() -> None:
    """After the classroom's non-state code-breaking inject, each delegation's next turn is
    its scripted reaction, in the seed's words with their source."""
    scenario = shipped("quantum-classroom")
    inject = scenario.inject_by_id("nonstate_codebreaking")
    assert inject is not None
    reactions = {r.actor: r for r in inject.reactions}
    assert len(reactions) == 7
    moves = played("quantum-classroom", 1)
    fired = next(i for i, (s, _) in enumerate(moves) if "nonstate_codebreaking" in s.fired)
    first: dict[str, Move] = {}
    for state, move in moves[fired:]:
        if move.actor in reactions and move.actor not in first and state.vote is None:
            first[move.actor] = move
    for actor, reaction in reactions.items():
        move = first[actor]
        assert isinstance(move, Statement)
        assert move.rule == "react"
        assert move.text == reaction.text
        assert move.quote == reaction.source


def test_the_chair_never_voices_a_debrief_question() -> None:
    """The computer chair never puts a ``discussion_questions`` entry to the table during
    play; what it asks comes from ``chair_prompts``."""
    for name in SHIPPED:
        scenario = shipped(name)
        questions = {q.text for q in scenario.discussion_questions}
        prompts = {p.text for p in scenario.chair_prompts}
        for seed in range(3):
            for state, move in played(name, seed):
                if isinstance(move, Statement) and move.actor == state.table.moderator:
                    assert move.text not in questions
                    assert move.text in prompts


def test_the_chair_asks_its_prompts() -> None:
    """In the classroom the chair asks Dr. Chen's own questions from the seed."""
    asked = [
        m.text
        for s, m in played("quantum-classroom", 1)
        if isinstance(m, Statement) and m.actor == s.table.moderator
    ]
    assert asked
    assert all(a.startswith(("China,", "Iran,", "Mexico,", "If quantum")) for a in asked)


def test_no_walk_out_from_a_text_it_could_accept() -> None:
    """A delegation never walks out while the motion on the floor (or, with none, the
    draft) is one it could sign: within its red lines and above its walk-away point."""
    walked = 0
    for name in SHIPPED:
        for seed in range(6):
            for state, move in played(name, seed):
                if not isinstance(move, WalkOut):
                    continue
                walked += 1
                values = text_of(state)
                scored = state.table.write(state.indexes, values)  # type: ignore[arg-type]
                assert scored is not None
                utilities, crossed = state.table.score(state.weights, scored)
                reservation = state.table.actors[move.actor].reservation
                assert (
                    crossed[move.actor]
                    or utilities[move.actor] < reservation
                    or move.rule in ("walk-out-agreed-limit", "walk-out-out-of-reach")
                ), move
    assert walked


def test_a_proposer_supports_its_own_text() -> None:
    """A delegation asked about a motion it tabled, unamended, supports it."""
    session = after_openings("quantum-classroom")
    session.push(Propose(actor="usa", values={"climate_pilot": "data_sharing"}))
    ballot, reason, rule = DelegationPlayer("usa").judge_motion(session.state)
    assert (ballot, rule) == ("support", "declare-own-text")
    assert reason == "United States supports its own text"


def test_a_concession_gives_ground() -> None:
    """A computer delegation's concession never moves its public stance to a value worth
    more to it than the one it leaves (stances move only for a reason)."""
    for name in SHIPPED:
        for seed in range(4):
            for state, move in played(name, seed):
                if not isinstance(move, Concede):
                    continue
                table = state.table
                t = table.term_index[move.term]
                curve = table.utility[move.actor].curves[table.slot[move.actor][t]]
                old = table.lookup[t][state.stances[move.actor][move.term]]
                assert curve[table.lookup[t][move.to]] < curve[old], move


def test_an_abstention_that_would_decide_a_vote_becomes_yes_or_no() -> None:
    """In a vote, no computer delegation abstains where its yes or its no would change
    the result."""
    for name in SHIPPED:
        for seed in range(4):
            for state, move in played(name, seed):
                if state.vote is None or move.kind != "abstain":
                    continue
                if move.actor == state.table.moderator:
                    continue
                player = DelegationPlayer(move.actor, seed)
                assert not ballots.abstention_decides(player, state), move


def _to_turn_of(session: Session, actor: str) -> None:
    """Pass every turn until ``actor`` holds the floor."""
    while session.state.holder() != actor:
        holder = session.state.holder()
        assert holder is not None
        session.push(Pass(actor=holder))


def test_a_walked_out_needed_party_is_approached_and_returns() -> None:
    """China, whose yes the classroom treaty needs, walks out: while the text on the floor
    crosses its red lines the chair revises the text toward it and it stays out, saying
    why; with no such text on the floor and one it could sign within reach, it returns on
    its next turn."""
    session = after_openings("quantum-classroom")
    _to_turn_of(session, "china")
    session.push(WalkOut(actor="china"))
    _to_turn_of(session, "usa")
    session.push(
        Propose(
            actor="usa",
            values={"export_controls": "strict_national", "access": "allied_frameworks"},
        )
    )
    revision = MediatorPlayer(session.state.table.moderator).decide(session.state)
    assert isinstance(revision, Amend)
    assert "China" in revision.reason
    _to_turn_of(session, "china")
    stay = DelegationPlayer("china").decide(session.state)
    assert isinstance(stay, Pass)
    assert stay.rule == "stay-out"
    assert "could not sign" in stay.reason
    fresh = after_openings("quantum-classroom")
    _to_turn_of(fresh, "china")
    fresh.push(WalkOut(actor="china"))
    _to_turn_of(fresh, "china")
    returned = DelegationPlayer("china").decide(fresh.state)
    assert isinstance(returned, Return)
    assert returned.rule == "return"


def test_every_scripted_reaction_is_said_after_its_inject() -> None:
    """In every shipped scenario, a delegation with a scripted reaction to an inject that
    fires says it, in those words and with its source, once it next holds the floor in
    the room (twice over, in case another inject's reaction came first)."""
    heard = 0
    for name in SHIPPED:
        scenario = shipped(name)
        for seed in range(3):
            moves = played(name, seed)
            for inject in scenario.injects:
                fired = next((i for i, (s, _) in enumerate(moves) if inject.id in s.fired), None)
                if fired is None:
                    continue
                for reaction in inject.reactions:
                    turns = [
                        m
                        for s, m in moves[fired:]
                        if m.actor == reaction.actor
                        and s.vote is None
                        and reaction.actor not in s.absent
                    ]
                    said = [
                        m
                        for m in turns
                        if isinstance(m, Statement)
                        and m.rule == "react"
                        and m.text == reaction.text
                    ]
                    if len(turns) >= 2:
                        assert len(said) == 1, (name, seed, inject.id, reaction.actor)
                        assert said[0].quote == reaction.source
                        heard += 1
    assert heard >= 20


def test_the_chair_revises_a_whole_text_a_needed_party_could_not_sign() -> None:
    """A whole text on the floor that would leave a delegation whose yes the agreement
    needs below its walk-away point is revised toward it by the chair, before anyone has
    said so (the chair reads the briefs): passing it would only lose the final vote."""
    session = after_openings("human-rights-workshop")
    table = session.state.table
    holder = session.state.holder()
    assert holder is not None
    values = {term.id: term.values()[-1] for term in table.terms}
    session.push(Propose(actor=holder, values=values))
    motion = session.state.motion
    assert motion is not None
    short = [
        a
        for a in table.electorate
        if motion.crossed[a] or motion.utilities[a] < table.utility[a].reservation
    ]
    assert short
    assert not motion.declared.keys() - {holder}
    move = MediatorPlayer(table.moderator).decide(session.state)
    assert isinstance(move, Amend)
    assert move.rule == "chair-revise"
    assert any(table.name(a) in move.reason for a in short)


def test_a_party_the_agreement_needs_by_name_holds_out_further() -> None:
    """A hard-liner whose yes the final vote requires by name (the classroom's United
    States) holds out further above its walk-away point than one whose yes is not
    required (Iran): half as far again, as a share of the way to full satisfaction."""
    session = after_openings("quantum-classroom")
    state = session.state
    assert "usa" in state.table.scenario.final_vote_rule().required_parties
    share = {}
    for actor in ("usa", "iran"):
        player = DelegationPlayer(actor, 0)
        player.personality = "hard-liner"
        reservation = state.table.actors[actor].reservation
        share[actor] = (player.floor(state) - reservation) / (1 - reservation)
    assert share["iran"] > 0
    assert abs(share["usa"] - 1.5 * share["iran"]) < 1e-9
