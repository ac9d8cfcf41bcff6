"""Read the bounce mailbox once (the beat task does this every ten minutes) or parse DSN files given by path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pressdesk.mediarelations import bounces


class Command(BaseCommand):
    help = "Record bounces of press e-mail from the bounce mailbox (IMAP) or from .eml files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="Bounce messages (.eml) to parse instead of the mailbox.")

    def handle(self, *args: Any, files: list[str], **options: Any) -> None:
        if files:
            total = bounces.Outcome()
            for name in files:
                outcome = bounces.process(Path(name).read_bytes())
                for field in ("recorded", "duplicates", "unmatched", "ignored"):
                    setattr(total, field, getattr(total, field) + getattr(outcome, field))
        elif not bounces.mailbox_configured():
            self.stderr.write("MEDIARELATIONS_BOUNCE_IMAP_HOST and _USER are not set; nothing to read.")
            return
        else:
            total = bounces.fetch_mailbox()
        self.stdout.write(
            f"{total.recorded} recorded, {total.duplicates} already known, "
            f"{total.unmatched} unmatched, {total.ignored} not bounces"
        )
