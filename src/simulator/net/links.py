"""Where students' devices find the server, and the links that carry each code.

A server listening on every interface (``--host 0.0.0.0``) is reached at the machine's
network addresses, never at 0.0.0.0 (which, typed on a phone, means the phone itself).
A link is the page's address with the code in its fragment (``http://HOST:PORT/#CODE``):
the browser keeps the fragment to itself, so the code is never in a request line or a
server's access log.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from typing import Any

ANYWHERE = {"0.0.0.0", "::", ""}
"""Host values that mean every interface."""
LOOPBACK = {"127.0.0.1", "::1", "localhost"}
"""Host values that mean this machine only."""


def network_addresses() -> list[str]:
    """This machine's addresses on its networks (IPv4, not loopback), best first: the one
    its default route leaves by, then any other its name resolves to."""
    found: list[str] = []
    for probe in ("192.0.2.1", "10.255.255.255"):
        # a UDP socket "connected" sends nothing; it only picks the outgoing interface
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            try:
                udp.connect((probe, 9))
                found.append(udp.getsockname()[0])
            except OSError:
                continue
    with contextlib.suppress(OSError):
        found.extend(socket.gethostbyname_ex(socket.gethostname())[2])
    usable = []
    for address in found:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        if not (ip.is_loopback or ip.is_unspecified or ip.is_link_local) and address not in usable:
            usable.append(address)
    return usable


def hosts_for(listen: str) -> list[str]:
    """The host names other devices use for a server listening on ``listen``."""
    if listen in LOOPBACK:
        return ["localhost"]
    if listen in ANYWHERE:
        return network_addresses() or ["localhost"]
    return [f"[{listen}]" if ":" in listen else listen]


def page_addresses(listen: str, port: int, public_url: str | None) -> list[str]:
    """The addresses of the page, best first (``public_url`` alone when given)."""
    if public_url:
        return [public_url.rstrip("/")]
    return [f"http://{host}:{port}" for host in hosts_for(listen)]


def socket_address(page: str) -> str:
    """The WebSocket address (for ``simulator join``) of a page's address."""
    if page.startswith("https://"):
        return "wss://" + page[len("https://") :]
    return "ws://" + page.removeprefix("http://")


def link(page: str, code: str) -> str:
    """The link that opens the page at ``page`` and joins with ``code``."""
    return f"{page}/#{code}"


def links_json(page: str, codes: dict[str, Any]) -> dict[str, Any]:
    """Every code's link, in the shape of the codes (``Classroom.codes_json``)."""
    return {
        "tables": {
            table: {seat: link(page, code) for seat, code in seats.items()}
            for table, seats in codes["tables"].items()
        },
        "chair": link(page, codes["chair"]),
        "projector": link(page, codes["projector"]),
    }
