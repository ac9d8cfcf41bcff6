"""Demo publishing: one story on the public newsroom, one hospital submission to review, one draft; a channel.

The published story goes the documented way (``publishing.actions``): the
unit writes it, sends it for approval, every step of the chain approves it as
the demo user who holds the step, and it is published on the newsroom only —
no channel is chosen, so nothing is posted anywhere. The website channel is
connected but switched off, so neither a post nor the daily health check
ever calls it. With ``settings.DEMO`` on (``script/server``) a second, active
webhook channel posts to the application's own demo receiver (``/demo/webhook/``),
so publishing to a channel can be tried end to end without leaving the machine.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.utils import timezone

from pressdesk.channels import actions as channel_actions
from pressdesk.channels.models import Channel
from pressdesk.demo import endpoints as demo
from pressdesk.demo import monitoring as news
from pressdesk.demo.common import Orgs, Users, approve_through_chain, paragraphs
from pressdesk.publishing import actions as publishing_actions
from pressdesk.publishing.models import NewsStory


def seed(users: Users, orgs: Orgs) -> None:
    if not NewsStory.objects.exists():
        _published_story(users, orgs)
        _hospital_submission(users, orgs)
        _draft_from_monitoring(users)
    if not Channel.objects.exists():
        channel_actions.create_channel(
            actor=users["sorumlu"],
            organization=orgs["koc-ism"],
            kind=Channel.Kind.WEBHOOK,
            name="İl Sağlık Müdürlüğü internet sitesi",
            base_url="https://www.kocaeliism.example/pressdesk/webhook",
            # A fresh random signing secret: the receiving site would be given it when the channel goes live.
            credentials={"secret": secrets.token_urlsafe(32)},
            is_active=False,
        )
    if settings.DEMO and not Channel.objects.filter(base_url=demo.webhook_url()).exists():
        # A working channel: the application's own demo receiver records what is posted (/demo/webhook/).
        # Its host is internal, so the administrator connects it.
        channel_actions.create_channel(
            actor=users["admin"],
            organization=orgs["koc-ism"],
            kind=Channel.Kind.WEBHOOK,
            name="Demo internet sitesi (uygulamanın kendi alıcısı)",
            base_url=demo.webhook_url(),
            credentials={"secret": secrets.token_urlsafe(32)},
            allow_internal_host=True,
            is_active=True,
        )


def _published_story(users: Users, orgs: Orgs) -> None:
    staff = users["calisan"]
    names = news.director_names(users)
    story = publishing_actions.create_story(
        actor=staff,
        organization=orgs["koc-ism"],
        title=news.DIABETES_DAY_TITLE,
        spot=(
            "Kocaeli İl Sağlık Müdürlüğü, Dünya Diyabet Günü dolayısıyla İzmit Cumhuriyet Parkı'nda kurduğu "
            "stantta vatandaşlara ücretsiz kan şekeri ve tansiyon ölçümü yaptı."
        ),
        body_html=paragraphs(
            "Kocaeli İl Sağlık Müdürlüğü Halk Sağlığı Hizmetleri Başkanlığı ekipleri, Dünya Diyabet Günü "
            "dolayısıyla İzmit Cumhuriyet Parkı'nda bilgilendirme ve ölçüm standı kurdu. Gün boyunca 1.200'ü aşkın "
            "vatandaşa ücretsiz kan şekeri ve tansiyon ölçümü yapıldı; değerleri yüksek çıkan 86 kişi aile "
            "hekimlerine yönlendirildi.",
            f"Stantı ziyaret eden İl Sağlık Müdürü Dr. {names['director']}, diyabetin sinsi ilerleyen bir hastalık "
            "olduğunu hatırlatarak “Erken tanı hayat kurtarır. 40 yaşını geçen herkesin yılda bir kez aile "
            "hekimine başvurarak kan şekerini ölçtürmesini öneriyoruz.” dedi.",
            "Etkinlikte diyetisyenler sağlıklı beslenme, fizyoterapistler ise düzenli egzersiz konusunda "
            "vatandaşlara bilgi verdi. Diyabet farkındalık çalışmalarının ay boyunca ilçelerde de sürdürüleceği "
            "bildirildi.",
        ),
        social_text=(
            "Dünya Diyabet Günü'nde İzmit Cumhuriyet Parkı'ndaki standımızda 1.200'ü aşkın vatandaşımıza ücretsiz "
            "kan şekeri ve tansiyon ölçümü yaptık. Erken tanı hayat kurtarır! #DünyaDiyabetGünü"
        ),
        event_name="Dünya Diyabet Günü bilgilendirme ve ölçüm standı",
        event_date=timezone.localdate() - datetime.timedelta(days=1),
        tags=["Dünya Diyabet Günü", "Halk Sağlığı"],
    )
    approve_through_chain(publishing_actions.submit_for_approval(actor=staff, story=story))
    publishing_actions.publish(actor=staff, story=story)  # the newsroom only: no channel


def _hospital_submission(users: Users, orgs: Orgs) -> None:
    officer = users["hastane"]
    story = publishing_actions.create_story(
        actor=officer,
        organization=orgs["koc-sehir"],
        title="Kocaeli Şehir Hastanesi'nde anne adaylarına doğuma hazırlık sınıfı açıldı",
        spot=(
            "Kocaeli Şehir Hastanesi'nde gebelere doğum, emzirme ve yenidoğan bakımı konusunda ücretsiz eğitim "
            "verilecek doğuma hazırlık sınıfı hizmete girdi."
        ),
        body_html=paragraphs(
            "Kadın Hastalıkları ve Doğum Kliniği bünyesinde açılan sınıfta ebeler ve uzman hekimler, gebeliğin 20. "
            "haftasından itibaren anne adaylarına ve eşlerine dört oturumluk eğitim verecek.",
            "Eğitimlerde normal doğumun aşamaları, doğum ağrısıyla baş etme yöntemleri, emzirme ve yenidoğan bakımı "
            "anlatılacak. Başvurular hastanenin gebe polikliniğinden ve Alo 182 üzerinden alınıyor.",
        ),
        event_name="Doğuma hazırlık sınıfının açılışı",
        event_date=timezone.localdate() - datetime.timedelta(days=2),
        tags=["Anne ve Çocuk Sağlığı"],
    )
    publishing_actions.submit_to_unit(
        actor=officer,
        story=story,
        comment="Haberimizin Müdürlüğünüz internet sitesinde ve sosyal medya hesaplarında yayımlanmasını rica ederiz.",
    )


def _draft_from_monitoring(users: Users) -> None:
    """Positive news found in monitoring, turned into a draft to share (3.2: share positive news)."""
    story = news.story_titled(news.NEW_MRI_TITLE, users)
    if story is not None:
        publishing_actions.draft_from_monitoring(actor=users["calisan"], story=story)
