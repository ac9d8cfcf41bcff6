"""Points where other modules take part in publishing without publishing importing them.

Each module registers its callables in its ``AppConfig.ready``:

* ``publish_checks``: ``story -> list[str]``, the reasons the story may not be published or
  scheduled now (the creative studio: a library photo whose consent or rights do not allow it).
  ``publish`` refuses with them; ``publish_due`` leaves such a story scheduled.
* ``approval_sources``: ``story -> str | None``; for a story another module made from content
  approved in its own chain (a special day's package, process 3.5), ``""`` when that approval
  covers the story as it is now, a reason when it does not, ``None`` when the story is not its.
  Used only when the story has no approval flow of its own.
* ``video_sources``: ``story -> list[MediaFile]``, video files attached to the story (YouTube
  uploads the first one).
* ``newsroom_videos``: ``story -> list[dict]`` with ``url``, ``poster`` and ``title`` of the
  videos the public story page plays (public addresses the module serves itself), and
  ``staff_url``, ``staff_poster``: the same videos for the internal story page (addresses served
  to the story's signed-in readers, whatever the story's status).
* ``photo_pickers``: ``(story, user) -> {"url", "label"} | None``, where the story's page offers
  to pick its photos from elsewhere (the creative studio's asset library); ``None`` for a user
  who may not use it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pressdesk.accounts.models import User
    from pressdesk.channels.base import MediaFile
    from pressdesk.publishing.models import NewsStory

publish_checks: list[Callable[[NewsStory], list[str]]] = []
approval_sources: list[Callable[[NewsStory], str | None]] = []
video_sources: list[Callable[[NewsStory], list[MediaFile]]] = []
newsroom_videos: list[Callable[[NewsStory], list[dict[str, str]]]] = []
photo_pickers: list[Callable[[NewsStory, User], dict[str, str] | None]] = []


def register(
    *,
    publish_check: Callable[[NewsStory], list[str]] | None = None,
    approval_source: Callable[[NewsStory], str | None] | None = None,
    video_source: Callable[[NewsStory], list[MediaFile]] | None = None,
    newsroom_video: Callable[[NewsStory], list[dict[str, str]]] | None = None,
    photo_picker: Callable[[NewsStory, User], dict[str, str] | None] | None = None,
) -> None:
    for registry, item in (
        (publish_checks, publish_check),
        (approval_sources, approval_source),
        (video_sources, video_source),
        (newsroom_videos, newsroom_video),
        (photo_pickers, photo_picker),
    ):
        if item is not None and item not in registry:
            registry.append(item)  # type: ignore[arg-type]


def publish_problems(story: NewsStory) -> list[str]:
    return [problem for check in publish_checks for problem in check(story)]


def outside_approval(story: NewsStory) -> str | None:
    for source in approval_sources:
        answer = source(story)
        if answer is not None:
            return answer
    return None


def videos(story: NewsStory) -> list[MediaFile]:
    return [video for source in video_sources for video in source(story)]


def public_videos(story: NewsStory) -> list[dict[str, str]]:
    return [video for source in newsroom_videos for video in source(story)]


def staff_videos(story: NewsStory) -> list[dict[str, str]]:
    """The players of the internal story page: the same videos, at their internal addresses."""
    return [
        {"url": video["staff_url"], "poster": video["staff_poster"], "title": video["title"]}
        for source in newsroom_videos
        for video in source(story)
        if video.get("staff_url")
    ]


def photo_picker_links(story: NewsStory, user: User) -> list[dict[str, str]]:
    return [link for picker in photo_pickers if (link := picker(story, user)) is not None]
