from django.http import HttpResponse
from django.shortcuts import render

from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.tasks import inbox as inbox_registry
from pressdesk.tasks.queries import get_task_for_user, tasks_visible_to


def inbox(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "tasks/inbox.html", {"items": inbox_registry.items_for(request.user)})


def task_list(request: AuthedHttpRequest) -> HttpResponse:
    return render(request, "tasks/task_list.html", {"tasks": tasks_visible_to(request.user)[:50]})


def task_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return render(request, "tasks/task_detail.html", {"task": get_task_for_user(request.user, pk)})
