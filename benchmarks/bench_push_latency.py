"""Alert latency of push sources: from a post appearing on a fake streaming server to the alert and its e-mail.

Two phases in one run, same pipeline after the fetch (ingest → matching → clustering →
`triage.tasks.process_new_items` → alert → notification → e-mail task → Django's
locmem mail backend, Celery eager in this process):

  * baseline — the polling path: RSS feeds on 127.0.0.x polled by the real
    scheduler task (`monitoring.tasks.poll_due_sources`) at the configured tick,
    each source with a 60-second interval (what `benchmarks/bench_alert_latency.py`
    measures; its code is reused);
  * push — a fake Mastodon streaming server (server-sent events) and a fake Bluesky
    Jetstream (WebSocket) on 127.0.0.1, followed by the consumers of
    `manage.py monitoring_stream` (`pressdesk/monitoring/streaming.py`); negative
    Turkish posts about the city hospital are pushed at random moments;
  * WebSub — a feed whose fake hub (`pressdesk/testing/websub.py`) on 127.0.0.1 pushes
    each new entry, signed, to the real callback (`/monitoring/websub/<token>/`) of the
    app served by Django's live-server thread in this process; the subscription is made
    and verified by `websub.maintain()` as the beat does, and the pushed body goes through
    the outbox to `ingest_websub_delivery` (eager) like in production.

Measured per post: alert recorded (`Alert.created_at`) and e-mail handed
(`Notification.emailed_at`) minus the moment the server sent the post.

    .venv/bin/python benchmarks/bench_push_latency.py            # about 6 minutes
    .venv/bin/python benchmarks/bench_push_latency.py --quick    # about 4 minutes

Goal: push p95 ≤ 10 s to the alert and ≤ 15 s to the e-mail.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path[:0] = [str(Path(__file__).resolve().parent)]

import bench_alert_latency as polling_bench  # noqa: E402  (sets Django up)
from django.conf import settings  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from pressdesk.celery import app as celery_app  # noqa: E402

_pct, _print = polling_bench._pct, polling_bench._print
DID = "did:plc:benchbenchbenchbenchbenc"


def setup_push_world(mastodon_url: str) -> tuple[Any, list[Any]]:
    from pressdesk.accounts.models import Role, User
    from pressdesk.monitoring.models import Outlet, Source, WatchTerm
    from pressdesk.organizations.models import OrganizationKind
    from pressdesk.testing.factories import make_org
    from pressdesk.triage import actions, sentiment

    directorate = make_org("ism-push", OrganizationKind.PROVINCIAL_DIRECTORATE, name="Kocaeli İl Sağlık Müdürlüğü")
    hospital = make_org("sehir-push", OrganizationKind.HOSPITAL, directorate, "Kocaeli Şehir Hastanesi")
    director = User.objects.create(
        username="mudur-push", email="mudur-push@example.gov.tr", role=Role.DIRECTOR, organization=directorate
    )
    head = User.objects.create(
        username="sorumlu-push", email="sorumlu-push@example.gov.tr", role=Role.UNIT_HEAD, organization=directorate
    )
    WatchTerm.objects.filter(is_active=True).update(is_active=False)
    WatchTerm.objects.create(name="Şehir Hastanesi push", query='"Şehir Hastanesi"', organization=hospital)
    rule = actions.save_rule(
        actor=head,
        organization=directorate,
        name="Olumsuz hastane gönderisi",
        sentiment="negative",
        institutions=[directorate],
        recipients=[director, head],
        max_per_hour=10000,
    )
    social = Outlet.objects.create(name="Sosyal medya", kind=Outlet.Kind.SOCIAL)
    sources = [
        Source.objects.create(
            name="Mastodon #saglik",
            outlet=social,
            organization=directorate,
            kind=Source.Kind.MASTODON,
            url=mastodon_url,
            config={"tag": "saglik"},
            allowed_private=True,
            poll_interval=60,
        ),
        Source.objects.create(
            name="Bluesky: Şehir Hastanesi",
            outlet=social,
            organization=directorate,
            kind=Source.Kind.BLUESKY,
            url="",
            config={"query": '"Şehir Hastanesi"'},
            poll_interval=60,
            is_active=True,
        ),
    ]
    sentiment.current_pipeline()  # a worker has it loaded
    return rule, sources


def run_push(window: float, drain: float, count: int, rng: random.Random) -> dict[str, Any]:
    from pressdesk.monitoring import streaming
    from pressdesk.monitoring.models import Item, Source
    from pressdesk.notifications.models import Notification
    from pressdesk.testing.streams import FakeJetstream, FakeMastodonStreaming, jetstream_post, mastodon_status
    from pressdesk.triage.models import Alert

    mastodon, jetstream = FakeMastodonStreaming(), FakeJetstream()
    rule, sources = setup_push_world(mastodon.url)
    # Only the push sources are streamed and polled in this phase.
    Source.objects.exclude(pk__in=[s.pk for s in sources]).update(is_active=False)
    supervisor = streaming.Supervisor(jetstream_url=jetstream.url, allow=("127.0.0.1",))
    supervisor.sync()
    assert mastodon.wait_connected(20) and jetstream.wait_connected(20), "the consumers did not connect"
    titles = polling_bench.headlines()
    rng.shuffle(titles)
    plan = sorted((rng.uniform(0, window), n) for n in range(count))
    print(f"\n[push] Mastodon SSE + Jetstream WebSocket, {count} posts over {window:.0f} s")
    start = time.time()
    appear: dict[str, float] = {}
    for offset, n in plan:
        time.sleep(max(0.0, start + offset - time.time()))
        text = f"{titles[n % len(titles)]} ({rng.choice(polling_bench.PLACES)} Şehir Hastanesi) #{n}"
        if n % 2:
            mastodon.push(mastodon_status(10_000 + n, text, acct=f"kisi{n}"))
            appear[f"https://ornek.social/@kisi{n}/{10_000 + n}"] = time.time()
        else:
            jetstream.push(jetstream_post(DID, f"3kbench{n}", text))
            appear[f"https://bsky.app/profile/{DID}/post/3kbench{n}"] = time.time()
    deadline = time.time() + drain
    while time.time() < deadline and Alert.objects.filter(rule=rule).count() < len(appear):
        time.sleep(0.5)
    supervisor.stop()
    mastodon.close()
    jetstream.close()

    alerted, emailed, missing = [], [], 0
    by_url = {item.url: item for item in Item.objects.filter(source__in=sources)}
    alerts = {a.story_id: a for a in Alert.objects.filter(rule=rule)}
    email_times: dict[str, float] = {}
    for note in Notification.objects.filter(
        kind="monitoring_alert", emailed_at__isnull=False, recipient__in=list(rule.recipients.all())
    ):
        t = note.emailed_at.timestamp()
        email_times[note.url] = min(t, email_times.get(note.url, t))
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
    result = {"name": "push", "tick": 0.0, "alerted": alerted, "emailed": emailed, "missing": missing}
    _print(result, len(appear))
    Source.objects.filter(pk__in=[s.pk for s in sources]).update(is_active=False)
    return result


def run_websub(window: float, drain: float, count: int, rng: random.Random) -> dict[str, Any]:
    import re

    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    from pressdesk.accounts.models import User
    from pressdesk.monitoring import polling, websub
    from pressdesk.monitoring.models import Item, Outlet, Source, WebSubSubscription
    from pressdesk.notifications.models import Notification
    from pressdesk.testing.websub import FakeHub, atom_feed
    from pressdesk.triage import actions
    from pressdesk.triage.models import Alert, AlertRule

    # Its own rule, so that a story alerted in the push phase is alerted again here.
    model = AlertRule.objects.get(name="Olumsuz hastane gönderisi")
    directorate = model.organization
    rule = actions.save_rule(
        actor=User.objects.get(username="sorumlu-push"),
        organization=directorate,
        name="Olumsuz hastane haberi (WebSub)",
        sentiment="negative",
        institutions=[directorate],
        recipients=list(model.recipients.all()),
        max_per_hour=10000,
    )
    server = LiveServerThread("127.0.0.1", _StaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    settings.SITE_URL, settings.MONITORING_WEBSUB = base, "on"
    hub = FakeHub(lease_seconds=3600)
    hub.entries = []
    outlet = Outlet.objects.create(name="Yerel Haber (WebSub)", kind=Outlet.Kind.NEWS_SITE)
    source = Source.objects.create(
        name="Yerel Haber RSS (WebSub)",
        outlet=outlet,
        organization=directorate,
        kind=Source.Kind.FEED,
        url=hub.feed_url,
        allowed_private=True,
        poll_interval=60,
    )
    Source.objects.exclude(pk=source.pk).update(is_active=False)
    polling.poll_source(source_id=source.pk)  # discovers the hub
    websub.maintain()  # subscribes; the hub verifies the intent at the callback
    deadline = time.time() + 20
    while time.time() < deadline and hub.verified != [True]:
        time.sleep(0.05)
    assert hub.verified == [True], "the hub could not verify the subscription"
    assert WebSubSubscription.objects.get(source=source).is_live
    titles = polling_bench.headlines()
    rng.shuffle(titles)
    plan = sorted((rng.uniform(0, window), n) for n in range(count))
    print(
        f"\n[websub] a fake hub pushing signed Atom to {base}/monitoring/websub/…, {count} entries over {window:.0f} s"
    )
    start = time.time()
    appear: dict[int, float] = {}
    for offset, n in plan:
        time.sleep(max(0.0, start + offset - time.time()))
        text = f"{titles[n % len(titles)]} ({rng.choice(polling_bench.PLACES)} Şehir Hastanesi) #{n}"
        hub.entries = [(f"urn:websub:{n}", text)]
        body = atom_feed(hub.base, hub.entries)
        appear[n] = time.time()
        status = hub.publish(body)  # answered once the callback has kept it (ingest follows its commit)
        assert status == 202, f"the callback answered {status}"
    deadline = time.time() + drain
    while time.time() < deadline and Alert.objects.filter(rule=rule).count() < len(appear):
        time.sleep(0.5)
    hub.close()
    server.terminate()

    marker = re.compile(r"#(\d+)\s*$")
    by_n = {}
    for item in Item.objects.filter(source=source):
        found = marker.search(item.title)
        if found:
            by_n[int(found.group(1))] = item
    alerts = {a.story_id: a for a in Alert.objects.filter(rule=rule)}
    email_times: dict[str, float] = {}
    for note in Notification.objects.filter(
        kind="monitoring_alert", emailed_at__isnull=False, recipient__in=list(rule.recipients.all())
    ):
        t = note.emailed_at.timestamp()
        email_times[note.url] = min(t, email_times.get(note.url, t))
    alerted, emailed, missing = [], [], 0
    for n, at in appear.items():
        item = by_n.get(n)
        alert = alerts.get(item.story_id) if item else None
        if alert is None:
            missing += 1
            continue
        alerted.append(alert.created_at.timestamp() - at)
        sent = email_times.get(f"/triage/stories/{alert.story_id}/")
        if sent is not None:
            emailed.append(sent - at)
    result = {"name": "websub", "tick": 0.0, "alerted": alerted, "emailed": emailed, "missing": missing}
    _print(result, len(appear))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sources", type=int, default=8, help="feeds of the polling baseline")
    parser.add_argument("--items", type=int, default=40, help="items of the polling baseline")
    parser.add_argument("--posts", type=int, default=60, help="posts pushed in the push phase")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="fewer items, shorter windows")
    args = parser.parse_args()
    if args.quick:
        args.items, args.posts, args.sources = 16, 30, 4
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(Path(os.environ["PRESSDESK_VAR_DIR"]) / "bench.sqlite3")
    logging.disable(logging.INFO)
    setup_test_environment()
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    old = setup_databases(verbosity=0, interactive=False)
    tick = float(settings.CELERY_BEAT_SCHEDULE["monitoring-poll-due-sources"]["schedule"])
    rng = random.Random(args.seed)
    print(f"Database: {db['ENGINE'].rsplit('.', 1)[-1]}; 2-core machine shared with other work; Celery eager.")
    try:
        window = 45.0 if args.quick else 90.0
        baseline = polling_bench.run_phase("current", tick, window=window, drain=90, rng=rng, args=args)
        baseline["name"] = "polling"
        push = run_push(window=30.0 if args.quick else 60.0, drain=30.0, count=args.posts, rng=rng)
        hub_push = run_websub(window=30.0 if args.quick else 60.0, drain=30.0, count=args.posts, rng=rng)
        print("\nSummary (seconds from the post appearing; goal push p95 ≤ 10 s to the alert, ≤ 15 s to the e-mail):")
        labels = {
            "polling": f"polling 60 s, tick {tick:g} s",
            "push": "push (SSE + WebSocket)",
            "websub": "push (WebSub hub → callback)",
        }
        for r in (baseline, push, hub_push):
            label = labels[r["name"]]
            print(
                f"  {label:28} alert p50 {_pct(r['alerted'], 50):6.2f} p95 {_pct(r['alerted'], 95):6.2f} | "
                f"e-mail p50 {_pct(r['emailed'], 50):6.2f} p95 {_pct(r['emailed'], 95):6.2f} | "
                f"n={len(r['alerted'])} missing={r['missing']}"
            )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
