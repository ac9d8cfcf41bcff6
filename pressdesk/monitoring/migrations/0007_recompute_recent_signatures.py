"""Recompute the story signatures of the items the clustering still compares (the last 3 days).

Shingles are now hashed from per-word hashes (``clustering._shingle_hashes``), so a
signature stored before differs from one computed now for the same text, and a new
copy of a story from before the upgrade would not join it. Only items inside the
clustering window are compared with new ones (``actions.CLUSTER_WINDOW``); older
signatures are never read again and are left as they are. The current
``clustering.signature`` is used on purpose: the point is to match the code that runs.
"""

import datetime

from django.db import migrations
from django.utils import timezone

WINDOW = datetime.timedelta(days=3)  # actions.CLUSTER_WINDOW when this was written
BATCH = 1000


def forwards(apps, schema_editor):
    from pressdesk.monitoring.clustering import signature

    Item = apps.get_model("monitoring", "Item")
    recent = Item.objects.filter(fetched_at__gte=timezone.now() - WINDOW).order_by("pk").only("pk", "title", "text")
    batch = []
    for item in recent.iterator(chunk_size=BATCH):
        item.signature = signature(f"{item.title}\n{item.text}")
        batch.append(item)
        if len(batch) == BATCH:
            Item.objects.bulk_update(batch, ["signature"])
            batch = []
    if batch:
        Item.objects.bulk_update(batch, ["signature"])


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0006_search_vector_inline")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
