from django.urls import path

from pressdesk.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("agenda/", views.director_agenda, name="agenda"),
    path("agenda.ics", views.ical, name="ical"),
    path("feed/", views.feed_settings, name="feed_settings"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("statistics/", views.activity_statistics, name="statistics"),
    path("statistics/report.docx", views.activity_report_docx, name="activity_report"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/progress/", views.decision_progress, name="decision_progress"),
    path("checklist/<int:pk>/", views.checklist_item, name="checklist_item"),
    path("requests/<int:pk>/decide/", views.request_decide, name="request_decide"),
    path("requests/<int:pk>/move/", views.request_move, name="request_move"),
    path("requests/<int:pk>/attachment/", views.request_attachment, name="request_attachment"),
    path("minutes/<int:pk>/docx/", views.minutes_docx, name="minutes_docx"),
    path("minutes/<int:pk>/pdf/", views.minutes_pdf, name="minutes_pdf"),
    path("vtc/", views.room_list, name="rooms"),
    path("vtc/<int:pk>/", views.room_detail, name="room"),
    path("vtc/<int:pk>/test/", views.room_test, name="room_test"),
    path("vtc/faults/<int:pk>/resolve/", views.fault_resolve, name="fault_resolve"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/request/", views.request_create, name="request"),
    path("<int:pk>/agenda/approve/", views.agenda_approve, name="agenda_approve"),
    path("<int:pk>/invitation.ics", views.meeting_ics, name="meeting_ics"),
    path("<int:pk>/minutes/", views.minutes_edit, name="minutes"),
    path("<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("<int:pk>/minutes/submit/", views.minutes_submit, name="minutes_submit"),
    path("<int:pk>/minutes/correct/", views.minutes_correct, name="minutes_correct"),
    path("<int:pk>/letters/notice/", views.letter_notice, name="letter_notice"),
    path("<int:pk>/letters/decisions/", views.letter_decisions, name="letter_decisions"),
]
