from django.urls import path

from pressdesk.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/preview/", views.report_preview, name="report_preview"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/lead/", views.report_edit, name="report_edit"),
    path("<int:pk>/send/", views.report_send, name="report_send"),
    path("<int:pk>/resend/", views.report_resend, name="report_resend"),
    path("settings/", views.settings_view, name="settings"),
    path("recipients/new/", views.recipient_create, name="recipient_create"),
    path("recipients/<int:pk>/edit/", views.recipient_edit, name="recipient_edit"),
    path("recipients/<int:pk>/delete/", views.recipient_delete, name="recipient_delete"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
    path("statistics/export.pdf", views.statistics_pdf, name="statistics_pdf"),
]
