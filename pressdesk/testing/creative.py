"""Sample records of the creative studio for tests."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from pressdesk.creative import actions


def png_bytes(width: int = 64, height: int = 48, color: str = "#c0392b", exif_gps: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), color)
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x8825] = {1: "N", 2: (40.0, 45.0, 0.0)}
        exif[0x010F] = "Kamera"
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="PNG")
    return out.getvalue()


def png_upload(name: str = "gorsel.png", **kwargs: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def jpeg_with_gps(name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(exif_gps=True, width=1200, height=800), content_type="image/jpeg")


def make_request(province: Any, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "kind": "poster",
        "title": "Dünya Sağlık Günü afişi",
        "purpose": "Hastanelerde asılacak",
        "texts": "Sağlıklı yaşam için hareket edin",
        "sizes": "A3",
        "medium": "print",
        "quantity": 50,
        "deadline": timezone.localdate() + datetime.timedelta(days=14),
    }
    fields.update(overrides)
    actor = fields.pop("actor", province.requester)
    return actions.create_request(actor=actor, **fields)


def make_asset(province: Any, **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "upload": png_upload("foto.png", width=400, height=300),
        "kind": "photo",
        "title": "Aşı kampanyası açılışı",
        "tags": "aşı, kampanya",
        "event": "Aşı Haftası",
        "credit": "Basın birimi",
    }
    fields.update(overrides)
    actor = fields.pop("actor", province.requester)
    return actions.add_asset(actor=actor, **fields)


def approve_all(flow: Any) -> list[str]:
    """Walk ``flow`` through its chain, each step by its first eligible user; returns the roles that signed."""
    from pressdesk.approvals import actions as approvals

    signers: list[str] = []
    while True:
        flow.refresh_from_db()
        step = flow.steps.filter(status="current").first()
        if step is None:
            return signers
        user = approvals.eligible_users(flow, step)[0]
        signers.append(user.role)
        approvals.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)


def make_story(province: Any, **fields: Any) -> Any:
    from pressdesk.publishing import actions as publishing

    values: dict[str, Any] = {
        "title": "Aşı haftası başladı",
        "spot": "İl Sağlık Müdürlüğü aşı haftasında vatandaşları bilgilendirdi.",
        "body_html": "<p>Aşı haftası başladı.</p>",
    }
    values.update(fields)
    return publishing.create_story(actor=province.staff, organization=province.directorate, **values)


def approve_story(story: Any) -> Any:
    from pressdesk.publishing import actions as publishing

    flow = publishing.submit_for_approval(actor=story.created_by, story=story)
    approve_all(flow)
    flow.refresh_from_db()
    return flow
