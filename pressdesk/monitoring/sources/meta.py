"""Facebook Pages and Instagram professional accounts the directorate manages, through the Graph API.

What the public writes to us, read with the account's own Page access token
(``pages_read_engagement``, ``pages_read_user_content``; for Instagram
``instagram_basic``, ``instagram_manage_comments``):

* Facebook Page (``config["page_id"]``):
  ``GET /{page-id}/feed`` — the page's recent posts with their comments and replies
  (``comments.filter(stream)``: replies flattened in), and visitor posts on the page;
  ``GET /{page-id}/tagged`` — posts that tag (mention) the page.
* Instagram (``config["ig_user_id"]``):
  ``GET /{ig-user-id}/media`` — our recent media with their comments and replies;
  ``GET /{ig-user-id}/tags`` — media we are tagged in.

Each comment, reply, visitor post and mention becomes an entry (the page's own posts
and its own replies do not: they are ours). Comments arrive on old posts too, so the
recent posts are read every time and what was already stored is dropped by the
ingest's de-duplication (the comment id is the GUID); ``state["newest"]`` keeps the
newest time seen, so a poll skips older comments before they reach the ingest.

The token travels only in the ``Authorization`` header. Graph errors become messages
on the source: code 190 (expired or revoked token: connect the account again), 10 and
200–299 (a permission is missing), 100 on the object (the page is not managed or does
not exist), 4/17/32/613 (the rate limit: wait; the answer's ``X-App-Usage`` and
``X-Page-Usage`` percentages are kept in ``state["usage"]``).
"""

from __future__ import annotations

import datetime
import json
from typing import Any
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from pressdesk.monitoring import fetching
from pressdesk.monitoring.models import Source
from pressdesk.monitoring.parsing import FeedParseError, ParsedEntry
from pressdesk.monitoring.sources.base import (
    Client,
    Collected,
    CollectError,
    as_dict,
    clamp_future,
    parse_iso,
    post_title,
    stored_token,
)

API = "https://graph.facebook.com/v21.0"
POSTS = 25  # recent posts whose comments are read on each poll
COMMENTS = 100
PERSON = "from{id,name}"
FB_COMMENT = f"id,message,created_time,permalink_url,{PERSON}"
FB_FEED_FIELDS = (
    f"id,message,created_time,permalink_url,{PERSON},"
    f"comments.filter(stream).order(reverse_chronological).limit({COMMENTS}){{{FB_COMMENT}}}"
)
IG_COMMENT = "id,text,timestamp,username"
IG_MEDIA_FIELDS = (
    f"id,caption,permalink,timestamp,username,comments.limit({COMMENTS}){{{IG_COMMENT},replies{{{IG_COMMENT}}}}}"
)
IG_TAG_FIELDS = "id,caption,permalink,timestamp,username"
RATE_LIMIT_CODES = {4, 17, 32, 613}
USAGE_HEADERS = ("x-app-usage", "x-page-usage", "x-business-use-case-usage")
USAGE_STOP = 90  # percent of any Graph usage figure at which a poll waits


def _graph_error(exc: fetching.HTTPStatusError) -> CollectError | fetching.FetchError:
    try:
        error = as_dict(as_dict(json.loads(exc.body or b"{}")).get("error"))
    except ValueError:
        error = {}
    try:
        code = int(error.get("code") or 0)
    except (TypeError, ValueError):
        code = 0
    message = str(error.get("message") or "")[:300]
    if code == 190:
        return CollectError(
            _(
                "Facebook refused the access token (expired, revoked or the password changed): connect the account "
                "again and enter the new Page token."
            ),
            kind="hard",
            status=exc.status,
        )
    if code == 10 or 200 <= code <= 299:
        return CollectError(
            _("The token lacks a permission this source needs: %(message)s") % {"message": message},
            kind="hard",
            status=exc.status,
        )
    if code in RATE_LIMIT_CODES:
        limited = fetching.HTTPStatusError(_("The Graph API's rate limit is reached; the source waits."), status=429)
        limited.retry_after = exc.retry_after or 15 * 60
        return limited
    if code == 100:
        return CollectError(
            _("The account is not one this token manages, or it does not exist: %(message)s") % {"message": message},
            kind="hard",
            status=exc.status,
        )
    return exc


def _usage_percent(headers: dict[str, str]) -> int:
    """The highest percentage in Graph's usage headers (call count, CPU time, total time)."""
    highest = 0
    for name in USAGE_HEADERS:
        try:
            value = json.loads(headers.get(name) or "{}")
        except ValueError:
            continue
        figures = [value] if isinstance(value, dict) else []
        if name == "x-business-use-case-usage" and isinstance(value, dict):
            figures = [item for items in value.values() if isinstance(items, list) for item in items]
        for figure in figures:
            if isinstance(figure, dict):
                for key in ("call_count", "total_cputime", "total_time"):
                    if isinstance(figure.get(key), int | float):
                        highest = max(highest, int(figure[key]))
    return highest


def _get(client: Client, url: str, token: str, state: dict[str, Any]) -> dict[str, Any]:
    try:
        result = client.get(url, headers={"Authorization": f"Bearer {token}"})
    except fetching.HTTPStatusError as exc:
        raise _graph_error(exc) from exc
    state["usage"] = _usage_percent(result.headers)
    try:
        answer = json.loads(result.body)
    except (ValueError, RecursionError) as exc:
        raise FeedParseError(f"The answer is not JSON: {exc}") from exc
    if not isinstance(answer, dict):
        raise FeedParseError("The answer is not a JSON object.")
    return answer


def _data(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for row in answer.get("data") or [] if isinstance(row, dict)]


def _entry(
    *, guid: str, url: str, author: str, text: str, when: object, kind: str, context: str = ""
) -> ParsedEntry | None:
    text = (text or "").strip()
    if not text or not url.lower().startswith("https://"):
        return None
    lead = f"{kind} — {author}: " if author else f"{kind}: "
    body = f"{author}: {text}" if author else text
    if context:
        body += f"\n\n({context})"
    return ParsedEntry(
        guid=guid[:2000],
        url=url[:2000],
        title=(lead + post_title(text))[:1000],
        text=body,
        published_at=parse_iso(when),
    )


def _newer(when: object, newest: datetime.datetime | None) -> bool:
    moment = parse_iso(when)
    return moment is None or newest is None or moment > newest


def _facebook(
    source: Source, client: Client, token: str, state: dict[str, Any], newest: datetime.datetime | None
) -> list[ParsedEntry]:
    base = source.url.rstrip("/") or API
    page_id = str((source.config or {}).get("page_id") or "")
    if not page_id:
        raise CollectError(_("The source names no Facebook Page."))
    entries: list[ParsedEntry] = []
    feed = _get(client, f"{base}/{page_id}/feed?" + urlencode({"fields": FB_FEED_FIELDS, "limit": POSTS}), token, state)
    for post in _data(feed):
        author = as_dict(post.get("from"))
        message = str(post.get("message") or "")
        context = post_title(message, 100)
        if str(author.get("id") or "") != page_id and _newer(post.get("created_time"), newest):
            entry = _entry(
                guid=f"facebook:post:{post.get('id')}",
                url=str(post.get("permalink_url") or ""),
                author=str(author.get("name") or ""),
                text=message,
                when=post.get("created_time"),
                kind="Ziyaretçi gönderisi",
            )
            if entry:
                entries.append(entry)
        for comment in _data(as_dict(post.get("comments"))):
            person = as_dict(comment.get("from"))
            if str(person.get("id") or "") == page_id or not _newer(comment.get("created_time"), newest):
                continue  # our own reply, or already read
            entry = _entry(
                guid=f"facebook:comment:{comment.get('id')}",
                url=str(comment.get("permalink_url") or post.get("permalink_url") or ""),
                author=str(person.get("name") or ""),
                text=str(comment.get("message") or ""),
                when=comment.get("created_time"),
                kind="Facebook yorumu",
                context=f"Gönderi: {context}" if context else "",
            )
            if entry:
                entries.append(entry)
    tagged = _get(
        client,
        f"{base}/{page_id}/tagged?" + urlencode({"fields": f"id,message,created_time,permalink_url,{PERSON}"}),
        token,
        state,
    )
    for post in _data(tagged):
        if not _newer(post.get("created_time"), newest):
            continue
        entry = _entry(
            guid=f"facebook:post:{post.get('id')}",
            url=str(post.get("permalink_url") or ""),
            author=str(as_dict(post.get("from")).get("name") or ""),
            text=str(post.get("message") or ""),
            when=post.get("created_time"),
            kind="Facebook'ta anılma",
        )
        if entry:
            entries.append(entry)
    return entries


def _instagram(
    source: Source, client: Client, token: str, state: dict[str, Any], newest: datetime.datetime | None
) -> list[ParsedEntry]:
    base = source.url.rstrip("/") or API
    user_id = str((source.config or {}).get("ig_user_id") or "")
    if not user_id:
        raise CollectError(_("The source names no Instagram account."))
    entries: list[ParsedEntry] = []
    query = urlencode({"fields": IG_MEDIA_FIELDS, "limit": POSTS})
    media = _get(client, f"{base}/{user_id}/media?{query}", token, state)
    for item in _data(media):
        own = str(item.get("username") or "")
        permalink = str(item.get("permalink") or "")
        context = post_title(str(item.get("caption") or ""), 100)
        comments = _data(as_dict(item.get("comments")))
        for comment in [*comments, *(r for c in comments for r in _data(as_dict(c.get("replies"))))]:
            username = str(comment.get("username") or "")
            if (own and username == own) or not _newer(comment.get("timestamp"), newest):
                continue
            entry = _entry(
                guid=f"instagram:comment:{comment.get('id')}",
                url=f"{permalink.rstrip('/')}/c/{comment.get('id')}/" if permalink else "",
                author=f"@{username}" if username else "",
                text=str(comment.get("text") or ""),
                when=comment.get("timestamp"),
                kind="Instagram yorumu",
                context=f"Gönderi: {context}" if context else "",
            )
            if entry:
                entries.append(entry)
    tags = _get(client, f"{base}/{user_id}/tags?" + urlencode({"fields": IG_TAG_FIELDS}), token, state)
    for item in _data(tags):
        if not _newer(item.get("timestamp"), newest):
            continue
        username = str(item.get("username") or "")
        entry = _entry(
            guid=f"instagram:media:{item.get('id')}",
            url=str(item.get("permalink") or ""),
            author=f"@{username}" if username else "",
            text=str(item.get("caption") or ""),
            when=item.get("timestamp"),
            kind="Instagram'da etiketlenme",
        )
        if entry:
            entries.append(entry)
    return entries


def collect(source: Source, *, client: Client, now: datetime.datetime) -> Collected:
    state = dict(source.state or {})
    if int(state.get("usage") or 0) >= USAGE_STOP and state.get("usage_at"):
        waited = now - (parse_iso(state["usage_at"]) or now)
        if waited < datetime.timedelta(minutes=15):
            raise CollectError(
                _("The Graph API usage of this app is at %(usage)s%%; the source waits a few minutes.")
                % {"usage": state["usage"]},
                kind="temporary",
            )
    token = stored_token(source)
    newest = parse_iso(state.get("newest"))
    reader = _instagram if source.kind == Source.Kind.INSTAGRAM else _facebook
    entries = reader(source, client, token, state, newest)
    state["usage_at"] = now.isoformat()
    times = [entry.published_at for entry in entries if entry.published_at]
    if times:
        state["newest"] = max([*times, *([newest] if newest else [])]).isoformat()
    return Collected(entries=clamp_future(entries, now), state=state)
