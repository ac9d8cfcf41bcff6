"""Re-encrypt every channel's credentials with the first key of PRESSDESK_CREDENTIALS_KEY.

Rotation: put the new key first (``PRESSDESK_CREDENTIALS_KEY=new,old``),
restart, run this command, then remove the old key.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pressdesk.channels import crypto
from pressdesk.channels.models import Channel


class Command(BaseCommand):
    help = "Re-encrypt channel credentials with the newest PRESSDESK_CREDENTIALS_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        rotated = 0
        with transaction.atomic():
            for channel in Channel.objects.select_for_update().exclude(credentials_encrypted=""):
                try:
                    channel.credentials_encrypted = crypto.rotate(channel.credentials_encrypted)
                except crypto.CredentialsUnreadable as exc:
                    raise CommandError(f"channel {channel.pk} does not decrypt with any configured key") from exc
                channel.save(update_fields=["credentials_encrypted"])
                rotated += 1
        self.stdout.write(f"{rotated} channel(s) re-encrypted")
