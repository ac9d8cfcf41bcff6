"""X (Twitter) through its official API v2 with an app-only bearer token.

* Search (``config["mode"] == "search"``): ``GET /2/tweets/search/recent`` — posts of
  the last 7 days. The query is the source's own words, or, when it has none, the
  province's active watch terms translated to X's query syntax and packed into as few
  queries as the tier's length limit allows (``compile_queries``; 512 characters on
  the smallest tier, ``config["query_limit"]``). Each query keeps its own ``since_id``.
* Account (``config["mode"] == "account"``): ``GET /2/users/by/username/:username``
  once for the id, then ``GET /2/users/:id/tweets``, continuing from ``since_id``.

X's search is a recall filter only: every post read goes through the same ingest as
any other item, where the Turkish watch-term matcher decides what matches (so a
``NOT`` that X cannot express exactly costs only a few more posts read, never a
false match).

Limits: the answer's ``x-rate-limit-remaining``/``x-rate-limit-reset`` are kept in
``source.state["rate"]`` and a poll stops early when the window is spent; a 429 waits
for the reset (``Retry-After`` from ``x-rate-limit-reset``); the posts read this month
are counted in ``state["usage"]`` against ``config["monthly_cap"]`` (the plan's
monthly read cap): at the cap the source stops reading until the month turns, and
says so on its page. 401 (expired or revoked token), 403 (the plan or the app may not
use the endpoint) and the "usage capped" answer become a clear message on the source.
The token is never logged: it travels only in the ``Authorization`` header.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from collections.abc import Iterable
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
    stored_token,
)

API = "https://api.x.com"
PAGE_SIZE = 100  # X allows 10–100 per page
MAX_PAGES = 3  # per query and poll: 300 posts, then the next poll goes on from since_id
DEFAULT_QUERY_LIMIT = 512  # characters, the smallest paid tier
DEFAULT_MONTHLY_CAP = 10_000  # posts read per month, the smallest paid tier
QUERY_SUFFIX = " -is:retweet"  # a retweet repeats a post we already read
TWEET_FIELDS = "created_at,author_id,lang,public_metrics,entities"
USERNAME = re.compile(r"^@?(?P<name>[A-Za-z0-9_]{1,15})$")
PROFILE_URL = re.compile(r"^https://(?:www\.)?(?:x|twitter)\.com/(?P<name>[A-Za-z0-9_]{1,15})/?$", re.IGNORECASE)


def parse_username(value: str) -> str | None:
    """``@kocaeliism``, ``kocaeliism`` or ``https://x.com/kocaeliism`` → ``kocaeliism``."""
    value = (value or "").strip()
    match = USERNAME.match(value) or PROFILE_URL.match(value)
    return match["name"] if match else None


# --------------------------------------------------------------------------- query translation


def translate_term(query: str) -> str:
    """One watch term in X's query syntax, matching at least what the term matches.

    Words and phrases stay (X matches whole words, case-insensitively); AND is a space,
    OR stays, parentheses stay; NOT and ``-`` are left out (the local matcher applies
    them: X would otherwise need the exclusion inside every packed query); ``NEAR/n``
    becomes AND; ``title:`` is dropped (a post has no title); ``site:host`` becomes
    ``url:host``; a suffix wildcard ``hastane*`` becomes its stem (X has no wildcard).
    Returns ``""`` for a term X cannot search (only exclusions).
    """
    from pressdesk.monitoring.matching import _lex  # the watch-term lexer, one definition of the syntax

    tokens = _lex(query)
    out: list[str] = []
    skip_operand = 0  # > 0 while inside a negated operand
    depth_at_not: list[int] = []
    depth = 0
    field = ""
    for token in tokens:
        kind = token.kind
        if skip_operand:
            if kind == "LPAREN":
                depth += 1
            elif kind == "RPAREN":
                depth -= 1
            if depth == depth_at_not[-1] and kind not in {"NOT", "MINUS", "FIELD", "LPAREN"}:
                skip_operand -= 1
                depth_at_not.pop()
            continue
        if kind in {"NOT", "MINUS"}:
            skip_operand += 1
            depth_at_not.append(depth)
            _drop_dangling_operator(out)
            continue
        if kind == "LPAREN":
            depth += 1
            out.append("(")
        elif kind == "RPAREN":
            depth -= 1
            _drop_dangling_operator(out)
            if out and out[-1] == "(":
                out.pop()  # an emptied group
            else:
                out.append(")")
        elif kind == "OR":
            if out and out[-1] not in {"(", "OR"}:
                out.append("OR")
        elif kind in {"AND", "NEAR"}:
            continue
        elif kind == "FIELD":
            field = token.value
        elif kind in {"WORD", "PHRASE"}:
            text = " ".join(token.value.replace('"', " ").split()).rstrip("*").strip()
            if field == "site":
                host = text.lower().removeprefix("www.")
                out.append(f"url:{_quote_if_needed(host)}" if host else "")
            elif text:
                out.append(f'"{text}"' if kind == "PHRASE" or " " in text else text)
            field = ""
    _drop_dangling_operator(out)
    words = [part for part in out if part]
    text = " ".join(words).replace("( ", "(").replace(" )", ")")
    return text if any(part not in {"(", ")", "OR"} for part in words) else ""


def _drop_dangling_operator(out: list[str]) -> None:
    while out and out[-1] == "OR":
        out.pop()


def _quote_if_needed(value: str) -> str:
    return f'"{value}"' if any(ch in value for ch in ' ():"') else value


def _grouped(fragment: str) -> str:
    """A fragment safe to join with OR: one word or one phrase as it is, anything else in parentheses."""
    single_phrase = fragment.startswith('"') and fragment.endswith('"') and fragment.count('"') == 2
    if single_phrase or " " not in fragment:
        return fragment
    return f"({fragment})"


def compile_queries(terms: Iterable[str], *, limit: int = DEFAULT_QUERY_LIMIT, suffix: str = QUERY_SUFFIX) -> list[str]:
    """The watch terms as the fewest X queries of at most ``limit`` characters.

    Each term is translated (``translate_term``), duplicates dropped, and the fragments
    packed with ``OR`` (in parentheses) by first-fit decreasing (the longest first, each into the first
    query it fits). A single fragment longer than the limit is left out: the caller shows it.
    """
    fragments: list[str] = []
    seen: set[str] = set()
    for query in terms:
        try:
            translated = translate_term(query)
        except ValueError:
            continue
        if translated and translated.casefold() not in seen:
            seen.add(translated.casefold())
            fragments.append(_grouped(translated))
    room = limit - len(suffix)
    bins: list[list[str]] = []
    sizes: list[int] = []
    for fragment in sorted(fragments, key=len, reverse=True):
        if len(fragment) > room:
            continue
        for i, size in enumerate(sizes):
            if size + len(" OR ") + len(fragment) + 2 <= room:  # 2: the group's parentheses
                bins[i].append(fragment)
                sizes[i] = size + len(" OR ") + len(fragment)
                break
        else:
            bins.append([fragment])
            sizes.append(len(fragment))
    return [_join(group) + suffix for group in bins]


def _join(group: list[str]) -> str:
    # X applies AND before OR: the alternatives are grouped, so the suffix applies to all of them.
    return group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")"


def too_long_terms(terms: Iterable[str], *, limit: int = DEFAULT_QUERY_LIMIT) -> list[str]:
    """The terms whose translation alone is longer than one query may be."""
    room = limit - len(QUERY_SUFFIX)
    result = []
    for query in terms:
        try:
            if len(_grouped(translate_term(query))) > room:
                result.append(query)
        except ValueError:
            continue
    return result


# --------------------------------------------------------------------------- the API


def _api_error(exc: fetching.HTTPStatusError) -> CollectError | fetching.FetchError:
    """X's problem document as a message staff can act on."""
    try:
        problem = as_dict(json.loads(exc.body or b"{}"))
    except ValueError:
        problem = {}
    title = str(problem.get("title") or "")
    problem_type = str(problem.get("type") or "")
    if exc.status == 401:
        return CollectError(
            _("X refused the access token (expired or revoked): create a new bearer token and enter it."),
            kind="hard",
            status=401,
        )
    if exc.status == 403:
        return CollectError(
            _("X does not allow this app to use this endpoint (the plan or the app's permissions): %(detail)s")
            % {"detail": str(problem.get("detail") or title) or "forbidden"},
            kind="hard",
            status=403,
        )
    if exc.status == 429 and ("usage-capped" in problem_type or title == "UsageCapExceeded"):
        error = fetching.HTTPStatusError(
            _("The X plan's monthly read cap is reached: reading resumes next month."), status=429
        )
        error.retry_after = exc.retry_after or _seconds_until_reset(exc.headers) or 6 * 3600
        return error
    if exc.status == 429:
        error = fetching.HTTPStatusError(_("X's request limit for this window is spent."), status=429)
        error.retry_after = exc.retry_after or _seconds_until_reset(exc.headers)
        return error
    return exc


def _seconds_until_reset(headers: dict[str, str]) -> int | None:
    try:
        reset = int(headers.get("x-rate-limit-reset", ""))
    except ValueError:
        return None
    return max(1, reset - int(datetime.datetime.now(datetime.UTC).timestamp()))


def _get(client: Client, url: str, token: str, state: dict[str, Any]) -> dict[str, Any]:
    try:
        result = client.get(url, headers={"Authorization": f"Bearer {token}"})
    except fetching.HTTPStatusError as exc:
        _remember_rate(state, exc.headers)
        raise _api_error(exc) from exc
    _remember_rate(state, result.headers)
    try:
        answer = json.loads(result.body)
    except (ValueError, RecursionError) as exc:
        raise FeedParseError(f"The answer is not JSON: {exc}") from exc
    if not isinstance(answer, dict):
        raise FeedParseError("The answer is not a JSON object.")
    return answer


def _remember_rate(state: dict[str, Any], headers: dict[str, str]) -> None:
    try:
        remaining = int(headers["x-rate-limit-remaining"])
        reset = int(headers["x-rate-limit-reset"])
    except (KeyError, ValueError):
        return
    state["rate"] = {"remaining": remaining, "reset": reset, "limit": int(headers.get("x-rate-limit-limit") or 0)}


def _window_spent(state: dict[str, Any], now: datetime.datetime) -> bool:
    rate = state.get("rate") or {}
    return bool(rate) and rate.get("remaining", 1) <= 0 and rate.get("reset", 0) > now.timestamp()


def _usage(state: dict[str, Any], now: datetime.datetime) -> dict[str, Any]:
    month = now.strftime("%Y-%m")
    usage = state.get("usage") or {}
    if usage.get("month") != month:
        usage = {"month": month, "read": 0}
    state["usage"] = usage
    return usage


def monthly_cap(source: Source) -> int:
    try:
        return max(0, int((source.config or {}).get("monthly_cap") or DEFAULT_MONTHLY_CAP))
    except (TypeError, ValueError):
        return DEFAULT_MONTHLY_CAP


def quota(source: Source, now: datetime.datetime) -> dict[str, Any]:
    """What the source page shows: posts read this month against the cap, the request window."""
    state = dict(source.state or {})
    usage = _usage(state, now)
    cap = monthly_cap(source)
    rate = state.get("rate") or {}
    reset = rate.get("reset")
    return {
        "read": usage["read"],
        "cap": cap,
        "left": max(0, cap - usage["read"]),
        "requests_left": rate.get("remaining"),
        "requests_limit": rate.get("limit"),
        "resets_at": datetime.datetime.fromtimestamp(reset, datetime.UTC) if reset else None,
        "queries": state.get("queries") or [],
    }


def entry_from_post(post: dict[str, Any], users: dict[str, dict[str, Any]]) -> ParsedEntry | None:
    post_id = str(post.get("id") or "")
    text = str(post.get("text") or "").strip()
    if not post_id.isdigit() or not text:
        return None
    author = users.get(str(post.get("author_id") or ""), {})
    username = str(author.get("username") or "i")
    url = f"https://x.com/{username}/status/{post_id}"
    name = str(author.get("name") or username)
    first_line = " ".join(text.split("\n", 1)[0].split())
    title = f"@{username}: {first_line}" if username != "i" else first_line
    return ParsedEntry(
        guid=url,
        url=url,
        title=title[:300],
        text=f"{name} (@{username}): {text}" if username != "i" else text,
        published_at=parse_iso(post.get("created_at")),
    )


def _users(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    users = as_dict(answer.get("includes")).get("users") or []
    return {str(user.get("id")): user for user in users if isinstance(user, dict)}


def _read_pages(
    client: Client,
    base_url: str,
    params: dict[str, Any],
    *,
    token: str,
    state: dict[str, Any],
    cursor: dict[str, Any],
    page_param: str,
    now: datetime.datetime,
    budget: int,
) -> tuple[list[ParsedEntry], int]:
    """Pages newer than ``cursor["since_id"]``; returns the entries and the posts read."""
    since_id = int(cursor.get("since_id") or 0)
    entries: list[ParsedEntry] = []
    read = 0
    newest = since_id
    token_next = ""
    for _page in range(MAX_PAGES):
        if budget - read <= 0 or _window_spent(state, now):
            break
        query = dict(params, max_results=max(10, min(PAGE_SIZE, budget - read)))
        query["tweet.fields"] = TWEET_FIELDS
        query["expansions"] = "author_id"
        query["user.fields"] = "username,name,public_metrics"
        if since_id:
            query["since_id"] = since_id
        if token_next:
            query[page_param] = token_next
        answer = _get(client, f"{base_url}?{urlencode(query)}", token, state)
        posts = [post for post in answer.get("data") or [] if isinstance(post, dict)]
        read += len(posts)
        users = _users(answer)
        entries.extend(entry for entry in (entry_from_post(post, users) for post in posts) if entry is not None)
        for post in posts:
            post_id = str(post.get("id") or "")
            if post_id.isdigit():
                newest = max(newest, int(post_id))
        token_next = str(as_dict(answer.get("meta")).get("next_token") or "")
        if not token_next or not since_id:
            break  # the first check takes the newest page as its baseline
    if newest:
        cursor["since_id"] = str(newest)
    return entries, read


def _watch_term_queries(source: Source) -> list[str]:
    from pressdesk.monitoring.models import WatchTerm
    from pressdesk.organizations.queries import province_of

    province = province_of(source.organization) if source.organization_id else None
    terms = WatchTerm.objects.filter(is_active=True)
    if province is not None:
        terms = terms.filter(province=province)
    return list(terms.order_by("pk").values_list("query", flat=True))


def collect(source: Source, *, client: Client, now: datetime.datetime) -> Collected:
    # A deep copy: the cursors and counters are nested, and an unchanged state is not saved.
    state = copy.deepcopy(source.state or {})
    config = source.config or {}
    token = stored_token(source)
    usage = _usage(state, now)
    cap = monthly_cap(source)
    if usage["read"] >= cap:
        raise CollectError(
            _("The monthly read cap of this X source (%(cap)s posts) is reached; reading resumes next month.")
            % {"cap": cap},
            kind="temporary",
        )
    base = source.url.rstrip("/") or API
    entries: list[ParsedEntry] = []
    if config.get("mode") == "account":
        username = str(config.get("username") or "")
        if not username:
            raise CollectError(_("The source names no X account."))
        if state.get("username") != username or not state.get("user_id"):
            found = as_dict(_get(client, f"{base}/2/users/by/username/{username}", token, state).get("data"))
            if not str(found.get("id") or "").isdigit():
                raise CollectError(_("The X account @%(name)s was not found.") % {"name": username})
            state["user_id"], state["username"] = str(found["id"]), username
            state.pop("account", None)
        cursor = state.setdefault("account", {})
        found_entries, read = _read_pages(
            client,
            f"{base}/2/users/{state['user_id']}/tweets",
            {"exclude": "retweets"},
            token=token,
            state=state,
            cursor=cursor,
            page_param="pagination_token",
            now=now,
            budget=cap - usage["read"],
        )
        entries.extend(found_entries)
        usage["read"] += read
    else:
        limit = int(config.get("query_limit") or DEFAULT_QUERY_LIMIT)
        own = str(config.get("query") or "").strip()
        queries = [own[:limit]] if own else compile_queries(_watch_term_queries(source), limit=limit)
        if not queries:
            raise CollectError(_("There is nothing to search on X: add watch terms or search words."))
        cursors: dict[str, Any] = {
            query: cursor for query, cursor in (state.get("cursors") or {}).items() if query in queries
        }
        for query in queries:
            if usage["read"] >= cap or _window_spent(state, now):
                break
            cursor = cursors.setdefault(query, {})
            found_entries, read = _read_pages(
                client,
                f"{base}/2/tweets/search/recent",
                {"query": query},
                token=token,
                state=state,
                cursor=cursor,
                page_param="next_token",
                now=now,
                budget=cap - usage["read"],
            )
            entries.extend(found_entries)
            usage["read"] += read
        state["cursors"] = cursors
        state["queries"] = queries
    return Collected(entries=clamp_future(entries, now), state=state)
