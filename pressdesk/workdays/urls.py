from django.urls import path

from pressdesk.workdays import views

app_name = "workdays"

urlpatterns = [
    path("", views.holiday_list, name="list"),
    path("new/", views.holiday_create, name="create"),
    path("<int:pk>/edit/", views.holiday_edit, name="edit"),
    path("<int:pk>/delete/", views.holiday_delete, name="delete"),
]
