"""The directorate's public newsroom: no log-in, published stories only."""

from django.urls import path

from pressdesk.publishing import public_views

app_name = "newsroom"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("feed.xml", public_views.feed, name="feed"),
    path("about/", public_views.about, name="about"),
    path("t/o/<str:token>.gif", public_views.press_mail_opened, name="press_mail_opened"),
    path("t/c/<str:token>/", public_views.press_mail_clicked, name="press_mail_clicked"),
    path("tag/<slug:slug>/", public_views.tag, name="tag"),
    path("<int:pk>/", public_views.story_redirect, name="story_short"),
    path("<int:pk>/<slug:slug>/", public_views.story, name="story"),
    path("<int:pk>/media-kit.zip", public_views.media_kit, name="media_kit"),
    path("photos/<int:pk>/<str:size>/", public_views.photo, name="photo"),
    path("unsubscribe/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
]
