"""A burst of e-mail tasks does not hold up polling: the main worker never takes from the mail queue.

A real worker consuming the queues of the Procfile's ``worker`` line runs a
poll task sent after 200 notification e-mail tasks at once; the e-mails wait
in their own queue for the mail worker.
"""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun

from pressdesk.celery import app as celery_app
from pressdesk.monitoring.tasks import poll_source
from pressdesk.notifications.tasks import send_notification_emails
from pressdesk.testing.brokers import empty_broker

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]

MAIN_WORKER_QUEUES = ["celery", "polling", "alerts"]  # Procfile: worker -Q celery,polling,alerts


def _backlog(queue: str) -> int:
    with celery_app.connection_for_write() as connection:
        return int(connection.default_channel.queue_declare(queue, passive=True).message_count)


def test_a_poll_sent_after_a_mail_storm_runs_at_once():
    celery_app.conf.task_always_eager = False
    empty_broker(celery_app)  # every queue, the mail queue included
    finished: list[str] = []

    def record(sender: object = None, task: object = None, **_kwargs: object) -> None:
        finished.append(getattr(task, "name", ""))

    for _ in range(200):
        send_notification_emails.delay([])  # each a real, quick e-mail task
    poll_source.delay(10**9)  # a poll (of a source deleted meanwhile: nothing to fetch)
    task_postrun.connect(record, weak=False)
    # start_worker(queues=…) narrows the app's own list of queues to consume (a later
    # in-process worker would then never take an e-mail): put it back afterwards.
    consume_from = celery_app.amqp.queues._consume_from
    try:
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10, queues=MAIN_WORKER_QUEUES
        ):
            deadline = time.monotonic() + 20
            while poll_source.name not in finished and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        task_postrun.disconnect(record)
        celery_app.amqp.queues._consume_from = consume_from
    backlog = _backlog("mail")
    empty_broker(celery_app)  # purge() knows only the queues this process declared: 200 mails stayed in Redis
    assert finished == [poll_source.name]  # first, and the only task this worker took
    assert backlog == 200
