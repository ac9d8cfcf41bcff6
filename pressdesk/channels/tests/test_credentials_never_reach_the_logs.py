import io
import logging
from collections.abc import Iterator

import pytest

from pressdesk.channels.base import ChannelError, PostPayload
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db


@pytest.fixture
def all_logs() -> Iterator[io.StringIO]:
    """Every log record at DEBUG, from every logger (works with ``-p no:logging``, unlike caplog)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def test_publishing_and_failing_log_no_token(province, mastodon, bluesky, all_logs):
    m_channel = mastodon.make_channel(organization=province.directorate)
    b_channel = bluesky.make_channel(organization=province.directorate)

    get_adapter(m_channel).publish(PostPayload(text="Log denemesi"))
    get_adapter(b_channel).publish(PostPayload(text="Log denemesi"))
    get_adapter(m_channel).check()
    mastodon.fail_next(401, path="/api/v1/statuses")
    with pytest.raises(ChannelError):
        get_adapter(m_channel).publish(PostPayload(text="Reddedilir"))

    text = all_logs.getvalue()
    assert "api/v1/statuses" in text  # httpx, httpcore and the adapters did log
    for secret in (mastodon.token, bluesky.app_password, bluesky.access_jwt):
        assert secret not in text
