"""WordPress: the REST API with an application password (https://developer.wordpress.org/rest-api/).

* ``base_url``: the site; ``account_id``: the user name; credentials:
  ``application_password`` (Users → Profile → Application passwords; HTTP
  Basic authentication over HTTPS).
* Photos: ``POST /wp-json/wp/v2/media`` with the file as the body and a
  ``Content-Disposition`` file name, then its ``alt_text``; the first photo
  becomes the featured image, the others are appended to the content.
* Post: ``POST /wp-json/wp/v2/posts`` (``title``, ``content``, ``excerpt``,
  ``status`` from the channel's options, ``publish`` by default); edit
  ``POST /wp-json/wp/v2/posts/<id>``; delete ``DELETE …/posts/<id>`` (to the
  trash, so the site's editors can still bring it back). Health:
  ``GET /wp-json/wp/v2/users/me``.
* Errors: ``{"code": "rest_cannot_create", "message": …, "data": {"status": 401}}``.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote

import httpx
from django.utils.translation import gettext as _

from pressdesk.channels.adapters.http import UPLOAD_TIMEOUT, HttpAdapter, setting_missing
from pressdesk.channels.base import PostPayload, PublishResult, TokenHealth
from pressdesk.channels.models import Channel


class WordPressAdapter(HttpAdapter):
    kind: str = Channel.Kind.WORDPRESS
    secret_names = ("application_password",)

    def api(self, path: str) -> str:
        return self.url(f"/wp-json/wp/v2{path}")

    def _auth(self) -> httpx.BasicAuth:
        user = (self.channel.account_id or "").strip()
        if not user:
            raise setting_missing(_("User name"))
        return httpx.BasicAuth(user, self.secret("application_password", _("Application password")))

    def _upload(self, payload: PostPayload) -> list[dict[str, Any]]:
        uploaded = []
        for media in self.images(payload):
            filename = quote(media.filename)
            response = self.request(
                "POST",
                self.api("/media"),
                auth=self._auth(),
                headers={
                    "Content-Type": media.content_type,
                    "Content-Disposition": f"attachment; filename*=UTF-8''{filename}",
                },
                content=media.read_bytes(),
                timeout=UPLOAD_TIMEOUT,
            )
            item = self.json(response)
            if media.alt_text:
                self.request(
                    "POST", self.api(f"/media/{item['id']}"), auth=self._auth(), json={"alt_text": media.alt_text}
                )
            uploaded.append({**item, "alt": media.alt_text})
        return uploaded

    def _body(self, payload: PostPayload, uploaded: list[dict[str, Any]]) -> dict[str, Any]:
        content = payload.html or "".join(f"<p>{html.escape(line)}</p>" for line in payload.text.splitlines() if line)
        for item in uploaded[1:]:
            content += (
                f'<figure class="wp-block-image"><img src="{html.escape(str(item.get("source_url", "")))}" '
                f'alt="{html.escape(item["alt"])}"/></figure>'
            )
        body: dict[str, Any] = {
            "title": payload.title or payload.text[:80],
            "content": content,
            "status": self.options.get("post_status", "publish"),
        }
        if payload.html and payload.text:
            body["excerpt"] = payload.text
        if uploaded:
            body["featured_media"] = uploaded[0]["id"]
        return body

    def _result(self, data: dict[str, Any]) -> PublishResult:
        return PublishResult(remote_id=str(data["id"]), url=str(data.get("link") or ""), raw={"id": data["id"]})

    def _publish(self, payload: PostPayload) -> PublishResult:
        uploaded = self._upload(payload)
        response = self.request("POST", self.api("/posts"), auth=self._auth(), json=self._body(payload, uploaded))
        return self._result(self.json(response))

    def _update(self, remote_id: str, payload: PostPayload) -> PublishResult:
        uploaded = self._upload(payload)
        body = self._body(payload, uploaded)
        response = self.request("POST", self.api(f"/posts/{remote_id}"), auth=self._auth(), json=body)
        return self._result(self.json(response))

    def _delete(self, remote_id: str) -> None:
        self.request("DELETE", self.api(f"/posts/{remote_id}"), auth=self._auth())

    def _check(self) -> TokenHealth:
        response = self.request("GET", self.api("/users/me"), auth=self._auth(), params={"context": "edit"})
        data = self.json(response)
        return TokenHealth(ok=True, account=str(data.get("name") or data.get("slug") or ""))
