"""Load the process catalog and the default responsibility matrix (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pressdesk.organizations.catalog import load_catalog
from pressdesk.organizations.models import Process, ProcessStep, Responsibility


class Command(BaseCommand):
    help = (
        "Create the processes 3.1–3.17 and 1.1–1.4, their steps and the default responsibility "
        "matrix rows that are missing. Existing rows, and a deployment's edits, are left alone."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_catalog(Process, ProcessStep, Responsibility)
        self.stdout.write(
            self.style.SUCCESS(f"Process catalog loaded: {created} new, {Process.objects.count()} in total.")
        )
