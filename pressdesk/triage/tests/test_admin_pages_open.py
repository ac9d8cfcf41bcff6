"""The triage admin pages open for a superuser; alerts and notes cannot be changed there."""

import pytest

from pressdesk.triage.models import AlertRule

pytestmark = pytest.mark.django_db


def test_admin_changelists_open(province, client, django_user_model):
    superuser = django_user_model.objects.create_superuser("kok", "kok@example.gov.tr", "x")
    client.force_login(superuser)
    AlertRule.objects.create(name="Olumsuz", organization=province.directorate)
    for model in ["alertrule", "alert", "storynote", "storyforward", "alertpreference", "sentimentmodel"]:
        assert client.get(f"/django-admin/triage/{model}/").status_code == 200, model
    assert client.get("/django-admin/triage/alert/add/").status_code == 403
