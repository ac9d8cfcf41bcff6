from django.urls import path

from pressdesk.monitoring import listening_views, views, websub_views

app_name = "monitoring"
urlpatterns = [
    path("", views.story_list, name="story_list"),
    path("stories/<int:pk>/", views.story_detail, name="story_detail"),
    path("archive/", views.archive, name="archive"),
    path("archive/export.xlsx", views.archive_export, name="archive_export"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/new/", views.source_create, name="source_create"),
    path("sources/<int:pk>/", views.source_detail, name="source_detail"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("sources/<int:pk>/poll/", views.source_poll, name="source_poll"),
    path("sources/<int:pk>/toggle/", views.source_toggle, name="source_toggle"),
    path("clips/new/", views.clip_add, name="clip_add"),
    path("clips/<int:pk>/", views.clip_status, name="clip_status"),
    path("clips/manual/", views.clip_manual, name="clip_manual"),
    path("clips/files/<int:pk>/", views.clip_file, name="clip_file"),
    path("clips/broadcast/", listening_views.clip_broadcast, name="clip_broadcast"),
    path("services/", listening_views.clipping_services, name="clipping_services"),
    path("services/<int:pk>/import/", listening_views.clipping_import, name="clipping_import"),
    path("services/ministry/", listening_views.ministry_report_upload, name="ministry_report_upload"),
    path("services/ministry/<int:pk>/", listening_views.ministry_report_file, name="ministry_report_file"),
    path("streams/", listening_views.stream_health, name="stream_health"),
    path("websub/<str:token>/", websub_views.callback, name="websub_callback"),
    path("terms/", views.term_list, name="term_list"),
    path("terms/new/", views.term_create, name="term_create"),
    path("terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path("terms/test/", views.term_test, name="term_test"),
    path("terms/<int:pk>/backfill/", views.term_backfill, name="term_backfill"),
]
