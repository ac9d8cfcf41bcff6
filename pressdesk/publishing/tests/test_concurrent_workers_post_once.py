"""Two workers given the same publication at the same moment: one posts, the other finds the claim."""

import threading

import pytest
from django.db import connection

from pressdesk.publishing import tasks
from pressdesk.publishing.models import Publication

# SQLite's in-memory test database locks tables instead of waiting; the real race needs PostgreSQL.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_only_one_of_two_simultaneous_tasks_posts(province, make_story, approve, channels, adapter):
    story = make_story()
    approve(story)
    publication = Publication.objects.create(
        story=story, channel=channels["mastodon"], text="Aşı haftası", created_by=province.staff, status="queued"
    )
    barrier = threading.Barrier(4)
    errors = []

    def worker():
        try:
            barrier.wait()
            tasks.publish_publication.delay(publication.pk)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(adapter.published) == 1
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    assert publication.attempts.count() == 1
