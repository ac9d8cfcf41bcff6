"""Migration 0011 keeps each story's triage for every province whose items it has, and moves its history there."""

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pressdesk.monitoring.models import StoryTriage
from pressdesk.triage.models import StoryNote

BEFORE = [("monitoring", "0010_item_columns_lz4"), ("triage", "0002_storyforward_failed_at")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    # Apps this migration does not touch stay at their newest state, in the database and in the
    # historical models (a user inserted here has every column a later accounts migration added).
    targets = [*targets, *(node for node in executor.loader.graph.leaf_nodes() if node[0] in ("auditlog", "accounts"))]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# Migrating back past 0011 and forward again takes about 110 s on CI's machine on either database;
# CI runs it on PostgreSQL only, the production database (its run is the shorter one).
@pytest.mark.ci_postgres_run
@pytest.mark.django_db(transaction=True)
def test_triage_is_kept_for_each_province_of_a_shared_story_and_history_follows_the_actor():
    old = _migrate(BEFORE)
    try:
        Organization = old.get_model("organizations", "Organization")
        User = old.get_model("accounts", "User")

        def org(code, kind, parent=None):
            created = Organization.objects.create(code=code, name=code, kind=kind, parent=parent)
            created.path = (parent.path if parent else "") + f"{created.pk:08d}/"
            created.save(update_fields=["path"])
            return created

        kocaeli = org("m-koc", "provincial_directorate")
        hospital = org("m-koc-h", "hospital", kocaeli)
        denizli = org("m-den", "provincial_directorate")
        staff = User.objects.create(username="m-staff", role="staff", organization=kocaeli)
        officer = User.objects.create(username="m-officer", role="affiliate_press", organization=hospital)
        Outlet = old.get_model("monitoring", "Outlet")
        Source = old.get_model("monitoring", "Source")
        Story = old.get_model("monitoring", "Story")
        Item = old.get_model("monitoring", "Item")
        outlet = Outlet.objects.create(name="Ajans")
        sources = [
            Source.objects.create(outlet=outlet, organization=o, url=f"https://{o.code}.example/")
            for o in (kocaeli, denizli)
        ]
        shared = Story.objects.create(
            title="Ortak", relevance="irrelevant", sentiment="negative", importance=3, assignee=staff, reviewed_by=staff
        )
        untouched = Story.objects.create(title="Bakılmadı")
        for n, (source, story) in enumerate([(sources[0], shared), (sources[1], shared), (sources[0], untouched)]):
            Item.objects.create(source=source, outlet=outlet, identity_hash=f"m{n}", story=story)
        Note = old.get_model("triage", "StoryNote")
        note = Note.objects.create(story=shared, author=officer, text="Hastane notu")
        ContentType = old.get_model("contenttypes", "ContentType")
        story_type, _ = ContentType.objects.get_or_create(app_label="monitoring", model="story")
        OldLogEntry = old.get_model("auditlog", "LogEntry")
        entry = OldLogEntry.objects.create(
            content_type=story_type,
            object_pk=str(shared.pk),
            object_id=shared.pk,
            object_repr="Ortak",
            action=1,
            actor_id=staff.pk,
            changes={"relevance": ["unreviewed", "irrelevant"]},
        )
    finally:
        executor = MigrationExecutor(connection)
        _migrate(executor.loader.graph.leaf_nodes())

    rows = {row.province_id: row for row in StoryTriage.objects.filter(story_id=shared.pk)}
    assert set(rows) == {kocaeli.pk, denizli.pk}
    for row in rows.values():
        assert (row.relevance, row.sentiment, row.importance) == ("irrelevant", "negative", 3)
        assert (row.assignee_id, row.reviewed_by_id) == (staff.pk, staff.pk)
    assert not StoryTriage.objects.filter(story_id=untouched.pk).exists()
    assert StoryNote.objects.get(pk=note.pk).organization_id == hospital.pk
    moved = LogEntry.objects.get(pk=entry.pk)
    assert (moved.content_type.model, moved.object_pk) == ("storytriage", str(rows[kocaeli.pk].pk))
