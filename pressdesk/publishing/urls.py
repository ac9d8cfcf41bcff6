from django.urls import path

from pressdesk.publishing import views

app_name = "publishing"

urlpatterns = [
    path("", views.story_list, name="list"),
    path("new/", views.story_create, name="create"),
    path("<int:pk>/", views.story_detail, name="detail"),
    path("<int:pk>/edit/", views.story_edit, name="edit"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("photos/<int:pk>/", views.photo_file, name="photo"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("<int:pk>/submit/", views.submit_to_unit, name="submit_to_unit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/comment/", views.comment, name="comment"),
    path("<int:pk>/approval/", views.submit_for_approval, name="submit_for_approval"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/unpublish/", views.unpublish, name="unpublish"),
    path("<int:pk>/press-mail/", views.email_press, name="email_press"),
    path("<int:pk>/press-mail/resend/", views.press_resend, name="press_resend"),
    path("<int:pk>/website-copy/", views.copy_for_website, name="copy_for_website"),
    path("<int:pk>/website-copy/images.zip", views.website_zip, name="website_zip"),
    path("posts/<int:pk>/retry/", views.publication_retry, name="publication_retry"),
    path("posts/<int:pk>/edit/", views.publication_edit, name="publication_edit"),
    path("posts/<int:pk>/delete/", views.publication_delete, name="publication_delete"),
    path("calendar/", views.content_calendar, name="calendar"),
    path("press-list/", views.contact_list, name="contacts"),
    path("press-list/<int:pk>/", views.contact_edit, name="contact_edit"),
    path("newsroom-settings/", views.newsroom_settings, name="newsroom_settings"),
    path("from-monitoring/<int:pk>/", views.draft_from_story, name="draft_from_story"),
]
