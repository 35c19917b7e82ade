"""Decision rules: whether a vote passes, counted exactly as a chair would count it.

The rule is the scenario's ``DecisionRule``; the ballots are what each voting delegation
in the room cast. Delegations out of the room are absent: they count toward the
membership (for quorum, unanimity and majorities of all members) but cast nothing.
Counts are exact fractions, so 8 of 12 meets a threshold of 2/3 and misses one of 0.667.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from simulator.engine.state import Ballot
from simulator.scenario.common import listed
from simulator.scenario.rules import DecisionRule


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
    """Why the vote passed or failed, in words, with display names."""
    blockers: tuple[str, ...] = ()
    """When it failed: the delegations whose ballot (or absence) counted against it, or
    whose required yes was missing, in membership order."""


def tally(
    rule: DecisionRule,
    ballots: Mapping[str, Ballot],
    members: Sequence[str],
    weights: Mapping[str, float],
    name: Callable[[str], str] = str,
) -> Tally:
    """Count ``ballots`` (delegation to ballot) among the voting ``members`` under ``rule``.

    ``weights`` gives each member's voting weight, used when the rule is weighted;
    ``name`` gives a delegation's display name for the reason.
    """

    # each member's weight, exact (a fraction, or 1 each when unweighted), worked out once
    exact: dict[str, Fraction | int] = {
        a: Fraction(str(weights.get(a, 0.0))) if rule.weighted else 1 for a in members
    }

    def weight(actor: str) -> Fraction | int:
        return exact[actor]

    counts: dict[str, Fraction | int] = {"support": 0, "oppose": 0, "abstain": 0}
    for a in members:
        ballot = ballots.get(a)
        if ballot is not None:
            counts[ballot] += exact[a]
    yes, no, abstain = counts["support"], counts["oppose"], counts["abstain"]
    total = sum(exact.values())
    unit = " by weight" if rule.weighted else ""

    def result(passed: bool, reason: str, against: Sequence[str] = ()) -> Tally:
        counted = set(against)
        blockers = () if passed else tuple(a for a in members if a in counted)
        return Tally(passed, float(yes), float(no), float(abstain), float(total), reason, blockers)

    voted = yes + no + abstain
    silent = [a for a in members if a not in ballots]
    if total <= 0:
        return result(False, "no delegation can vote")
    if voted < Fraction(str(rule.quorum)) * total:
        return result(
            False,
            f"no quorum: {_n(voted)} of {_n(total)}{unit} took part, {rule.quorum:.0%} needed",
            silent,
        )
    missing = [a for a in rule.required_parties if ballots.get(a) != "support"]
    if missing:
        verb = "does" if len(missing) == 1 else "do"
        return result(False, f"{listed([name(a) for a in missing])} {verb} not vote yes", missing)
    # a delegation whose vote weighs nothing cannot count against anything
    noes = [a for a in members if ballots.get(a) == "oppose" and weight(a) > 0]
    abstainers = [a for a in members if ballots.get(a) == "abstain" and weight(a) > 0]
    silent = [a for a in silent if weight(a) > 0]
    counting = rule.abstentions == "count_against"
    if rule.method == "consensus":
        against = noes + (abstainers if counting else [])
        if against:
            return result(
                False, f"consensus blocked by {listed([name(a) for a in against])}", against
            )
        if yes <= 0:
            return result(False, "no delegation supported it")
        return result(True, "consensus: no objection")
    if rule.method == "unanimity":
        enough = yes + (0 if counting else abstain)
        if enough >= total and yes > 0:
            return result(True, "unanimous")
        not_yes = [a for a in members if ballots.get(a) != "support" and weight(a) > 0]
        against = not_yes if counting else [a for a in not_yes if ballots.get(a) != "abstain"]
        return result(False, f"not unanimous: {listed([name(a) for a in against])}", against)
    return _majority(rule, yes, no, abstain, total, unit, noes, abstainers, silent, result)


def _majority(
    rule: DecisionRule,
    yes: Fraction | int,
    no: Fraction | int,
    abstain: Fraction | int,
    total: Fraction | int,
    unit: str,
    noes: list[str],
    abstainers: list[str],
    silent: list[str],
    result: Callable[[bool, str, Sequence[str]], Tally],
) -> Tally:
    """A simple or qualified majority, of the votes cast or of all members."""
    counting = rule.abstentions == "count_against"
    if rule.base == "members":
        counted = total
        against = noes + abstainers + silent
    else:
        counted = yes + no + (abstain if counting else 0)
        against = noes + (abstainers if counting else [])
    if counted <= 0:
        return result(False, "no votes counted", ())
    share = Fraction(yes) / counted
    needed = rule.needed()
    of = f"{_n(yes)} of {_n(counted)}{unit} in favour"
    if needed is None:
        passed = share > Fraction(1, 2)
        verdict = "reached" if passed else "not reached"
        return result(passed, f"{of}; more than half {verdict}", against)
    passed = share >= needed
    verdict = "reached" if passed else "not reached"
    return result(passed, f"{of} ({_percent(share)}); {rule.threshold_text()} {verdict}", against)


def _percent(share: Fraction) -> str:
    """A share as a percentage, with a decimal when a whole number would hide a miss."""
    whole = round(share * 100)
    return f"{whole}%" if whole == share * 100 else f"{float(share * 100):.1f}%"


def _n(value: Fraction | int) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"
