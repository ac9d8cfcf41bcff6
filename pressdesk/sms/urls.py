from django.urls import path

from pressdesk.sms import views

app_name = "sms"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.create, name="create"),
    path("count/", views.count, name="count"),
    path("staff/", views.contacts, name="contacts"),
    path("staff/import/", views.import_contacts, name="import"),
    path("staff/<int:pk>/opt-out/", views.opt_out, name="opt_out"),
    path("staff/lists/new/", views.list_create, name="list_create"),
    path("outside/", views.outside, name="outside"),
    path("verimor/push/<str:token>/", views.verimor_push, name="verimor_push"),
    path("outside/lists/new/", views.outside_list_create, name="outside_list_create"),
    path("outside/lists/<int:pk>/", views.outside_list_edit, name="outside_list_edit"),
    path("outside/<int:pk>/opt-out/", views.outside_opt_out, name="outside_opt_out"),
    path("rules/", views.rules, name="rules"),
    path("rules/new/", views.rule_form, name="rule_create"),
    path("rules/<int:pk>/", views.rule_form, name="rule_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/pause/", views.pause, name="pause"),
    path("<int:pk>/resume/", views.resume, name="resume"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/reports/", views.reports, name="reports"),
    path("<int:pk>/export/", views.export, name="export"),
]
