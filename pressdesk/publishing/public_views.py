"""The directorate's public newsroom: no log-in, published stories only, cached.

Pages are cached per path, page number and language (other query parameters are
ignored, so they cannot fill the cache), under a version key that every
publish/unpublish changes (``actions.invalidate_newsroom``), so a published
story appears at once and a taken-down one disappears at once. Drafts,
unapproved, scheduled and taken-down stories are 404 here.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from pressdesk.lib.ratelimit import rate_limited
from pressdesk.publishing import actions, extensions, queries, text
from pressdesk.publishing.models import NewsStory, Tag

CACHE_SECONDS = 600
PER_PAGE = 12


def _page_parameter(request: HttpRequest) -> str:
    """The one query parameter the newsroom reads, normalised (``""``: none or not a page number).

    Other parameters (``?utm_source=…``, ``?x=1``, ``?x=2``…) do not change the page and must not
    each create a cache entry.
    """
    value = request.GET.get("page", "").strip()
    if value.isdigit() and len(value) <= 6 and int(value) > 1:
        return str(int(value))
    return ""


def _paginate(request: HttpRequest, stories: Any) -> Any:
    page = Paginator(stories, PER_PAGE).get_page(request.GET.get("page"))
    request.newsroom_page = page.number  # type: ignore[attr-defined]
    return page


def _cache_seconds() -> int:
    """Ten minutes, or less when an embargo ends sooner: the story shows when its embargo ends."""
    end = queries.next_embargo_end()
    if end is None:
        return CACHE_SECONDS
    return max(1, min(CACHE_SECONDS, int((end - timezone.now()).total_seconds()) + 1))


def _newsroom() -> dict[str, Any]:
    """The province the newsroom belongs to, its profile and the name shown in the header and titles."""
    organization = queries.newsroom_organization()
    profile = queries.newsroom_profile(organization)
    name = organization.name if organization else _("Provincial Health Directorate")
    contact = {
        "organization": organization.name if organization else "",
        "spokesperson": profile.spokesperson_name if profile else "",
        "spokesperson_title": profile.spokesperson_title if profile else "",
        "email": (profile.press_email if profile else "") or (organization.email if organization else ""),
        "phone": (profile.press_phone if profile else "") or (organization.phone if organization else ""),
        "address": organization.address if organization else "",
        "website": organization.website if organization else "",
    }
    return {
        "newsroom_organization": organization,
        "newsroom_profile": profile,
        "newsroom_name": name,
        "newsroom_about": profile.about if profile else "",
        "press_contact": contact,
    }


def _render(request: HttpRequest, template: str, context: dict[str, Any], newsroom: dict[str, Any]) -> HttpResponse:
    return render(request, template, {**newsroom, "site_url": settings.SITE_URL, **context})


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """Plain share links (no third-party script runs on the newsroom): the network's own share address."""
    page, text_ = quote(url, safe=""), quote(title, safe="")
    return [
        ("X", f"https://x.com/intent/post?url={page}&text={text_}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={page}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={page}"),
        ("WhatsApp", f"https://wa.me/?text={text_}%20{page}"),
    ]


def newsroom_cached(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache GET responses for anonymous visitors under the newsroom's current version."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or request.GET.get("q", "").strip():
            return view(request, *args, **kwargs)  # searches are not cached: any text would fill the cache
        page = _page_parameter(request)
        key = f"newsroom:{actions.newsroom_version()}:{get_language()}:{request.path}:{page}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type, headers = hit
            response = HttpResponse(content, content_type=content_type)
            for name, value in headers.items():
                response[name] = value
            response["X-Newsroom-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        rendered = getattr(request, "newsroom_page", None)
        # A page number past the end renders the last page: not stored under every number asked for.
        same_page = rendered is None or str(rendered) == (page or "1")
        if response.status_code == 200 and not response.streaming and same_page:
            keep = {name: response[name] for name in ("Content-Disposition",) if response.has_header(name)}
            cache.set(key, (response.content, response["Content-Type"], keep), _cache_seconds())
            response["X-Newsroom-Cache"] = "miss"
        response["Cache-Control"] = f"public, max-age={CACHE_SECONDS // 10}"
        return response

    return wrapper


@login_not_required
@rate_limited("newsroom")
@newsroom_cached
def index(request: HttpRequest) -> HttpResponse:
    newsroom = _newsroom()
    stories = queries.public_stories(newsroom["newsroom_organization"])
    search = request.GET.get("q", "").strip()[:100]
    if search:
        stories = queries.search_public_stories(stories, search)
    page = _paginate(request, stories)
    return _render(
        request,
        "publishing/newsroom/index.html",
        {
            "page_obj": page,
            "stories": page.object_list,
            "search": search,
            "query_string": urlencode({"q": search}) if search else "",
        },
        newsroom,
    )


@login_not_required
@rate_limited("newsroom")
@newsroom_cached
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    newsroom = _newsroom()
    tag_obj = get_object_or_404(Tag, slug=slug)
    stories = queries.public_stories(newsroom["newsroom_organization"]).filter(tags=tag_obj)
    page = _paginate(request, stories)
    return _render(
        request,
        "publishing/newsroom/index.html",
        {"page_obj": page, "stories": page.object_list, "tag": tag_obj, "query_string": ""},
        newsroom,
    )


@login_not_required
@rate_limited("newsroom")
@newsroom_cached
def about(request: HttpRequest) -> HttpResponse:
    return _render(request, "publishing/newsroom/about.html", {}, _newsroom())


@login_not_required
@rate_limited("newsroom")
def story_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    story = queries.get_public_story(pk, queries.newsroom_organization())
    return redirect(story.public_path(), permanent=True)


@login_not_required
@rate_limited("newsroom")
@newsroom_cached
def story(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    newsroom = _newsroom()
    organization = newsroom["newsroom_organization"]
    story_obj = queries.get_public_story(pk, organization)
    if slug != story_obj.slug:
        return redirect(story_obj.public_path(), permanent=True)
    photos = list(story_obj.photos.all())
    return _render(
        request,
        "publishing/newsroom/story.html",
        {
            "story": story_obj,
            "photos": photos,
            "lead_photo": photos[0] if photos else None,
            "description": text.body_text(story_obj.spot)[:300],
            "share_links": share_links(story_obj.public_url(), story_obj.title),
            "share_mail": "mailto:?" + urlencode({"subject": story_obj.title, "body": story_obj.public_url()}),
            "related": queries.related_public_stories(story_obj, organization),
            "videos": extensions.public_videos(story_obj),
        },
        newsroom,
    )


@login_not_required
@rate_limited("newsroom-files")
def photo(request: HttpRequest, pk: int, size: str) -> FileResponse:
    photo_obj = queries.get_public_photo(pk)  # any province's public story: e-mails and posts link here
    field = photo_obj.original if size == "original" else (photo_obj.web or photo_obj.original)
    response = FileResponse(field.open("rb"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _media_kit(story_obj: NewsStory) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        lines = [
            story_obj.title,
            "",
            story_obj.spot,
            "",
            text.body_text(story_obj.body_html),
            "",
            story_obj.public_url(),
            "",
        ]
        for n, photo_obj in enumerate(story_obj.photos.all(), start=1):
            extension = photo_obj.original.name.rsplit(".", 1)[-1].lower()
            name = f"{n:02d}-{story_obj.slug}.{extension}"
            with photo_obj.original.open("rb") as handle:
                archive.writestr(name, handle.read())
            credit = f" ({photo_obj.credit})" if photo_obj.credit else ""
            lines.append(f"{name}: {photo_obj.caption}{credit}")
        archive.writestr("haber.txt", "\n".join(lines) + "\n")
    buffer.seek(0)
    return buffer


@login_not_required
@rate_limited("newsroom-files")
def media_kit(request: HttpRequest, pk: int) -> FileResponse:
    story_obj = queries.get_public_story(pk, queries.newsroom_organization())
    return FileResponse(_media_kit(story_obj), as_attachment=True, filename=f"{story_obj.slug}-basin-kiti.zip")


class StoryFeed(Feed):  # type: ignore[type-arg]
    feed_type = Rss201rev2Feed
    description = gettext_lazy("News of the provincial health directorate and its institutions.")

    def link(self) -> str:
        from django.urls import reverse

        return reverse("newsroom:index")

    def title(self) -> str:  # type: ignore[override]
        organization = queries.newsroom_organization()
        return f"{organization.name} — {_('news')}" if organization else str(self.default_title)

    default_title = gettext_lazy("Provincial Health Directorate — news")

    def items(self) -> Any:
        return queries.public_stories(queries.newsroom_organization())[:30]

    def item_title(self, item: NewsStory) -> str:
        return item.title

    def item_description(self, item: NewsStory) -> str:
        return format_html("<p><strong>{}</strong></p>{}", item.spot, mark_safe(item.body_html))  # noqa: S308 - sanitised

    def item_link(self, item: NewsStory) -> str:
        return item.public_path()

    def item_guid(self, item: NewsStory) -> str:
        return item.public_url()

    item_guid_is_permalink = True

    def item_pubdate(self, item: NewsStory) -> Any:
        return item.published_at

    def item_categories(self, item: NewsStory) -> list[str]:
        return [tag_obj.name for tag_obj in item.tags.all()]

    def item_enclosures(self, item: NewsStory) -> list[Any]:
        from django.urls import reverse
        from django.utils.feedgenerator import Enclosure

        photos = list(item.photos.all())
        if not photos or not photos[0].web:
            return []
        url = settings.SITE_URL + reverse("newsroom:photo", args=[photos[0].pk, "web"])
        return [Enclosure(url, str(photos[0].web.size), "image/jpeg")]


feed = login_not_required(rate_limited("newsroom")(newsroom_cached(StoryFeed())))


@login_not_required
@csrf_exempt  # the signed token in the address is the credential; mail clients POST without a form
@require_http_methods(["GET", "POST"])
@rate_limited("unsubscribe")
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A journalist leaves the press list: GET asks, POST (or a mail client's one-click POST) confirms."""
    from django.core import signing

    try:
        signing.loads(token, salt=actions.UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise Http404 from exc
    if request.method == "POST":
        try:
            contact = actions.unsubscribe(token=token)
        except ValidationError as exc:
            raise Http404 from exc
        return render(request, "publishing/newsroom/unsubscribed.html", {"contact": contact})
    return render(request, "publishing/newsroom/unsubscribe.html", {"token": token, "title": _("Unsubscribe")})


# A 1×1 transparent GIF.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@login_not_required
@rate_limited("newsroom")
def press_mail_opened(request: HttpRequest, token: str) -> HttpResponse:
    """The press e-mail's tracking image: records the open when its list allows tracking."""
    try:
        actions.record_press_mail_open(token=token)
    except ValidationError as exc:
        raise Http404 from exc
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store, private"
    return response


@login_not_required
@rate_limited("newsroom")
def press_mail_clicked(request: HttpRequest, token: str) -> HttpResponse:
    """A tracked link of a press e-mail: only to the address signed into it (never an open redirect)."""
    try:
        url = actions.record_press_mail_click(token=token)
    except ValidationError as exc:
        raise Http404 from exc
    response = redirect(url)
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    return response
