"""Demo of the public's voice: the emergency-room story routed as a complaint, the MRI story as praise."""

from __future__ import annotations

from pressdesk.demo import monitoring as news
from pressdesk.demo.common import Orgs, Users
from pressdesk.publicvoice import actions
from pressdesk.publicvoice.models import Voice


def seed(users: Users, orgs: Orgs) -> None:
    if Voice.objects.exists():
        return
    staff = users["calisan"]
    waiting = news.story_titled(news.ER_WAITING_TITLE, users)
    if waiting is not None:
        actions.mark(
            actor=staff,
            story=waiting,
            kind=Voice.Kind.COMPLAINT,
            institution=orgs["koc-sehir"],
            summary="Acil serviste saatlerce beklendiği, triyajın yapılmadığı iddia ediliyor.",
            route=True,
            deadline_days=3,
        )
    mri = news.story_titled(news.NEW_MRI_TITLE, users)
    if mri is not None:
        actions.mark(actor=staff, story=mri, kind=Voice.Kind.PRAISE, summary="Yeni MR cihazı için teşekkürler.")
