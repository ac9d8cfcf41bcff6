"""The Celery application. Tasks live in each app's ``tasks.py``."""

from __future__ import annotations

import gc
import importlib
import logging
import os

from celery import Celery
from celery.signals import worker_init, worker_ready

from pressdesk.lib import sqlite_broker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressdesk.settings")
sqlite_broker.register()  # the embedded+sqlite:// broker URL

# Every task knows the outbox's task ids (pressdesk/outbox/worker.py).
app = Celery("pressdesk", task_cls="pressdesk.outbox.worker:OutboxAwareTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Imported at start-up rather than by the first task that needs them.
WARM_MODULES = (
    "pressdesk.monitoring.actions",
    "pressdesk.monitoring.ingest",
    "pressdesk.monitoring.polling",
    "pressdesk.monitoring.clustering",
    "pressdesk.monitoring.fetching",
    "pressdesk.monitoring.matching",
    "pressdesk.monitoring.parsing",
    "pressdesk.monitoring.tasks",
)


# The first generation is collected after this many new container objects instead of
# Python's 700: an ingest batch makes tens of thousands that live until it ends, and each
# young collection walks them again (about half the remaining collector time in the
# ingest benchmark).
YOUNG_THRESHOLD = 10_000


def freeze_startup_heap() -> None:
    """Import the worker's hot modules, then move every object made so far into the permanent generation.

    Django, the apps and their modules are some 200,000 objects that live as
    long as the process; without this, each full collection of the cyclic
    garbage collector walks them all again (about a tenth of ingest time in
    ``benchmarks/bench_ingest.py``). Called in the worker's main process
    before the pool forks, as the ``gc.freeze`` documentation advises, so the
    children also leave those pages unwritten. Frozen objects are still freed
    by reference counting; only cycles among them would stay. Then the young
    generation's threshold is raised to ``YOUNG_THRESHOLD``.
    """
    import django

    django.setup()  # a no-op once Celery's Django fix-up has run it
    for name in WARM_MODULES:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])


@worker_init.connect
def _freeze_on_worker_start(**_kwargs: object) -> None:
    freeze_startup_heap()


def consumes(queue: str) -> bool:
    """Whether this worker process consumes ``queue`` (all queues without ``-Q``)."""
    selected = app.amqp.queues.consume_from
    return queue in (selected if selected else app.amqp.queues)


def _tasks_of_other_workers() -> set[str]:
    """Ids of the tasks other live workers run or hold (Redis; the embedded broker has no broadcast)."""
    if not str(app.conf.broker_url).startswith(("redis://", "rediss://")):
        return set()
    inspect = app.control.inspect(timeout=1.0)
    ids: set[str] = set()
    for answer in (inspect.active() or {}, inspect.reserved() or {}):
        for tasks in answer.values():
            ids.update(str(task.get("id")) for task in tasks)
    return ids


@worker_ready.connect
def _recover_on_worker_ready(**kwargs: object) -> None:
    """Take back what a killed worker left: its sources' poll claims, and tasks the broker missed."""
    from pressdesk.outbox.worker import dispatch_on_worker_ready

    if consumes("polling"):
        from pressdesk.monitoring.polling import release_abandoned_claims

        try:
            release_abandoned_claims(running=_tasks_of_other_workers())
        except Exception:  # the worker must start even if the database is not there yet
            logging.getLogger(__name__).exception("Releasing abandoned poll claims failed")
    dispatch_on_worker_ready(**kwargs)
