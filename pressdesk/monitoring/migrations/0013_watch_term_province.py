"""Watch terms belong to a province (issue 20, point 3).

Existing terms are given the province of the institution they are about, else
the province of the user who created them, else the deployment's only
provincial directorate; a term with none of these stays an administrator's.
"""

import django.db.models.deletion
from django.db import migrations, models

PROVINCIAL_DIRECTORATE = "provincial_directorate"


def assign_provinces(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    Organization = apps.get_model("organizations", "Organization")
    WatchTerm = apps.get_model("monitoring", "WatchTerm")
    provinces = list(Organization.objects.filter(kind=PROVINCIAL_DIRECTORATE).only("pk", "path"))
    only = provinces[0] if len(provinces) == 1 else None

    def province_of(organization):  # type: ignore[no-untyped-def]
        if organization is None:
            return None
        return next((p for p in provinces if organization.path.startswith(p.path)), None)

    for term in WatchTerm.objects.select_related("organization", "created_by__organization"):
        creator = term.created_by.organization if term.created_by_id else None
        province = province_of(term.organization) or province_of(creator) or only
        if province is not None:
            term.province = province
            term.save(update_fields=["province"])


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0012_cliprequest"),
        ("organizations", "0002_load_catalog"),
    ]

    operations = [
        migrations.AddField(
            model_name="watchterm",
            name="province",
            field=models.ForeignKey(
                blank=True,
                help_text="The provincial directorate whose unit manages this term.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.organization",
                verbose_name="province",
            ),
        ),
        migrations.RunPython(assign_provinces, migrations.RunPython.noop),
    ]
