"""The web client's files as the server hands them out: on the WebSocket's own port,
with a strict Content-Security-Policy, nothing from another origin, 404 for anything
else; WebSocket connections past the caps are refused with a message; links and printed
addresses never name 0.0.0.0."""

from __future__ import annotations

import asyncio
import re
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from importlib.resources import files
from pathlib import Path

import pytest
import websockets

from simulator.net.links import hosts_for, link, links_json, page_addresses, socket_address
from simulator.net.pages import FILES, POLICY
from tests.net.test_server import Running, open_server


@pytest.fixture
async def running(tmp_path: Path) -> AsyncIterator[Running]:
    run = await open_server(tmp_path / "class")
    yield run
    await run.server.stop()


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


async def test_every_file_is_served_on_the_socket_port_with_a_strict_policy(
    running: Running,
) -> None:
    base = running.url.replace("ws://", "http://")
    for path in ["/", *(f"/{name}" for name in FILES)]:
        status, headers, body = await asyncio.to_thread(get, base + path)
        assert status == 200, path
        assert headers["Content-Security-Policy"] == POLICY
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert body
    status, _, body = await asyncio.to_thread(get, base + "/../class.json")
    assert status == 404
    assert b"class.json" not in body
    assert b"codes" not in body
    assert "'unsafe-inline'" not in POLICY
    assert "http" not in POLICY


def test_the_files_name_no_other_origin_and_run_no_inline_script() -> None:
    """Nothing in the page loads from elsewhere (no URL with a scheme but the socket's own
    ws:// and wss://), no script or style is inline, and text goes in as text."""
    folder = files("simulator.net") / "static"
    for name in FILES:
        text = (folder / name).read_text(encoding="utf-8")
        schemes = set(re.findall(r"\b([a-z]+)://", text))
        assert schemes <= {"ws", "wss", "http"}, (name, schemes)
        if name.endswith(".html"):
            assert "<script>" not in text
            assert " style=" not in text
            assert "onclick" not in text
            assert '<html lang="en">' in text
        if name.endswith(".js"):
            assert "innerHTML" not in text
            assert "eval(" not in text
    svg = (folder / "icon.svg").read_text(encoding="utf-8")
    assert "http://www.w3.org/2000/svg" in svg  # the SVG namespace, not a request


async def test_connections_past_the_cap_of_one_address_are_refused(running: Running) -> None:
    running.server.per_address = 2
    first = await websockets.connect(running.url)
    second = await websockets.connect(running.url)
    with pytest.raises(websockets.InvalidStatus) as refused:
        await websockets.connect(running.url)
    assert refused.value.response.status_code == 503
    assert b"2 connections open already" in refused.value.response.body
    await first.close()
    await asyncio.wait_for(_until(lambda: sum(running.server.addresses.values()) < 2), 10)
    third = await websockets.connect(running.url)
    await second.close()
    await third.close()


async def _until(condition: object) -> None:
    while not condition():  # type: ignore[operator]
        await asyncio.sleep(0.01)


def test_links_never_name_every_interface() -> None:
    """A server on 0.0.0.0 is reached at this machine's addresses (or localhost when it
    has none), never at 0.0.0.0; --public-url names the page itself."""
    for host in hosts_for("0.0.0.0"):
        assert host != "0.0.0.0"
    assert hosts_for("127.0.0.1") == ["localhost"]
    assert page_addresses("0.0.0.0", 8765, "https://class.example.org/") == [
        "https://class.example.org"
    ]
    assert socket_address("https://class.example.org") == "wss://class.example.org"
    assert socket_address("http://10.0.0.5:8765") == "ws://10.0.0.5:8765"
    assert link("http://10.0.0.5:8765", "k7mqx-3hr9t") == "http://10.0.0.5:8765/#k7mqx-3hr9t"
    codes = {"tables": {"t1": {"usa": "aaaaa-aaaaa"}}, "chair": "bbbbb", "projector": "ccccc"}
    assert links_json("http://h:1", codes) == {
        "tables": {"t1": {"usa": "http://h:1/#aaaaa-aaaaa"}},
        "chair": "http://h:1/#bbbbb",
        "projector": "http://h:1/#ccccc",
    }


def test_join_slips_hold_a_qr_code_and_the_link_of_every_code_and_no_markup_from_names() -> None:
    from simulator.net.slips import Slip, slips_html

    page = slips_html(
        "A <summit>",
        "http://10.0.0.5:8765",
        [Slip("<b>Bold</b> & Co", "Table t1", "aaaaa-aaaaa"), Slip("Projector", "", "bbbbb")],
    )
    assert page.count("<svg") == 2
    assert "http://10.0.0.5:8765/#aaaaa-aaaaa" in page
    assert "<b>Bold</b>" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in page
    assert "A &lt;summit&gt;" in page
