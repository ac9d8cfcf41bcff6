"""The public WebSub callback: the hub's verification (GET) and content distribution (POST).

No login and no CSRF token: the unguessable token in the address picks the subscription,
and a pushed body is kept only when its ``X-Hub-Signature`` matches the subscription's secret.
The request does no parsing or ingest: a background task does (``websub.ingest_delivery``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from pressdesk.monitoring import websub


@login_not_required
@csrf_exempt  # a hub posts without a form: the token in the address and the signature are the credentials
@require_http_methods(["GET", "POST"])
def callback(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        challenge = websub.verify_intent(token, {key: request.GET.get(key, "") for key in request.GET})
        if challenge is None:
            return HttpResponse(status=404)
        return HttpResponse(challenge, content_type="text/plain; charset=utf-8")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > websub.MAX_BODY:
        return HttpResponse(status=413)
    body = request.read(websub.MAX_BODY + 1)
    if len(body) > websub.MAX_BODY:
        return HttpResponse(status=413)
    status = websub.receive(
        token,
        body,
        signature=request.headers.get("X-Hub-Signature", ""),
        content_type=request.headers.get("Content-Type", ""),
    )
    return HttpResponse(status=status or 404)
