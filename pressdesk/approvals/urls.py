from django.urls import path

from pressdesk.approvals import views

app_name = "approvals"
urlpatterns = [
    path("", views.flow_list, name="list"),
    path("<int:pk>/", views.flow_detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/external/", views.send_external, name="send_external"),
    path("<int:pk>/external/<int:external_pk>/record/", views.record_external, name="record_external"),
    path("<int:pk>/external/<int:external_pk>/evidence/", views.external_evidence, name="external_evidence"),
    path("deputies/", views.deputies, name="deputies"),
    path("x/<str:token>/", views.external_link, name="external"),
]
