from django.urls import path

from pressdesk.tasks import views

app_name = "tasks"
urlpatterns = [
    path("my-work/", views.inbox, name="inbox"),
    path("tasks/", views.task_list, name="list"),
    path("tasks/new/", views.task_create, name="create"),
    path("requests/new/", views.work_request, name="request"),
    path("tasks/<int:pk>/", views.task_detail, name="detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="edit"),
    path("tasks/<int:pk>/comment/", views.task_comment, name="comment"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="complete"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="reopen"),
    path("tasks/<int:pk>/cancel/", views.task_cancel, name="cancel"),
    path("tasks/<int:pk>/attachments/", views.task_attach, name="attach"),
    path("tasks/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
]
