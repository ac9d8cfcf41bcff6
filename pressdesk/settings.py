"""Settings for Basın Masası.

Everything comes from the environment through the typed helpers in
``pressdesk.lib.env``; ``.env.example`` documents each variable. The defaults
give the embedded mode: SQLite database, SQLite-backed Celery broker, files in
``var/``. ``DATABASE_URL`` and ``CELERY_BROKER_URL`` switch to PostgreSQL and
Redis with no code change.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from pressdesk.lib.env import envbool, envdict, envint, envlist, envstr, refuse_placeholder_secrets

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(envstr("PRESSDESK_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, or one generated once into var/ for the embedded mode."""
    configured = envstr("SECRET_KEY")
    if configured:
        return configured
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# The one public base address of every link the app writes (newsroom, RSS, e-mails, approval links);
# by default the address the server runs on (script/server's PORT).
PORT = envint("PORT", 8000)
SITE_URL = envstr("SITE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
NEWSROOM_ORGANIZATION = envstr("NEWSROOM_ORGANIZATION", "")  # the code of the directorate the newsroom shows

INSTALLED_APPS = [
    # First: its ready() makes capitalisation Turkish-aware before the admin imports any form.
    "pressdesk.lib",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "axes",
    "auditlog",
    "pressdesk.organizations",
    "pressdesk.accounts",
    "pressdesk.audit",
    "pressdesk.tasks",
    "pressdesk.notifications",
    "pressdesk.approvals",
    "pressdesk.documents",
    "pressdesk.monitoring",
    "pressdesk.triage",
    "pressdesk.reports",
    "pressdesk.workdays",
    "pressdesk.infonotes",
    "pressdesk.channels",
    "pressdesk.publishing",
    "pressdesk.publicvoice",
    "pressdesk.dashboard",
    "pressdesk.broadcast",
    "pressdesk.meetings",
    "pressdesk.sms",
    "pressdesk.outbox",
    "pressdesk.demo",
    "pressdesk.creative",
    "pressdesk.mediarelations",
    "pressdesk.events",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "pressdesk.lib.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pressdesk.lib.bodysize.RequestSizeLimitMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pressdesk.audit.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "pressdesk.urls"
WSGI_APPLICATION = "pressdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pressdesk.tasks.context_processors.inbox",
                "pressdesk.notifications.context_processors.notifications",
            ],
            # Links to outside addresses: {% load links %} (only http(s) ever reaches an href).
            "libraries": {"links": "pressdesk.lib.links"},
            # {{ value|capfirst }} upper-cases by Turkish rules under Turkish (i → İ).
            "builtins": ["pressdesk.lib.capitalisation"],
        },
    },
]

FORM_RENDERER = "pressdesk.lib.forms.BootstrapFormRenderer"

# --- Database -------------------------------------------------------------
DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'pressdesk.sqlite3'}")
# CONN_HEALTH_CHECKS: a persistent connection broken by a database restart is
# detected and replaced at the start of the next request instead of failing it.
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 0), conn_health_checks=True)
}
SQLITE_CACHE_KIB = envint("SQLITE_CACHE_MB", 64) * 1024
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web app, the worker and the scheduler share one file;
        # IMMEDIATE transactions avoid "database is locked" on lock upgrades. A page cache
        # of SQLITE_CACHE_MB per connection (SQLite's default is 2 MB) keeps the index pages
        # that ingest writes to in memory: about 15 % less time in its INSERTs.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        f"PRAGMA cache_size=-{SQLITE_CACHE_KIB};",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
REDIS_CACHE_URL = envstr("REDIS_CACHE_URL")
if REDIS_CACHE_URL:
    # Fails open: when Redis is down, cache calls act as misses and pages render from the
    # database (pressdesk/lib/cache.py); short timeouts keep a hung Redis from hanging requests.
    CACHES = {
        "default": {
            "BACKEND": "pressdesk.lib.cache.FailOpenRedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "OPTIONS": {
                "socket_connect_timeout": envint("REDIS_CACHE_TIMEOUT_MS", 500) / 1000,
                "socket_timeout": envint("REDIS_CACHE_TIMEOUT_MS", 500) / 1000,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The web pages' shortcuts: shared counts and fragments cached for a few seconds, the
# cheaper query paths of the main pages. Off only to measure the baseline of
# benchmarks/bench_web.py (the pages as they were before).
WEB_FAST_PATHS = envbool("WEB_FAST_PATHS", True)

# --- Authentication -------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "tasks:inbox"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)

# Lock-out after repeated wrong passwords (django-axes).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Reverse proxies in front of the application that append the client's address
# to X-Forwarded-For (0: none, the address is the connection's). The lock-out
# keys on the address pressdesk.lib.clientip.client_ip() finds through them.
PRESSDESK_TRUSTED_PROXIES = envint("PRESSDESK_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "pressdesk.lib.clientip.client_ip"

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "tr"
LANGUAGES = [("tr", _("Turkish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["pressdesk.formats"]

# --- Static and media files -----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: downloads go through permission-checked views
STORAGES = {
    # Uploads and generated files, always through Django's storage API: the local MEDIA_ROOT folder by
    # default, or any backend (e.g. an S3-compatible one) with its options as a JSON object.
    "default": {
        "BACKEND": envstr("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": envdict("FILE_STORAGE_OPTIONS"),
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not envbool("STATIC_MANIFEST", False)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads are streamed to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MB", 10) * 1024 * 1024  # form fields, files excluded
# Whole request bodies (files included), refused with 413 before they are read (lib/bodysize.py).
REQUEST_MAX_BYTES = envint("REQUEST_MAX_MB", 100) * 1024 * 1024
ANONYMOUS_REQUEST_MAX_BYTES = envint("ANONYMOUS_REQUEST_MAX_KB", 256) * 1024
ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_MB", 20) * 1024 * 1024
# Creative studio (pressdesk.creative): drafts and library files, and edited videos.
CREATIVE_UPLOAD_MAX_BYTES = envint("CREATIVE_UPLOAD_MAX_MB", 50) * 1024 * 1024
CREATIVE_VIDEO_MAX_BYTES = envint("CREATIVE_VIDEO_MAX_MB", 1024) * 1024 * 1024

# --- E-mail ---------------------------------------------------------------
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Basın Masası <basin@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 10)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client address of rate limits comes from lib/clientip.py (PRESSDESK_TRUSTED_PROXIES, set with the lock-out).
# Anonymous endpoints: (requests, seconds) per client address (lib/ratelimit.py).
RATE_LIMITS = {
    "newsroom": (envint("RATE_LIMIT_NEWSROOM_PER_MINUTE", 120), 60),
    "newsroom-files": (envint("RATE_LIMIT_NEWSROOM_FILES_PER_MINUTE", 30), 60),
    "approval-link": (envint("RATE_LIMIT_LINKS_PER_MINUTE", 10), 60),
    "unsubscribe": (envint("RATE_LIMIT_LINKS_PER_MINUTE", 10), 60),
    "broadcast-public": (envint("RATE_LIMIT_BROADCAST_FORM_PER_HOUR", 10), 3600),
    "sms-push": (envint("RATE_LIMIT_SMS_PUSH_PER_MINUTE", 600), 60),
}

# Content-Security-Policy (django-csp): scripts and style sheets only from our
# own static files, no inline scripts or event handlers, no plug-ins, no framing.
# Style *attributes* stay allowed ('unsafe-inline' in style-src, which browsers
# with CSP 3 apply to attributes only, since style-src-elem is strict): progress
# bars, e-mail previews and Bootstrap/Popper positioning use them; <style>
# elements are refused. img-src allows data: for Bootstrap's inline SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "style-src-elem": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# Browser features no page uses (pressdesk.lib.headers.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

# --- Celery ---------------------------------------------------------------
# The embedded broker: kombu's SQLAlchemy transport on SQLite, tuned (pressdesk/lib/sqlite_broker.py).
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", f"embedded+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 180)
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TIMEZONE = TIME_ZONE
# Redis hands a task whose worker died before acknowledging it (kill -9, a lost machine)
# to another worker after this many seconds (Kombu's default: one hour). Just above the
# longest task time limit (triage.retrain_sentiment, 900 s), so that a task still running
# is never delivered twice (checked by monitoring/tests/test_claims_of_unfinished_poll_tasks_…).
BROKER_VISIBILITY_TIMEOUT = envint("BROKER_VISIBILITY_TIMEOUT", 960)
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": BROKER_VISIBILITY_TIMEOUT}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Separate queues, so that a burst of one kind of work (a mail storm) never delays
# another (feed polling, alerts). A worker started without -Q consumes all of them
# (the embedded mode, the tests); production runs one worker per group (Procfile,
# docs/operations.md). Every task is routed explicitly (pressdesk/tests/test_task_routes.py).
CELERY_TASK_DEFAULT_QUEUE = "celery"
TASK_QUEUE_NAMES = ("celery", "polling", "alerts", "mail", "publishing", "reports")
CELERY_TASK_QUEUES = [Queue(name, routing_key=name) for name in TASK_QUEUE_NAMES]
CELERY_TASK_ROUTES = {
    # Alerts: the ingest follow-up that matches alert rules, and the SMS.
    "pressdesk.triage.tasks.process_new_items": {"queue": "alerts"},
    "pressdesk.triage.tasks.evaluate_story_rules": {"queue": "alerts"},
    "pressdesk.triage.tasks.send_alert_sms": {"queue": "alerts"},
    "pressdesk.triage.tasks.send_due_sms": {"queue": "alerts"},
    # Mail: notifications and every e-mail to people.
    "pressdesk.triage.tasks.send_forward": {"queue": "mail"},
    "pressdesk.publishing.tasks.send_press_mail": {"queue": "mail"},
    "pressdesk.approvals.tasks.notify_flow_event": {"queue": "mail"},
    "pressdesk.approvals.tasks.send_external_request": {"queue": "mail"},
    "pressdesk.infonotes.tasks.send_note_email": {"queue": "mail"},
    "pressdesk.notifications.tasks.*": {"queue": "mail"},
    "pressdesk.accounts.tasks.*": {"queue": "mail"},
    "pressdesk.tasks.tasks.*": {"queue": "mail"},
    # Reports, and the nightly retraining (long, never urgent).
    "pressdesk.triage.tasks.retrain_sentiment": {"queue": "reports"},
    "pressdesk.reports.tasks.*": {"queue": "reports"},
    # Polling and ingest.
    "pressdesk.monitoring.tasks.*": {"queue": "polling"},
    # A watch term run over the archive: minutes of reading, never urgent, not in the polling queue's way.
    "pressdesk.monitoring.tasks.backfill_term": {"queue": "reports"},
    # Text recognition of a print scan: seconds to minutes of CPU, not in the polling queue's way.
    "pressdesk.monitoring.tasks.ocr_clip_file": {"queue": "reports"},
    # Publishing to channels and their health checks.
    "pressdesk.publishing.tasks.*": {"queue": "publishing"},
    "pressdesk.channels.tasks.*": {"queue": "publishing"},
    # The default queue: short bookkeeping (the outbox dispatcher, deadline sweeps).
    "pressdesk.outbox.tasks.*": {"queue": "celery"},
    # Corporate SMS campaigns: with the alert SMS, never behind a burst of e-mails.
    # Corporate SMS campaigns are bulk messages to people, like e-mail: never in front of alerts.
    "pressdesk.sms.tasks.*": {"queue": "mail"},
    "pressdesk.approvals.tasks.process_deadlines": {"queue": "celery"},
    "pressdesk.infonotes.tasks.process_deadlines": {"queue": "celery"},
    "pressdesk.publicvoice.tasks.process_deadlines": {"queue": "celery"},
    "pressdesk.broadcast.tasks.send_reminders": {"queue": "celery"},
    "pressdesk.meetings.tasks.generate_series": {"queue": "celery"},
    "pressdesk.meetings.tasks.remind_vtc_tests": {"queue": "celery"},
    "pressdesk.meetings.tasks.send_invitations": {"queue": "mail"},
    "pressdesk.broadcast.tasks.send_public_confirmation": {"queue": "mail"},
    "pressdesk.monitoring.tasks.remove_unkept_personal_data": {"queue": "reports"},
    "pressdesk.lib.tasks.refresh_database_statistics": {"queue": "reports"},
    "pressdesk.monitoring.tasks.maintain_websub": {"queue": "polling"},
    "pressdesk.monitoring.tasks.ingest_websub_delivery": {"queue": "polling"},
    "pressdesk.creative.tasks.make_preview": {"queue": "celery"},
    "pressdesk.creative.tasks.make_renditions": {"queue": "celery"},
    "pressdesk.creative.tasks.make_deliveries": {"queue": "celery"},
    "pressdesk.mediarelations.tasks.send_delivery": {"queue": "mail"},
    "pressdesk.mediarelations.tasks.fetch_bounces": {"queue": "celery"},
    "pressdesk.events.tasks.remind_attendees": {"queue": "celery"},
    "pressdesk.events.tasks.send_invitation": {"queue": "mail"},
    "pressdesk.events.tasks.send_answer_receipt": {"queue": "mail"},
    "pressdesk.events.tasks.send_vehicle_notice": {"queue": "mail"},
    "pressdesk.events.tasks.send_press_kit_mail": {"queue": "mail"},
}
# One schedule: each entry enqueues whatever is due, never one entry per object.
CELERY_BEAT_SCHEDULE = {
    "mediarelations-fetch-bounces": {
        "task": "pressdesk.mediarelations.tasks.fetch_bounces",
        "schedule": crontab(minute="*/10"),
    },
    "tasks-due-reminders": {
        "task": "pressdesk.tasks.tasks.send_due_reminders",
        "schedule": crontab(minute=0, hour="8-18"),
    },
    "monitoring-maintain-websub": {
        "task": "pressdesk.monitoring.tasks.maintain_websub",
        "schedule": 60.0,
    },
    "monitoring-poll-due-sources": {
        "task": "pressdesk.monitoring.tasks.poll_due_sources",
        # A short tick: a source with a 60 s interval is otherwise polled every 60 s + one tick
        # (see benchmarks/bench_alert_latency.py); the tick itself is one indexed query.
        "schedule": float(envint("MONITORING_POLL_TICK", 2)),
    },
    "publishing-publish-due": {
        "task": "pressdesk.publishing.tasks.publish_due",
        "schedule": 60.0,
    },
    "approvals-deadlines": {
        "task": "pressdesk.approvals.tasks.process_deadlines",
        "schedule": crontab(minute="*/15"),
    },
    "triage-retrain-sentiment": {
        "task": "pressdesk.triage.tasks.retrain_sentiment",
        "schedule": crontab(minute=30, hour=3),
    },
    "sms-start-due-campaigns": {
        "task": "pressdesk.sms.tasks.start_due_campaigns",
        "schedule": 60.0,
    },
    "triage-send-held-sms": {
        "task": "pressdesk.triage.tasks.send_due_sms",
        "schedule": crontab(minute="*/5"),
    },
    "meetings-generate-series": {
        "task": "pressdesk.meetings.tasks.generate_series",
        "schedule": crontab(minute=15, hour=2),
    },
    "meetings-remind-vtc-tests": {
        "task": "pressdesk.meetings.tasks.remind_vtc_tests",
        "schedule": crontab(minute=0, hour=9),
    },
    "infonotes-deadlines": {
        "task": "pressdesk.infonotes.tasks.process_deadlines",
        "schedule": crontab(minute=30, hour="8-18"),
    },
    "publicvoice-deadlines": {
        "task": "pressdesk.publicvoice.tasks.process_deadlines",
        "schedule": crontab(minute=40, hour="8-18"),
    },
    "broadcast-reminders": {
        "task": "pressdesk.broadcast.tasks.send_reminders",
        "schedule": crontab(minute="*/15"),
    },
    "channels-check-health": {
        "task": "pressdesk.channels.tasks.check_all_channels",
        "schedule": crontab(minute=30, hour=7),
    },
    "reports-enqueue-due": {
        "task": "pressdesk.reports.tasks.enqueue_due_reports",
        "schedule": 60.0,
    },
    # Tasks the broker did not take when their action committed (pressdesk/outbox/).
    "outbox-dispatch": {
        "task": "pressdesk.outbox.tasks.dispatch_outbox",
        "schedule": float(envint("OUTBOX_DISPATCH_TICK", 5)),
    },
    "outbox-delete-old": {
        "task": "pressdesk.outbox.tasks.delete_old_outbox_messages",
        "schedule": crontab(minute=45, hour=3),
    },
    "sms-prepare-rule-campaigns": {
        "task": "pressdesk.sms.tasks.prepare_rule_campaigns",
        "schedule": crontab(minute="*/15"),
    },
    "lib-refresh-database-statistics": {
        "task": "pressdesk.lib.tasks.refresh_database_statistics",
        "schedule": crontab(minute=40, hour=4),
    },
    "monitoring-remove-unkept-personal-data": {
        "task": "pressdesk.monitoring.tasks.remove_unkept_personal_data",
        "schedule": crontab(minute=10, hour=4),
    },
    "events-remind-attendees": {
        "task": "pressdesk.events.tasks.remind_attendees",
        "schedule": crontab(minute=0, hour="10,17"),
    },
}

# --- SMS ------------------------------------------------------------------
SMS_BACKEND = envstr("SMS_BACKEND", "console")
SMS_SENDER = envstr("SMS_SENDER")
SMS_NETGSM_USERNAME = envstr("SMS_NETGSM_USERNAME")
SMS_NETGSM_PASSWORD = envstr("SMS_NETGSM_PASSWORD")
SMS_NETGSM_URL = envstr("SMS_NETGSM_URL", "https://api.netgsm.com.tr/sms/rest/v2/send")
# Corporate SMS campaigns (pressdesk.sms): dry_run (training), netgsm, iletimerkezi or verimor.
SMS_PROVIDER = envstr("SMS_PROVIDER", "dry_run")
SMS_VERIMOR_USERNAME = envstr("SMS_VERIMOR_USERNAME")
SMS_VERIMOR_PASSWORD = envstr("SMS_VERIMOR_PASSWORD")
SMS_ILETIMERKEZI_KEY = envstr("SMS_ILETIMERKEZI_KEY")
SMS_ILETIMERKEZI_HASH = envstr("SMS_ILETIMERKEZI_HASH")
# A gateway at another address (an on-premises relay; the fake server of the real-worker test).
SMS_VERIMOR_URL = envstr("SMS_VERIMOR_URL", "")
# The secret part of the address Verimor pushes delivery reports to (/sms/verimor/push/<token>/);
# empty: no push, the reports are polled (sms.tasks.fetch_reports).
SMS_VERIMOR_PUSH_TOKEN = envstr("SMS_VERIMOR_PUSH_TOKEN")
SMS_ILETIMERKEZI_URL = envstr("SMS_ILETIMERKEZI_URL", "")
SMS_BATCH_SIZE = envint("SMS_BATCH_SIZE", 100)
# A temporary provider error (timeout, server error, rate limit) is retried this many times with exponential
# backoff from SMS_RETRY_BACKOFF seconds (× 0.5…1.5 jitter, at most 5 minutes) before the campaign pauses.
SMS_RETRY_ATTEMPTS = envint("SMS_RETRY_ATTEMPTS", 3)
SMS_RETRY_BACKOFF = envint("SMS_RETRY_BACKOFF", 5)
# The provider's request limit per minute, shared by all workers (unset: Verimor 150, the others 100).
SMS_RATE_PER_MINUTE = envint("SMS_RATE_PER_MINUTE", 0) or None
# Provider hosts on a private network (a test or on-premises gateway), allowed past the SSRF guard.
SMS_ALLOW_HOSTS = envlist("SMS_ALLOW_HOSTS")
# Delivery details (names, numbers, texts) of finished campaigns are deleted after this many days; counts stay.
SMS_RETENTION_DAYS = envint("SMS_RETENTION_DAYS", 365)

# --- Publishing channels --------------------------------------------------
# Fernet keys that encrypt channel credentials at rest, comma-separated: the
# first encrypts, all decrypt (rotation). Empty: a key derived from SECRET_KEY
# (embedded mode only; see docs/channels.md).
CHANNEL_CREDENTIALS_KEYS = envlist("PRESSDESK_CREDENTIALS_KEY", [])
if not DEBUG:
    # A production start-up with a secret from an example file is refused.
    refuse_placeholder_secrets({"SECRET_KEY": [SECRET_KEY], "PRESSDESK_CREDENTIALS_KEY": CHANNEL_CREDENTIALS_KEYS})
CHANNEL_TOKEN_EXPIRY_WARNING_DAYS = envint("CHANNEL_TOKEN_EXPIRY_WARNING_DAYS", 7)

# --- Approvals ------------------------------------------------------------
APPROVAL_LINK_DAYS = envint("APPROVAL_LINK_DAYS", 7)
APPROVAL_REMIND_BEFORE_HOURS = envint("APPROVAL_REMIND_BEFORE_HOURS", 4)

# --- Logging --------------------------------------------------------------
LOG_LEVEL = envstr("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # A refused request (403, 404) is logged as one line, without the traceback of its exception.
    "filters": {"refusal_without_traceback": {"()": "pressdesk.lib.logfilters.RefusalWithoutTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["refusal_without_traceback"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Audit ----------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- Demo -----------------------------------------------------------------
DEMO_PASSWORD = envstr("DEMO_PASSWORD", "Demo.Parola.2026")
# Demo-only endpoints (a local news feed, a webhook receiver: pressdesk/demo/endpoints.py) and a
# live demo source and channel pointing at them. script/server turns it on; production leaves it off.
DEMO = envbool("DEMO", False)

# --- Monitoring: broadcast clips, push streams, personal data (issue 30) -------
# A TV/radio clip's file (audio/video); keep it under REQUEST_MAX_MB so the form, not the 413 page, answers.
MONITORING_CLIP_MEDIA_MAX_BYTES = envint("MONITORING_CLIP_MEDIA_MAX_MB", 90) * 1024 * 1024
# Pages of a print scan in PDF without a text layer read by Tesseract (OCR, in the background).
MONITORING_OCR_MAX_PAGES = envint("MONITORING_OCR_MAX_PAGES", 10)
# Bluesky Jetstream (WebSocket) that `manage.py monitoring_stream` subscribes to.
MONITORING_JETSTREAM_URL = envstr("MONITORING_JETSTREAM_URL", "wss://jetstream2.us-east.bsky.network/subscribe")
# Days after which the authors' handles and links are removed from social items nobody kept.
MONITORING_PERSONAL_DATA_DAYS = envint("MONITORING_PERSONAL_DATA_DAYS", 90)
# WebSub subscriptions for feeds that advertise a hub: "auto" (only when SITE_URL is a public address), "on", "off".
MONITORING_WEBSUB = envstr("MONITORING_WEBSUB", "auto")
# --- Media relations ----------------------------------------------------------
# A key press contact with no relations log entry for this many months shows up in İşlerim.
MEDIARELATIONS_QUIET_MONTHS = envint("MEDIARELATIONS_QUIET_MONTHS", 3)
# Releases sent in the last N days are compared with every ingested news item (coverage, 3.7.3).
MEDIARELATIONS_COVERAGE_DAYS = envint("MEDIARELATIONS_COVERAGE_DAYS", 14)
# Photos larger than this in total are not attached: the e-mail links to the media kit instead.
MEDIARELATIONS_MAIL_MAX_BYTES = envint("MEDIARELATIONS_MAIL_MAX_MB", 10) * 1024 * 1024
# Bounces: the envelope sender of press e-mail becomes local+<reference>@domain of this address (VERP);
# empty: the reference travels in the Message-ID and an X-Pressdesk-Ref header only.
MEDIARELATIONS_BOUNCE_ADDRESS = envstr("MEDIARELATIONS_BOUNCE_ADDRESS", "")
# The mailbox that receives the bounces (IMAP over TLS); read by the beat task mediarelations.fetch_bounces.
MEDIARELATIONS_BOUNCE_IMAP_HOST = envstr("MEDIARELATIONS_BOUNCE_IMAP_HOST", "")
MEDIARELATIONS_BOUNCE_IMAP_PORT = envint("MEDIARELATIONS_BOUNCE_IMAP_PORT", 0)  # 0: 993 (ssl) or 143 (starttls)
MEDIARELATIONS_BOUNCE_IMAP_SECURITY = envstr("MEDIARELATIONS_BOUNCE_IMAP_SECURITY", "ssl")
MEDIARELATIONS_BOUNCE_IMAP_USER = envstr("MEDIARELATIONS_BOUNCE_IMAP_USER", "")
MEDIARELATIONS_BOUNCE_IMAP_PASSWORD = envstr("MEDIARELATIONS_BOUNCE_IMAP_PASSWORD", "")
MEDIARELATIONS_BOUNCE_IMAP_FOLDER = envstr("MEDIARELATIONS_BOUNCE_IMAP_FOLDER", "INBOX")
# A mail server on a private address (the ministry's own) must be allowed explicitly (SSRF guard).
MEDIARELATIONS_BOUNCE_IMAP_ALLOW_PRIVATE = envbool("MEDIARELATIONS_BOUNCE_IMAP_ALLOW_PRIVATE", False)
# After this many permanent bounces a media contact's e-mail is flagged invalid.
MEDIARELATIONS_HARD_BOUNCE_LIMIT = envint("MEDIARELATIONS_HARD_BOUNCE_LIMIT", 3)
