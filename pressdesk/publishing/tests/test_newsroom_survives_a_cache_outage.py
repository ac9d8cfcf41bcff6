"""Redis (the newsroom's cache) down: the public pages render from the database, the error is logged once."""

import logging

import pytest
from django.core.cache import cache
from django.test import override_settings

from pressdesk.publishing import actions
from pressdesk.testing.ports import closed_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_story(province, make_story, approve, commit):
    story = make_story(title="Kanser taraması haftası")
    approve(story)
    with commit():
        actions.publish(actor=province.staff, story=story)
    story.refresh_from_db()
    return story


@pytest.fixture
def cache_down():
    location = f"redis://127.0.0.1:{closed_port()}/0"
    backend = {"BACKEND": "pressdesk.lib.cache.FailOpenRedisCache", "LOCATION": location}
    with override_settings(CACHES={"default": backend}):
        yield


def test_the_newsroom_renders_from_the_database_when_its_cache_is_down(client, public_story, cache_down, caplog):
    with caplog.at_level(logging.WARNING, logger="pressdesk.lib.cache"):
        for _ in range(3):
            index = client.get("/newsroom/")
            assert index.status_code == 200
            assert "Kanser taraması haftası" in index.content.decode()
            assert client.get(public_story.public_path()).status_code == 200
    warnings = [r for r in caplog.records if r.name == "pressdesk.lib.cache"]
    assert len(warnings) == 1  # once per outage, not once per call
    assert warnings[0].exc_info is None  # no traceback spam


def test_the_cache_answers_like_an_empty_cache_when_redis_is_down(cache_down):
    assert cache.get("x", "default") == "default"
    assert cache.get_many(["x", "y"]) == {}
    assert cache.set("x", 1) is None
    assert cache.add("x", 1) is True  # a free slot: callers go ahead (fail open)
    assert cache.incr("n") == 1
    assert cache.delete("x") is False
    assert cache.get_or_set("z", lambda: "computed") == "computed"
