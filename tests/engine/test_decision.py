"""Decision rules: one test per rule case, and a property check against a plain
reference count written from the rules' definitions."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine.decision import tally
from simulator.scenario.rules import DecisionRule, exact
from tests.conftest import examples

MEMBERS: tuple[str, ...] = ("a", "b", "c", "d", "e", "f")
ONES = dict.fromkeys(MEMBERS, 1.0)


def ballots(spec: str) -> dict[str, Any]:
    """'yyn a-' → a: support, b: support, c: oppose, d: abstain, e: absent..."""
    kinds = {"y": "support", "n": "oppose", "a": "abstain"}
    return {m: kinds[c] for m, c in zip(MEMBERS, spec.replace(" ", ""), strict=False) if c in kinds}


def passes(rule: DecisionRule, spec: str, weights: dict[str, float] = ONES) -> bool:
    return tally(rule, ballots(spec), MEMBERS, weights).passed


def test_consensus_passes_without_objection() -> None:
    """Consensus: adopted when no voting delegation objects."""
    assert passes(DecisionRule(method="consensus"), "yyyyyy")


def test_consensus_blocked_by_one_objection() -> None:
    """Consensus: a single objection blocks."""
    assert not passes(DecisionRule(method="consensus"), "yyyyyn")


def test_consensus_abstention_does_not_block() -> None:
    """Consensus: standing aside (abstaining) does not block."""
    assert passes(DecisionRule(method="consensus"), "yyyyaa")


def test_consensus_needs_some_support() -> None:
    """Consensus: a motion nobody supports is not adopted."""
    assert not passes(DecisionRule(method="consensus"), "aaaaaa")


def test_unanimity_needs_every_member() -> None:
    """Unanimity: every voting delegation votes yes; an absent member blocks."""
    assert passes(DecisionRule(method="unanimity"), "yyyyyy")
    assert not passes(DecisionRule(method="unanimity"), "yyyyy-")


def test_unanimity_abstention_by_rule() -> None:
    """Unanimity: an abstention blocks only when abstentions count against."""
    assert passes(DecisionRule(method="unanimity", abstentions="excluded"), "yyyyya")
    assert not passes(DecisionRule(method="unanimity", abstentions="count_against"), "yyyyya")


def test_simple_majority_strictly_more_than_half() -> None:
    """Simple majority: yes must be more than half of the counted votes; a tie fails."""
    rule = DecisionRule(method="simple_majority")
    assert passes(rule, "yyyynn")
    assert not passes(rule, "yyynnn")


def test_abstentions_excluded_or_counted() -> None:
    """Abstentions are left out of the count, or count like a no vote, as the rule says."""
    assert passes(DecisionRule(method="simple_majority"), "yyynaa")
    assert not passes(DecisionRule(method="simple_majority", abstentions="count_against"), "yyynaa")


def test_qualified_majority_at_threshold() -> None:
    """Qualified majority: yes must reach the threshold share of counted votes."""
    rule = DecisionRule(method="qualified_majority", threshold="2/3")
    assert passes(rule, "yyyynn")  # exactly two thirds
    assert not passes(rule, "yyynnn")


def test_two_thirds_is_exactly_two_thirds() -> None:
    """Qualified majority: a threshold written as a fraction is exact, and one written as a
    decimal is what it says: 8 of 12 meets 2/3 and misses 0.667; each is printed as
    written."""
    members = tuple(f"m{i}" for i in range(12))
    cast = {m: "support" if i < 8 else "oppose" for i, m in enumerate(members)}
    ones = dict.fromkeys(members, 1.0)
    exact_rule = DecisionRule(method="qualified_majority", threshold="2/3")
    decimal_rule = DecisionRule(method="qualified_majority", threshold=0.667)
    met = tally(exact_rule, cast, members, ones)  # type: ignore[arg-type]
    missed = tally(decimal_rule, cast, members, ones)  # type: ignore[arg-type]
    assert met.passed
    assert met.reason == "8 of 12 in favour (66.7%); 2/3 reached"
    assert not missed.passed
    assert missed.reason == "8 of 12 in favour (66.7%); 0.667 not reached"


def test_majority_of_all_members() -> None:
    """Majority of members: the share is of every voting delegation, present or not, so
    abstaining and absence count against: 3 yes and 4 abstentions is not 5 of 7."""
    rule = DecisionRule(method="qualified_majority", threshold="5/7", base="members")
    seven = ("a", "b", "c", "d", "e", "f", "g")
    ones = dict.fromkeys(seven, 1.0)
    three = {"a": "support", "b": "support", "c": "support"} | dict.fromkeys("defg", "abstain")
    result = tally(rule, three, seven, ones)  # type: ignore[arg-type]
    assert not result.passed
    assert result.blockers == ("d", "e", "f", "g")
    five = dict.fromkeys("abcde", "support")
    assert tally(rule, five, seven, ones).passed  # type: ignore[arg-type]
    cast_rule = DecisionRule(method="qualified_majority", threshold="5/7")
    assert tally(cast_rule, three, seven, ones).passed  # type: ignore[arg-type]


def test_unanimity_abstention_choice_is_the_authors() -> None:
    """Unanimity: with abstentions excluded one yes and one abstention pass; with
    abstentions counted against (the author's choice) the abstention blocks and is named."""
    pair = ("a", "b")
    cast = {"a": "support", "b": "abstain"}
    ones = dict.fromkeys(pair, 1.0)
    assert tally(DecisionRule(method="unanimity"), cast, pair, ones).passed  # type: ignore[arg-type]
    blocked = tally(
        DecisionRule(method="unanimity", abstentions="count_against"),
        cast,  # type: ignore[arg-type]
        pair,
        ones,
    )
    assert not blocked.passed
    assert blocked.blockers == ("b",)


def test_blockers_and_reasons_use_names() -> None:
    """A failed vote names who blocked it by display name: required parties missing, and
    under consensus those objecting (and abstaining, when abstentions count against)."""
    names = {"a": "United States", "f": "China"}.get
    rule = DecisionRule(method="simple_majority", required_parties=("a", "f"))
    result = tally(rule, ballots("ayyyyn"), MEMBERS, ONES, lambda a: names(a) or a)
    assert result.reason == "United States and China do not vote yes"
    assert result.blockers == ("a", "f")
    consensus = DecisionRule(method="consensus", abstentions="count_against")
    result = tally(consensus, ballots("yyyyan"), MEMBERS, ONES)
    assert result.blockers == ("e", "f")


def test_weighted_reason_says_it_counts_weight() -> None:
    """A weighted tally says it counts weight, not delegations."""
    weights = {**ONES, "a": 3.0}
    rule = DecisionRule(method="simple_majority", weighted=True)
    assert tally(rule, ballots("ynnnnn"), MEMBERS, weights).reason.startswith("3 of 8 by weight")


def test_weighted_voting() -> None:
    """Weighted voting: each vote counts with the delegation's voting weight."""
    weights = {**ONES, "a": 6.0}
    rule = DecisionRule(method="simple_majority", weighted=True)
    assert passes(rule, "ynnnnn", weights)
    assert not passes(DecisionRule(method="simple_majority"), "ynnnnn", weights)


def test_required_parties_must_vote_yes() -> None:
    """Required parties: adoption needs each of them to vote yes, whatever the count."""
    rule = DecisionRule(method="simple_majority", required_parties=("f",))
    assert not passes(rule, "yyyyya")
    assert passes(rule, "yyyyyy")


def test_quorum_of_participation() -> None:
    """Quorum: enough of the membership must take part (abstaining counts as taking part)."""
    rule = DecisionRule(method="simple_majority", quorum=0.5)
    assert not passes(rule, "yy----")
    assert passes(rule, "yya---")


def reference(rule: DecisionRule, cast: dict[str, str], weights: dict[str, float]) -> bool:
    """The decision rules as the scenario format documents them, counted exactly."""
    w = {m: Fraction(weights[m]) if rule.weighted else Fraction(1) for m in MEMBERS}
    yes = sum((w[m] for m in MEMBERS if cast.get(m) == "support"), Fraction(0))
    no = sum((w[m] for m in MEMBERS if cast.get(m) == "oppose"), Fraction(0))
    abstain = sum((w[m] for m in MEMBERS if cast.get(m) == "abstain"), Fraction(0))
    total = sum(w.values(), Fraction(0))
    if total == 0 or yes + no + abstain < exact(rule.quorum) * total:
        return False
    if any(cast.get(p) != "support" for p in rule.required_parties):
        return False
    against = no + (abstain if rule.abstentions == "count_against" else 0)
    if rule.method == "consensus":
        return against == 0 and yes > 0
    if rule.method == "unanimity":
        if rule.abstentions == "excluded":
            return yes > 0 and yes + abstain == total
        return yes == total
    counted = total if rule.base == "members" else yes + against
    if counted == 0:
        return False
    if rule.method == "simple_majority":
        return yes * 2 > counted
    return Fraction(yes, 1) / counted >= exact(rule.threshold or "2/3")


RULES = st.builds(
    lambda method, threshold, base, weighted, required, quorum, abstentions: DecisionRule(
        method=method,
        threshold=threshold if method == "qualified_majority" else None,
        base=base,
        weighted=weighted,
        required_parties=required,
        quorum=quorum,
        abstentions=abstentions,
    ),
    st.sampled_from(["consensus", "unanimity", "simple_majority", "qualified_majority"]),
    st.sampled_from([0.5, 0.6, 0.75, 1.0, 0.55, 0.667, "2/3", "5/7", "1/2", "3/4"]),
    st.sampled_from(["cast", "members"]),
    st.booleans(),
    st.lists(st.sampled_from(MEMBERS), unique=True, max_size=2).map(tuple),
    st.sampled_from([0.0, 0.5, 0.75, 1.0]),
    st.sampled_from(["excluded", "count_against"]),
)


@given(
    RULES,
    st.dictionaries(st.sampled_from(MEMBERS), st.sampled_from(["support", "oppose", "abstain"])),
    st.dictionaries(st.sampled_from(MEMBERS), st.sampled_from([0.0, 1.0, 2.0, 3.0])),
)
@settings(max_examples=examples(2000), deadline=None)
def test_tally_matches_reference(
    rule: DecisionRule, cast: dict[str, str], weights: dict[str, float]
) -> None:
    """A vote passes exactly when the decision rule, counted exactly, is met."""
    full = {**ONES, **weights}
    assert tally(rule, cast, MEMBERS, full).passed == reference(rule, cast, full)  # type: ignore[arg-type]
