"""The Turkish state protocol order offered as the starting seating (administrators maintain it)."""

from django.db import migrations

RANKS = (
    "Vali",
    "Büyükşehir Belediye Başkanı",
    "Milletvekilleri",
    "Garnizon Komutanı",
    "Cumhuriyet Başsavcısı",
    "Vali Yardımcısı",
    "Belediye Başkanı",
    "Rektör",
    "İl Emniyet Müdürü",
    "İl Jandarma Komutanı",
    "İl Sağlık Müdürü",
    "Kaymakam",
    "Siyasi parti il başkanları",
    "Hastane başhekimleri",
)


def seed(apps, schema_editor):
    ProtocolRank = apps.get_model("events", "ProtocolRank")
    for position, name in enumerate(RANKS, start=1):
        ProtocolRank.objects.get_or_create(name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
