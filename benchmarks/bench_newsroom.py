"""Public newsroom: requests per second for the list, a story page and the RSS feed, cached vs uncached.

The newsroom is the part of the application the public (and every journalist's
feed reader) hits. It serves pages from the cache under a version key that
publishing changes; the baseline, in the same run, is the same views with the
cache bypassed (a new version before every request, i.e. render every time).

    .venv/bin/python benchmarks/bench_newsroom.py [--stories 200] [--requests 300]
    DATABASE_URL=postgres://root@127.0.0.1:5432/postgres .venv/bin/python benchmarks/bench_newsroom.py

One process, local-memory cache (Redis in production adds a network round trip).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
os.environ.setdefault("PRESSDESK_VAR_DIR", tempfile.mkdtemp(prefix="pressdesk-bench-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402


def populate(count: int) -> list[str]:
    from pressdesk.accounts.models import Role, User
    from pressdesk.organizations.models import Organization, OrganizationKind
    from pressdesk.publishing.models import NewsStory, Tag

    org = Organization.objects.create(
        code="ism", kind=OrganizationKind.PROVINCIAL_DIRECTORATE, name="İl Sağlık Müdürlüğü", path="0001"
    )
    author = User.objects.create(username="bench", role=Role.STAFF, organization=org)
    tags = [Tag.objects.create(name=f"Etiket {n}") for n in range(10)]
    now = timezone.now()
    stories = NewsStory.objects.bulk_create(
        NewsStory(
            title=f"Aşı haftasında {n}. bilgilendirme etkinliği yapıldı",
            slug=f"asi-haftasinda-{n}",
            spot="İl Sağlık Müdürlüğü aşı haftasında vatandaşları bilgilendirdi. " * 2,
            body_html="<p>" + "Aşılar hayat kurtarır; çocukluk çağı aşıları ücretsizdir. " * 30 + "</p>",
            organization=org,
            created_by=author,
            status=NewsStory.Status.PUBLISHED,
            published_at=now - timezone.timedelta(minutes=n),
        )
        for n in range(count)
    )
    through = NewsStory.tags.through
    through.objects.bulk_create(through(newsstory_id=s.pk, tag_id=tags[i % 10].pk) for i, s in enumerate(stories))
    return ["/newsroom/", "/newsroom/feed.xml", stories[0].public_path(), f"/newsroom/tag/{tags[0].slug}/"]


def run(client: Client, urls: list[str], requests: int, *, cached: bool) -> float:
    from pressdesk.publishing import actions

    start = time.perf_counter()
    for n in range(requests):
        if not cached:
            actions.invalidate_newsroom()
        response = client.get(urls[n % len(urls)])
        assert response.status_code == 200, response.status_code
    return requests / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        urls = populate(args.stories)
        client = Client()
        run(client, urls, 20, cached=True)  # warm up
        uncached = run(client, urls, args.requests, cached=False)
        cached = run(client, urls, args.requests, cached=True)
        print(f"database: {connection.vendor}; {args.stories} published stories; {args.requests} requests per mode")
        print("pages: list, RSS feed, story page, tag page (round robin)")
        print(f"  baseline (rendered every time): {uncached:8.0f} requests/s")
        print(f"  newsroom cache (version key):   {cached:8.0f} requests/s  ({cached / uncached:.1f}× the baseline)")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
