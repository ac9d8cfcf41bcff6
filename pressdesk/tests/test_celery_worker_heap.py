"""A worker's start-up objects leave the garbage collector's sight before the pool forks."""

import gc
import sys

from celery.signals import worker_init

from pressdesk import celery as celery_module


def test_worker_init_freezes_the_startup_heap():
    assert any(receiver() is celery_module._freeze_on_worker_start for _key, receiver in worker_init.receivers), (
        "worker_init must call freeze_startup_heap"
    )
    gc.unfreeze()
    thresholds = gc.get_threshold()
    try:
        celery_module.freeze_startup_heap()
        assert gc.get_freeze_count() > 10_000
        assert all(name in sys.modules for name in celery_module.WARM_MODULES)
        assert gc.isenabled()  # collection itself stays on
        assert gc.get_threshold() == (celery_module.YOUNG_THRESHOLD, *thresholds[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
