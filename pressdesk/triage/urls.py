from django.urls import path

from pressdesk.triage import views

app_name = "triage"

urlpatterns = [
    path("", views.live, name="live"),
    path("poll/", views.poll, name="poll"),
    path("stories/<int:pk>/", views.story, name="story"),
    path("stories/<int:pk>/triage/", views.update, name="update"),
    path("stories/<int:pk>/assign/", views.assign, name="assign"),
    path("stories/<int:pk>/note/", views.note, name="note"),
    path("stories/<int:pk>/forward/", views.forward, name="forward"),
    path("stories/<int:pk>/forwards/<int:forward_pk>/resend/", views.resend_forward, name="resend_forward"),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/new/", views.rule_create, name="rule_create"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("preferences/", views.preferences, name="preferences"),
]
