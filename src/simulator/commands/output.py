"""What the commands print goes through here: text from data files, logs and file names
reaches the terminal as plain text, never as a control sequence."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from simulator.plaintext import printable


class PlainStream:
    """A text stream that writes control characters (other than newline and tab) as
    escapes, around the stream it wraps."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        """The stream written to."""

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters escaped."""
        self.stream.write(printable(text))
        return len(text)

    def flush(self) -> None:
        """Flush the stream written to."""
        self.stream.flush()

    def isatty(self) -> bool:
        """Whether the stream written to is a terminal."""
        return self.stream.isatty()

    def fileno(self) -> int:
        """The file descriptor of the stream written to."""
        return self.stream.fileno()

    @property
    def encoding(self) -> str:
        """The encoding of the stream written to."""
        return self.stream.encoding


@contextmanager
def plain_output() -> Iterator[None]:
    """Within this block, ``sys.stdout`` and ``sys.stderr`` escape control characters."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = PlainStream(stdout)
    sys.stderr = PlainStream(stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr
