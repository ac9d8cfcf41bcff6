import pytest
from django.core.management import call_command

from pressdesk.accounts.models import Role, User
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.documents.models import Letter
from pressdesk.organizations.models import Organization
from pressdesk.tasks.models import Task

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(model.objects.count() for model in (Organization, User, Task, Letter, ApprovalFlow))


def test_demo_data_gives_one_user_per_role_and_a_second_run_adds_nothing(capsys):
    call_command("demo_data")
    first = _counts()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert "calisan" in capsys.readouterr().out  # the log-ins are printed
    call_command("demo_data", "--quiet")
    assert _counts() == first


def test_demo_director_has_a_letter_to_sign_and_a_task():
    from django.utils import translation

    from pressdesk.tasks import inbox

    call_command("demo_data", "--quiet")
    with translation.override("tr"):
        kinds = sorted(item.kind for item in inbox.items_for(User.objects.get(username="mudur")))
    assert kinds == ["Görev", "İmza"]
