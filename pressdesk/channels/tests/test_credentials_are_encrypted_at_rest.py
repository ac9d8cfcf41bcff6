import io

import pytest
from django.db import connection

from pressdesk.channels import crypto
from pressdesk.channels.models import Channel

pytestmark = pytest.mark.django_db

SECRET = "gizli-erisim-anahtari-12345"


def test_the_raw_column_does_not_contain_the_secret(province):
    channel = Channel(organization=province.directorate, kind=Channel.Kind.MASTODON, name="M")
    channel.set_credentials({"access_token": SECRET})
    channel.save()

    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials_encrypted FROM channels_channel WHERE id = %s", [channel.pk])
        [raw] = cursor.fetchone()
    assert SECRET not in raw
    assert raw.startswith("gAAAA")  # a Fernet token
    assert Channel.objects.get(pk=channel.pk).get_credentials() == {"access_token": SECRET}


def test_a_configured_key_encrypts_and_an_old_key_still_decrypts(province, settings):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CHANNEL_CREDENTIALS_KEYS = [old]
    token = crypto.encrypt({"access_token": SECRET})
    settings.CHANNEL_CREDENTIALS_KEYS = [new, old]
    assert crypto.decrypt(token) == {"access_token": SECRET}
    rotated = crypto.rotate(token)
    settings.CHANNEL_CREDENTIALS_KEYS = [new]
    assert crypto.decrypt(rotated) == {"access_token": SECRET}
    with pytest.raises(crypto.CredentialsUnreadable):
        crypto.decrypt(token)


def test_repr_never_shows_credentials(province):
    channel = Channel(organization=province.directorate, kind=Channel.Kind.MASTODON, name="M")
    channel.set_credentials({"access_token": SECRET})
    assert SECRET not in repr(channel)
    assert SECRET not in str(channel)


def test_the_rotation_command_re_encrypts_with_the_newest_key(province, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CHANNEL_CREDENTIALS_KEYS = [old]
    channel = Channel(organization=province.directorate, kind=Channel.Kind.MASTODON, name="M")
    channel.set_credentials({"access_token": SECRET})
    channel.save()

    settings.CHANNEL_CREDENTIALS_KEYS = [new, old]
    call_command("rotate_channel_credentials", stdout=io.StringIO())

    settings.CHANNEL_CREDENTIALS_KEYS = [new]
    assert Channel.objects.get(pk=channel.pk).get_credentials() == {"access_token": SECRET}


def test_credentials_under_a_lost_key_ask_for_a_reconnection(province, settings, mastodon):
    from cryptography.fernet import Fernet

    from pressdesk.channels.base import ChannelError, PostPayload
    from pressdesk.channels.registry import get_adapter

    settings.CHANNEL_CREDENTIALS_KEYS = [Fernet.generate_key().decode()]
    channel = mastodon.make_channel(organization=province.directorate)
    settings.CHANNEL_CREDENTIALS_KEYS = [Fernet.generate_key().decode()]

    with pytest.raises(ChannelError) as caught:
        get_adapter(channel).publish(PostPayload(text="x"))
    assert caught.value.token_invalid and not caught.value.retryable
    assert mastodon.requests == []
