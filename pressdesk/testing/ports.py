"""Addresses on 127.0.0.1 where nothing listens, to simulate a service that is down."""

from __future__ import annotations

import socket


def closed_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (connecting to it is refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
