"""3.13.3: a transcoded library video attached to a story is uploaded to YouTube by the existing adapter
(against a fake Google API, respx) and played on the public newsroom; 3.13.1–3.13.2: its shoot plan."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess

import httpx
import pytest
import respx
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pressdesk.channels.models import Channel
from pressdesk.creative import actions
from pressdesk.creative.models import Asset, ShootPlan
from pressdesk.publishing import actions as publishing
from pressdesk.publishing.models import Publication
from pressdesk.testing.creative import approve_story, make_story

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed"),
]
API = "https://www.googleapis.com"
SESSION = f"{API}/upload/youtube/v3/videos?uploadType=resumable&upload_id=xyz"


@pytest.fixture
def video(province, tmp_path):  # type: ignore[no-untyped-def]
    target = tmp_path / "film.mp4"
    subprocess.run(  # noqa: S603
        [shutil.which("ffmpeg") or "/usr/bin/ffmpeg", "-v", "error", "-f", "lavfi", "-i",
         "testsrc=duration=1:size=320x240:rate=10", "-pix_fmt", "yuv420p", str(target)],
        check=True,
        timeout=120,
    )  # fmt: skip
    data = target.read_bytes()
    upload = actions.start_video_upload(
        actor=province.staff, title="Aşı tanıtım filmi", name="film.mp4", size=len(data)
    )
    actions.receive_chunk(actor=province.staff, upload=upload, offset=0, data=data)
    asset = actions.finish_video_upload(actor=province.staff, upload=upload)
    actions.make_renditions(asset_id=asset.pk)
    asset.refresh_from_db()
    assert asset.web_video
    return asset


@pytest.fixture
def youtube(province):  # type: ignore[no-untyped-def]
    channel = Channel(
        organization=province.directorate, kind=Channel.Kind.YOUTUBE, name="YouTube", account_id="cid.apps"
    )
    channel.set_credentials({"client_secret": "cs-secret", "refresh_token": "1//refresh"})
    channel.save()
    return channel


@respx.mock
def test_the_video_is_uploaded_to_youtube_and_played_on_the_newsroom(
    province, video, youtube, client, login, django_capture_on_commit_callbacks
):
    respx.post("https://oauth2.googleapis.com/token").mock(
        return_value=httpx.Response(200, json={"access_token": "ya29.access", "expires_in": 3599})
    )
    start = respx.post(f"{API}/upload/youtube/v3/videos").mock(
        return_value=httpx.Response(200, headers={"Location": SESSION})
    )
    put = respx.put(SESSION).mock(return_value=httpx.Response(200, json={"id": "vid42", "status": {}}))
    story = make_story(province, title="Aşı tanıtım filmi yayında")
    login(province.staff)
    response = client.post(reverse("creative:asset_attach", args=[video.pk]), {"story": story.pk})
    assert response.status_code == 302
    assert story.photos.count() == 0  # a video is not a photo
    approve_story(story)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(actor=province.staff, story=story, channels=[youtube])

    publication = Publication.objects.get(story=story, channel=youtube)
    assert (publication.status, publication.url) == ("published", "https://www.youtube.com/watch?v=vid42")
    assert json.loads(start.calls.last.request.content)["snippet"]["title"] == "Aşı tanıtım filmi yayında"
    with video.web_video.open("rb") as handle:
        assert put.calls.last.request.content == handle.read()  # the web copy, through the storage API

    client.logout()
    page = client.get(story.public_path()).content.decode()
    assert 'data-testid="newsroom-video"' in page
    played = client.get(reverse("creative:public_video", args=[video.attachments.get().pk]))
    assert played.status_code == 200 and played["Content-Type"] == "video/mp4"


def test_a_video_without_consent_of_someone_filmed_is_kept_off_stories(province, video):
    plan = actions.plan_shoot(
        actor=province.staff,
        topic="Acil serviste bir gün",
        outline="1. Giriş\n2. Triyaj\n3. Kapanış",
        place="Şehir Hastanesi acil servisi",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        equipment="Kamera\nYaka mikrofonu\n\nIşık",
        checklist="Koridor boşaltılacak\nHasta bilgileri görünmeyecek",
    )
    assert plan.equipment_list() == ["Kamera", "Yaka mikrofonu", "Işık"]
    assert [task.text for task in plan.tasks.all()] == ["Koridor boşaltılacak", "Hasta bilgileri görünmeyecek"]
    with pytest.raises(ValidationError):  # consent claimed without the form
        actions.add_shoot_person(actor=province.staff, plan=plan, name="Dr. Ali Kaya", consent="on_file")
    actions.add_shoot_person(actor=province.staff, plan=plan, name="Dr. Ali Kaya", role="Hekim", consent="not_needed")
    actions.add_shoot_person(actor=province.staff, plan=plan, name="Hasta yakını", consent="restricted")
    actions.tick_shoot_task(actor=province.staff, task=plan.tasks.first(), done=True)
    assert plan.tasks.filter(done_by=province.staff).count() == 1

    actions.link_shoot_video(actor=province.staff, plan=plan, asset=video)
    video.refresh_from_db()
    assert video.consent == Asset.Consent.NOT_FOR_PUBLICATION
    assert ShootPlan.objects.get().status == "shot"
    with pytest.raises(ValidationError):
        actions.attach_to_story(actor=province.staff, story=make_story(province), asset=video)


def test_the_shoot_plan_screens(province, client, login):
    login(province.staff)
    response = client.post(
        reverse("creative:shoots"),
        {
            "topic": "Aşı haftası tanıtımı",
            "outline": "Aşı olan çocuk yok; yalnızca hemşire anlatır.",
            "place": "Merkez ASM",
            "starts_at": "2099-03-10T10:00",
            "equipment": "Kamera",
            "checklist": "Bekleme salonu düzenlenecek",
        },
    )
    plan = ShootPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Bekleme salonu düzenlenecek" in page and "Merkez ASM" in page
    client.post(plan.get_absolute_url(), {"step": "person", "name": "Hemşire Ayşe", "consent": "not_needed"})
    task = plan.tasks.get()
    client.post(plan.get_absolute_url(), {"step": "tick", "task": task.pk, "done": "1"})
    task.refresh_from_db()
    assert plan.people.get().name == "Hemşire Ayşe" and task.done_at is not None
    login(province.requester)
    assert client.get(plan.get_absolute_url()).status_code == 404
