"""Cost of one post through a channel adapter, against a bare HTTP POST baseline.

Posts N statuses to the fake Mastodon server on 127.0.0.1 (``pressdesk.testing.fake_channels``)
through the real adapter (credentials decrypted with Fernet, the network guard resolving and
checking the address, the Idempotency-Key header, the outcome recorded on the channel row) and, in
the same run, with a bare httpx client reusing one connection (the baseline: the HTTP work alone).
Also times the Fernet decryption of a channel's credentials on its own.

    .venv/bin/python benchmarks/bench_channels.py [--posts 300]
    DATABASE_URL=postgres://root@127.0.0.1:5432/postgres .venv/bin/python benchmarks/bench_channels.py

Goal: the adapter's own overhead stays far below a real network's answer time (~100–500 ms).
"""

from __future__ import annotations

import argparse
import logging
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

import httpx  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402


def run(posts: int) -> None:
    from pressdesk.channels.base import PostPayload
    from pressdesk.channels.registry import get_adapter
    from pressdesk.organizations.models import Organization, OrganizationKind
    from pressdesk.testing.fake_channels import FakeMastodon

    org = Organization.objects.create(
        name="Bench İl Sağlık", kind=OrganizationKind.PROVINCIAL_DIRECTORATE, code="bench"
    )
    with FakeMastodon() as server:
        channel = server.make_channel(organization=org)
        text = "Aşı haftası başladı: aile sağlığı merkezlerinde ücretsiz aşı https://basin.example/h/1 #sağlık"

        started = time.perf_counter()
        for n in range(posts):
            get_adapter(channel).publish(PostPayload(text=f"{text} {n}", idempotency_key=f"bench-{n}"))
        adapter_s = time.perf_counter() - started

        with httpx.Client() as client:
            headers = {"Authorization": f"Bearer {server.token}"}
            started = time.perf_counter()
            for n in range(posts):
                client.post(
                    f"{server.url}/api/v1/statuses",
                    headers={**headers, "Idempotency-Key": f"base-{n}"},
                    json={"status": f"{text} {n}", "visibility": "public", "language": "tr"},
                ).raise_for_status()
            baseline_s = time.perf_counter() - started

        started = time.perf_counter()
        for _n in range(posts * 10):
            channel.get_credentials()
        decrypt_s = time.perf_counter() - started
        assert len(server.posts) == posts * 2

    print(f"database: {connection.vendor}; posts: {posts}; machine: 2 shared cores, other work running")
    print(f"adapter (decrypt + guard + new connection + record outcome): {adapter_s / posts * 1000:7.2f} ms/post")
    print(f"baseline (bare httpx, kept-alive connection):                 {baseline_s / posts * 1000:7.2f} ms/post")
    overhead_ms = (adapter_s - baseline_s) / posts * 1000
    print(f"overhead per post:                                            {overhead_ms:7.2f} ms")
    print(f"Fernet decryption of a channel's credentials:                 {decrypt_s / (posts * 10) * 1e6:7.1f} µs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--posts", type=int, default=300)
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("pressdesk").setLevel(logging.WARNING)
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        run(args.posts)
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
