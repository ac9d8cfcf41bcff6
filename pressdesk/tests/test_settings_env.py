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


def test_public_links_follow_the_port_the_server_runs_on():
    """One setting for the public base address; by default the server's own (issue 23, defect 3)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}} | {"PORT": "8123"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == "http://127.0.0.1:8123"
