"""Join slips: one per seat per table with its delegation, code and where to join, a QR
code of the browser address as inline SVG, the projector's slip, and the teacher's code
alone on its own page; nothing loaded from outside; names shown as text."""

from __future__ import annotations

import re

from simulator.report.slips import Slip, Where, slips_html


def test_a_slip_per_seat_and_the_teachers_code_apart() -> None:
    slips = [
        Slip("t1", "Summit", "United States", "aaaaa-bbbbb"),
        Slip("t1", "Summit", "<b>China</b>", "ccccc-ddddd"),
        Slip("*", "every table", "Projector", "eeeee-fffff"),
    ]
    where = Where("ws://192.0.2.7:8765", "http://192.0.2.7:8766")
    page = slips_html("period-2", slips, "ttttt-ccccc", where, paper="Letter")
    cards, teacher = page.split('<section class="teacher"')
    for slip in slips:
        assert slip.code in cards
    assert "ttttt-ccccc" not in cards
    assert "ttttt-ccccc" in teacher
    assert cards.count('<div class="slip">') == 3
    assert cards.count("<svg ") == 3  # a QR code of the browser address on each slip
    assert "&lt;b&gt;China&lt;/b&gt;" in cards
    assert "<b>China</b>" not in page
    assert "size: Letter" in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)  # nothing from outside


def test_no_browser_no_qr_and_a_warning_for_this_machine_only() -> None:
    """Without browsers, a slip says how to join from a terminal and has no QR code; an
    address that names this machine only is flagged."""
    page = slips_html(
        "p", [Slip("t1", "S", "Iran", "aaaaa-bbbbb")], "t", Where("ws://localhost:8765", None)
    )
    assert "<svg" not in page
    assert "simulator join ws://localhost:8765 --code aaaaa-bbbbb" in page
    assert "--host 0.0.0.0" in page
