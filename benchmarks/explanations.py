"""Whether the computer delegations' explanations are true, and in whose words.

For each shipped scenario, seeded computer-played sessions are replayed move by move and
every explanation that names a term with a direction is held against the text it speaks
of (the motion on the floor, or the draft in the final vote) and the speaker's brief:

- "does not go far enough on X" (and the earlier "gives too little on X", "wants more
  on X") claims the text stops short of the delegation's ideal, in the term's order;
- "goes further than it wants / can accept on X" (and the earlier "asks too much of it
  on X") claims it runs past it.

An objection is wrong when the text is on the other side of the ideal, or at it. The
script also counts the seed lines a delegation repeats within a session and the chair's
statements that read out a debrief question. It reads the transcript's words only, so it
measures the players of any version of the simulator: run it against an older checkout
with ``PYTHONPATH=OLD/src python benchmarks/explanations.py``.

Run alone: ``python benchmarks/explanations.py [--seeds N]`` (default 15 per scenario).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sys
from collections import Counter
from dataclasses import astuple, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if "PYTHONPATH" not in os.environ:
    sys.path.insert(0, str(ROOT / "src"))

from simulator.agents.driver import run_session  # noqa: E402
from simulator.engine.session import Session  # noqa: E402
from simulator.engine.state import State  # noqa: E402
from simulator.scenario.model import Scenario  # noqa: E402
from simulator.scenario.terms import in_sentence  # noqa: E402
from simulator.scenario_files import load_scenario  # noqa: E402
from simulator.storage.catalog import shipped_scenarios  # noqa: E402

SHORT = ("does not go far enough on", "gives too little on", "wants more on")
BEYOND = (
    "goes further than it can accept on",
    "goes further than it wants on",
    "asks too much of it on",
)
PHRASE = re.compile("(" + "|".join(re.escape(p) for p in SHORT + BEYOND) + ") ")
QUOTED = re.compile(r'(?:In its words|records it|puts it): "([^"]+)"')


def claims(reason: str, names: list[str]) -> list[tuple[str, str]]:
    """Each (direction, term name) the reason claims: after a phrase, the longest term name
    that follows it, then any further names joined to it by "and"."""
    longest = sorted(names, key=len, reverse=True)
    found = []
    for match in PHRASE.finditer(reason):
        way = "short" if match.group(1) in SHORT else "beyond"
        rest = reason[match.end() :]
        while True:
            name = next((n for n in longest if rest.startswith(n)), None)
            if name is None:
                break
            found.append((way, name))
            rest = rest[len(name) :]
            if not rest.startswith(" and "):
                break
            rest = rest[5:]
    return found


def actual(state: State, actor: str, term_id: str, values: dict[str, object]) -> str | None:
    """Which way the text's value on ``term_id`` misses ``actor``'s ideal (None: it does
    not)."""
    table = state.table
    t = table.term_index[term_id]
    k = table.slot[actor].get(t)
    if k is None or term_id not in values:
        return None
    curve = table.utility[actor].curves[k]
    ideal = curve.index(max(curve))
    at = table.lookup[t][values[term_id]]
    if curve[at] >= curve[ideal]:
        return None
    return "short" if at < ideal else "beyond"


@dataclass
class Counts:
    """What the script counts, over one session or many."""

    explanations: int = 0
    """Moves of a delegation that carry an explanation."""
    named: int = 0
    """Claims that a text misses a named term one way or the other."""
    wrong: int = 0
    """Those claims that are false of the text and the speaker's ideal."""
    lines: int = 0
    """Seed lines said by delegations."""
    repeated: int = 0
    """Seed lines a delegation said again in the same session."""
    asked: int = 0
    """Debrief questions the chair read out during play."""
    concessions: int = 0
    """Public concessions."""

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


def session_counts(path: str, seed: int) -> Counts:
    """The counts of one computer-played session of the scenario at ``path``."""
    scenario = _scenario(path)
    questions = {q.text.strip() for q in scenario.discussion_questions}
    found = Counts()
    played = run_session(scenario, seed=seed)
    session = Session(scenario, seed=seed)
    table = session.state.table
    by_name = {in_sentence(term.name): term.id for term in table.terms}
    said: Counter[tuple[str, str]] = Counter()
    for move in played.moves:
        state = session.state
        reason = getattr(move, "reason", "") or ""
        if move.actor == table.moderator and getattr(move, "text", "").strip() in questions:
            found.asked += 1
        found.concessions += move.kind == "concede"
        for line in QUOTED.findall(reason):
            said[(move.actor, line)] += 1
        if reason and move.actor != table.moderator:
            found.explanations += 1
            if state.vote is not None and state.vote.subject == "treaty":
                values = state.draft_dict()
            elif state.motion is not None:
                values = dict(state.motion.values)
            else:
                values = state.draft_dict()
            for way, name in claims(reason, list(by_name)):
                found.named += 1
                if actual(state, move.actor, by_name[name], values) != way:
                    found.wrong += 1
        session.push(move)
    found.lines = sum(said.values())
    found.repeated = sum(n - 1 for n in said.values())
    return found


_LOADED: dict[str, Scenario] = {}


def _scenario(path: str) -> Scenario:
    if path not in _LOADED:
        _LOADED[path] = load_scenario(path)
    return _LOADED[path]


def measure(path: str, seeds: int, jobs: int = 1) -> Counts:
    """The counts over ``seeds`` sessions of the scenario at ``path``, on ``jobs``
    processes."""
    tasks = [(path, seed) for seed in range(seeds)]
    if jobs <= 1:
        found = [session_counts(*task) for task in tasks]
    else:
        with multiprocessing.Pool(jobs) as pool:
            found = pool.starmap(session_counts, tasks)
    return sum(found, Counts())


def line(label: str, counts: Counts) -> str:
    """One line of figures."""
    share = f"{counts.wrong / counts.named:.1%}" if counts.named else "-"
    return (
        f"{label:28} objections naming a term {counts.named:4}  wrong direction "
        f"{counts.wrong:4} ({share})  seed lines {counts.lines:4}  repeated "
        f"{counts.repeated:4}  debrief questions read out {counts.asked:3}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=15)
    parser.add_argument("--jobs", type=int, default=1, help="processes")
    args = parser.parse_args()
    total = Counts()
    for path in shipped_scenarios().values():
        counts = measure(str(path), args.seeds, args.jobs)
        total = total + counts
        print(line(Path(path).stem, counts))
    print(line("all", total))


if __name__ == "__main__":
    main()
