"""The audit log records the client address found through the trusted proxies, not a forged X-Forwarded-For."""

from django.conf import settings
from django.test import RequestFactory
from django.utils.module_loading import import_string


def extra(**meta: str) -> dict:
    """The audit context the configured audit middleware builds for a request."""
    [path] = [entry for entry in settings.MIDDLEWARE if entry.endswith("AuditlogMiddleware")]
    middleware = import_string(path)(lambda request: None)
    return middleware.get_extra_data(RequestFactory().get("/", **meta))


def test_a_forged_forwarded_address_is_not_recorded_without_a_proxy(settings):
    settings.PRESSDESK_TRUSTED_PROXIES = 0
    assert extra(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")["remote_addr"] == "10.0.0.1"


def test_behind_one_proxy_the_address_it_appended_is_recorded(settings):
    settings.PRESSDESK_TRUSTED_PROXIES = 1
    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.5"}
    assert extra(**meta)["remote_addr"] == "203.0.113.5"
