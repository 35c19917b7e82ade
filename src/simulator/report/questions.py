"""The debrief's questions, in the stages a debrief is run in: what happened, how it felt,
why it turned out so, and what it says about the real world (tied to the scenario's
learning objectives). One place for the debrief of a table and for the plenary, so the
class hears the same structure in both. Texts are plain: the renderer escapes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from simulator.report.glossary import in_words
from simulator.report.pages import escape
from simulator.scenario.common import listed
from simulator.scenario.model import Scenario


@dataclass(frozen=True)
class Stage:
    """One stage of the debrief and its questions."""

    title: str
    """The stage, as a heading: '1. What happened', '2. How it felt', ... (our own
    words, never the scenario's: shown as written)."""
    purpose: str
    """What the stage is for, in a line for whoever leads the debrief."""
    questions: tuple[str, ...]
    """Its questions, in the order to ask them."""


def debrief_stages(
    scenario: Scenario,
    *,
    adopted: bool | None,
    walked_out: Sequence[str],
    why: Sequence[str] | None,
    tables: int = 1,
) -> tuple[Stage, ...]:
    """The stages of the debrief of ``tables`` tables of ``scenario``: ``adopted`` says
    whether a text was adopted (None: some tables did, some did not, or not over),
    ``walked_out`` names the delegations that left the room, ``why`` holds the questions
    the session's own moments raise (None: before the session, questions for any)."""
    words = scenario.vocabulary
    agreement = words.agreement
    where = "your table" if tables == 1 else "each table"
    happened = [
        f"In three sentences, tell the story of {where}: where the text started, what "
        "moved it, and how it ended.",
        "Which single move or event changed the direction of the talks?",
    ]
    if adopted is True:
        happened.append(f"Who signed the {agreement}, who did not, and why not?")
    elif adopted is False:
        happened.append(
            f"No {agreement} was adopted. Who stopped it, and when did you first see it coming?"
        )
    felt = [
        in_words(
            "How did it feel to argue for your delegation's brief, above all where it is not "
            "what you believe yourself?",
            words.party,
            words.parties,
        ),
        "When did you feel you had influence at the table, and when did you feel shut out?",
    ]
    if walked_out:
        felt.append(
            f"{listed(list(walked_out))}: what did it feel like to leave the room? And for "
            "those who stayed: how did it change the room to negotiate without them?"
        )
    felt.append("For the chair: when was it hardest to keep the room together?")
    real = [
        f"The objective “{objective.rstrip('.')}”: where did you see it in the session, and "
        "how would a real negotiation differ?"
        for objective in scenario.learning_objectives
    ]
    for question in scenario.discussion_questions:
        asker = scenario.actor(question.actor) if question.actor else None
        real.append(question.text + (f" ({asker.name})" if asker is not None else ""))
    real.append(
        in_words(
            "Which delegation's position surprised you most once you heard it argued, and "
            "where does that position come from in the world outside the classroom?",
            words.party,
            words.parties,
        )
    )
    return (
        Stage(
            "1. What happened",
            "Facts first, before opinions: agree on the story.",
            tuple(happened),
        ),
        Stage(
            "2. How it felt",
            "Let the roles go: name the feelings before analysing them.",
            tuple(felt),
        ),
        Stage(
            "3. Why it turned out this way",
            f"The moments found at {where}, each with the question it raises.",
            _why(why),
        ),
        Stage(
            "4. What it says about the real world",
            "Tie the session to the learning objectives and to real negotiations.",
            tuple(real),
        ),
    )


def _why(why: Sequence[str] | None) -> tuple[str, ...]:
    if why is None:
        return (
            "Which moment decided the outcome: a concession, a coalition, a walk-out, a "
            "blocked vote? What did it achieve, and what did it cost?",
            "Who gave the most ground, and what did it get in return?",
            "Was there a text every delegation could have accepted? If so, what stood in "
            "the way of finding it? (The debrief of each table answers from its analysis.)",
        )
    return tuple(dict.fromkeys(why)) or (
        "Nothing out of the ordinary happened. Why did the talks go so smoothly?",
    )


def stages_markdown(stages: Sequence[Stage]) -> list[str]:
    """The stages as Markdown lines (every text escaped)."""
    lines: list[str] = []
    for stage in stages:
        lines += ["", f"### {stage.title}", "", f"*{escape(stage.purpose)}*", ""]
        lines += [f"1. {escape(question)}" for question in stage.questions]
    return lines
