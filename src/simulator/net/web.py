"""The browser side of ``simulator serve --web``: textual-serve serving ``simulator join
URL`` to each browser tab (one client process per tab; the student types the code)."""

from __future__ import annotations

import argparse
import shlex
import sys


def main(argv: list[str] | None = None) -> None:
    """Serve the join client to browsers until stopped."""
    parser = argparse.ArgumentParser(prog="python -m simulator.net.web")
    parser.add_argument("url", help="the session server's ws:// address")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args(argv)
    from textual_serve.server import Server

    command = shlex.join([sys.executable, "-m", "simulator", "join", args.url])
    public = "localhost" if args.host in ("127.0.0.1", "::1") else args.host
    Server(
        command,
        host=args.host,
        port=args.port,
        title="Quantum governance negotiation",
        public_url=f"http://{public}:{args.port}",
    ).serve()


if __name__ == "__main__":
    main()
