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

urlpatterns += [
    path("releases/", views.release_list, name="releases"),
    path("releases/new/", views.release_create, name="release_create"),
    path("releases/report/", views.report, name="report"),
    path("releases/report/export/", views.report_export, name="report_export"),
    path("releases/report/pdf/", views.report_pdf, name="report_pdf"),
    path("releases/<int:pk>/", views.release_detail, name="release"),
    path("releases/<int:pk>/report.pdf", views.release_report_pdf, name="release_report_pdf"),
    path("releases/<int:pk>/pick/", views.release_pick, name="release_pick"),
    path("releases/<int:pk>/items/", views.release_item_add, name="release_item_add"),
    path("releases/<int:pk>/items/<int:item_pk>/remove/", views.release_item_remove, name="release_item_remove"),
    path("releases/<int:pk>/items/<int:item_pk>/photo/", views.release_item_photo, name="release_item_photo"),
    path("releases/<int:pk>/submit/", views.release_submit, name="release_submit"),
    path("releases/<int:pk>/send/", views.release_send, name="release_send"),
    path("releases/<int:pk>/deliveries/<int:delivery_pk>/resend/", views.delivery_resend, name="delivery_resend"),
    path("releases/<int:pk>/deliveries/<int:delivery_pk>/bounced/", views.delivery_bounced, name="delivery_bounced"),
    path("releases/<int:pk>/coverage/", views.coverage_add, name="coverage_add"),
    path("releases/<int:pk>/coverage/<int:coverage_pk>/remove/", views.coverage_remove, name="coverage_remove"),
    path("bulletins/", views.public_bulletins, name="public_bulletins"),
    path("bulletins/<int:pk>/", views.public_bulletin, name="public_bulletin"),
    path("kit/<str:token>/", views.kit, name="kit"),
]
