"""A private Redis server that tests can stop and start, and pointing Celery at another broker.

Tests that take the broker away never touch the shared Redis: they start
their own ``redis-server`` on a free port of 127.0.0.1 (skipped when it is not
installed).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from celery import Celery
from kombu import pools


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """``redis-server`` on ``port``, started and stopped (SIGTERM, as a service restart does) on demand."""

    def __init__(self, directory: Path, port: int | None = None, *, config: Path | None = None) -> None:
        self.directory, self.port, self.config = directory, port or free_port(), config
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        # A configuration file (``deploy/redis-broker.conf``) or none (no persistence at all).
        args = (
            ["redis-server", str(self.config)] if self.config else ["redis-server", "--save", "", "--appendonly", "no"]
        )
        args += ["--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory)]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@contextmanager
def use_broker(app: Celery, url: str) -> Iterator[None]:
    """Send and consume through ``url`` for the duration (the app's connection pools are rebuilt)."""
    celery: Any = app  # the pools are private attributes
    # broker_url gives way to the CELERY_BROKER_URL environment variable (set in CI's
    # Redis run); the read and write addresses, when set, are used before either.
    previous = (celery.conf.get("broker_read_url"), celery.conf.get("broker_write_url"))

    def reset() -> None:
        if celery._pool is not None:
            celery._pool.force_close_all()
        celery._pool = None
        celery.amqp._producer_pool = None
        pools.reset()  # kombu's process-wide producer pools, keyed by broker address

    reset()
    celery.conf.broker_read_url = celery.conf.broker_write_url = url
    try:
        yield
    finally:
        reset()
        celery.conf.broker_read_url, celery.conf.broker_write_url = previous


def empty_broker(app: Celery) -> None:
    """Drop every queued message, including what a killed worker left unacknowledged.

    ``app.control.purge()`` empties only the queues this process knows of, and
    on Redis never the ``unacked`` hash: a worker killed in an earlier test (or
    an earlier run on the same Redis database) leaves its task there, and the
    next worker to start after the visibility timeout puts it back on its queue,
    where it runs against a later test's rows. On Redis every key but kombu's
    queue bindings goes (the database is the test run's own); elsewhere purge.
    """
    url = str(app.conf.broker_write_url or app.conf.broker_url)
    if not url.startswith(("redis://", "rediss://")):
        app.control.purge()
        return
    import redis

    client = redis.Redis.from_url(url)
    try:
        stale = [key for key in client.scan_iter() if not key.startswith(b"_kombu.binding")]
        if stale:
            client.delete(*stale)
    finally:
        client.close()
