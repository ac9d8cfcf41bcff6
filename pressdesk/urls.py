from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from pressdesk import views

urlpatterns = [
    path("", include("pressdesk.dashboard.urls")),  # the home screen, URL name "home"
    path("healthz", views.healthz_ready, name="healthz"),
    path("healthz/live", views.healthz_live, name="healthz_live"),
    path("healthz/ready", views.healthz_ready, name="healthz_ready"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Browsers ask for /favicon.ico where a page names no icon (the admin, feeds, files).
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=views.LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    # Django's account views with the application's styled forms; the rest as Django ships them.
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(form_class=views.StyledPasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=views.StyledPasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=views.StyledSetPasswordForm),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("pressdesk.tasks.urls")),
    path("organizations/", include("pressdesk.organizations.urls")),
    path("users/", include("pressdesk.accounts.urls")),
    path("history/", include("pressdesk.audit.urls")),
    path("notifications/", include("pressdesk.notifications.urls")),
    path("approvals/", include("pressdesk.approvals.urls")),
    path("letters/", include("pressdesk.documents.urls")),
    path("monitoring/", include("pressdesk.monitoring.urls")),
    path("triage/", include("pressdesk.triage.urls")),
    path("reports/", include("pressdesk.reports.urls")),
    path("calendar/", include("pressdesk.workdays.urls")),
    path("information-notes/", include("pressdesk.infonotes.urls")),
    path("channels/", include("pressdesk.channels.urls")),
    path("publishing/", include("pressdesk.publishing.urls")),
    path("newsroom/", include("pressdesk.publishing.public_urls")),
    path("public-voice/", include("pressdesk.publicvoice.urls")),
    path("tv-radio/", include("pressdesk.broadcast.urls")),
    path("meetings/", include("pressdesk.meetings.urls")),
    path("sms/", include("pressdesk.sms.urls")),
    path("creative/", include("pressdesk.creative.urls")),
    path("media-relations/", include("pressdesk.mediarelations.urls")),
    path("events/", include("pressdesk.events.urls")),
    path("django-admin/", admin.site.urls),
]

if settings.DEMO:  # the demo's local feed and webhook receiver; never in production
    urlpatterns.append(path("demo/", include("pressdesk.demo.endpoints")))

handler403 = "pressdesk.views.permission_denied"
handler404 = "pressdesk.views.page_not_found"
handler500 = "pressdesk.views.server_error"
