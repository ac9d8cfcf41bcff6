"""Project-wide pytest fixtures and CI rules.

* ``province``: a small organization tree with one user per role.
* Browser tests use Debian's Chromium (``/usr/bin/chromium``) via Playwright.
* ``PRESSDESK_FORBID_SKIPS=all`` (or a comma list of markers) turns skips
  into failures: CI uses it so a PostgreSQL, Redis or browser test cannot
  silently not run. Tests marked ``sqlite`` test an SQLite-only behaviour and
  may skip on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from pressdesk.celery import app as celery_app
from pressdesk.testing.factories import Province

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# made by fixtures there are safe (one thread, no real async code).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_configure(config: pytest.Config) -> None:
    # PRESSDESK_TEST_CLOCK=2026-12-31T23:55+03:00: the whole run starts at that moment and the clock
    # ticks on (time_machine), to find tests that hold only at some hours, as CI runs at any hour
    # (subprocesses such as real workers and Chromium keep the real clock).
    if clock := os.environ.get("PRESSDESK_TEST_CLOCK"):
        import datetime

        import time_machine

        time_machine.travel(datetime.datetime.fromisoformat(clock), tick=True).start()
    # Hashing passwords with the production hasher costs ~0.5 s per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if _db_vendor() == "postgresql":
        # A throwaway test database need not wait for its WAL to reach the disk at each commit:
        # the transactional tests' flushes (TRUNCATE of every table) were most of the time lost to it.
        options = settings.DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c synchronous_commit=off").strip()


def _db_vendor() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if "postgresql" in engine else engine.rsplit(".", 1)[-1]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_postgres = _db_vendor() == "postgresql"
    on_redis = settings.CELERY_BROKER_URL.startswith("redis")
    for item in items:
        if item.get_closest_marker("sqlite") and not _db_vendor().startswith("sqlite"):
            item.add_marker(pytest.mark.skip(reason="only meaningful on SQLite"))
        if item.get_closest_marker("postgres") and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))
        if item.get_closest_marker("redis") and not on_redis:
            item.add_marker(pytest.mark.skip(reason="needs Redis (set CELERY_BROKER_URL=redis://…)"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    forbid = os.environ.get("PRESSDESK_FORBID_SKIPS", "")
    if not forbid or not report.skipped or hasattr(report, "wasxfail"):
        return
    markers = {marker.name for marker in item.iter_markers()}
    if "sqlite" in markers and not _db_vendor().startswith("sqlite"):
        return  # an SQLite-only behaviour (e.g. table rebuilds) has nothing to test elsewhere
    if forbid == "all" or markers & set(forbid.split(",")):
        report.outcome = "failed"
        report.longrepr = (
            f"This test was skipped, but PRESSDESK_FORBID_SKIPS={forbid} requires it to run: {report.longrepr}"
        )


@pytest.fixture(autouse=True)
def _process_catalog(request: pytest.FixtureRequest) -> None:
    """Every database test finds the process catalog (and the other data) that migrations load.

    Transactional tests (browser, worker, concurrency) flush every table when
    they end, migration data included, and pytest cannot always run them last
    (Playwright's session-scoped parametrisation regroups tests), so the
    catalog is loaded again whenever it is missing.
    """
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not uses_db:
        return
    request.getfixturevalue("_django_db_helper")
    from pressdesk.organizations.catalog import load_catalog
    from pressdesk.organizations.models import Process, ProcessStep, Responsibility

    if not Process.objects.exists():
        load_catalog(Process, ProcessStep, Responsibility)
    from pressdesk.testing.factories import reseed_migration_data

    reseed_migration_data()


@pytest.fixture(autouse=True)
def _celery_eager_by_default() -> Iterator[None]:
    """Tasks run in-process unless a test starts a real worker (marker ``celery_worker``)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _counts_not_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counts are computed on every request in tests (visits compared by query count stay comparable).

    In production the navigation badges and shared totals are reused for a few seconds
    (``pressdesk.lib.cached_counts``); the tests of that set the durations back.
    """
    from django.core.cache import cache

    from pressdesk.lib import cached_counts

    monkeypatch.setattr(cached_counts, "NAV_COUNT_SECONDS", 0)
    monkeypatch.setattr(cached_counts, "SHARED_COUNT_SECONDS", 0)
    with contextlib.suppress(Exception):  # counts kept by an earlier test; a cache server may be stopped
        cache.clear()


@pytest.fixture(autouse=True)
def _shared_connection_left_clean(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test with the live server on SQLite must leave the test connection outside any transaction.

    The live server's threads share the in-memory test database's one connection. Two threads in
    ``transaction.atomic()`` on it at once leave it inside a transaction that never ends, and every
    later test's on-commit work then never runs: in CI one such race showed as seven failures of
    unrelated tests. The test that left it so fails here, by name, and the connection is put back.
    """
    yield
    if "live_server" not in request.fixturenames:
        return
    from django.db import connection

    if connection.vendor != "sqlite" or not (connection.in_atomic_block or connection.atomic_blocks):
        return
    with contextlib.suppress(Exception):
        connection.connection.rollback()
    connection.atomic_blocks, connection.savepoint_ids, connection.run_on_commit = [], [], []
    connection.in_atomic_block = connection.needs_rollback = False
    connection.set_autocommit(True)
    pytest.fail("The test left the shared SQLite test connection inside a transaction (two threads wrote at once)")


@pytest.fixture(autouse=True)
def _media_root(tmp_path: Any, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Every test starts with an empty cache (rate-limit counters, newsroom pages): Redis (REDIS_CACHE_URL)
    outlives the rolled-back database, so a page cached by one test would otherwise be served to the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def province(db: Any) -> Province:
    return Province()


@pytest.fixture
def login(client: Any) -> Any:
    """``login(user)`` logs the Django test client in as ``user``."""

    def _login(user: Any) -> Any:
        client.force_login(user)
        return client

    return _login


# --- Browser tests -----------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium chromium-driver)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any], live_server: Any) -> dict[str, Any]:
    return {**browser_context_args, "base_url": live_server.url, "locale": "tr-TR", "timezone_id": "Europe/Istanbul"}


@pytest.fixture
def browser_login(page: Any, live_server: Any) -> Any:
    """``browser_login(user)`` logs Chromium in through the real login form."""
    from pressdesk.testing.factories import PASSWORD

    def _login(user: Any, password: str = PASSWORD) -> Any:
        page.goto("/accounts/login/")
        page.get_by_label("Kullanıcı adı").fill(user.username)
        page.get_by_label("Parola").fill(password)
        page.get_by_role("button", name="Giriş yap").click()
        page.wait_for_load_state()
        return page

    return _login
