from django.urls import path

from pressdesk.tasks import views

app_name = "tasks"
urlpatterns = [
    path("my-work/", views.inbox, name="inbox"),
    path("tasks/", views.task_list, name="list"),
    path("tasks/<int:pk>/", views.task_detail, name="detail"),
]
