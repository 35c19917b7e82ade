"""The NegMAS side of the comparison: runs one problem spec in NegMAS and reports figures.

Run it with NegMAS's own interpreter, never the project's (NegMAS is not a dependency of
the project; it lives in a separate virtualenv used only by this benchmark)::

    /path/to/negmas-venv/bin/python negmas_side.py < spec.json

It reads one JSON spec on standard input and prints one JSON object on standard output
(anything NegMAS itself prints goes to standard error). Specs are those of
``problems.py``; keys not named here (such as ``ideals``) are ignored.

The problem, built identically for both kinds of spec
    Issue ``i`` is ``make_issue(issues[i], name="i<i>")``: the integers
    ``0 .. issues[i]-1``, so an outcome is a tuple of value indexes, and the outcome space
    is ``make_os(issues)``. Each party's utility is a ``LinearAdditiveUtilityFunction``
    with one table per issue (``{v: values[i][v]}``), the party's ``weights`` and zero
    bias, with ``reserved_value`` set to the party's ``reservation``. NegMAS evaluates it
    as ``0.0 + w_0 * values[0][v_0] + w_1 * values[1][v_1] + ...``, the spec's
    ``sum_i weights[i] * values[i][v_i]`` in the same order.

``{"kind": "negotiation", "issues", "parties", "steps", "exponent", "repeat"}``
    An ``SAOMechanism`` (stacked alternating offers) limited to ``n_steps=steps``, with
    one ``AspirationNegotiator`` per party, in the spec's order. The spec's ``exponent``
    e uses the simulator's convention (aspiration ``1 - t ** (1/e)``: e < 1 is Boulware),
    while NegMAS's polynomial aspiration is ``1 - t ** k``; so each negotiator gets
    ``aspiration_type=1/e`` (e = 0.2 gives k = 5, a Boulware curve a little harder than
    NegMAS's named ``"boulware"``, k = 4). ``BoulwareTBNegotiator`` cannot be used: it
    fixes k = 4. The negotiators concede on time only and choose deterministically
    (``stochastic=False``): each offers the outcome of lowest utility it finds still at
    or above its aspiration, and accepts any offer within ``tolerance`` (0.001, the
    default) of its aspiration. The aspiration runs from the party's best utility (1 in
    ``problems.py``) down to the larger of its worst utility and its reservation.
    NegMAS's relative time at step ``s`` (counted from 0) is ``(s + 1) / (steps + 1)``,
    the same for every negotiator within a step.

    One *step* of ``SAOMechanism`` with N negotiators (with the default
    ``one_offer_per_step=False``) is a full round: every negotiator is called once, in
    a fixed round-robin order, and either accepts the standing offer or rejects it with
    a counter-offer (which becomes the standing offer). An agreement is reached when all
    N have accepted the same standing offer (the proposer counting as accepting). So
    100 steps with 7 parties are up to 700 offers or answers, and one step corresponds
    to one round of the simulator's table.

    For each of ``repeat`` runs (default 1), the outcome space, utility functions,
    mechanism and negotiators are built afresh (not timed, and so that no cache NegMAS
    keeps on them carries over), Python's ``random`` module is seeded with the spec's
    ``seed`` (default 0: NegMAS's offer search samples from it on large outcome spaces),
    and only ``mechanism.run()`` is timed. That time includes each negotiator's one-off
    set-up of its utility inverter, which NegMAS does lazily on its first offer: exact
    presorting up to 10^6 outcomes, approximate BIDS search (50 sampled targets per
    offer) beyond.

    Reports ``negmas_version``; ``seconds``, the median wall time of ``run()``;
    ``rounds_per_second``, the median over repeats of steps run / wall time; ``steps``,
    the steps run (fewer than ``steps`` when an agreement ends the negotiation early);
    ``agreement``, the agreed outcome as a list of value indexes, or null; and
    ``agreement_utilities``, each party's utility of it, or null. ``steps``,
    ``agreement`` and its utilities are those of the first run (with the seeding, every
    run negotiates the same way).

    With ``"strategy": "path"`` (and ``paths``: for each party, the simulator's
    time-based player's concession path as ``{"texts": [outcome, ...], "levels":
    [utility, ...]}``), each party is a ``PathNegotiator`` instead: the simulator's
    time-based player written as a NegMAS negotiator. Its aspiration is
    ``r + (1 - r) * (1 - t ** (1/e))`` at NegMAS's relative time ``t``; it offers the
    last text of its path still at or above its aspiration (a binary search, as the
    simulator's player does), and accepts an offer within 0.001 of its aspiration. The
    path is handed over ready-made, so NegMAS does no offer search at all; the
    simulator's side builds its path inside its timed run.

    With ``"strategy": "builtin"`` and ``"negotiator": NAME``, each party is NegMAS's
    ``negmas.sao.NAME`` with its default settings (e.g. ``BoulwareTBNegotiator``,
    ``NaiveTitForTatNegotiator``), for the table of players.

``{"kind": "frontier", "issues", "parties"}`` (two parties; optional ``repeat``, default 1)
    NegMAS's ``negmas.preferences.pareto_frontier`` of the two utility functions over
    the issues, which enumerates every outcome, keeps those at or above both
    reservations, and filters the non-dominated ones. Only that call is timed.

    Reports ``negmas_version``; ``seconds``, the median wall time of the call; and
    ``points``, the frontier's ``[u0, u1]`` utility pairs rounded to 9 decimals,
    deduplicated and sorted.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import random
import statistics
import sys
import time
from typing import Any

import negmas
import negmas.sao
from negmas import (
    AspirationNegotiator,
    LinearAdditiveUtilityFunction,
    SAOMechanism,
    make_issue,
    make_os,
)
from negmas.outcomes import CartesianOutcomeSpace
from negmas.preferences import pareto_frontier
from negmas.sao import ResponseType, SAONegotiator, SAOState

ACCEPTANCE_TOLERANCE = 1e-3
"""How far below its aspiration an offer may fall and still be accepted (as in the
simulator's time-based player)."""


class PathNegotiator(SAONegotiator):
    """The simulator's time-based player as a NegMAS negotiator: the same concession
    path, the same aspiration curve, the same acceptance rule."""

    def __init__(
        self, path: dict[str, Any], exponent: float, reservation: float, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self._texts = [tuple(text) for text in path["texts"]]
        self._falls = [-level for level in path["levels"]]
        self._power = 1.0 / exponent
        self._reserve = reservation

    def _aspiration(self, state: SAOState) -> float:
        t = min(1.0, max(0.0, state.relative_time))
        return self._reserve + (1 - self._reserve) * (1 - t**self._power)

    def propose(self, state: SAOState, dest: str | None = None) -> tuple[int, ...]:
        """The last text of the path still at or above the aspiration."""
        k = bisect.bisect_left(self._falls, -self._aspiration(state) + 1e-12)
        return self._texts[max(0, min(len(self._texts) - 1, k - 1))]

    def respond(self, state: SAOState, source: str | None = None) -> ResponseType:
        """Accept an offer within the tolerance of the aspiration."""
        offer = state.current_offer
        if offer is None or self.ufun is None:
            return ResponseType.REJECT_OFFER
        if float(self.ufun(offer)) >= self._aspiration(state) - ACCEPTANCE_TOLERANCE:
            return ResponseType.ACCEPT_OFFER
        return ResponseType.REJECT_OFFER


def outcome_space(sizes: list[int]) -> CartesianOutcomeSpace:
    """The outcome space of ``sizes``: issue ``i`` takes the integers 0 .. sizes[i]-1."""
    return make_os([make_issue(size, name=f"i{i}") for i, size in enumerate(sizes)])


def utility_function(
    party: dict[str, Any], space: CartesianOutcomeSpace
) -> LinearAdditiveUtilityFunction:
    """A party's additive utility: ``sum_i weights[i] * values[i][v_i]``, one value table
    per issue, with the party's reservation as NegMAS's reserved value."""
    tables = [dict(enumerate(values)) for values in party["values"]]
    return LinearAdditiveUtilityFunction(
        tables,
        weights=list(party["weights"]),
        outcome_space=space,
        reserved_value=float(party["reservation"]),
    )


def negotiation_run(spec: dict[str, Any]) -> tuple[float, SAOMechanism]:
    """Builds the problem afresh (outcome space, utility functions, mechanism and one
    Boulware negotiator per party), runs it, and returns the wall time of ``run()`` alone
    with the finished mechanism."""
    space = outcome_space(spec["issues"])
    mechanism = SAOMechanism(outcome_space=space, n_steps=spec["steps"])
    for index, party in enumerate(spec["parties"]):
        if spec.get("strategy") == "path":
            negotiator: SAONegotiator = PathNegotiator(
                spec["paths"][index], spec["exponent"], party["reservation"], name=f"p{index}"
            )
        elif spec.get("strategy") == "builtin":
            negotiator = getattr(negmas.sao, spec["negotiator"])(name=f"p{index}")
        else:
            negotiator = AspirationNegotiator(
                aspiration_type=1.0 / spec["exponent"], stochastic=False, name=f"p{index}"
            )
        mechanism.add(negotiator, ufun=utility_function(party, space))
    random.seed(spec.get("seed", 0))
    start = time.perf_counter()
    mechanism.run()
    return time.perf_counter() - start, mechanism


def negotiation(spec: dict[str, Any]) -> dict[str, Any]:
    """The figures of the ``negotiation`` spec: see the module docstring."""
    runs = [negotiation_run(spec) for _ in range(spec.get("repeat", 1))]
    first = runs[0][1]
    agreement = first.state.agreement
    return {
        "negmas_version": negmas.__version__,
        "rounds_per_second": statistics.median(
            mechanism.state.step / seconds for seconds, mechanism in runs
        ),
        "steps": first.state.step,
        "agreement": None if agreement is None else [int(v) for v in agreement],
        "agreement_utilities": None
        if agreement is None
        else [float(negotiator.ufun(agreement)) for negotiator in first.negotiators],
        "seconds": statistics.median(seconds for seconds, _ in runs),
    }


def frontier(spec: dict[str, Any]) -> dict[str, Any]:
    """The figures of the ``frontier`` spec: see the module docstring."""
    space = outcome_space(spec["issues"])
    ufuns = [utility_function(party, space) for party in spec["parties"]]
    samples = []
    for _ in range(spec.get("repeat", 1)):
        start = time.perf_counter()
        points, _indexes = pareto_frontier(ufuns, issues=space.issues)
        samples.append(time.perf_counter() - start)
    unique = sorted({tuple(round(float(u), 9) for u in point) for point in points})
    return {
        "negmas_version": negmas.__version__,
        "seconds": statistics.median(samples),
        "points": [list(point) for point in unique],
    }


KINDS = {"negotiation": negotiation, "frontier": frontier}


def main() -> None:
    """Reads the spec on standard input and prints its figures as one JSON object."""
    spec = json.load(sys.stdin)
    with contextlib.redirect_stdout(sys.stderr):
        result = KINDS[spec["kind"]](spec)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
