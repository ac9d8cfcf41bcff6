"""A real ``celery worker`` process killed with SIGKILL in the middle of a campaign, then a new worker:
every recipient received exactly one message (0 missing, 0 duplicates), counted by the fake Verimor server
on 127.0.0.1.

The worker consumes the ``mail`` queue (the SMS tasks' route) in its own process group against this test's
PostgreSQL database and Redis broker. The fake server records each request and then answers slowly, so the
worker is killed at the worst moment: the provider has accepted a batch whose ``sent`` record was never
committed. The beat's ``resume_stalled`` (called here, as beat would after five minutes) queues the campaign
again; the new worker skips the batches already recorded, and the batch of the dead worker is recognised by
its ``custom_id``.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from pressdesk.celery import app as celery_app
from pressdesk.sms import actions
from pressdesk.sms.models import Batch, Campaign, Recipient
from pressdesk.sms.tests.conftest import approve, upload
from pressdesk.testing.brokers import empty_broker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.redis,
]

ROOT = Path(__file__).resolve().parents[3]
PEOPLE = 24
WORKER = [sys.executable, "-m", "celery", "-A", "pressdesk", "worker", "-Q", "mail", "--concurrency", "1"]
WORKER += ["--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel", "INFO"]


def _staff_csv() -> str:
    rows = ["Ad Soyad;Kurum;Birim;Unvan;Cep Telefonu;Doğum Tarihi"]
    rows += [f"Kişi {n};Kocaeli Şehir Hastanesi;Acil Servis;Hemşire;0532 100 00 {n:02d};" for n in range(PEOPLE)]
    return "\n".join(rows) + "\n"


def _database_url() -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class WorkerProcess:
    def __init__(self, log: Path, gateway: str) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": celery_app.conf.broker_url,
            "PYTHONUNBUFFERED": "1",
            "SMS_VERIMOR_URL": gateway,
            "SMS_VERIMOR_USERNAME": "kocaeli",
            "SMS_VERIMOR_PASSWORD": "gizli",
            "SMS_SENDER": "KOCAELI ISM",
            "SMS_ALLOW_HOSTS": "127.0.0.1",
            "SMS_RATE_PER_MINUTE": "6000",
        }
        self.log_path, self.log = log, log.open("a")
        self.process = subprocess.Popen(  # noqa: S603
            [*WORKER, "-n", f"smskill{os.getpid()}-{time.monotonic_ns()}@%h"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL takes the pool child too
        )

    def wait_ready(self, seconds: float = 90) -> bool:
        return _wait_for(lambda: " ready." in self.log_path.read_text(), seconds)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.log.close()


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


def test_a_worker_killed_mid_campaign_then_restarted_sends_each_message_once(province, verimor, settings, tmp_path):
    celery_app.conf.task_always_eager = False
    empty_broker(celery_app)  # nor a task an earlier killed worker left unacknowledged
    settings.SMS_BATCH_SIZE = 2  # 12 batches
    settings.SMS_RATE_PER_MINUTE = 6000
    report = actions.import_contacts(actor=province.staff, upload=upload(_staff_csv()))
    assert report.ok, [row.errors for row in report.rows]
    campaign = actions.save_campaign(
        actor=province.staff, title="Duyuru", kind="announcement", text="Sayın {ad}, duyuru.", groups=["everyone"]
    )
    actions.submit(actor=province.staff, campaign=campaign)
    approve(province, campaign)
    campaign.refresh_from_db()
    people = set(campaign.recipients.values_list("mobile", flat=True))
    assert len(people) >= PEOPLE
    verimor.delay = 0.3  # each request is recorded, then answered after 0.3 s: the window the kill aims at

    log = tmp_path / "worker.log"
    worker = WorkerProcess(log, verimor.url)
    try:
        assert worker.wait_ready(), log.read_text()
        actions.start(actor=province.staff, campaign=campaign)  # the outbox hands the task to the broker
        assert _wait_for(lambda: len(verimor.requests) >= 4, 60), log.read_text()[-3000:]
        worker.kill()  # the fourth batch is at the provider, its answer not yet read

        recorded = Batch.objects.filter(campaign=campaign, status=Batch.Status.SENT).count()
        assert recorded < len(verimor.requests)  # the provider has a batch we never recorded
        assert Batch.objects.filter(campaign=campaign, status=Batch.Status.PENDING).exists()  # killed mid-way
        campaign.refresh_from_db()
        assert campaign.status == Campaign.Status.SENDING

        worker = WorkerProcess(log, verimor.url)
        assert worker.wait_ready(), log.read_text()[-3000:]
        # The beat, five minutes later: the campaign has stalled, its task is queued again.
        assert actions.resume_stalled(now=timezone.now() + datetime.timedelta(minutes=6)) == 1
        finished = _wait_for(lambda: Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.SENT).exists(), 60)
    finally:
        worker.kill()
        empty_broker(celery_app)  # the first worker's batch stays unacknowledged: not for later runs
    assert finished, log.read_text()[-3000:]
    counts = verimor.counts()
    assert set(counts) == {m.lstrip("+") for m in people}  # 0 missing (Verimor numbers have no "+")
    assert sorted(set(counts.values())) == [1]  # 0 duplicates
    # The dead worker's batch was offered again and recognised by its key.
    assert len(verimor.requests) > len({r["custom_id"] for r in verimor.requests})
    assert Recipient.objects.filter(campaign=campaign, status=Recipient.Status.SENT).count() == len(people)
