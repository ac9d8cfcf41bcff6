"""Follow the push sources live: Mastodon streaming and Bluesky Jetstream (``pressdesk/monitoring/streaming.py``).

Run as its own long-lived process (``docs/operations.md``); it re-reads the
sources every ``--reload`` seconds and stops cleanly on SIGTERM/SIGINT, leaving
every source to the poller.
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from pressdesk.monitoring import streaming


class Command(BaseCommand):
    help = "Follow Mastodon and Bluesky sources through their push APIs, falling back to polling when disconnected."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--reload", type=float, default=60.0, help="Seconds between re-reads of the sources.")
        parser.add_argument("--seconds", type=float, default=0.0, help="Stop after this long (0: run until stopped).")
        parser.add_argument(
            "--allow-internal",
            action="append",
            default=[],
            metavar="HOST",
            help="A host on an internal network the streams may connect to (a local Jetstream, tests).",
        )
        parser.add_argument("--jetstream", default="", help="The Jetstream address (default MONITORING_JETSTREAM_URL).")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()

        def request_stop(*_args: Any) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        supervisor = streaming.Supervisor(
            jetstream_url=options["jetstream"] or settings.MONITORING_JETSTREAM_URL,
            allow=options["allow_internal"],
        )
        ends_at = time.monotonic() + options["seconds"] if options["seconds"] else None
        self.stdout.write("monitoring_stream: following the push sources")
        try:
            while not stop.is_set():
                close_old_connections()
                try:
                    supervisor.sync()
                except Exception as exc:  # a database hiccup: try again at the next reload
                    self.stderr.write(f"monitoring_stream: {exc.__class__.__name__}: {exc}")
                wait = options["reload"]
                if ends_at is not None:
                    wait = min(wait, max(0.0, ends_at - time.monotonic()))
                    if wait <= 0:
                        break
                stop.wait(wait)
        finally:
            supervisor.stop()
            self.stdout.write("monitoring_stream: stopped")
