from django.urls import path

from pressdesk.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("processes/", views.process_list, name="process_list"),
    path("matrix/", views.matrix, name="matrix"),
]
