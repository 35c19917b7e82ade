"""Printable pages: Markdown written by the report modules, turned into one HTML page
with print styles (A4 or Letter) by markdown-it-py and a Jinja2 template.

Scenario text is data: ``escape`` makes it plain text in Markdown (no emphasis, links,
tables or HTML from a delegation's name), and raw HTML is never passed through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from simulator.plaintext import one_line

Paper = Literal["A4", "Letter"]
"""The paper a page is laid out for."""

_SPECIAL = re.compile(r"([\\`*_\[\]|])")
_LEADING = re.compile(r"^(\d*)([#+>.)-])")


def escape(text: str) -> str:
    """``text`` as plain text inside Markdown, on one line: the punctuation that would
    make emphasis, code, links or table cells escaped, a leading mark that would start a
    heading, list or quote escaped, HTML characters written as entities, and control
    characters written out (``\\u001b``) so that none reaches a terminal."""
    plain = one_line(" ".join(text.split()))
    plain = plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    plain = _SPECIAL.sub(r"\\\1", plain)
    return _LEADING.sub(r"\1\\\2", plain)


@dataclass(frozen=True)
class Part:
    """A part of a printed page."""

    markdown: str
    """Its text."""
    kind: str = "shared"
    """How it is set: 'shared', or 'confidential' (framed, for one delegation's eyes)."""
    new_page: bool = False
    """Whether it starts on a new sheet when printed."""
    charts: tuple[str, ...] = ()
    """SVG charts shown after its text in the HTML page (the Markdown has none)."""


def page_html(title: str, parts: list[Part], paper: Paper = "A4", *, wide: bool = False) -> str:
    """The parts as one self-contained HTML page, laid out for ``paper`` when printed;
    ``wide`` for a report read on screen (wider text, room for charts)."""
    renderer = _markdown()
    rendered: list[dict[str, Any]] = [
        {
            "kind": part.kind,
            "html": renderer.render(part.markdown),
            "new_page": part.new_page,
            "charts": part.charts,
        }
        for part in parts
    ]
    return str(_template().render(title=title, parts=rendered, paper=paper, wide=wide))


def page_markdown(parts: list[Part]) -> str:
    """The parts as one Markdown document."""
    return "\n\n".join(part.markdown.strip() for part in parts) + "\n"


SHORT_TABLE = 12
"""The most rows a table has that is kept whole on one sheet when printed; a longer one
(a score sheet) breaks between rows, its header repeated on each sheet."""


@cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    renderer.add_render_rule("table_open", _table_open)
    return renderer


def _table_open(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    """A table's opening tag, with class "short" for a table of at most ``SHORT_TABLE``
    rows (header included)."""
    rows = 0
    for token in tokens[idx + 1 :]:
        if token.type == "table_close":
            break
        rows += token.type == "tr_open"
    if rows <= SHORT_TABLE:
        tokens[idx].attrSet("class", "short")
    return str(self.renderToken(tokens, idx, options, env))


@cache
def _template() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("simulator.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )
    return environment.get_template("page.html.j2")
