import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_load_nothing_from_another_host(client, province):
    client.force_login(province.admin)
    for url in [reverse("login"), reverse("tasks:inbox"), reverse("tasks:list"), reverse("organizations:list")]:
        body = client.get(url).content.decode()
        for attr in re.findall(r'(?:src|href)="([^"]+)"', body):
            assert not attr.startswith(("http://", "https://", "//")), f"{url} loads {attr}"


def test_vendor_assets_are_installed_and_served_locally(client):
    for path in [
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "vendor/bootstrap-icons/font/bootstrap-icons.min.css",
    ]:
        assert finders.find(path), f"{path} missing: run script/bootstrap"
    response = client.get(settings.STATIC_URL + "vendor/htmx/htmx.min.js")
    assert response.status_code == 200


def test_asset_versions_are_pinned():
    import json

    package = json.loads((Path(settings.BASE_DIR) / "package.json").read_text())
    for version in package["dependencies"].values():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), version
