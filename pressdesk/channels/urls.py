from django.urls import path

from pressdesk.channels import views

app_name = "channels"

urlpatterns = [
    path("", views.channel_list, name="list"),
    path("new/", views.channel_create, name="create"),
    path("<int:pk>/", views.channel_edit, name="edit"),
    path("<int:pk>/check/", views.channel_check, name="check"),
    path("<int:pk>/delete/", views.channel_delete, name="delete"),
]
