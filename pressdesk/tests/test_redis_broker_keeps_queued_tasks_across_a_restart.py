"""The broker's Redis, configured as deploy/redis-broker.conf says, keeps queued tasks when it restarts.

A private ``redis-server`` on a free port (never the shared one) gets a task
on its queue, is restarted (SIGTERM, as ``systemctl restart`` does) and still
has it. The same server without persistence (how the guide used to run it)
loses it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from pressdesk.celery import app as celery_app
from pressdesk.testing.brokers import RedisServer, use_broker

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "redis-broker.conf"

pytestmark = pytest.mark.skipif(not RedisServer.available(), reason="redis-server is not installed")


def _queued_after_restart(server: RedisServer) -> int:
    celery_app.conf.task_always_eager = False  # put back by the project's autouse fixture
    server.start()
    try:
        with use_broker(celery_app, server.url):
            celery_app.send_task("pressdesk.outbox.tasks.dispatch_outbox")  # routed to the "celery" queue
        server.stop()
        server.start()
        return int(redis.Redis.from_url(server.url).llen("celery"))
    finally:
        server.stop()


def test_the_broker_configuration_persists_queued_tasks(tmp_path):
    assert _queued_after_restart(RedisServer(tmp_path, config=CONFIG)) == 1


def test_without_persistence_a_restart_loses_them(tmp_path):
    assert _queued_after_restart(RedisServer(tmp_path)) == 0


def test_the_broker_configuration_never_evicts_and_logs_every_write():
    lines = {
        line.split(None, 1)[0]: line.split(None, 1)[1] for line in CONFIG.read_text().splitlines() if line[:1].isalpha()
    }
    assert lines["appendonly"] == "yes"
    assert lines["appendfsync"] == "everysec"
    assert lines["maxmemory-policy"] == "noeviction"
