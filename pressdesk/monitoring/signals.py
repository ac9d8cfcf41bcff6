"""Signals other modules listen to, so monitoring knows nothing of them.

``items_ingested`` is sent inside the ingest transaction, once per batch, with
``source`` and ``items`` (the new ``Item`` rows, primary keys and ``story_id``
set; ``matched`` tells whether a watch term matched). Receivers must be cheap:
work that takes time goes to Celery through ``transaction.on_commit`` (the
sentiment suggestion, alert rules).

It is sent again for an item whose text grew after ingest (the OCR of a print
scan, ``actions.run_clip_ocr``) with ``text_added=True``: receivers must be
idempotent for an item they saw before (alerts are raised once per rule and
story, coverage links are unique).
"""

from django.dispatch import Signal

items_ingested = Signal()
