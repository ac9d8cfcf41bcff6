import httpx
import pytest
import respx

from pressdesk.channels.base import ChannelError, PostPayload
from pressdesk.channels.models import Channel
from pressdesk.channels.registry import get_adapter

pytestmark = pytest.mark.django_db

FEED = "https://graph.facebook.com/v23.0/1234/feed"


@pytest.fixture
def channel(province):
    channel = Channel(organization=province.directorate, kind=Channel.Kind.FACEBOOK, name="Facebook", account_id="1234")
    channel.set_credentials({"access_token": "EAAB-token"})
    channel.save()
    return channel


def _graph_error(status, code, message, **extra):
    return httpx.Response(
        status, json={"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "x"}}, **extra
    )


@respx.mock
def test_an_expired_token_code_190_is_not_retried(channel):
    respx.post(FEED).mock(return_value=_graph_error(400, 190, "Error validating access token: Session has expired"))
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x"))
    assert caught.value.token_invalid and not caught.value.retryable
    assert "Session has expired" in caught.value.message
    channel.refresh_from_db()
    assert channel.health == Channel.Health.TOKEN_INVALID


@respx.mock
def test_a_rate_limit_code_is_retryable_with_the_usage_header(channel):
    usage = '{"1234": [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 15}]}'
    respx.post(FEED).mock(
        return_value=_graph_error(400, 32, "Page request limit reached", headers={"X-Business-Use-Case-Usage": usage})
    )
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x"))
    assert caught.value.retryable is True
    assert caught.value.retry_after == 15 * 60


@respx.mock
def test_a_temporary_error_is_retryable(channel):
    respx.post(FEED).mock(return_value=_graph_error(500, 2, "Service temporarily unavailable"))
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x"))
    assert caught.value.retryable is True


@respx.mock
def test_an_invalid_parameter_is_a_refused_post(channel):
    respx.post(FEED).mock(return_value=_graph_error(400, 100, "Invalid parameter"))
    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x"))
    assert not caught.value.retryable and not caught.value.token_invalid
    assert "Invalid parameter" in caught.value.message
