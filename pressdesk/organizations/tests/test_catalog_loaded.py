import pytest
from django.core.management import call_command

from pressdesk.organizations.models import Process, ProcessStep, Responsibility

pytestmark = pytest.mark.django_db

EXPECTED_CODES = [f"1.{n}" for n in range(1, 5)] + [f"3.{n}" for n in range(1, 18)]


def test_migrations_load_all_21_processes_with_their_steps():
    processes = list(Process.objects.order_by("sort_key"))
    assert [p.code for p in processes] == EXPECTED_CODES
    for process in processes:
        assert process.steps.count() >= 2, process.code
        assert process.responsibilities.filter(organization__isnull=True).count() == 1, process.code


def test_processes_sort_by_number_not_by_text():
    codes = list(Process.objects.filter(source=Process.Source.KOCAELI).values_list("code", flat=True))
    assert codes[:3] == ["3.1", "3.2", "3.3"]
    assert codes[-3:] == ["3.15", "3.16", "3.17"]


def test_load_catalog_twice_changes_nothing(capsys):
    counts = (Process.objects.count(), ProcessStep.objects.count(), Responsibility.objects.count())
    call_command("load_catalog")
    call_command("load_catalog")
    assert (Process.objects.count(), ProcessStep.objects.count(), Responsibility.objects.count()) == counts
    assert "0 new" in capsys.readouterr().out


def test_load_catalog_keeps_a_deployments_edits_and_fills_what_is_missing():
    Process.objects.filter(code="3.6").update(name="Haber yayını")
    Responsibility.objects.filter(process__code="3.6").update(control_2="")
    Process.objects.filter(code="1.4").delete()

    call_command("load_catalog")

    assert Process.objects.get(code="3.6").name == "Haber yayını"
    assert Responsibility.objects.get(process__code="3.6", organization=None).control_2 == ""
    restored = Process.objects.get(code="1.4")
    assert restored.steps.count() == 5
    assert restored.responsibilities.count() == 1
