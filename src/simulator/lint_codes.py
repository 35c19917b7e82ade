"""The codes of lint's warnings, on their own: the command line lists them in its help
without loading the scenario models."""

from __future__ import annotations

LINT_CODES = {
    "term-unused": "no delegation has a position on the term, so nothing moves it",
    "actor-no-positions": "a voting delegation wants nothing, so it has nothing to negotiate",
    "missing-source": "content (a position, red line, quote or inject) that does not say "
    "where in the seed documents it comes from (not asked of a role marked invented: true)",
    "source-reused": "one passage quoted by a delegation as the source of its positions on "
    "different terms",
    "quote-fragment": "a delegation's quote that is not a whole sentence, though a computer "
    "delegation opens with it",
    "source-not-listed": "a source names a seed document missing from the scenario's sources",
    "inject-no-effects": "an inject that changes nothing once fired",
    "scores-mixed": "a delegation scored in points on some terms and not on others, whose "
    "unscored terms then weigh one point each against the score sheets' spreads",
    "rule-unsatisfiable": "a decision rule that no draft can satisfy",
    "quote-not-in-seed": "a source quote not found word for word in its seed (lint --seeds)",
    "unknown-seed": "a source naming a seed document not in the seeds folder (lint --seeds)",
}
"""Each lint warning's code and what it means."""
