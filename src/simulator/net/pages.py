"""The pages ``simulator serve`` hands to browsers, on the same port as its WebSocket.

A browser asks for the page with a plain HTTP GET; the WebSocket server answers it from
its ``process_request`` hook before any handshake, so one port and one asyncio loop serve
both the page and the protocol, and no process is started per tab. The files (HTML, CSS
and a few small JavaScript modules, no build step) ship inside the package and are read
once, when the server starts: answering a request before a code has been checked costs a
dictionary lookup and a copy of bytes, nothing more.

Every answer carries a strict Content-Security-Policy: scripts, styles and connections
from this server alone, no inline script, nothing framed, no other origin.
"""

from __future__ import annotations

import http
from dataclasses import dataclass
from importlib.resources import files

from websockets.datastructures import Headers
from websockets.http11 import Request, Response

POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""The Content-Security-Policy of every answer: this server's own files only."""

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
"""The content type of each kind of file served."""

FILES = (
    "index.html",
    "app.css",
    "connection.js",
    "render.js",
    "seat.js",
    "projector.js",
    "console.js",
    "main.js",
    "icon.svg",
)
"""The files of the web client, in ``simulator/net/static``."""

ROUTES = {"/": "index.html", "/index.html": "index.html"}
"""Addresses that are another file's name."""


@dataclass(frozen=True)
class Page:
    """One file as it is served."""

    body: bytes
    content_type: str


def load_pages() -> dict[str, Page]:
    """Every file of the web client by the path it is served at, read from the package."""
    folder = files("simulator.net") / "static"
    pages = {}
    for name in FILES:
        suffix = name[name.rindex(".") :]
        pages[f"/{name}"] = Page((folder / name).read_bytes(), TYPES[suffix])
    for route, name in ROUTES.items():
        pages[route] = pages[f"/{name}"]
    return pages


def _headers(content_type: str, length: int) -> Headers:
    return Headers(
        [
            ("Content-Type", content_type),
            ("Content-Length", str(length)),
            ("Content-Security-Policy", POLICY),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "no-cache"),
            ("Connection", "close"),
        ]
    )


def answer(pages: dict[str, Page], request: Request) -> Response:
    """The answer to a plain HTTP GET: the file at its path, or 404."""
    path = request.path.split("?", 1)[0]
    page = pages.get(path)
    if page is None:
        return refusal(http.HTTPStatus.NOT_FOUND, "There is no such page here.\n")
    return Response(200, "OK", _headers(page.content_type, len(page.body)), page.body)


def refusal(status: http.HTTPStatus, text: str) -> Response:
    """A plain-text answer saying why a request was refused."""
    body = text.encode()
    return Response(
        status.value, status.phrase, _headers("text/plain; charset=utf-8", len(body)), body
    )


def is_upgrade(request: Request) -> bool:
    """Whether a request opens a WebSocket (rather than asking for a page)."""
    return "websocket" in request.headers.get("Upgrade", "").lower()
