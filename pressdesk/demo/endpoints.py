"""Demo-only endpoints: a local news feed that changes over time and a webhook receiver that records posts.

They let the demo (``script/server``, ``manage.py demo_data``) show live polling
and a working publishing channel without reaching the internet: the demo's
"Demo Haber" source polls ``/demo/feed.xml`` on the application itself (the
demo administrator allowed that internal host), and the demo website channel
posts to ``/demo/webhook``, which checks the HMAC signature with the channel's
secret and keeps the posts in ``VAR_DIR/demo/webhook-posts.jsonl``.

They exist only when ``settings.DEMO`` is on: ``pressdesk/urls.py`` includes
them only then, and every view answers 404 if the setting is off (e.g. a
settings override in tests). Production leaves ``DEMO`` off.
"""

from __future__ import annotations

import datetime
import functools
import hmac
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from pressdesk.lib.dates import format_datetime, local

FEED_PATH = "/demo/feed.xml"
WEBHOOK_PATH = "/demo/webhook"
# A new item appears every SLOT_MINUTES; the feed lists the latest FEED_LENGTH.
SLOT_MINUTES = 3
FEED_LENGTH = 8
SIGNATURE_MAX_AGE = 300  # seconds
KEEP_POSTS = 200

# (title, text): local news about the watched institutions, in turn.
DEMO_NEWS = [
    (
        "Kocaeli Şehir Hastanesi'nde hafta sonu poliklinik hizmeti başladı",
        "Kocaeli Şehir Hastanesi'nde dahiliye, çocuk sağlığı ve kadın doğum polikliniklerinde cumartesi günleri de "
        "muayene yapılmaya başlandı. Randevular Merkezi Hekim Randevu Sistemi üzerinden alınabiliyor.",
    ),
    (
        "112 Acil ekipleri trafik kazasında yaralanan 3 kişiye müdahale etti",
        "İzmit'te iki otomobilin çarpıştığı kazada yaralanan üç kişiye olay yerinde 112 Acil ekipleri müdahale etti. "
        "Yaralılar ambulanslarla Kocaeli Şehir Hastanesi'ne kaldırıldı.",
    ),
    (
        "Derince Eğitim ve Araştırma Hastanesi'nde organ bağışı haftası standı",
        "Organ Bağışı Haftası dolayısıyla Derince Eğitim ve Araştırma Hastanesi girişinde kurulan standda "
        "vatandaşlara organ bağışı hakkında bilgi verildi, bağış formları dolduruldu.",
    ),
    (
        "Gebze Fatih Devlet Hastanesi acil servisinde yoğunluk iddiası",
        "Gebze Fatih Devlet Hastanesi acil servisine başvuran hasta yakınları, muayene için uzun süre beklediklerini "
        "öne sürdü. Hastane yönetiminin konuyla ilgili açıklama yapması bekleniyor.",
    ),
    (
        "İl Sağlık Müdürlüğü'nden kış aylarında karbonmonoksit uyarısı",
        "Kocaeli İl Sağlık Müdürlüğü, soba ve şofben kaynaklı karbonmonoksit zehirlenmelerine karşı vatandaşları "
        "uyardı. Baş ağrısı, bulantı ve baş dönmesi hissedenlerin ortamı havalandırıp 112'yi araması istendi.",
    ),
    (
        "Kocaeli'de kızamık aşı kampanyası okullarda sürüyor",
        "Kocaeli İl Sağlık Müdürlüğü ekipleri, kızamık aşılaması eksik olan öğrencilere okullarda aşı uyguluyor. "
        "Kampanyanın ay sonuna kadar bütün ilçelerde tamamlanması hedefleniyor.",
    ),
]


def enabled() -> bool:
    return bool(getattr(settings, "DEMO", False))


def demo_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """404 unless the demo setting is on, whatever the URL configuration says."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def feed_url() -> str:
    return settings.SITE_URL + FEED_PATH


def webhook_url() -> str:
    return settings.SITE_URL + WEBHOOK_PATH


# --- the feed -------------------------------------------------------------------------------


def _slot(moment: datetime.datetime) -> int:
    return int(moment.timestamp() // (SLOT_MINUTES * 60))


def feed_items(now: datetime.datetime | None = None) -> list[dict[str, Any]]:
    """The latest items, newest first: one per slot, so a new one appears every SLOT_MINUTES."""
    current = _slot(now or timezone.now())
    items = []
    for slot in range(current, current - FEED_LENGTH, -1):
        title, text = DEMO_NEWS[slot % len(DEMO_NEWS)]
        published = datetime.datetime.fromtimestamp(slot * SLOT_MINUTES * 60, tz=datetime.UTC)
        items.append(
            {
                # The hour in the title: monitoring drops a title it saw in the last 7 days.
                "title": f"{title} ({local(published):%d.%m %H.%M})",
                "link": f"https://www.demohaber.example/haber/{slot}",
                "description": f"KOCAELİ (Demo Haber, {format_datetime(published)}) — {text}",
                "pubdate": published,
                "unique_id": f"demo-haber-{slot}",
            }
        )
    return items


@login_not_required
@never_cache
@demo_only
@require_http_methods(["GET", "HEAD"])
def feed(request: HttpRequest) -> HttpResponse:
    rss = Rss201rev2Feed(
        title="Demo Haber — Kocaeli",
        link="https://www.demohaber.example/",
        description="Basın Masası tanıtımı için uygulamanın kendi sunduğu yerel haber akışı.",
        language="tr",
    )
    for item in feed_items():
        rss.add_item(**item)
    return HttpResponse(rss.writeString("utf-8"), content_type="application/rss+xml; charset=utf-8")


# --- the webhook receiver -------------------------------------------------------------------


def posts_file() -> Path:
    return Path(settings.VAR_DIR) / "demo" / "webhook-posts.jsonl"


def received_posts() -> list[dict[str, Any]]:
    """What the receiver recorded, newest first."""
    try:
        lines = posts_file().read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    posts = []
    for line in lines:
        try:
            posts.append(json.loads(line))
        except ValueError:
            continue
    return posts[::-1]


def _record(post: dict[str, Any]) -> None:
    target = posts_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    kept = list(reversed(received_posts()))[-(KEEP_POSTS - 1) :]
    lines = [json.dumps(p, ensure_ascii=False) for p in [*kept, post]]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _signed_by_a_demo_channel(request: HttpRequest) -> bool:
    from pressdesk.channels.adapters.webhook import SIGNATURE_HEADER, sign
    from pressdesk.channels.models import Channel

    timestamp = request.headers.get("X-Pressdesk-Timestamp", "")
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > SIGNATURE_MAX_AGE or not signature:
        return False
    channels = Channel.objects.filter(kind=Channel.Kind.WEBHOOK, base_url__endswith=WEBHOOK_PATH)
    for channel in channels:
        secret = channel.get_credentials().get("secret", "")
        if secret and hmac.compare_digest(sign(secret, timestamp, request.body), signature):
            return True
    return False


@login_not_required
@csrf_exempt
@demo_only
@require_http_methods(["POST"])
def webhook_receive(request: HttpRequest) -> JsonResponse:
    if not _signed_by_a_demo_channel(request):
        return JsonResponse({"error": "bad signature"}, status=403)
    try:
        data = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": "not JSON"}, status=400)
    if not isinstance(data, dict):
        return JsonResponse({"error": "not an object"}, status=400)
    event = str(data.get("event", ""))
    if event == "ping":
        return JsonResponse({})
    remote_id = str(data.get("id") or data.get("idempotency_key") or f"demo-{time.time_ns()}")
    _record(
        {
            "received_at": timezone.now().isoformat(),
            "event": event,
            "id": remote_id,
            "title": str(data.get("title", ""))[:300],
            "text": str(data.get("text", ""))[:5000],
            "link": str(data.get("link", ""))[:2000],
            "media": len(data.get("media") or []),
        }
    )
    return JsonResponse({"id": remote_id, "url": f"{webhook_url()}#post-{remote_id}"})


@demo_only
@require_http_methods(["GET"])
def webhook_posts(request: HttpRequest) -> HttpResponse:
    """The demo website: what the channel posted (any logged-in user)."""
    posts = received_posts()
    for post in posts:
        try:
            post["received"] = datetime.datetime.fromisoformat(post["received_at"])
        except (KeyError, ValueError):
            post["received"] = None
    return render(request, "demo/webhook_posts.html", {"posts": posts})


@login_not_required
@csrf_exempt
def webhook(request: HttpRequest) -> HttpResponse:
    """``/demo/webhook``: the channel POSTs here (signed, no log-in); people GET it to read what arrived."""
    if request.method == "POST":
        return webhook_receive(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return webhook_posts(request)


app_name = "demo"
urlpatterns = [
    path("feed.xml", feed, name="feed"),
    path("webhook", webhook, name="webhook"),
]
