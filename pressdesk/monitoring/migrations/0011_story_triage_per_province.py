"""A story's triage (relevance, sentiment label, importance, assignee) moves to one row per story and province.

A story shared by two provinces' sources had one triage state that either
province could change. The existing state is kept for every province whose
sources have items in the story (else the province of the person who
reviewed or was assigned it, else the only province there is), and the
story's audit history is moved to the row of the province whose staff made
each change.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PROVINCIAL_DIRECTORATE = "provincial_directorate"
TRIAGE_FIELDS = ("relevance", "sentiment", "importance", "assignee_id", "reviewed_by_id", "reviewed_at")
CHUNK = 1000


def _province_finder(apps: Any) -> Any:
    Organization = apps.get_model("organizations", "Organization")
    provinces = sorted(
        Organization.objects.filter(kind=PROVINCIAL_DIRECTORATE).values_list("path", "pk"),
        key=lambda row: -len(row[0]),
    )

    def province_of(path: str | None) -> int | None:
        if not path:
            return None
        return next((pk for prefix, pk in provinces if path.startswith(prefix)), None)

    return province_of, [pk for _path, pk in provinces]


def split_triage(apps: Any, schema_editor: Any) -> None:
    Story = apps.get_model("monitoring", "Story")
    StoryTriage = apps.get_model("monitoring", "StoryTriage")
    Item = apps.get_model("monitoring", "Item")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    province_of, all_provinces = _province_finder(apps)
    only_province = all_provinces[0] if len(all_provinces) == 1 else None
    user_province = {pk: province_of(path) for pk, path in User.objects.values_list("pk", "organization__path")}
    triaged = (
        Story.objects.exclude(
            relevance="unreviewed", sentiment="", importance=1, assignee__isnull=True, reviewed_by__isnull=True
        )
        .order_by("pk")
        .values("pk", *TRIAGE_FIELDS)
    )
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        ids = [story["pk"] for story in batch]
        found: dict[int, set[int]] = defaultdict(set)
        items = Item.objects.filter(story_id__in=ids).values_list(
            "story_id", "source__organization__path", "source__created_by__organization__path"
        )
        for story_id, source_path, clipper_path in items.distinct():
            province = province_of(source_path or clipper_path)
            if province is not None:
                found[story_id].add(province)
        new = []
        for story in batch:
            provinces = found.get(story["pk"]) or {
                user_province.get(story["reviewed_by_id"]) or user_province.get(story["assignee_id"]) or only_province
            } - {None}
            for province in sorted(provinces):
                row = StoryTriage(
                    story_id=story["pk"], province_id=province, **{name: story[name] for name in TRIAGE_FIELDS}
                )
                new.append(row)
        StoryTriage.objects.bulk_create(new, batch_size=500)
        batch.clear()

    for story in triaged.iterator(chunk_size=CHUNK):
        batch.append(story)
        if len(batch) >= CHUNK:
            flush()
    if batch:
        flush()
    rows: dict[int, dict[int | None, int]] = defaultdict(dict)
    for story_id, province_id, pk in StoryTriage.objects.values_list("story_id", "province_id", "pk"):
        rows[story_id][province_id] = pk
    if rows:
        _move_history(apps, rows, user_province)


def _move_history(apps: Any, rows: dict[int, dict[int | None, int]], user_province: dict[int, int | None]) -> None:
    """Each change of a story's triage goes to the row of the province whose staff made it."""
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    story_type = ContentType.objects.filter(app_label="monitoring", model="story").first()
    if story_type is None:
        return
    triage_type, _created = ContentType.objects.get_or_create(app_label="monitoring", model="storytriage")
    entries = LogEntry.objects.filter(content_type=story_type).values_list("pk", "object_pk", "actor_id")
    moves: dict[int, list[int]] = defaultdict(list)
    for pk, object_pk, actor_id in entries.iterator(chunk_size=CHUNK):
        per_province = rows.get(int(object_pk)) if str(object_pk).isdigit() else None
        if not per_province:
            continue
        target = per_province.get(user_province.get(actor_id))
        if target is None and len(per_province) == 1:
            target = next(iter(per_province.values()))
        if target is not None:
            moves[target].append(pk)
    for target, entry_ids in moves.items():
        LogEntry.objects.filter(pk__in=entry_ids).update(
            content_type=triage_type, object_pk=str(target), object_id=target
        )


def join_triage(apps: Any, schema_editor: Any) -> None:
    """Back to one state per story: the most recently reviewed province's."""
    Story = apps.get_model("monitoring", "Story")
    StoryTriage = apps.get_model("monitoring", "StoryTriage")
    seen: set[int] = set()
    stories = []
    for row in StoryTriage.objects.order_by("story_id", models.F("reviewed_at").desc(nulls_last=True), "-pk"):
        if row.story_id in seen:
            continue
        seen.add(row.story_id)
        stories.append(Story(pk=row.story_id, **{name: getattr(row, name) for name in TRIAGE_FIELDS}))
    Story.objects.bulk_update(stories, [name.removesuffix("_id") for name in TRIAGE_FIELDS], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0010_item_columns_lz4"),
        ("organizations", "0002_load_catalog"),
        ("auditlog", "0007_object_pk_type"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StoryTriage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "relevance",
                    models.CharField(
                        choices=[
                            ("unreviewed", "Not reviewed"),
                            ("relevant", "Relevant"),
                            ("irrelevant", "Irrelevant"),
                        ],
                        default="unreviewed",
                        max_length=12,
                        verbose_name="relevance",
                    ),
                ),
                (
                    "sentiment",
                    models.CharField(
                        blank=True,
                        choices=[("positive", "Positive"), ("neutral", "Neutral"), ("negative", "Negative")],
                        max_length=10,
                        verbose_name="sentiment",
                    ),
                ),
                (
                    "importance",
                    models.PositiveSmallIntegerField(
                        choices=[(0, "Low"), (1, "Normal"), (2, "High"), (3, "Critical")],
                        default=1,
                        verbose_name="importance",
                    ),
                ),
                (
                    "reviewed_at",
                    models.DateTimeField(blank=True, editable=False, null=True, verbose_name="reviewed at"),
                ),
                (
                    "assignee",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="assigned to",
                    ),
                ),
                (
                    "province",
                    models.ForeignKey(
                        help_text="The provincial directorate whose unit made these decisions.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="province",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="reviewed by",
                    ),
                ),
                (
                    "story",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="triages",
                        to="monitoring.story",
                        verbose_name="story",
                    ),
                ),
            ],
            options={"verbose_name": "story triage", "verbose_name_plural": "story triages"},
        ),
        migrations.AddIndex(
            model_name="storytriage",
            index=models.Index(fields=["province", "relevance"], name="monitoring__provinc_e66380_idx"),
        ),
        migrations.AddConstraint(
            model_name="storytriage",
            constraint=models.UniqueConstraint(
                fields=("story", "province"), name="monitoring_storytriage_once_per_province"
            ),
        ),
        migrations.RunPython(split_triage, join_triage, elidable=False),
        migrations.RemoveIndex(model_name="story", name="monitoring__relevan_2a1469_idx"),
        migrations.RemoveIndex(model_name="story", name="monitoring__sentime_679512_idx"),
        migrations.RemoveField(model_name="story", name="assignee"),
        migrations.RemoveField(model_name="story", name="importance"),
        migrations.RemoveField(model_name="story", name="relevance"),
        migrations.RemoveField(model_name="story", name="reviewed_at"),
        migrations.RemoveField(model_name="story", name="reviewed_by"),
        migrations.RemoveField(model_name="story", name="sentiment"),
    ]
