"""Decision rules: whether a vote passes.

The rule is the scenario's ``DecisionRule``; the ballots are what each delegation in the
room cast. Delegations out of the room are absent: they count toward the membership
(for quorum and unanimity) but cast nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from simulator.engine.state import Ballot
from simulator.scenario.rules import DecisionRule

EPSILON = 1e-9
"""Tolerance when comparing shares with thresholds, so 2/3 meets a threshold of 0.6667
only when it should and 4 of 6 meets exactly 2/3."""


@dataclass(frozen=True, slots=True)
class Tally:
    """The count of a vote under a decision rule."""

    passed: bool
    """Whether the rule is met."""
    yes: float
    """Votes (or weight) in favour."""
    no: float
    """Votes (or weight) against."""
    abstain: float
    """Abstentions (votes or weight)."""
    members: float
    """All voting delegations (votes or weight), present or not."""
    reason: str
    """Why the vote passed or failed, in words."""


def tally(
    rule: DecisionRule,
    ballots: Mapping[str, Ballot],
    members: Sequence[str],
    weights: Mapping[str, float],
) -> Tally:
    """Count ``ballots`` (delegation to ballot) among ``members`` under ``rule``.

    ``weights`` gives each member's voting weight, used when the rule is weighted.
    """

    def weight(actor: str) -> float:
        return weights.get(actor, 0.0) if rule.weighted else 1.0

    yes = sum(weight(a) for a in members if ballots.get(a) == "support")
    no = sum(weight(a) for a in members if ballots.get(a) == "oppose")
    abstain = sum(weight(a) for a in members if ballots.get(a) == "abstain")
    total = sum(weight(a) for a in members)

    def result(passed: bool, reason: str) -> Tally:
        return Tally(passed, yes, no, abstain, total, reason)

    voted = yes + no + abstain
    if total <= 0:
        return result(False, "no delegation can vote")
    if voted < rule.quorum * total - EPSILON:
        return result(
            False, f"no quorum: {_n(voted)} of {_n(total)} took part, {rule.quorum:.0%} needed"
        )
    missing = [a for a in rule.required_parties if ballots.get(a) != "support"]
    if missing:
        return result(
            False,
            f"required part{'ies' if len(missing) > 1 else 'y'} "
            f"{', '.join(missing)} did not vote yes",
        )
    against = no + (abstain if rule.abstentions == "count_against" else 0)
    if rule.method == "consensus":
        if against > 0:
            return result(False, "consensus blocked by objection")
        if yes <= 0:
            return result(False, "no delegation supported it")
        return result(True, "consensus: no objection")
    if rule.method == "unanimity":
        if yes >= total - EPSILON or (
            rule.abstentions == "excluded" and yes > 0 and yes + abstain >= total - EPSILON
        ):
            return result(True, "unanimous")
        return result(False, "not unanimous")
    counted = yes + no + (abstain if rule.abstentions == "count_against" else 0)
    if counted <= 0:
        return result(False, "no votes counted")
    share = yes / counted
    if rule.method == "simple_majority":
        passed = share > 0.5 + EPSILON
        return result(
            passed,
            f"{_n(yes)} of {_n(counted)} in favour; more than half "
            f"{'reached' if passed else 'not reached'}",
        )
    threshold = rule.threshold if rule.threshold is not None else 2 / 3
    passed = share >= threshold - EPSILON
    return result(
        passed,
        f"{_n(yes)} of {_n(counted)} in favour ({share:.0%}); "
        f"{threshold:.0%} {'reached' if passed else 'not reached'}",
    )


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
