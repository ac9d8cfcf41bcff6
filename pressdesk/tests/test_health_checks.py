"""Liveness and readiness: the database, the broker and the cache are reported separately.

The database down means not ready (503); the broker or the cache down means
``degraded`` (200): pages still render from the database and committed work waits.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import override_settings

from pressdesk.lib import health
from pressdesk.testing.ports import closed_port

pytestmark = pytest.mark.django_db


def _down(host_url: str) -> str:
    return host_url.format(port=closed_port())


@pytest.fixture
def cache_and_broker_down(settings):
    settings.CELERY_BROKER_URL = _down("redis://127.0.0.1:{port}/0")
    backend = {"BACKEND": "pressdesk.lib.cache.FailOpenRedisCache", "LOCATION": _down("redis://127.0.0.1:{port}/0")}
    with override_settings(CACHES={"default": backend}):
        yield


def test_everything_up_is_ok(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "broker": "ok",
        "cache": "ok",
    }


def test_broker_and_cache_down_is_degraded_but_ready(client, cache_and_broker_down):
    for url in ("/healthz/ready", "/healthz"):
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "degraded"
        assert body["checks"]["database"]["status"] == "ok"
        assert body["checks"]["broker"]["status"] == "error"
        assert body["checks"]["cache"]["status"] == "error"
        assert "refused" in body["checks"]["cache"]["error"].lower()


def test_database_down_is_not_ready_but_alive(client, monkeypatch):
    def broken() -> None:
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")

    monkeypatch.setattr(health, "_database", broken)
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["database"]["status"] == "error"
    live = client.get("/healthz/live")
    assert live.status_code == 200 and live.json() == {"status": "ok"}


def test_health_answers_are_never_cached(client):
    assert "no-cache" in client.get("/healthz/ready")["Cache-Control"]


def test_redis_cache_settings_fail_open_and_connections_are_health_checked():
    env = {**os.environ, "REDIS_CACHE_URL": "redis://127.0.0.1:6379/13", "DATABASE_URL": "postgres://u@127.0.0.1/x"}
    code = (
        "import json; from django.conf import settings; db = settings.DATABASES['default'];"
        "print(json.dumps([settings.CACHES['default']['BACKEND'], db['CONN_HEALTH_CHECKS']]))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env={**env, "DJANGO_SETTINGS_MODULE": "pressdesk.settings"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == ["pressdesk.lib.cache.FailOpenRedisCache", True]
