"""Manual-entry sources created before they had an organization get the clipper's province.

Without an organization a hand-added clip raised no alert (alert rules check the
source's province). The province is the creator's provincial directorate, or the
creator's own organization when it sits under none (as ``actions._source_organization``).
"""

from django.db import migrations

PROVINCIAL_DIRECTORATE = "provincial_directorate"


def forwards(apps, schema_editor):
    Source = apps.get_model("monitoring", "Source")
    Organization = apps.get_model("organizations", "Organization")
    provinces = list(Organization.objects.filter(kind=PROVINCIAL_DIRECTORATE).only("pk", "path"))
    orphans = Source.objects.filter(kind="manual", organization__isnull=True, created_by__organization__isnull=False)
    for source in orphans.select_related("created_by__organization"):
        own = source.created_by.organization
        above = [province for province in provinces if own.path.startswith(province.path)]
        source.organization = max(above, key=lambda province: len(province.path)) if above else own
        source.save(update_fields=["organization"])


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0004_fulltext"),
        ("organizations", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
