"""Fixtures of information-note tests: a negative story, approval helpers, a case at each stage."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pressdesk.approvals import actions as approvals
from pressdesk.infonotes import actions
from pressdesk.infonotes.models import Case
from pressdesk.monitoring.models import Item, Outlet, Sentiment, Source, Story, StoryTriage

PDF = b"%PDF-1.4 test\n"


@pytest.fixture(autouse=True)
def _holidays(request: pytest.FixtureRequest) -> None:
    """The seeded holidays, even after a transactional test flushed the migration's rows."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")
    from pressdesk.workdays.models import Holiday
    from pressdesk.workdays.seed import load_holidays

    if not Holiday.objects.exists():
        load_holidays(Holiday)


def pdf(name: str = "not.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_story(province: Any, title: str = "Şehir Hastanesi acilinde saatlerce bekleme") -> Story:
    outlet, _ = Outlet.objects.get_or_create(name="Kocaeli Gazetesi", defaults={"kind": "local_newspaper"})
    source, _ = Source.objects.get_or_create(
        name="Kocaeli Gazetesi",
        defaults={"outlet": outlet, "organization": province.directorate, "url": "https://gazete.example/rss"},
    )
    now = timezone.now()
    story = Story.objects.create(title=title, first_seen_at=now, last_seen_at=now, item_count=1)
    StoryTriage.objects.create(story=story, province=province.directorate, sentiment=Sentiment.NEGATIVE)
    Item.objects.create(
        source=source,
        outlet=outlet,
        url=f"https://gazete.example/{story.pk}",
        identity_hash=f"h{story.pk}",
        title=title,
        fetched_at=now,
        published_at=now - datetime.timedelta(hours=2),
        story=story,
    )
    return story


@pytest.fixture
def story(province: Any) -> Story:
    province.ministry_press.email = "basin@saglik.example.gov.tr"
    province.ministry_press.save()
    return make_story(province)


def approve_flow(province: Any, flow: Any) -> Any:
    for user in (province.unit_head, province.chief, province.director):
        flow.refresh_from_db()
        approvals.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    flow.refresh_from_db()
    return flow


def letter_fields(case: Case) -> dict[str, Any]:
    return {
        "subject": "Bilgi notu talebi",
        "addressee": "KOCAELİ ŞEHİR HASTANESİ BAŞHEKİMLİĞİNE",
        "references": actions.default_references(case),
        "body": actions.default_body(case, 5),
        "detsis_no": "12345678",
        "file_plan_code": "010.06.02",
    }


def open_case(province: Any, story: Story) -> Case:
    case, _created = actions.open_from_story(actor=province.staff, story=story)
    return case


def requested_case(province: Any, story: Story) -> Case:
    """A case whose approved request letter was sent to the hospital."""
    case = open_case(province, story)
    letter = actions.draft_request_letter(
        actor=province.staff, case=case, institution=province.hospital, deadline_days=5, **letter_fields(case)
    )
    approve_flow(province, approvals.submit(actor=province.staff, target=letter))
    case.refresh_from_db()
    actions.send_request(
        actor=province.staff,
        case=case,
        ebys_number="E-12345678-010.06.02-4521",
        ebys_date=timezone.localdate(),
        signed_pdf=pdf("imzali.pdf"),
    )
    case.refresh_from_db()
    return case


def answered_case(province: Any, story: Story) -> Case:
    case = requested_case(province, story)
    actions.answer(
        actor=province.affiliate,
        case=case,
        title="Acil servis bekleme süreleri hakkında bilgi notu",
        body="Haberde belirtilen tarihte acil serviste ortalama bekleme süresi 25 dakikadır.",
        uploads=[pdf("kayitlar.pdf")],
    )
    case.refresh_from_db()
    return case


def approved_case(province: Any, story: Story) -> Case:
    case = answered_case(province, story)
    approve_flow(province, actions.submit_note(actor=province.staff, case=case))
    case.refresh_from_db()
    return case
