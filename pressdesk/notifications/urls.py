from django.urls import path

from pressdesk.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/open/", views.open_notification, name="open"),
    path("preferences/", views.preferences, name="preferences"),
]
