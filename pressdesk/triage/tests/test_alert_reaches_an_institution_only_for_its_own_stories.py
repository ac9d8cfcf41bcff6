"""A hospital's press officer on a rule's recipient list is alerted only about stories matched to their hospital."""

import pytest
from django.urls import reverse

from pressdesk.monitoring.models import WatchTerm
from pressdesk.notifications.models import Notification
from pressdesk.triage import actions
from pressdesk.triage.models import Alert
from pressdesk.triage.tests.helpers import NEGATIVE, hospital_term, ingest, source_for

pytestmark = pytest.mark.django_db

OWN = NEGATIVE
OTHER = (
    "İl Sağlık Müdürlüğü'nde bekleyen hastalar isyan etti",
    "İl Sağlık Müdürlüğü önünde hastalar saatlerce bekledi, yakınları tepki gösterdi ve şikâyetçi oldu.",
)


def test_officer_gets_only_own_institutions_alerts(province, login, django_capture_on_commit_callbacks):
    hospital_term(province)
    WatchTerm.objects.create(
        name="İl Sağlık Müdürlüğü", query='"İl Sağlık Müdürlüğü"', organization=province.directorate
    )
    actions.save_rule(
        actor=province.unit_head,
        organization=province.directorate,
        name="Her olumsuz haber",
        sentiment="negative",
        recipients=[province.unit_head, province.affiliate],
    )
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source_for(province), OWN)
    with django_capture_on_commit_callbacks(execute=True):
        ingest(source_for(province), OTHER)
    assert Alert.objects.count() == 2
    titles = list(
        Notification.objects.filter(recipient=province.affiliate, kind="monitoring_alert").values_list(
            "title", flat=True
        )
    )
    assert len(titles) == 1 and "Şehir Hastanesi" in titles[0]
    assert Notification.objects.filter(recipient=province.unit_head, kind="monitoring_alert").count() == 2
    page = login(province.affiliate).get(reverse("triage:alert_list")).content.decode()
    assert "Şehir Hastanesi" in page
    assert "hastalar isyan" not in page
