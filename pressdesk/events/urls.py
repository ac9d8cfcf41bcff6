from django.urls import path

from pressdesk.events import views

app_name = "events"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("new/", views.event_create, name="create"),
    path("halls/", views.hall_list, name="halls"),
    path("rsvp/<str:token>/", views.rsvp, name="rsvp"),
    path("kit/<str:key>/", views.press_kit, name="press_kit"),
    path("kit/<str:key>/photos/<int:photo>/", views.press_kit_photo, name="press_kit_photo"),
    path("slots/<int:pk>/", views.slot_update, name="slot_update"),
    path("photos/<int:pk>/", views.photo_update, name="photo_update"),
    path("checklist/<int:pk>/", views.item_update, name="item_update"),
    path("invitees/<int:pk>/vehicle/", views.vehicle_assign, name="vehicle_assign"),
    path("invitees/<int:pk>/checkin/", views.checkin, name="checkin"),
    path("vehicles/<int:pk>/print/", views.vehicle_print, name="vehicle_print"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("<int:pk>/checklist/", views.item_add, name="item_add"),
    path("<int:pk>/seats/", views.seat_add, name="seat_add"),
    path("<int:pk>/run-sheet/", views.run_sheet, name="run_sheet"),
    path("<int:pk>/invitees/", views.invitee_add, name="invitee_add"),
    path("<int:pk>/invitation/", views.invitation_text, name="invitation_text"),
    path("<int:pk>/invitation/send/", views.invitations_send, name="invitations_send"),
    path("<int:pk>/rsvp-list/", views.rsvp_list, name="rsvp_list"),
    path("<int:pk>/vehicles/", views.vehicle_add, name="vehicle_add"),
    path("<int:pk>/checkin/", views.checkin_list, name="checkin_list"),
    path("<int:pk>/invitation/sms/", views.invitations_sms, name="invitations_sms"),
    path("<int:pk>/slots/", views.slot_add, name="slot_add"),
    path("<int:pk>/afterwards/", views.afterwards_save, name="afterwards_save"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("<int:pk>/story/", views.story_draft, name="story_draft"),
    path("<int:pk>/press-kit/send/", views.press_kit_send, name="press_kit_send"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
]
