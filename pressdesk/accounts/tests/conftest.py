"""Fixtures of the user administration tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from pressdesk.testing.factories import Province

HEADER = ["username", "first_name", "last_name", "email", "organization", "role", "title", "phone"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The province fixture hashes ten passwords per test; a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def as_admin(province: Province, client: Client) -> Client:
    """The test client logged in as the province's administrator, reading English.

    English is the source language, so messages checked by text do not
    depend on the state of the Turkish catalogue.
    """
    client.force_login(province.admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def csv_file(
    rows: Sequence[Sequence[str]],
    *,
    delimiter: str = ",",
    bom: bool = False,
    name: str = "users.csv",
    encoding: str = "utf-8",
) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    data = out.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_file(rows: Sequence[Sequence[Any]], *, name: str = "users.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(
        name, out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.fixture
def upload(as_admin: Client) -> Callable[[SimpleUploadedFile], Any]:
    """``upload(file)`` posts ``file`` to the import page and returns the response, redirects followed."""

    def _upload(file: SimpleUploadedFile) -> Any:
        return as_admin.post("/users/import/", {"file": file}, follow=True)

    return _upload
