"""A hospital's chief physician with "only my institution" gets only stories matched to the hospital."""

from django.core import mail

from pressdesk.reports.tests.helpers import add_recipient, daily_report, send


def _by_address():
    return {message.to[0]: message for message in mail.outbox}


def test_institution_scoped_recipient_sees_only_their_hospital(province, world):
    world.news("Şehir Hastanesi yeni ameliyathane", about="hospital", sentiment="positive")
    world.news("Derince hastanesinde asansör arızası", about="other_hospital", sentiment="negative")
    world.news("Denizli Devlet Hastanesi haberi", about="other_province", sources=[world.other_source])
    add_recipient(province, user=province.director)
    add_recipient(province, email="bashekim@example.gov.tr", organization=province.hospital, only_own_institution=True)
    report = daily_report(province)
    send(report, province.staff)

    messages = _by_address()
    hospital = messages["bashekim@example.gov.tr"]
    assert "Şehir Hastanesi yeni ameliyathane" in hospital.body
    assert "Derince" not in hospital.body
    assert "Derince" not in hospital.alternatives[0][0]
    director = messages[province.director.email]
    assert "Derince hastanesinde asansör arızası" in director.body
    assert "Denizli" not in director.body  # another province's news never


def test_scoped_recipient_without_news_is_skipped_unless_send_when_empty(province, world):
    world.news("Derince hastanesinde asansör arızası", about="other_hospital", sentiment="negative")
    add_recipient(province, email="bashekim@example.gov.tr", organization=province.hospital, only_own_institution=True)
    add_recipient(province, user=province.director)
    report = daily_report(province)
    send(report, province.staff)
    assert report.status == "sent"
    assert list(_by_address()) == [province.director.email]
    assert report.deliveries.get(email="bashekim@example.gov.tr").status == "skipped"
