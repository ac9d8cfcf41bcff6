"""Alert latency: from an item appearing in a feed to the alert recorded and its e-mail handed to the mail backend.

Feeds are served on 127.0.0.x (one small HTTP server per source, so the per-host
politeness gap does not serialise them); each source has a 60-second interval
(min = max = 60 s). Negative Turkish headlines about the city hospital appear in
the feeds at random wall-clock times. The real scheduler task
(`monitoring.tasks.poll_due_sources`) is called at the beat interval, and Celery
runs eagerly in this process, so each tick does what a worker would: claim due
sources → `poll_source` (fetch, parse, match, cluster, store) → `items_ingested`
→ `triage.tasks.process_new_items` (sentiment, rules) → alert → in-app
notification → e-mail task → the mail backend (Django's locmem backend).

Measured per item: alert recorded (`Alert.created_at`) and e-mail handed
(`Notification.emailed_at`) minus the time the item appeared in its feed.

Two phases in one run, same pipeline, only the tick differs:
  * baseline: the tick of 60 s the project had before (a 60 s source then waits
    60–120 s, because a tick that finds it due a few ms early skips it);
  * current: the tick configured in settings (`MONITORING_POLL_TICK`, default 2 s).

    .venv/bin/python benchmarks/bench_alert_latency.py                 # about 6 minutes
    .venv/bin/python benchmarks/bench_alert_latency.py --quick         # about 3 minutes, current tick only

Goal: p95 ≤ 60 s for sources with a one-minute interval.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
os.environ.setdefault("PRESSDESK_VAR_DIR", tempfile.mkdtemp(prefix="pressdesk-bench-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from pressdesk.celery import app as celery_app  # noqa: E402

PLACES = ["Merkez", "İzmit", "Gebze", "Darıca", "Körfez", "Derince", "Gölcük", "Kartepe", "Başiskele", "Karamürsel"]


class Feed:
    """An RSS feed on its own 127.0.0.x address whose items become visible at their appearance time."""

    def __init__(self, address: str) -> None:
        self.items: list[tuple[float, str, str]] = []  # (appears at, title, link)
        self.lock = threading.Lock()
        feed = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                body = feed.render(time.time())
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer((address, 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://{address}:{self.httpd.server_address[1]}/rss.xml"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def add(self, appears_at: float, title: str, link: str) -> None:
        with self.lock:
            self.items.append((appears_at, title, link))

    def render(self, now: float) -> bytes:
        with self.lock:
            visible = sorted((item for item in self.items if item[0] <= now), reverse=True)[:50]
        entries = "".join(
            f"<item><title>{escape(title)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
            f"<pubDate>{format_datetime(datetime.fromtimestamp(at, UTC))}</pubDate>"
            f"<description>{escape(title)}</description></item>"
            for at, title, link in visible
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Haber</title>'
            f"{entries}</channel></rss>"
        ).encode()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def headlines() -> list[str]:
    from pressdesk.triage import sentiment

    return [text for text, label in sentiment.load_dataset() if label == "negative"]


def setup_world(tag: str, sources: int) -> tuple[Any, list[Any], list[Feed]]:
    from pressdesk.accounts.models import Role, User
    from pressdesk.monitoring.models import Outlet, Source, WatchTerm
    from pressdesk.organizations.models import OrganizationKind
    from pressdesk.testing.factories import make_org
    from pressdesk.triage import actions, sentiment

    directorate = make_org(f"ism-{tag}", OrganizationKind.PROVINCIAL_DIRECTORATE, name="Kocaeli İl Sağlık Müdürlüğü")
    hospital = make_org(f"sehir-{tag}", OrganizationKind.HOSPITAL, directorate, "Kocaeli Şehir Hastanesi")
    director = User.objects.create(
        username=f"mudur-{tag}", email=f"mudur-{tag}@example.gov.tr", role=Role.DIRECTOR, organization=directorate
    )
    head = User.objects.create(
        username=f"sorumlu-{tag}", email=f"sorumlu-{tag}@example.gov.tr", role=Role.UNIT_HEAD, organization=directorate
    )
    WatchTerm.objects.filter(is_active=True).update(is_active=False)  # the previous phase's
    WatchTerm.objects.create(name=f"Şehir Hastanesi {tag}", query='"Şehir Hastanesi"', organization=hospital)
    rule = actions.save_rule(
        actor=head,
        organization=directorate,
        name="Olumsuz hastane haberi",
        sentiment="negative",
        institutions=[directorate],
        recipients=[director, head],
        max_per_hour=10000,
    )
    feeds, rows = [], []
    for n in range(sources):
        feed = Feed(f"127.0.{1 if tag == 'baseline' else 2}.{n + 2}")
        outlet = Outlet.objects.create(name=f"Yerel Gazete {n + 1}", kind=Outlet.Kind.LOCAL_NEWSPAPER)
        rows.append(
            Source.objects.create(
                name=outlet.name,
                outlet=outlet,
                organization=directorate,
                url=feed.url,
                allowed_private=True,
                poll_interval=60,
                min_interval=60,
                max_interval=60,
            )
        )
        feeds.append(feed)
    sentiment.current_pipeline()  # a worker has it loaded: train the baseline once, before timing
    return rule, rows, feeds


def run_phase(name: str, tick: float, window: float, drain: float, rng: random.Random, args: Any) -> dict[str, Any]:
    from pressdesk.monitoring.models import Item, Source
    from pressdesk.monitoring.tasks import poll_due_sources
    from pressdesk.notifications.models import Notification
    from pressdesk.triage.models import Alert

    rule, sources, feeds = setup_world(name, args.sources)
    titles = headlines()
    rng.shuffle(titles)
    start = time.time()
    # Each source's first check at a random moment within its first minute, as in a running system.
    for source in sources:
        Source.objects.filter(pk=source.pk).update(
            next_check_at=datetime.fromtimestamp(start + rng.uniform(0, 60), UTC)
        )
    appear: dict[str, float] = {}
    for n in range(args.items if name == "current" else max(10, args.items // 2)):
        at = start + rng.uniform(0, window)
        feed = rng.randrange(len(feeds))
        title = f"{titles[n % len(titles)]} ({rng.choice(PLACES)} Şehir Hastanesi)"
        link = f"https://gazete{feed}.example/haber/{name}-{n}"
        feeds[feed].add(at, title, link)
        appear[link] = at
    print(f"\n[{name}] tick {tick:g} s, {len(sources)} sources at 60 s, {len(appear)} items over {window:.0f} s")
    deadline = start + window + drain
    next_tick = start + rng.uniform(0, tick)  # the beat's phase is arbitrary
    while time.time() < deadline:
        time.sleep(max(0.0, next_tick - time.time()))
        poll_due_sources.delay()
        done = Alert.objects.filter(rule=rule).count()
        if time.time() > start + window and done >= len(appear):
            break
        next_tick += tick

    alerted, emailed, missing = [], [], 0
    by_url = {item.url: item for item in Item.objects.all()}
    alerts = {a.story_id: a for a in Alert.objects.filter(rule=rule)}
    email_times: dict[str, float] = {}
    recipients = list(rule.recipients.all())
    for note in Notification.objects.filter(
        kind="monitoring_alert", emailed_at__isnull=False, recipient__in=recipients
    ):
        key = note.url
        t = note.emailed_at.timestamp()
        email_times[key] = min(t, email_times.get(key, t))
    for link, at in appear.items():
        item = by_url.get(link)
        alert = alerts.get(item.story_id) if item else None
        if alert is None:
            missing += 1
            continue
        alerted.append(alert.created_at.timestamp() - at)
        sent = email_times.get(f"/triage/stories/{alert.story_id}/")
        if sent is not None:
            emailed.append(sent - at)
    for feed in feeds:
        feed.close()
    result = {"name": name, "tick": tick, "alerted": alerted, "emailed": emailed, "missing": missing}
    _print(result, len(appear))
    Source.objects.filter(pk__in=[src.pk for src in sources]).update(is_active=False)
    return result


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def _print(result: dict[str, Any], total: int) -> None:
    for label, values in (("alert recorded", result["alerted"]), ("e-mail handed", result["emailed"])):
        if values:
            print(
                f"  {label:15} n={len(values):3}  p50 {_pct(values, 50):5.1f} s  p95 {_pct(values, 95):5.1f} s  "
                f"max {max(values):5.1f} s  mean {statistics.mean(values):5.1f} s"
            )
    if result["missing"]:
        print(f"  {result['missing']} of {total} items raised no alert")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sources", type=int, default=8)
    parser.add_argument("--items", type=int, default=80, help="items in the current phase (half in the baseline)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="current tick only, shorter window")
    args = parser.parse_args()
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(Path(os.environ["PRESSDESK_VAR_DIR"]) / "bench.sqlite3")
    logging.disable(logging.INFO)  # one log line per task would drown the figures
    setup_test_environment()  # e-mail to the locmem backend
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    old = setup_databases(verbosity=0, interactive=False)
    current_tick = float(settings.CELERY_BEAT_SCHEDULE["monitoring-poll-due-sources"]["schedule"])
    rng = random.Random(args.seed)
    print(f"Database: {db['ENGINE'].rsplit('.', 1)[-1]}; 2-core machine shared with other work; Celery eager.")
    try:
        results = []
        if not args.quick:
            results.append(run_phase("baseline", 60.0, window=70, drain=120, rng=rng, args=args))
        results.append(run_phase("current", current_tick, window=90, drain=70, rng=rng, args=args))
        print("\nSummary (seconds from appearing in the feed; goal p95 ≤ 60 s):")
        for r in results:
            print(
                f"  {r['name']:8} tick {r['tick']:>4g} s: alert p50 {_pct(r['alerted'], 50):5.1f} "
                f"p95 {_pct(r['alerted'], 95):5.1f} | e-mail p50 {_pct(r['emailed'], 50):5.1f} "
                f"p95 {_pct(r['emailed'], 95):5.1f} | n={len(r['alerted'])}"
            )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
