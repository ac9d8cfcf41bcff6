"""A worker killed with ``kill -9`` in the middle of a poll: after its restart every source is polled within 60 s.

A real ``celery worker`` (prefork, the queues of the Procfile's main worker)
runs in its own process group against this test's database and broker. The
first answer of the feeds on 127.0.0.1 is slow, so the whole group is killed
while the batch is being fetched. Before, the sources stayed claimed for
``CLAIM_LEASE`` (10 minutes) and the batch waited for the broker's visibility
timeout (an hour on Redis). Now the restarted worker releases the claims of
poll tasks that never finished; the scheduler's ticks (called here, as beat
would) claim them again. Every item ends up stored exactly once.

The worker process needs the test database, so this runs on PostgreSQL.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from pressdesk.celery import app as celery_app
from pressdesk.monitoring import polling, tasks
from pressdesk.monitoring.models import Item, Source
from pressdesk.monitoring.tests.factories import SourceFactory
from pressdesk.monitoring.tests.servers import FakeServer
from pressdesk.testing.brokers import empty_broker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[3]
FEEDS, ITEMS = 6, 3
# The Procfile's main worker: prefork pool, the polling and alerts queues.
WORKER = [
    sys.executable,
    "-m",
    "celery",
    "-A",
    "pressdesk",
    "worker",
    "-Q",
    "celery,polling,alerts",
    "--concurrency",
    "2",
]
WORKER += ["--without-gossip", "--without-mingle", "--loglevel", "INFO"]


PLACES = ["İzmit", "Gebze", "Darıca", "Körfez", "Derince", "Gölcük"]
TOPICS = ["aşı kampanyası başladı", "yeni poliklinik açıldı", "ambulans filosu büyüdü"]


def _rss(feed: int) -> bytes:
    entries = "".join(
        f"<item><title>{PLACES[feed]} {TOPICS[n]}</title><link>http://example.org/{feed}/{n}</link>"
        f"<guid>feed{feed}-item{n}</guid><description>{PLACES[feed]} ilçesinde {TOPICS[n]}.</description></item>"
        for n in range(ITEMS)
    )
    channel = f"<channel><title>F{feed}</title>{entries}</channel>"
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">{channel}</rss>'.encode()


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class WorkerProcess:
    def __init__(self, log: Path) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": celery_app.conf.broker_url,
            "PYTHONUNBUFFERED": "1",
        }
        self.log = log.open("a")
        self.process = subprocess.Popen(  # noqa: S603
            [*WORKER, "-n", f"killtest{os.getpid()}@%h"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill -9 takes the pool children too
        )

    def wait_ready(self, path: Path, seconds: float = 90) -> bool:
        return _wait_for(lambda: " ready." in path.read_text(), seconds)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.log.close()


def _wait_for(condition, seconds: float, tick=None) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if tick is not None:
            tick()
        if condition():
            return True
        time.sleep(0.5 if tick else 0.1)
    return bool(condition())


def test_sources_of_a_killed_worker_are_all_polled_within_a_minute_of_its_restart(tmp_path):
    celery_app.conf.task_always_eager = False
    empty_broker(celery_app)  # nor a task an earlier killed worker left unacknowledged
    server = FakeServer()
    first_request = threading.Event()
    answered: dict[str, int] = {}

    def feed(number: int):  # type: ignore[no-untyped-def]
        def handler(h: BaseHTTPRequestHandler) -> None:
            answered[h.path] = answered.get(h.path, 0) + 1
            if not first_request.is_set():
                first_request.set()
                time.sleep(20)  # the batch is still fetching when the worker is killed
            body = _rss(number)
            h.send_response(200)
            h.send_header("Content-Type", "application/rss+xml")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)

        return handler

    now = timezone.now()
    sources = []
    for number in range(FEEDS):
        server.routes[f"/feed/{number}"] = feed(number)
        sources.append(
            SourceFactory(
                url=server.url(f"/feed/{number}"),
                allowed_private=True,
                next_check_at=now - datetime.timedelta(minutes=1),
                min_interval=3600,
                max_interval=3600,
                poll_interval=3600,
            )
        )
    log = tmp_path / "worker.log"
    worker = WorkerProcess(log)
    try:
        assert worker.wait_ready(log), log.read_text()
        assert tasks.poll_due_sources() == FEEDS, log.read_text()  # the beat tick: one claimed batch
        assert first_request.wait(90), log.read_text()
        worker.kill()
        killed_at = timezone.now()
        # Still claimed: without recovery they would wait for CLAIM_LEASE.
        assert Source.objects.filter(next_check_at__gt=killed_at + datetime.timedelta(minutes=5)).count() == FEEDS
        assert not Item.objects.exists()

        worker = WorkerProcess(log)
        restarted = time.monotonic()
        polled = _wait_for(
            lambda: Source.objects.filter(last_checked_at__gt=killed_at).count() == FEEDS,
            seconds=90,
            tick=tasks.poll_due_sources,  # beat's tick, every half second here
        )
        took = time.monotonic() - restarted
    finally:
        worker.kill()
        server.close()
        empty_broker(celery_app)  # the first worker's batch stays unacknowledged: not for later runs
    assert polled, log.read_text()[-3000:]
    assert took <= 60, f"every source polled {took:.0f} s after the restart"
    links = list(Item.objects.values_list("url", flat=True))
    assert len(links) == FEEDS * ITEMS  # none lost
    assert len(set(links)) == len(links)  # none twice
    assert datetime.timedelta(seconds=60) < polling.CLAIM_LEASE  # the recovery did not come from the lease
