"""A post marked as a complaint is routed to the institution concerned, answered there, closed by the unit."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pressdesk.lib import inbox
from pressdesk.monitoring.models import Item, Outlet, Source, Story
from pressdesk.notifications.models import Notification
from pressdesk.publicvoice.models import Voice

pytestmark = pytest.mark.django_db


def make_story(province: Any, title: str = "Randevu alamıyoruz, telefonlara kimse bakmıyor") -> Story:
    outlet, _ = Outlet.objects.get_or_create(name="Kocaeli İSM Facebook", defaults={"kind": "social"})
    source, _ = Source.objects.get_or_create(
        name="Kocaeli İSM Facebook",
        defaults={
            "outlet": outlet,
            "organization": province.directorate,
            "kind": Source.Kind.FACEBOOK_PAGE,
            "url": "https://graph.facebook.com/v21.0",
        },
    )
    now = timezone.now()
    story = Story.objects.create(title=title, first_seen_at=now, last_seen_at=now, item_count=1)
    Item.objects.create(
        source=source,
        outlet=outlet,
        url=f"https://www.facebook.com/kocaeliism/posts/1?comment_id={story.pk}",
        identity_hash=f"v{story.pk}",
        title=f"Facebook yorumu — Ayşe Y.: {title}",
        text=f"Ayşe Y.: {title}",
        fetched_at=now,
        published_at=now - datetime.timedelta(hours=1),
        story=story,
    )
    return story


def test_complaint_goes_to_the_hospitals_press_officer_and_comes_back_answered(province, login, client):
    story = make_story(province)
    staff = login(province.staff)
    page = staff.get(reverse("publicvoice:mark", args=[story.pk]))
    assert page.status_code == 200
    answer = staff.post(
        reverse("publicvoice:mark", args=[story.pk]),
        {
            "kind": "complaint",
            "institution": province.hospital.pk,
            "summary": "Şehir Hastanesi randevu hattına ulaşılamıyor.",
            "route": "on",
            "deadline_days": "3",
        },
    )
    voice = Voice.objects.get(story=story)
    assert answer.status_code == 302 and answer.url == voice.get_absolute_url()
    assert (voice.status, voice.institution, voice.province) == (
        Voice.Status.ROUTED,
        province.hospital,
        province.directorate,
    )
    assert voice.deadline is not None and voice.deadline > timezone.localdate()

    # The hospital's press officer is told and finds it in İşlerim, with the post as published.
    assert Notification.objects.filter(recipient=province.affiliate, kind="voice_routed").exists()
    items = inbox.items_for(province.affiliate)
    assert [item.url for item in items if item.url == voice.get_absolute_url()]
    assert not [item for item in inbox.items_for(province.other_affiliate) if item.url == voice.get_absolute_url()]
    officer = login(province.affiliate)
    detail = officer.get(voice.get_absolute_url()).content.decode()
    assert "Randevu alamıyoruz" in detail and 'name="action_taken"' in detail

    # Another hospital's officer and another province's staff cannot open it.
    client.force_login(province.other_affiliate)
    assert client.get(voice.get_absolute_url()).status_code == 404
    client.force_login(province.outsider)
    assert client.get(voice.get_absolute_url()).status_code == 404

    officer = login(province.affiliate)
    saved = officer.post(
        reverse("publicvoice:answer", args=[voice.pk]),
        {
            "action_taken": "Çağrı merkezine iki personel eklendi.",
            "public_reply": "Geri bildiriminiz için teşekkürler.",
        },
    )
    assert saved.status_code == 302
    voice.refresh_from_db()
    assert (voice.status, voice.answered_by) == (Voice.Status.ANSWERED, province.affiliate)
    assert [item for item in inbox.items_for(province.staff) if item.url == voice.get_absolute_url()]

    # A second answer (a double click, or the unit at the same time) is refused, saying who answered.
    again = officer.post(reverse("publicvoice:answer", args=[voice.pk]), {"action_taken": "Tekrar"}, follow=True)
    assert "Gül Şahin" in again.content.decode()
    voice.refresh_from_db()
    assert voice.action_taken == "Çağrı merkezine iki personel eklendi."

    staff = login(province.staff)
    staff.post(reverse("publicvoice:close", args=[voice.pk]))
    voice.refresh_from_db()
    assert voice.status == Voice.Status.CLOSED


def test_routing_needs_an_institution_and_nothing_is_half_saved(province, login):
    story = make_story(province)
    staff = login(province.staff)
    page = staff.post(
        reverse("publicvoice:mark", args=[story.pk]),
        {"kind": "complaint", "summary": "x", "route": "on", "deadline_days": "3"},
    )
    assert page.status_code == 200
    assert "kurumu seçin" in page.content.decode() or "institution" in page.content.decode()
    assert not Voice.objects.exists()
    # Another province's hospital is not offered, and is refused if posted.
    refused = staff.post(
        reverse("publicvoice:mark", args=[story.pk]),
        {"kind": "complaint", "institution": province.other_province_hospital.pk, "route": "on", "deadline_days": "3"},
    )
    assert refused.status_code == 200
    assert not Voice.objects.exists()


def test_praise_is_only_noted_and_counts_in_the_statistics(province, login, django_assert_max_num_queries):
    staff = login(province.staff)
    for n, kind in enumerate(["praise", "complaint", "suggestion", "complaint"]):
        story = make_story(province, title=f"Gönderi {n}")
        staff.post(
            reverse("publicvoice:mark", args=[story.pk]),
            {"kind": kind, "institution": province.hospital.pk, "deadline_days": "3"},
        )
    assert set(Voice.objects.values_list("status", flat=True)) == {Voice.Status.NOTED}
    assert not Notification.objects.filter(kind="voice_routed").exists()
    with django_assert_max_num_queries(24):  # the page, plus the navigation's İşlerim count: one query per provider
        page = staff.get(reverse("publicvoice:statistics"))
    html = page.content.decode()
    assert page.context["figures"]["totals"]["total"] == 4
    assert page.context["figures"]["totals"]["complaints"] == 2
    assert "Facebook" in html
    with django_assert_max_num_queries(24):  # the page, plus the navigation's İşlerim count: one query per provider
        listing = staff.get(reverse("publicvoice:list"))
    assert len(listing.context["voices"]) == 4

    export = staff.get(reverse("publicvoice:export"))
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 5
    # The other province sees none of it.
    outsider = login(province.outsider)
    assert list(outsider.get(reverse("publicvoice:list")).context["voices"]) == []


def test_the_unit_activity_figures_count_the_month(province, login):
    from pressdesk.lib import activity

    staff = login(province.staff)
    for n in range(3):
        staff.post(
            reverse("publicvoice:mark", args=[make_story(province, title=f"Gönderi {n}").pk]),
            {"kind": "suggestion", "deadline_days": "3"},
        )
    month = timezone.localdate().replace(day=1)
    end = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    figure = next(f for f in activity.figures() if f.key == "publicvoice.recorded")
    assert figure.compute(province.directorate, month, end) == {month: 3}
