"""Seed the Turkish public holidays 2020–2040 (moving religious holidays and their eves included)."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from pressdesk.workdays.seed import load_holidays

    load_holidays(apps.get_model("workdays", "Holiday"))


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_holiday")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
