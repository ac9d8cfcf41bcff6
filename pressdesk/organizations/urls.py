from django.urls import path

from pressdesk.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("new/", views.organization_create, name="create"),
    path("<int:pk>/edit/", views.organization_edit, name="edit"),
    path("<int:pk>/active/", views.organization_toggle_active, name="toggle_active"),
    path("processes/", views.process_list, name="process_list"),
    path("processes/<str:code>/", views.process_detail, name="process_detail"),
    path("processes/<str:code>/edit/", views.process_edit, name="process_edit"),
    path("matrix/", views.matrix, name="matrix"),
    path("matrix/<int:pk>/edit/", views.matrix_edit, name="matrix_edit"),
    path("matrix/<int:pk>/delete/", views.matrix_override_delete, name="matrix_override_delete"),
    path("matrix/processes/<str:code>/override/", views.matrix_override, name="matrix_override"),
]
