"""How a computer delegation stands on a motion and votes: what it declares in the
debate (``judge_motion``), the ballot it casts in a vote on a motion or on the whole
agreement (``ballot``), and the readings those need (its limits, whether the motion
looks likely to pass, whether its abstention would decide the vote)."""

from __future__ import annotations

from simulator.agents import wording
from simulator.agents.assessment import Assessment
from simulator.agents.base import Bargainer, brief, refusal_reason
from simulator.engine.decision import tally
from simulator.engine.moves import Abstain, Move, Oppose, Support
from simulator.engine.state import Ballot, State
from simulator.scenario.common import TermValue
from simulator.scenario.terms import in_sentence

TRUSTED = 0.6
"""Trust from which a delegation treats another as a coalition partner."""


def judge_motion(player: Bargainer, state: State, seen: Assessment) -> tuple[Ballot, str, str]:
    """Where the delegation stands on the motion on the floor, why, and the rule that
    says so.

    A motion behind one of its limits is opposed; its own untouched text is
    supported. One that meets its aspiration is supported. A motion that would settle
    every open term is opposed if it leaves the delegation below what it would sign,
    and never opposed otherwise (it could sign it as a whole). One that only improves
    on where the talks stand is supported when a trusted partner or the chair tabled
    it, otherwise tolerated (an abstention).
    """
    motion = state.motion
    assert motion is not None
    name = player.name(state)
    crossing = crossed_red_line(player, state, motion.values)
    if crossing is not None:
        term, value, reason = crossing
        return (
            "oppose",
            f'{name} opposes: on {in_sentence(term)}, "{value}" {reason}',
            "declare-limit",
        )
    if motion.proposer == player.actor and set(motion.authors.values()) <= {player.actor}:
        return "support", f"{name} supports its own text", "declare-own-text"
    worth = seen.motion if seen.motion is not None else seen.expected
    if worth >= seen.aspiration - 1e-9:
        return (
            "support",
            f"{name} supports: the package meets what it is holding out for",
            "declare-meets-aim",
        )
    missing = player.shortfall(state, motion.values)
    agreement = agreement_word(state)
    if seen.settles_all and worth < seen.reservation:
        return (
            "oppose",
            f"{name} opposes: as a whole {agreement} the package would leave it worse off "
            f"than no {agreement} at all; it {missing}",
            "declare-below-walkaway",
        )
    if seen.settles_all and worth < seen.floor:
        return (
            "oppose",
            f"{name} opposes: as a whole {agreement} the package falls short of what it "
            f"holds out for; it {missing}",
            "declare-below-floor",
        )
    if seen.vetoing:
        return (
            "abstain",
            f"{name} abstains: it will not push a text that {seen.vetoing}, whose yes the "
            f"{agreement} needs, says it cannot sign",
            "declare-defer",
        )
    keeps = worth >= seen.expected - 1e-9
    change = motion.utilities[player.actor] - state.utilities[player.actor]
    if worth > seen.expected + 1e-9 or (keeps and change > 1e-9):
        proposer = motion.proposer
        if player.style.bridging:
            return (
                "support",
                f"{name} supports: the package moves the room forward from the draft",
                "declare-bridge",
            )
        if proposer == state.table.moderator and worth >= seen.floor:
            return (
                "support",
                f"{name} supports the chair's text: it improves on the current draft",
                "declare-chair",
            )
        if state.trust[player.actor].get(proposer, 0.5) >= TRUSTED:
            return (
                "support",
                f"{name} supports its partner {state.table.name(proposer)}: "
                "the package improves on the current draft",
                "declare-partner",
            )
        if seen.settles_all:
            return (
                "abstain",
                f"{name} abstains: it could sign the package as a whole, but it {missing}",
                "declare-signable",
            )
        if player.progress(state) >= 0.4:
            return (
                "abstain",
                f"{name} abstains: the package is better than the draft, but it {missing}",
                "declare-short-of-aims",
            )
        return (
            "abstain",
            f"{name} abstains: the package improves on the draft, but it wants to see the "
            "rest of the text first",
            "declare-wait",
        )
    if keeps and abs(change) <= 1e-9:
        return (
            "abstain",
            f"{name} abstains: the package touches nothing it came for",
            "declare-untouched",
        )
    if seen.settles_all:
        return (
            "abstain",
            f"{name} abstains: it could sign the package as a whole, but it {missing}",
            "declare-signable",
        )
    return "oppose", f"{name} opposes: the package {missing}", "declare-loses"


def ballot(player: Bargainer, state: State, seen: Assessment) -> Move:
    vote = state.vote
    assert vote is not None
    name = player.name(state)
    agreement = agreement_word(state)
    if vote.subject == "motion":
        ballot, reason, rule = judge_motion(player, state, seen)
        if ballot == "abstain" and abstention_decides(player, state):
            worth = seen.motion if seen.motion is not None else seen.expected
            if worth >= seen.reservation:
                return Support(
                    actor=player.actor,
                    reason=f"{name} votes yes rather than abstain, since its vote decides "
                    "whether the package passes: it clears what it can live with",
                    rule="abstention-decides",
                )
            missing = player.shortfall(state, vote_values(state))
            return Oppose(
                actor=player.actor,
                reason=f"{name} votes no rather than abstain, since its vote decides "
                f"whether the package passes: it {missing}",
                rule="abstention-decides",
            )
        return ballot_move(player.actor, ballot, reason, rule)
    crossing = crossed_red_line(player, state, state.draft_dict())
    if crossing is not None:
        term, value, reason = crossing
        return Oppose(
            actor=player.actor,
            reason=f"{name} votes against the {agreement}: on {in_sentence(term)}, "
            f'"{value}" {reason}',
            rule="vote-limit",
        )
    if state.acceptable(player.actor) and state.utilities[player.actor] >= seen.floor:
        return Support(
            actor=player.actor,
            reason=f"{name} votes for the {agreement}: it can live with the text as drafted",
            rule="vote-sign",
        )
    draft = state.draft_dict()
    shortfall = player.shortfall(state, draft)
    about = worst_term(player, state, draft)
    if player.style.hold and state.acceptable(player.actor):
        text, cites = player.voiced(
            state,
            f"{name} holds out against the {agreement}: the text {shortfall}",
            about,
            chance=1.0,
        )
        return Oppose(actor=player.actor, reason=text, cites=cites, rule="vote-hold-out")
    text, cites = player.voiced(
        state, f"{name} votes against the {agreement}: the text {shortfall}", about
    )
    return Oppose(actor=player.actor, reason=text, cites=cites, rule="vote-short")


def abstention_decides(player: Bargainer, state: State) -> bool:
    """Whether, in the vote under way, its abstention would give another result than
    its yes or its no (the others still to vote counted as they declared, or as
    abstaining)."""
    vote = state.vote
    motion = state.motion
    assert vote is not None

    table = state.table
    rule = (
        table.scenario.rules.decision
        if vote.subject == "motion"
        else table.scenario.final_vote_rule()
    )
    declared = motion.declared if motion is not None else {}
    ballots: dict[str, Ballot] = {
        a: declared.get(a, "abstain") for a in vote.pending if a != player.actor
    }
    ballots.update(vote.ballots)
    weights = {a: table.weight(a) for a in table.electorate}
    results = {
        tally(rule, {**ballots, player.actor: b}, table.electorate, weights).passed
        for b in ("support", "oppose", "abstain")
    }
    return len(results) > 1


def worst_term(player: Bargainer, state: State, values: dict[str, TermValue]) -> str | None:
    """The term of ``values`` the delegation loses most on, if any."""
    found = wording.complaints(state, player.actor, values)
    return found[0].term if found else None


def crossed_red_line(
    player: Bargainer, state: State, values: dict[str, TermValue]
) -> tuple[str, str, str] | None:
    """The first term of ``values`` behind one of the delegation's red lines: its name,
    the text and the red line's reason."""
    table = state.table
    mine = table.utility[player.actor]
    slot = table.slot[player.actor]
    for term_id, value in values.items():
        t = table.term_index[term_id]
        k = slot.get(t)
        if k is None:
            continue
        index = table.lookup[t][value]
        if index not in mine.forbidden[k]:
            continue
        reason = refusal_reason(
            brief(state, player.actor).positions[term_id], index, state, term_id
        )
        term = table.terms[t]
        return term.name, term.label(value), reason or "crosses a red line"
    return None


def expect_pass(player: Bargainer, state: State) -> bool:
    """Whether the motion looks likely to pass (a whole text: the final vote too),
    judging the undeclared delegations by how close the motion is to their public
    stances."""
    motion = state.motion
    assert motion is not None
    table = state.table
    ballots: dict[str, Ballot] = dict(motion.declared)
    for other in state.present_electorate():
        if other in ballots:
            continue
        closeness = [
            1
            - abs((table.index_of(t, v) or 0) - (table.index_of(t, stance) or 0))
            / max(1, len(table.values[table.term_index[t]]) - 1)
            for t, v in motion.values.items()
            if (stance := state.stances.get(other, {}).get(t)) is not None
        ]
        liked = not closeness or sum(closeness) / len(closeness) >= 0.6
        ballots[other] = "support" if liked else "oppose"

    weights = {a: table.weight(a) for a in table.electorate}
    open_terms = {t.id for t in table.terms if t.id not in state.agreed}
    whole = open_terms <= set(motion.values)
    # a whole text must also carry the final vote, or passing it settles nothing
    rules = [table.scenario.rules.decision] + ([table.scenario.final_vote_rule()] if whole else [])
    return all(tally(rule, ballots, table.electorate, weights).passed for rule in rules)


def ballot_move(actor: str, ballot: Ballot, reason: str, rule: str) -> Move:
    if ballot == "support":
        return Support(actor=actor, reason=reason, rule=rule)
    if ballot == "oppose":
        return Oppose(actor=actor, reason=reason, rule=rule)
    return Abstain(actor=actor, reason=reason, rule=rule)


def vote_values(state: State) -> dict[str, TermValue]:
    """The text under the vote: the motion's values, or the whole draft."""
    vote = state.vote
    if vote is not None and vote.subject == "motion" and state.motion is not None:
        return dict(state.motion.values)
    return state.draft_dict()


def agreement_word(state: State) -> str:
    """What the scenario calls the agreement: 'treaty', 'outcome document', 'deal'."""
    return state.table.scenario.vocabulary.agreement
