from django.db import migrations


def load(apps, schema_editor):
    from pressdesk.organizations.catalog import load_catalog

    load_catalog(
        apps.get_model("organizations", "Process"),
        apps.get_model("organizations", "ProcessStep"),
        apps.get_model("organizations", "Responsibility"),
    )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
