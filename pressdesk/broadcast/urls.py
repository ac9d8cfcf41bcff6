from django.urls import path

from pressdesk.broadcast import views

app_name = "broadcast"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.create, name="create"),
    path("apply/", views.apply, name="apply"),
    path("briefing/", views.briefing, name="briefing"),
    path("statistics/", views.statistics, name="statistics"),
    path("request/", views.public_form, name="public_form"),
    path("request/confirm/<str:token>/", views.public_confirm, name="public_confirm"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/letter/", views.letter, name="letter"),
    path("<int:pk>/permit-sent/", views.permit_sent, name="permit_sent"),
    path("<int:pk>/announce/", views.announce, name="announce"),
    path("<int:pk>/aired/", views.aired, name="aired"),
    path("<int:pk>/recording/", views.recording, name="recording"),
    path("calendar/", views.calendar, name="calendar"),
]
