from django.urls import path

from pressdesk.mediarelations import views

app_name = "mediarelations"

urlpatterns = [
    path("", views.contact_list, name="contacts"),
    path("new/", views.contact_create, name="contact_create"),
    path("import/", views.import_contacts, name="import"),
    path("export/", views.export, name="export"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("lists/", views.lists, name="lists"),
    path("privacy/", views.privacy, name="privacy"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<int:pk>/", views.contact_detail, name="contact"),
    path("<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/log/", views.log_interaction, name="log"),
    path("<int:pk>/lists/", views.membership, name="membership"),
    path("<int:pk>/erase/", views.erase, name="erase"),
]
