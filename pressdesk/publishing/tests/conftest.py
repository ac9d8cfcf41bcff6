"""Fixtures for publishing tests: stories, a full approval, photos, and a recording test adapter."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from pressdesk.approvals import actions as approval_actions
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.channels import registry
from pressdesk.channels.base import ChannelError, ChannelLimits, PostPayload, PublishResult, TokenHealth
from pressdesk.channels.limits import LIMITS
from pressdesk.channels.models import Channel
from pressdesk.publishing import actions
from pressdesk.publishing.models import NewsStory


def jpeg(width: int = 1200, height: int = 800, name: str = "foto.jpg", noise: bool = False) -> SimpleUploadedFile:
    image = Image.new("RGB", (width, height), (30, 120, 200))
    if noise:
        image = Image.effect_noise((width, height), 120).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class RecordingAdapter:
    """A channel adapter that records calls; ``failures`` is a list of ChannelErrors raised first, in order."""

    instances: list[RecordingAdapter] = []
    published: list[PostPayload] = []
    failures: list[ChannelError] = []
    updated: list[tuple[str, PostPayload]] = []
    deleted: list[str] = []

    def __init__(self, channel: Any) -> None:
        self.channel = channel
        self.kind = channel.kind
        self.limits: ChannelLimits = LIMITS[channel.kind]

    def publish(self, payload: PostPayload) -> PublishResult:
        if RecordingAdapter.failures:
            raise RecordingAdapter.failures.pop(0)
        RecordingAdapter.published.append(payload)
        n = len(RecordingAdapter.published)
        return PublishResult(remote_id=f"post-{n}", url=f"https://social.example/{self.kind}/{n}")

    def update(self, remote_id: str, payload: PostPayload) -> PublishResult:
        RecordingAdapter.updated.append((remote_id, payload))
        return PublishResult(remote_id=remote_id, url=f"https://social.example/{remote_id}")

    def delete(self, remote_id: str) -> None:
        RecordingAdapter.deleted.append(remote_id)

    def check(self) -> TokenHealth:
        return TokenHealth(ok=True)


@pytest.fixture
def adapter() -> Any:
    """Register the recording adapter for every channel kind for this test, restoring the registry after."""
    saved = dict(registry._FACTORIES)
    RecordingAdapter.published, RecordingAdapter.failures = [], []
    RecordingAdapter.updated, RecordingAdapter.deleted = [], []
    for kind in Channel.Kind.values:
        registry.register(kind, RecordingAdapter)
    yield RecordingAdapter
    registry._FACTORIES.clear()
    registry._FACTORIES.update(saved)


@pytest.fixture
def channels(province: Any) -> dict[str, Channel]:
    return {
        kind: Channel.objects.create(organization=province.directorate, kind=kind, name=f"İl Sağlık {kind}")
        for kind in (Channel.Kind.MASTODON, Channel.Kind.BLUESKY, Channel.Kind.X, Channel.Kind.INSTAGRAM)
    }


@pytest.fixture
def make_story(province: Any) -> Any:
    def _make(author: Any = None, **fields: Any) -> NewsStory:
        author = author or province.staff
        values = {
            "title": "Şehir Hastanesinde aşı haftası",
            "spot": "İl Sağlık Müdürlüğü aşı haftasında vatandaşları bilgilendirdi.",
            "body_html": "<p>Aşı haftası <strong>başladı</strong>.</p>",
        }
        values.update(fields)
        organization = values.pop("organization", author.organization if author.organization else province.directorate)
        return actions.create_story(actor=author, organization=organization, **values)

    return _make


@pytest.fixture
def approve(province: Any) -> Any:
    """Walk a story through its chain (and external approvals when it goes to the press)."""

    def _approve(story: NewsStory, author: Any = None) -> ApprovalFlow:
        author = author or story.created_by
        flow = actions.submit_for_approval(actor=author, story=story)
        for user in (province.unit_head, province.chief, province.director):
            flow.refresh_from_db()
            approval_actions.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
        flow.refresh_from_db()
        if flow.status == ApprovalFlow.Status.EXTERNAL:
            sent = approval_actions.send_external(
                actor=province.staff,
                flow=flow,
                targets=[
                    approval_actions.ExternalTarget(province.ministry_press, "basin@saglik.example"),
                    approval_actions.ExternalTarget(province.governorship, "basin@valilik.example"),
                ],
            )
            for _external, token in sent:
                approval_actions.answer_external_link(
                    token=token, approve=True, comment="", answered_by="Basın Müşaviri", ip_address="127.0.0.1"
                )
            flow.refresh_from_db()
        return flow

    return _approve


def later(minutes: int = 60) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(minutes=minutes)


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    """``with commit(): …`` runs the after-commit side effects (tasks, e-mails) as a real commit would."""

    def _commit() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return _commit
