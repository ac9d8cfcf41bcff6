"""Create the demo province, one user per role, tasks, a letter and every module's demo content. Idempotent.

Each module's content lives in the ``pressdesk.demo`` package
(``monitoring``, ``triage``, ``infonotes``, ``publishing``, ``reports``); every block is guarded so that a
second run creates nothing, writes go through the apps' actions, and nothing
reaches the network (sources are paused, nothing is posted or e-mailed except
notifications, which go to the file backend in the demo). With ``settings.DEMO``
on, one source polls and one channel posts to the application itself
(``pressdesk/demo/endpoints.py``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from pressdesk.accounts import actions as account_actions
from pressdesk.accounts.models import Role, User
from pressdesk.approvals import actions as approval_actions
from pressdesk.demo import broadcast, infonotes, meetings, monitoring, publicvoice, publishing, reports, triage
from pressdesk.demo import sms as sms_demo
from pressdesk.documents import actions as letter_actions
from pressdesk.documents.models import Letter
from pressdesk.organizations import actions as org_actions
from pressdesk.organizations.models import Organization, Process
from pressdesk.organizations.models import OrganizationKind as K
from pressdesk.tasks import actions as task_actions
from pressdesk.tasks.models import Task

# (code, parent code, kind, name, short name)
ORGANIZATIONS = [
    ("saglik-bakanligi", None, K.MINISTRY, "T.C. Sağlık Bakanlığı", "Sağlık Bakanlığı"),
    (
        "bakanlik-basin",
        "saglik-bakanligi",
        K.EXTERNAL_PRESS_UNIT,
        "Basın ve Halkla İlişkiler Müşavirliği",
        "Basın Müşavirliği",
    ),
    ("shgm", "saglik-bakanligi", K.GENERAL_DIRECTORATE, "Sağlık Hizmetleri Genel Müdürlüğü", "SHGM"),
    ("shgm-basin", "shgm", K.EXTERNAL_PRESS_UNIT, "Sağlık Hizmetleri Genel Müdürlüğü Basın Birimi", "SHGM Basın"),
    ("kocaeli-valiligi", None, K.GOVERNORSHIP, "Kocaeli Valiliği", "Valilik"),
    (
        "valilik-basin",
        "kocaeli-valiligi",
        K.EXTERNAL_PRESS_UNIT,
        "Kocaeli Valiliği Basın ve Halkla İlişkiler Müdürlüğü",
        "Valilik Basın",
    ),
    ("koc-ism", None, K.PROVINCIAL_DIRECTORATE, "Kocaeli İl Sağlık Müdürlüğü", "İl Sağlık Müdürlüğü"),
    ("koc-pdhb", "koc-ism", K.PRESIDENCY, "Personel ve Destek Hizmetleri Başkanlığı", "PDHB"),
    ("koc-basin", "koc-pdhb", K.UNIT, "Basın ve İletişim Birimi", "Basın Birimi"),
    ("koc-hshb", "koc-ism", K.PRESIDENCY, "Halk Sağlığı Hizmetleri Başkanlığı", "HSHB"),
    ("koc-sehir", "koc-ism", K.HOSPITAL, "Kocaeli Şehir Hastanesi", "Şehir Hastanesi"),
    ("koc-derince", "koc-ism", K.HOSPITAL, "Derince Eğitim ve Araştırma Hastanesi", "Derince EAH"),
    ("koc-gebze", "koc-ism", K.HOSPITAL, "Gebze Fatih Devlet Hastanesi", "Gebze FDH"),
    ("koc-izmit-ism", "koc-ism", K.DISTRICT_DIRECTORATE, "İzmit İlçe Sağlık Müdürlüğü", "İzmit İSM"),
    ("koc-112", "koc-ism", K.EMERGENCY_112, "Kocaeli 112 Acil Sağlık Hizmetleri", "112 Acil"),
]

# (username, first, last, role, organization code, job title)
USERS = [
    ("calisan", "Ayşe", "Yılmaz", Role.STAFF, "koc-basin", "Birim Çalışanı"),
    ("sorumlu", "Mehmet", "Işık", Role.UNIT_HEAD, "koc-basin", "Birim Sorumlusu"),
    ("baskan", "Zeynep", "Çelik", Role.CHIEF, "koc-pdhb", "Personel ve Destek Hizmetleri Başkanı"),
    ("mudur", "İsmail", "Öztürk", Role.DIRECTOR, "koc-ism", "İl Sağlık Müdürü"),
    ("hastane", "Gül", "Şahin", Role.AFFILIATE_PRESS, "koc-sehir", "Hastane Basın Sorumlusu"),
    ("talep", "Ömer", "Güneş", Role.REQUESTER, "koc-hshb", "Şube Müdürü"),
    ("admin", "Sistem", "Yöneticisi", Role.ADMIN, "koc-ism", "Sistem Yöneticisi"),
]


DEMO_DETSIS = {"koc-ism": "12345678"}
DEMO_CONTACT = {
    "address": "Kozluk Mah. Hastane Cad. No:1 İzmit/KOCAELİ",
    "phone": "0 (262) 000 00 00",
    "website": "https://kocaeliism.saglik.gov.tr",
}


class Command(BaseCommand):
    help = "Create demo organizations, one user per role and demo content for every module (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo log-ins.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        orgs: dict[str, Organization] = {o.code: o for o in Organization.objects.all()}
        for code, parent_code, kind, name, short in ORGANIZATIONS:
            if code not in orgs:
                orgs[code] = org_actions.create_organization(
                    actor=None,
                    parent=orgs[parent_code] if parent_code else None,
                    code=code,
                    kind=kind,
                    name=name,
                    short_name=short,
                    province="" if kind in (K.MINISTRY, K.GENERAL_DIRECTORATE) else "Kocaeli",
                    email=f"{code}@example.gov.tr",
                )
        users: dict[str, User] = {}
        for username, first, last, role, org_code, title in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = account_actions.create_user(
                    actor=None,
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@example.gov.tr",
                    role=role,
                    organization=orgs[org_code],
                    title=title,
                    password=settings.DEMO_PASSWORD,
                )
            users[username] = user
        if not User.objects.filter(username="admin", is_superuser=True).exists():
            User.objects.filter(username="admin").update(is_staff=True, is_superuser=True)
        if not Task.objects.exists():
            today = timezone.localdate()
            task_actions.assign_task(
                actor=users["sorumlu"],
                assignee=users["mudur"],
                title="Haftalık basın özetini inceleyiniz",
                description="Geçen haftanın haber özeti ve olumsuz haberlerin listesi ektedir.",
                due_date=today + datetime.timedelta(days=2),
                priority=Task.Priority.HIGH,
            )
            task_actions.assign_task(
                actor=users["sorumlu"],
                assignee=users["calisan"],
                title="Dünya Diyabet Günü görsellerini hazırlayınız",
                description="Afiş ve sosyal medya görselleri; hastanelere de gönderilecek.",
                due_date=today - datetime.timedelta(days=1),
                priority=Task.Priority.URGENT,
            )
            task_actions.assign_task(
                actor=users["baskan"],
                assignee=users["calisan"],
                title="Video konferans salonunun bağlantı testini yapınız",
                due_date=today + datetime.timedelta(days=7),
            )
        if not Letter.objects.exists():
            self._demo_letter(users, orgs)
        # Order matters: triage labels the monitored stories, the case and a draft start from them.
        for module in (monitoring, triage, infonotes, publishing, reports, publicvoice, broadcast, meetings):
            module.seed(users, orgs)
        sms_demo.seed(users, orgs)
        if not options["quiet"]:
            self.stdout.write(self.style.SUCCESS("Demo log-ins (password for all: %s)" % settings.DEMO_PASSWORD))
            for username, first, last, role, org_code, _title in USERS:
                self.stdout.write(f"  {username:<9} {Role(role).label} — {first} {last}, {orgs[org_code].name}")
            if settings.DEMO:
                from pressdesk.demo import endpoints as demo

                self.stdout.write(f"Live demo feed (polled every 5 minutes): {demo.feed_url()}")
                self.stdout.write(f"Demo website channel's posts: {demo.webhook_url()}")

    def _demo_letter(self, users: dict[str, User], orgs: dict[str, Organization]) -> None:
        """A TV-interview approval letter waiting for the director's signature."""
        directorate = orgs["koc-ism"]
        if not directorate.detsis_no:
            org_actions.update_organization(
                actor=None, organization=directorate, detsis_no=DEMO_DETSIS["koc-ism"], **DEMO_CONTACT
            )
        process = Process.objects.get(code="1.2")
        fields = letter_actions.letter_defaults_for(users["calisan"], process, Letter.Kind.TV_INTERVIEW)
        fields.update(
            file_plan_code="010.06.02",
            subject="Kocaeli TV canlı yayın programına katılım",
            addressee="Kocaeli Şehir Hastanesi Başhekimliğine",
            references=["Kocaeli TV'nin 18.11.2026 tarihli e-postası."],
            body=(
                "İlgi e-posta ile Kocaeli TV'de 27.11.2026 tarihinde saat 20.00'de yayınlanacak "
                "“Sağlıklı Yaşam” programına Hastaneniz Endokrinoloji Uzmanı Dr. Elif Kaya'nın "
                "Dünya Diyabet Günü konulu katılımı talep edilmektedir.\n"
                "Söz konusu katılımın uygun görülmesi hâlinde gereğini rica ederim."
            ),
            closing=Letter.Closing.RICA,
            distribution_action=["Kocaeli Şehir Hastanesi Başhekimliği"],
        )
        fields.pop("organization", None)
        letter = letter_actions.create_letter(actor=users["calisan"], **fields)
        flow = approval_actions.submit(actor=users["calisan"], target=letter, needs_external=True)
        for username in ("sorumlu", "baskan"):
            flow.refresh_from_db()
            approval_actions.decide(actor=users[username], flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
        for code in ("bakanlik-basin", "valilik-basin"):
            org = orgs[code]
            if not org.email:
                org_actions.update_organization(actor=None, organization=org, email=f"{code}@example.gov.tr")
