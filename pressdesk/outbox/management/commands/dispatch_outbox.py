from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pressdesk.outbox.actions import dispatch_pending
from pressdesk.outbox.models import Message


class Command(BaseCommand):
    help = "Hand the pending outbox rows to the broker now (after a broker outage)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent, failed = dispatch_pending()
        pending = Message.objects.filter(dispatched_at__isnull=True).count()
        self.stdout.write(f"sent {sent}, failed {failed}, still pending {pending}")
