"""Settings come only from the environment; .env.example documents every one."""

import re
from pathlib import Path

import pytest
from django.conf import settings


def _variables_read_by_settings() -> set[str]:
    source = (Path(settings.BASE_DIR) / "pressdesk" / "settings.py").read_text()
    return set(re.findall(r'env(?:str|bool|int|list|dict)\("([A-Z_]+)"', source))


def test_every_setting_variable_is_documented_in_env_example():
    documented = (Path(settings.BASE_DIR) / ".env.example").read_text()
    missing = [name for name in _variables_read_by_settings() if not re.search(rf"\b{name}=", documented)]
    assert missing == []


def test_debug_is_off_unless_asked_for():
    assert settings.DEBUG is False


def test_time_zone_and_language_defaults():
    assert settings.TIME_ZONE == "Europe/Istanbul"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "tr"


@pytest.mark.sqlite
@pytest.mark.django_db
def test_sqlite_connections_get_a_larger_page_cache():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (pages,) = cursor.fetchone()
    assert pages == -64 * 1024  # negative: KiB, i.e. SQLITE_CACHE_MB=64
