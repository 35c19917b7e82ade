"""Text from data files, logs and moves as plain text: control characters are found (so
that they can be refused where data comes in) and escaped (so that nothing from data ever
reaches a terminal as a control sequence).

Pure functions only: the core, the storage edge and the interfaces all use them.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Characters that a terminal may act on: C0 controls other than tab and newline, DEL, C1
controls (``\\x9b`` is a control sequence introducer on some terminals)."""

_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""The same, with tab and newline too: for text shown on one line."""


def control_character(text: str, *, lines: bool = True) -> int | None:
    """The index of the first control character in ``text``, or None. With ``lines``,
    tab and newline are allowed (text that may span lines); without, they count too."""
    found = (_CONTROL if lines else _CONTROL_OR_BREAK).search(text)
    return None if found is None else found.start()


_NOT_IN_MOVES = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""What no text in a move may hold: control characters (C0 with tab and newline, DEL,
C1), line and paragraph separators, the bidirectional embeddings, overrides and isolates
(which can make a line read as something else, U+202E reversing the rest of it), and lone
surrogates (half a character, which cannot be written as UTF-8)."""


def move_text_problem(text: str) -> str | None:
    """Why ``text`` cannot be part of a move, or None: the one gate for every text a move
    carries, wherever the move comes from (a seat over the network, the statement box, a
    replay script, a log being read), so that whatever is saved can be read back and shown
    as the one line it was."""
    found = _NOT_IN_MOVES.search(text)
    if found is None:
        return None
    code = ord(found.group())
    if code in (0x0A, 0x0D, 0x0B, 0x0C, 0x85, 0x2028, 0x2029):
        what = "a line break"
    elif 0xD800 <= code <= 0xDFFF:
        what = "half a character (a lone surrogate)"
    elif code >= 0x2000:
        what = "a control of writing direction"
    else:
        what = "a control character"
    return (
        f"the text holds {what} (U+{code:04X}) at character {found.start() + 1}, which no move may"
    )


def describe_control(text: str, index: int) -> str:
    """The character at ``index`` as a reader can see it, e.g. ``\\x1b``."""
    return repr(text[index])[1:-1]


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def printable(text: str) -> str:
    """``text`` with every control character other than newline and tab written out as an
    escape (``\\u001b``: readable, and still valid inside JSON), safe for a terminal."""
    return _CONTROL.sub(_escape, text)


def one_line(text: str) -> str:
    """``text`` as one printable line: newlines and tabs escaped as well."""
    return _CONTROL_OR_BREAK.sub(_escape, text)
