from django.urls import path

from pressdesk.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="list"),
    path("import/", views.user_import, name="import"),
]
