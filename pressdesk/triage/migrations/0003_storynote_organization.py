"""A note keeps its author's organization: it is read in that province (and institution) only.

Existing notes take their author's organization; a note whose author was
deleted takes the organization of the source of the story's first item.
"""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def fill_organization(apps: Any, schema_editor: Any) -> None:
    StoryNote = apps.get_model("triage", "StoryNote")
    Item = apps.get_model("monitoring", "Item")
    for note in StoryNote.objects.filter(organization__isnull=True).select_related("author").iterator(chunk_size=500):
        organization_id = note.author.organization_id if note.author_id else None
        if organization_id is None:
            organization_id = (
                Item.objects.filter(story_id=note.story_id, source__organization__isnull=False)
                .order_by("pk")
                .values_list("source__organization_id", flat=True)
                .first()
            )
        if organization_id is not None:
            StoryNote.objects.filter(pk=note.pk).update(organization_id=organization_id)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_load_catalog"),
        ("monitoring", "0011_story_triage_per_province"),
        ("triage", "0002_storyforward_failed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="storynote",
            name="organization",
            field=models.ForeignKey(
                help_text="The author's organization when the note was written: who may read it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.organization",
                verbose_name="organization",
            ),
        ),
        migrations.RunPython(fill_organization, migrations.RunPython.noop, elidable=False),
    ]
