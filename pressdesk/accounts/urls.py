from django.urls import path

from pressdesk.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="list"),
    path("new/", views.user_create, name="create"),
    path("<int:pk>/", views.user_detail, name="detail"),
    path("<int:pk>/edit/", views.user_edit, name="edit"),
    path("<int:pk>/active/", views.user_toggle_active, name="toggle_active"),
    path("<int:pk>/password-link/", views.user_send_password_link, name="send_password_link"),
    path("import/", views.user_import, name="import"),
    path("import/template.xlsx", views.user_import_template, name="import_template"),
    path("import/<uuid:token>/", views.user_import_confirm, name="import_confirm"),
]
