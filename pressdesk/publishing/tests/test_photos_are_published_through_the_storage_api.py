"""Channel photos are read and written through Django's storage API, so any STORAGES backend works."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from pressdesk.publishing import actions
from pressdesk.publishing.models import Publication
from pressdesk.publishing.tests.conftest import jpeg
from pressdesk.testing.fake_channels import FakeMastodon

pytestmark = pytest.mark.django_db


@pytest.fixture
def memory_storage(settings):
    """The default storage is kept in memory: nothing has a path on disk."""
    settings.STORAGES = {
        **django_settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def test_a_story_photo_reaches_mastodon_from_a_storage_without_local_paths(
    memory_storage, province, make_story, approve, commit
):
    story = make_story(social_text="Aşı haftasında bilgilendirme yapıldı")
    actions.add_photo(actor=province.staff, story=story, upload=jpeg(1600, 1200), caption="Stant")
    approve(story)
    with FakeMastodon() as mastodon:
        channel = mastodon.make_channel(organization=province.directorate)
        with commit():
            actions.publish(actor=province.staff, story=story, channels=[channel])
        publication = Publication.objects.get()
        assert publication.status == Publication.Status.PUBLISHED, publication.last_error
        assert len(mastodon.posts) == 1 and mastodon.posts[0]["media_ids"]
    media_root = Path(django_settings.MEDIA_ROOT)
    assert not media_root.exists() or not any(media_root.rglob("*.jpg"))
