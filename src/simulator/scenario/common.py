"""Building blocks shared by every part of a scenario: identifiers, term values and
sources that tie scenario content back to the seed documents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StrictBool, StrictInt, StrictStr

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_-]*$",
        max_length=64,
        description="An identifier: lower-case letters, digits, '_' or '-', starting with "
        "a letter.",
    ),
]
"""An identifier used to refer to a term, option, actor, inject or scenario."""

Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
"""A finite number written as a number (not as quoted text, not a boolean)."""

Whole = Annotated[int, Strict()]
"""A whole number written as a number (not as quoted text, not a boolean)."""

Flag = StrictBool
"""true or false, written as such (not as quoted text or a number)."""

TermValue = Annotated[StrictStr | StrictInt | Number, Field(union_mode="left_to_right")]
"""A value of a term: an option id for an options term, a number for a scale term.

Each member accepts only its own type, so trying them in order gives what pydantic's
default "smart" union gives, at a third of the cost (values are validated on every move).
"""


def listed(names: Sequence[str]) -> str:
    """Names joined as in a sentence: 'A', 'A and B', 'A, B and C' ('' for none)."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


class Record(BaseModel):
    """Base of every scenario record: immutable, and strict about unknown fields."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", use_attribute_docstrings=True, allow_inf_nan=False
    )


SourceKind = Literal["speaker", "summary", "argument", "critique"]
"""Whose words a quoted passage is: ``speaker``, a participant's own words in a dialogue
or a session transcript; ``summary``, a summary or outcome document of a session
written about it (not anyone's words); ``argument``, an article's or paper's own
argument, which a scenario may attribute to a role but which no delegation said;
``critique``, how the party's critics describe it (evidence of the stance, never the
party's own words: a delegation never speaks a critique as its line)."""


class Source(Record):
    """Where a piece of scenario content comes from: a seed document and a short
    verbatim quote from it, so a teacher can show students the origin of a stance."""

    seed: Annotated[str, Field(min_length=1, max_length=200)]
    """File name of the seed document, e.g. ``002_f09384524e7f2467.txt``."""
    quote: Annotated[str, Field(min_length=3, max_length=600)]
    """A short passage copied word for word from that document."""
    kind: SourceKind = "speaker"
    """Whose words the passage is: a speaker's (the default), a session summary's, an
    article's argument, or a critic's description; a teacher says "the summary reports",
    "the article argues" or "its critics say" rather than "the delegation said"."""


class SeedDocument(Record):
    """A source document the scenario is drawn from."""

    seed: Annotated[str, Field(min_length=1, max_length=200)]
    """File name of the seed document."""
    title: Annotated[str, Field(min_length=1)]
    """The document's title, as a reader would cite it."""
