"""Join slips for a class: one slip per code (every seat at every table, the projector and
the teacher), each with the name it joins as, its link, the code typed out, and the link
as a QR code, on a page to print and cut. The page is one self-contained HTML file
(the QR codes are inline SVG from segno), kept readable by the teacher alone, since every
slip is a key to a seat."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import segno

from simulator.net.links import link


@dataclass(frozen=True)
class Slip:
    """One code as a student (or the projector, or the teacher) receives it."""

    who: str
    """Who the code joins as ("United States", "Projector")."""
    where: str
    """Which table, or what it is for."""
    code: str
    """The code."""


STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; color: #000; }
h1 { font-size: 1.2rem; margin: 1rem; }
.slips { display: grid; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); }
.slip { border: 1px dashed #555; padding: 0.75rem; display: grid;
        grid-template-columns: auto 1fr; gap: 0.75rem; align-items: center;
        break-inside: avoid; page-break-inside: avoid; }
.slip h2 { font-size: 1.1rem; margin: 0; }
.slip p { margin: 0.2rem 0; overflow-wrap: anywhere; }
.code { font: 600 1.2rem ui-monospace, monospace; letter-spacing: 0.05em; white-space: nowrap; }
.link { font-size: 0.8rem; }
@media print { h1 { display: none; } }
"""


def slips_html(title: str, page: str, slips: list[Slip]) -> str:
    """The page of ``slips`` for the web client at ``page``."""
    cards = []
    for slip in slips:
        url = link(page, slip.code)
        qr = segno.make(url, error="m").svg_inline(scale=4, border=2, title=f"QR code: {url}")
        cards.append(
            '<section class="slip">'
            f"{qr}"
            f"<div><h2>{escape(slip.who)}</h2><p>{escape(slip.where)}</p>"
            f'<p>Scan the code, or open <span class="link">{escape(url)}</span></p>'
            f'<p>or go to <span class="link">{escape(page)}</span> and type '
            f'<span class="code">{escape(slip.code)}</span></p></div>'
            "</section>"
        )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Join slips: {escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><h1>Join slips: {escape(title)} (print, cut along the dashes, hand out; "
        "each slip is a key to its seat)</h1>"
        f'<main class="slips">{"".join(cards)}</main></body></html>\n'
    )
