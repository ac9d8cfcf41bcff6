"""Actions other modules offer on a monitored story (3.1 step 4, 3.2).

A module registers an action in its ``AppConfig.ready``; the story screens
render every action available to the user as a POST button to the action's
URL (which takes the story's ``pk``). Monitoring so knows nothing of the
modules that consume its stories (information notes, publishing, …).

    story_actions.register(StoryAction(
        key="information_note", label=_("Request an information note"),
        url_name="infonotes:open_from_story", icon="bi-file-earmark-medical",
        available=lambda user, story: user.is_unit_member,
    ))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class StoryAction:
    key: str
    label: Any  # a lazy translation
    url_name: str
    icon: str = "bi-box-arrow-up-right"
    style: str = "outline-secondary"
    available: Callable[[Any, Any], bool] = lambda user, story: True

    def url(self, story: Any) -> str:
        return reverse(self.url_name, kwargs={"pk": story.pk})


_ACTIONS: dict[str, StoryAction] = {}


def register(action: StoryAction) -> None:
    _ACTIONS[action.key] = action


def actions_for(user: Any, story: Any) -> list[StoryAction]:
    """The registered actions ``user`` may take on ``story``, in registration order."""
    return [action for action in _ACTIONS.values() if action.available(user, story)]
