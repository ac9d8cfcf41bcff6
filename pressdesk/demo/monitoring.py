"""Demo media monitoring: outlets, paused sources, watch terms, two days of news and one live feed.

Nothing here touches the internet. The feed sources are created paused (the
poller only checks active sources of a polled kind), and the news is stored
through ``monitoring.ingest.ingest_entries`` as if those feeds had been read
earlier, one entry at a time in the order they appeared, so that matching,
clustering of agency copies and the full-text index work exactly as in
production. One clip is added by hand through ``add_manual_item`` (the
"Kupür ekle" screen), which keeps it in the outlet's manual source.

Every address is under ``.example`` (never resolvable), so a source someone
switches on by mistake fails harmlessly. With ``settings.DEMO`` on (``script/server``)
one more source is active: the news feed the application serves itself at
``/demo/feed.xml``, so the demo shows live polling without leaving the machine.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html

from pressdesk.demo import endpoints as demo
from pressdesk.demo.common import Orgs, Users
from pressdesk.monitoring import actions as monitoring_actions
from pressdesk.monitoring import ingest as monitoring_ingest
from pressdesk.monitoring.models import Item, Outlet, Source, Story, WatchTerm
from pressdesk.monitoring.parsing import ParsedEntry

K = Outlet.Kind

# (name, kind, province, reach)
OUTLETS = [
    ("Marmara Haber Ajansı", K.AGENCY, "", 0),
    ("Türkiye Gündem Gazetesi", K.NATIONAL_NEWSPAPER, "", 185_000),
    ("Kocaeli Gazetesi", K.LOCAL_NEWSPAPER, "Kocaeli", 24_000),
    ("Körfez Postası", K.LOCAL_NEWSPAPER, "Kocaeli", 11_500),
    ("İzmit Haber", K.NEWS_SITE, "Kocaeli", 92_000),
    ("Gebze Son Dakika", K.NEWS_SITE, "Kocaeli", 38_000),
    ("Kocaeli TV", K.TV, "Kocaeli", 310_000),
]

# (outlet, source name, kind, address) — all created paused.
SOURCES = [
    ("Marmara Haber Ajansı", "MHA — Sağlık haberleri", Source.Kind.FEED, "https://www.mha.example/rss/saglik.xml"),
    (
        "Türkiye Gündem Gazetesi",
        "Türkiye Gündem — Yaşam",
        Source.Kind.FEED,
        "https://www.turkiyegundem.example/rss/yasam",
    ),
    (
        "Kocaeli Gazetesi",
        "Kocaeli Gazetesi — Son haberler",
        Source.Kind.FEED,
        "https://www.kocaeligazetesi.example/rss",
    ),
    ("Körfez Postası", "Körfez Postası — Gündem", Source.Kind.FEED, "https://korfezpostasi.example/feed/"),
    (
        "İzmit Haber",
        "İzmit Haber — Haber site haritası",
        Source.Kind.NEWS_SITEMAP,
        "https://www.izmithaber.example/news-sitemap.xml",
    ),
    ("Gebze Son Dakika", "Gebze Son Dakika — Akış", Source.Kind.FEED, "https://gebzesondakika.example/rss.xml"),
    ("Kocaeli TV", "Kocaeli TV — Haber akışı", Source.Kind.FEED, "https://www.kocaelitv.example/haberler/rss"),
]

# The outlet of the live demo feed (only with settings.DEMO).
LIVE_OUTLET = "Demo Haber"

# (name, query, organization code); the director's term is filled in with the demo director's name.
WATCH_TERMS = [
    ("İl Sağlık Müdürlüğü", '"İl Sağlık Müdürlüğü" OR "İl Sağlık Müdürü"', "koc-ism"),
    ("Kocaeli Şehir Hastanesi", '"Kocaeli Şehir Hastanesi" OR "Şehir Hastanesi"', "koc-sehir"),
    (
        "Derince Eğitim ve Araştırma Hastanesi",
        '"Derince Eğitim ve Araştırma Hastanesi" OR "Derince EAH" OR (Derince AND hastane*)',
        "koc-derince",
    ),
    (
        "Gebze Fatih Devlet Hastanesi",
        '"Gebze Fatih Devlet Hastanesi" OR "Fatih Devlet Hastanesi" OR "Gebze FDH"',
        "koc-gebze",
    ),
    ("112 Acil Sağlık Hizmetleri", '"112 Acil" OR (112 AND ambulans*) OR "paletli ambulans"', "koc-112"),
]


# --- The news ------------------------------------------------------------------

ORGAN_DONATION = (
    "Kocaeli Şehir Hastanesi'nde beyin ölümü gerçekleşen 54 yaşındaki hastanın ailesinin organlarını bağışlaması "
    "üç hastaya umut oldu. Hastanın böbrekleri ve karaciğeri, hastanenin organ nakli merkezinde gece boyunca süren "
    "ameliyatlarla bekleme listesindeki hastalara nakledildi. Nakil koordinatörü Uzm. Dr. Selin Aydın, ailenin "
    "gösterdiği duyarlılığa teşekkür ederek ameliyatların başarıyla tamamlandığını ve hastaların sağlık durumlarının "
    "iyi olduğunu söyledi. Kocaeli İl Sağlık Müdürlüğü yetkilileri de organ bağışının hayat kurtardığını hatırlatarak "
    "vatandaşları bağış için aile hekimlerine ve hastanelere başvurmaya çağırdı."
)
ER_WAITING = (
    "Kocaeli Şehir Hastanesi acil servisine dün akşam saatlerinde başvuran hasta yakınları, muayene için dört saati "
    "aşkın süre beklediklerini öne sürdü. Karın ağrısı şikâyetiyle 78 yaşındaki annesini hastaneye getiren Murat K., "
    "bekleme salonunun tamamen dolu olduğunu, yaşlı hastaların sedyelerde ve sandalyelerde sıra beklediğini anlattı. "
    "Hasta yakınları, triyaj sonrasında kendilerine bilgi verilmediğini ve şikâyetlerini hastane yönetimine "
    "ilettiklerini söyledi. Konuyla ilgili hastane yönetiminden henüz bir açıklama yapılmadı."
)
SNOW_AMBULANCE = (
    "Kandıra'ya bağlı Akbaba köyünde kar nedeniyle yolu kapanan evinde rahatsızlanan 82 yaşındaki kadın hastaya "
    "112 Acil ekipleri paletli ambulansla ulaştı. Yaklaşık iki saat süren çalışmanın ardından ilk müdahalesi evinde "
    "yapılan hasta, Kocaeli Şehir Hastanesi'ne sevk edildi. Hastanın yakınları, zorlu hava koşullarına rağmen "
    "kendilerine ulaşan sağlık ekiplerine teşekkür etti. Ekiplerin kış boyunca yüksek kesimlerdeki köylerde hazır "
    "beklediği bildirildi."
)
FLU_VACCINE = (
    "Kocaeli İl Sağlık Müdürlüğü, grip aşısına ilişkin yazılı bir açıklama yaptı. Açıklamada 65 yaş üstü "
    "vatandaşların, kronik hastalığı bulunanların, gebelerin ve sağlık çalışanlarının risk grubunda yer aldığı, "
    "aşıların aile sağlığı merkezlerinde uygulandığı hatırlatıldı. Vatandaşların aşı için aile hekimlerine "
    "başvurabileceği belirtilirken, grip belirtileri gösteren kişilerin kalabalık ortamlardan uzak durması ve maske "
    "kullanması önerildi."
)
NEW_MRI = (
    "Derince Eğitim ve Araştırma Hastanesi'ne 3 Tesla gücünde yeni bir manyetik rezonans (MR) cihazı kazandırıldı. "
    "Sağlık Bakanlığı tarafından hastaneye tahsis edilen cihazla MR randevularındaki bekleme sürelerinin kısalması "
    "bekleniyor. Hastane Başhekimi Op. Dr. Kemal Arslan, yeni cihazın özellikle nöroloji ve ortopedi hastalarının "
    "tanı süreçlerini hızlandıracağını belirterek günlük çekim kapasitesinin 120 hastaya çıktığını söyledi. Cihaz, "
    "mesai saatleri dışında ve hafta sonları da hizmet verecek."
)
PARKING_FEE = (
    "Derince Eğitim ve Araştırma Hastanesi'nin otoparkında uygulanan yeni ücret tarifesi hasta yakınlarının tepkisine "
    "neden oldu. Tedavi için her gün hastaneye gelmek zorunda olduklarını söyleyen diyaliz hastalarının yakınları, "
    "saatlik ücretin ağır bir yük getirdiğini ve otoparkta yer bulmanın da giderek zorlaştığını ifade etti. "
    "Vatandaşlar, kronik hastalar ve refakatçiler için indirim uygulanmasını talep etti."
)
LATE_AMBULANCE = (
    "Gebze'nin Tatlıkuyu Mahallesi'nde evinde fenalaşan 65 yaşındaki bir vatandaş için çağrılan ambulansın 40 dakika "
    "sonra geldiği iddia edildi. Yakınları, 112 Acil Çağrı Merkezi'ni defalarca aradıklarını, ekiplerin geç ulaşması "
    "nedeniyle büyük panik yaşadıklarını söyledi. Hastanın Gebze Fatih Devlet Hastanesi'ne kaldırıldığı ve tedavisinin "
    "sürdüğü öğrenildi. Mahalle sakinleri bölgedeki ambulans sayısının artırılmasını istedi."
)
DIRECTOR_VISIT = (
    "İl Sağlık Müdürü Dr. {director}, Gebze Fatih Devlet Hastanesi'nde incelemelerde bulundu. Hastane yönetimiyle "
    "bir araya gelen {surname}, acil servis, yoğun bakım ve poliklinik hizmetleri hakkında bilgi aldı. Ziyarette "
    "ilçede artan nüfusla birlikte büyüyen hizmet ihtiyacı ve yapımı süren ek hizmet binası ele alındı. {surname}, "
    "hastane çalışanlarıyla da sohbet ederek çalışmalarında kolaylıklar diledi."
)
FOOTBALL = (
    "Kocaelispor, ligin 14. haftasında konuk ettiği rakibiyle 1-1 berabere kaldı. İlk yarıyı golsüz tamamlayan "
    "yeşil-siyahlılar, ikinci yarının başında kalesinde gördüğü gole 78. dakikada penaltıdan karşılık verdi. Teknik "
    "direktör, maç sonunda takımın oyunundan memnun olduğunu ancak kaçan pozisyonlara üzüldüğünü söyledi."
)
ROAD_WORKS = (
    "Körfez Belediyesi, sahil yolunun Hereke girişinden itibaren iki kilometrelik bölümünde asfalt yenileme "
    "çalışması başlattı. Çalışma süresince yolun tek şeritten kontrollü olarak trafiğe açık tutulacağı, "
    "sürücülerin alternatif güzergâhları kullanmasının önerildiği bildirildi."
)
DIABETES_DAY = (
    "Kocaeli İl Sağlık Müdürlüğü, Dünya Diyabet Günü dolayısıyla İzmit Cumhuriyet Parkı'nda kurduğu stantta "
    "vatandaşlara ücretsiz kan şekeri ve tansiyon ölçümü yaptı. Stantı ziyaret eden İl Sağlık Müdürü Dr. {director}, "
    "diyabette erken tanının hayati önem taşıdığını söyledi. Gün boyunca 1.200'ü aşkın vatandaşa ölçüm yapıldığı, "
    "risk taşıyanların aile hekimlerine yönlendirildiği bildirildi."
)

# The titles the other demo modules look stories up by (the first copy of each story).
SNOW_AMBULANCE_TITLE = "Yolu kardan kapanan köydeki hastaya paletli ambulansla ulaşıldı"
ORGAN_DONATION_TITLE = "Kocaeli'de organ bağışı üç hastaya umut oldu"
ER_WAITING_TITLE = "Kocaeli Şehir Hastanesi acil servisinde saatlerce bekleme iddiası"
NEW_MRI_TITLE = "Derince EAH'ye yeni MR cihazı kazandırıldı"
DIRECTOR_VISIT_TITLE = "İl Sağlık Müdürü {surname}, Gebze Fatih Devlet Hastanesi'nde incelemelerde bulundu"
DIABETES_DAY_TITLE = "Dünya Diyabet Günü'nde 1.200 vatandaşa ücretsiz ölçüm"


@dataclass(frozen=True)
class News:
    outlet: str
    hours_ago: float
    title: str
    text: str
    path: str
    extra: str = ""  # a sentence a local outlet added to the agency copy


# Oldest first: they are ingested in this order, each a few minutes after it appeared.
NEWS = [
    News("Marmara Haber Ajansı", 40, SNOW_AMBULANCE_TITLE, SNOW_AMBULANCE, "saglik/kandira-paletli-ambulans-112"),
    News(
        "Türkiye Gündem Gazetesi",
        38.5,
        "Kandıra'da 112 ekipleri kar engelini paletli ambulansla aştı",
        SNOW_AMBULANCE,
        "yasam/kandirada-112-ekipleri-kar-engelini-asti",
    ),
    News(
        "Marmara Haber Ajansı",
        30,
        ORGAN_DONATION_TITLE,
        ORGAN_DONATION,
        "saglik/kocaelide-organ-bagisi-uc-hastaya-umut",
    ),
    News(
        "Türkiye Gündem Gazetesi",
        28.5,
        "Organ bağışı üç hastaya hayat oldu",
        ORGAN_DONATION,
        "yasam/organ-bagisi-uc-hastaya-hayat-oldu",
    ),
    News(
        "Kocaeli Gazetesi",
        27.5,
        "Şehir Hastanesi'nde organ nakliyle 3 hasta hayata tutundu",
        ORGAN_DONATION,
        "saglik/sehir-hastanesinde-organ-nakliyle-3-hasta-hayata-tutundu",
        "Kocaeli'de bu yıl organ bağışı sayısının geçen yıla göre arttığı bildirildi.",
    ),
    News(
        "İzmit Haber", 26.5, ORGAN_DONATION_TITLE, ORGAN_DONATION, "haber/kocaelide-organ-bagisi-uc-hastaya-umut-oldu"
    ),
    News(
        "Türkiye Gündem Gazetesi",
        22,
        "Kocaeli'de risk grubundakilere grip aşısı uyarısı",
        FLU_VACCINE,
        "yasam/kocaelide-risk-grubundakilere-grip-asisi-uyarisi",
    ),
    News(
        "İzmit Haber",
        21,
        "İl Sağlık Müdürlüğü'nden grip aşısı açıklaması",
        FLU_VACCINE,
        "haber/il-saglik-mudurlugunden-grip-asisi-aciklamasi",
    ),
    News(
        "Kocaeli Gazetesi", 20, ER_WAITING_TITLE, ER_WAITING, "gundem/sehir-hastanesi-acil-serviste-saatlerce-bekleme"
    ),
    News(
        "İzmit Haber",
        18,
        "Şehir Hastanesi acilinde 4 saatlik bekleme isyanı",
        ER_WAITING,
        "haber/sehir-hastanesi-acilinde-4-saatlik-bekleme",
        "Hasta yakınları yaşadıklarını sosyal medyada da paylaştı.",
    ),
    News(
        "Körfez Postası",
        15,
        "Acil serviste yaşlı hastalar sedyede sıra bekledi",
        ER_WAITING,
        "haber/acil-serviste-yasli-hastalar-sedyede-sira-bekledi",
    ),
    News(
        "İzmit Haber",
        12,
        "Kocaelispor sahasında 1 puanla yetindi",
        FOOTBALL,
        "spor/kocaelispor-sahasinda-1-puanla-yetindi",
    ),
    News(
        "Gebze Son Dakika",
        10,
        "Gebze'de ambulans 40 dakika sonra geldi iddiası",
        LATE_AMBULANCE,
        "gebzede-ambulans-40-dakika-sonra-geldi-iddiasi",
    ),
    News(
        "Körfez Postası",
        9,
        "Körfez sahil yolunda asfalt yenileme çalışması başladı",
        ROAD_WORKS,
        "haber/korfez-sahil-yolunda-asfalt-yenileme",
    ),
    News("Kocaeli Gazetesi", 8, NEW_MRI_TITLE, NEW_MRI, "saglik/derince-eahye-yeni-mr-cihazi"),
    News(
        "Körfez Postası",
        7,
        "Derince'de MR bekleme süreleri kısalacak",
        NEW_MRI,
        "haber/derincede-mr-bekleme-sureleri-kisalacak",
    ),
    News(
        "Kocaeli Gazetesi",
        6,
        "Derince EAH otoparkında ücret tepkisi",
        PARKING_FEE,
        "gundem/derince-eah-otopark-ucret-tepkisi",
    ),
    News(
        "Gebze Son Dakika",
        5,
        DIRECTOR_VISIT_TITLE,
        DIRECTOR_VISIT,
        "il-saglik-muduru-gebze-fatih-devlet-hastanesinde-inceleme",
    ),
    News(
        "Kocaeli Gazetesi",
        4,
        "Müdür {surname}'ten Gebze Fatih Devlet Hastanesi'ne ziyaret",
        DIRECTOR_VISIT,
        "saglik/mudurden-gebze-fatih-devlet-hastanesine-ziyaret",
    ),
]

# The clip staff add by hand from the evening news ("Kupür ekle").
TV_CLIP = News(
    "Kocaeli TV", 3, "Ana Haber: " + DIABETES_DAY_TITLE, DIABETES_DAY, "video/ana-haber-dunya-diyabet-gunu-olcum"
)

SITES = {
    "Marmara Haber Ajansı": "https://www.mha.example/",
    "Türkiye Gündem Gazetesi": "https://www.turkiyegundem.example/",
    "Kocaeli Gazetesi": "https://www.kocaeligazetesi.example/",
    "Körfez Postası": "https://korfezpostasi.example/",
    "İzmit Haber": "https://www.izmithaber.example/",
    "Gebze Son Dakika": "https://gebzesondakika.example/",
    "Kocaeli TV": "https://www.kocaelitv.example/",
}


def director_names(users: Users) -> dict[str, str]:
    director = users["mudur"]
    return {"director": f"{director.first_name} {director.last_name}", "surname": director.last_name}


def story_titled(title: str, users: Users) -> Story | None:
    """The demo story whose first copy had ``title`` ({director}/{surname} filled in)."""
    return Story.objects.filter(title=title.format(**director_names(users))).order_by("pk").first()


def seed(users: Users, orgs: Orgs) -> None:
    staff = users["calisan"]
    if not Outlet.objects.exists():
        for name, kind, province, reach in OUTLETS:
            monitoring_actions.create_outlet(actor=staff, name=name, kind=kind, province=province, reach=reach)
        outlets = {outlet.name: outlet for outlet in Outlet.objects.all()}
        for outlet_name, source_name, source_kind, url in SOURCES:
            source = monitoring_actions.create_source(
                actor=staff, outlet=outlets[outlet_name], name=source_name, kind=source_kind, url=url
            )
            # Paused: the demo never fetches anything; staff may switch a source on once it points somewhere real.
            monitoring_actions.set_source_active(actor=staff, source=source, active=False)
    if not WatchTerm.objects.exists():
        names = director_names(users)
        for name, query, org_code in [
            *WATCH_TERMS,
            (f"İl Sağlık Müdürü {names['director']}", f'"{names["director"]}"', "koc-ism"),
        ]:
            monitoring_actions.create_watch_term(actor=staff, name=name, query=query, organization=orgs[org_code])
    if not Item.objects.exists():
        _ingest_news(users)
    if settings.DEMO:
        _live_source(users)


def _live_source(users: Users) -> None:
    """The one live source of the demo: the feed the application serves itself (``demo/endpoints.py``).

    The administrator allows the application's own (internal) host for this
    source only; the poller then fetches it like any feed, and a new item
    appears in it every few minutes.
    """
    url = demo.feed_url()
    if Source.objects.filter(url=url).exists():
        return
    outlet = Outlet.objects.filter(name=LIVE_OUTLET).first() or monitoring_actions.create_outlet(
        actor=users["calisan"], name=LIVE_OUTLET, kind=K.NEWS_SITE, province="Kocaeli", reach=15_000
    )
    monitoring_actions.create_source(
        actor=users["admin"],
        outlet=outlet,
        name="Demo Haber — Canlı akış (uygulamanın kendi sunduğu)",
        kind=Source.Kind.FEED,
        url=url,
        allowed_private=True,
        poll_interval=300,
    )


def _entry(news: News, published_at: datetime.datetime, names: dict[str, str]) -> ParsedEntry:
    url = SITES[news.outlet] + news.path
    text = news.text.format(**names)
    if news.extra:
        text = f"{text} {news.extra}"
    lead = text.split(". ", 1)[0].rstrip(".") + "."
    return ParsedEntry(
        guid=url,
        url=url,
        title=news.title.format(**names),
        summary_html=format_html("<p>{}</p>", lead),
        text=text,
        published_at=published_at,
    )


def _ingest_news(users: Users) -> None:
    """Store the news feed by feed, oldest first, as the poller would have found it."""
    names = director_names(users)
    now = timezone.now()
    sources = {
        source.outlet.name: source
        for source in Source.objects.select_related("outlet").filter(url__in=[url for *_rest, url in SOURCES])
    }
    for news in NEWS:
        source = sources.get(news.outlet)
        if source is None:  # the outlet's demo feed was removed: leave its news out
            continue
        published_at = now - datetime.timedelta(hours=news.hours_ago)
        monitoring_ingest.ingest_entries(
            source=source,
            entries=[_entry(news, published_at, names)],
            fetched_at=published_at + datetime.timedelta(minutes=6),
        )
    outlet = Outlet.objects.filter(name=TV_CLIP.outlet).first()
    if outlet is not None:
        entry = _entry(TV_CLIP, now - datetime.timedelta(hours=TV_CLIP.hours_ago), names)
        monitoring_actions.add_manual_item(
            actor=users["calisan"],
            outlet=outlet,
            url=entry.url,
            title=entry.title,
            text=entry.text,
            published_at=entry.published_at,
        )
