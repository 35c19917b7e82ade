"""Join slips: the printable page ``simulator serve`` writes into the class folder, one
slip per seat per table (the delegation, where to join, its code, and a QR code of the
browser address), the projector's slip, and the teacher's code alone on the last page so
it can be kept back.

One self-contained HTML page (the QR codes are inline SVG, made by segno; nothing is
loaded from outside), laid out to be cut along the dashed lines, on A4 or Letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import segno

from simulator.plaintext import printable
from simulator.report.pages import Paper


@dataclass(frozen=True)
class Slip:
    """One seat's slip."""

    table: str
    """The table's id in the class (t1, t2, ...)."""
    title: str
    """What the table plays (the scenario's title)."""
    delegation: str
    """The delegation the seat plays, or 'Projector'."""
    code: str
    """The seat's join code."""


@dataclass(frozen=True)
class Where:
    """Where the class joins."""

    server: str
    """The session server's address for a terminal (ws://HOST:PORT)."""
    browser: str | None
    """The browser address (http://HOST:PORT), when the class joins from browsers."""


def slips_html(
    class_name: str,
    slips: Sequence[Slip],
    teacher: str,
    where: Where,
    paper: Paper = "A4",
) -> str:
    """The join slips of a class as one printable HTML page."""
    qr = _qr(where.browser) if where.browser else ""
    cards = "\n".join(_card(slip, where, qr) for slip in slips)
    local = (
        '<p class="warn">These addresses name this computer only (the server listens on '
        "127.0.0.1): start it with <code>--host 0.0.0.0</code> for the class to join from "
        "their own devices.</p>"
        if "localhost" in where.server
        else ""
    )
    name = escape(printable(class_name))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Join slips: {name}</title>
<style>
@page {{ size: {paper}; margin: 12mm; }}
body {{ font-family: system-ui, sans-serif; color: #111; margin: 0 auto; max-width: 190mm; }}
h1 {{ font-size: 1.3rem; }}
.slips {{ columns: 2 85mm; column-gap: 0; }}
.slip {{ border: 1px dashed #555; padding: 3mm; break-inside: avoid; page-break-inside: avoid;
  display: flex; gap: 3mm; align-items: center; }}
.slip h2 {{ font-size: 1.1rem; margin: 0 0 1mm; }}
.slip p {{ margin: 1mm 0; font-size: 0.85rem; overflow-wrap: anywhere; }}
.code {{ font: bold 1.4rem ui-monospace, monospace; letter-spacing: 0.05em; }}
.table {{ color: #444; }}
.teacher {{ break-before: page; page-break-before: always; border: 2px solid #111;
  padding: 8mm; margin-top: 8mm; }}
.warn {{ border-left: 4px solid #a40; padding-left: 3mm; }}
svg.segno {{ flex: none; }}
</style>
</head>
<body>
<main>
<h1>Join slips: {name}</h1>
<p>Cut along the dashed lines and give each delegation its own slip. Open the address (or
scan the code), then type the join code.</p>
{local}
<div class="slips">
{cards}
</div>
<section class="teacher" aria-label="The teacher's code">
<h2>Teacher's console (keep this page)</h2>
<p class="code">{escape(teacher)}</p>
<p>Join with this code to run every table: <code>simulator join {escape(where.server)}
--code {escape(teacher)}</code>{_browser_line(where)}.</p>
</section>
</main>
</body>
</html>
"""


def _card(slip: Slip, where: Where, qr: str) -> str:
    table = escape(printable(f"Table {slip.table}: {slip.title}"))
    browser = (
        f"<p>In a browser: <strong>{escape(where.browser)}</strong></p>" if where.browser else ""
    )
    return f"""<div class="slip">
{qr}
<div>
<h2>{escape(printable(slip.delegation))}</h2>
<p class="table">{table}</p>
<p class="code">{escape(slip.code)}</p>
{browser}
<p>In a terminal: <code>simulator join {escape(where.server)} --code {escape(slip.code)}</code></p>
</div>
</div>"""


def _browser_line(where: Where) -> str:
    return f", or in a browser at {escape(where.browser)}" if where.browser else ""


def _qr(address: str) -> str:
    """The address as a QR code, inline SVG with a text alternative."""
    svg = segno.make(address, error="m").svg_inline(scale=3, border=2, title=address)
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code of the address" ', 1)
