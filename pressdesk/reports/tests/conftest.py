"""Fixtures for the report tests: monitored news of the province, matched to its institutions."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from typing import Any

import pytest
from django.utils import timezone

from pressdesk.monitoring.models import (
    Importance,
    Item,
    ItemMatch,
    Outlet,
    Relevance,
    Source,
    Story,
    StoryTriage,
    WatchTerm,
)
from pressdesk.reports import rendering

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(autouse=True)
def _database(request: pytest.FixtureRequest) -> None:
    """Every report test uses the database (a test marked ``django_db`` chooses its own kind)."""
    if request.node.get_closest_marker("django_db") is None:
        request.getfixturevalue("db")


@pytest.fixture(autouse=True)
def _fake_pdf_unless_real(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice takes seconds per conversion: tests not about the PDF get a stand-in (fixture ``real_pdf``)."""
    if "real_pdf" in request.fixturenames:
        return
    monkeypatch.setattr(rendering, "convert_docx_to_pdf", lambda docx: b"%PDF-1.7 stand-in\n%%EOF")


def pdf_text(data: bytes, tmp_path: Any) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)  # noqa: S603, S607
    return result.stdout


class World:
    """Outlets, sources of both provinces, and a watch term per institution."""

    def __init__(self, province: Any) -> None:
        self.province = province
        self.local = Outlet.objects.create(name="Kocaeli Bizim Gazete", kind=Outlet.Kind.LOCAL_NEWSPAPER, reach=20000)
        self.national = Outlet.objects.create(name="Ulusal Haber", kind=Outlet.Kind.NATIONAL_NEWSPAPER, reach=500000)
        self.tv = Outlet.objects.create(name="Körfez TV", kind=Outlet.Kind.TV, reach=80000)
        self.source = Source.objects.create(
            name="Bizim Gazete RSS", outlet=self.local, organization=province.directorate, url="https://a.example/rss"
        )
        self.national_source = Source.objects.create(
            name="Ulusal RSS", outlet=self.national, organization=province.directorate, url="https://b.example/rss"
        )
        self.tv_source = Source.objects.create(
            name="Körfez TV RSS", outlet=self.tv, organization=province.directorate, url="https://c.example/rss"
        )
        self.other_outlet = Outlet.objects.create(name="Denizli Postası", kind=Outlet.Kind.LOCAL_NEWSPAPER, reach=9000)
        self.other_source = Source.objects.create(
            name="Denizli RSS",
            outlet=self.other_outlet,
            organization=province.other_directorate,
            url="https://d.example/rss",
        )
        self.terms = {
            "hospital": WatchTerm.objects.create(
                name="Şehir Hastanesi", query='"Şehir Hastanesi"', organization=province.hospital
            ),
            "other_hospital": WatchTerm.objects.create(
                name="Derince", query="Derince", organization=province.other_hospital
            ),
            "directorate": WatchTerm.objects.create(
                name="İl Sağlık", query='"İl Sağlık"', organization=province.directorate
            ),
            "other_province": WatchTerm.objects.create(
                name="Denizli DH", query='"Denizli Devlet"', organization=province.other_province_hospital
            ),
        }
        self._n = 0

    def news(
        self,
        title: str,
        *,
        about: str = "hospital",
        sources: list[Source] | None = None,
        sentiment: str = "",
        suggested: str = "",
        importance: int = Importance.NORMAL,
        relevance: str = Relevance.UNREVIEWED,
        at: datetime.datetime | None = None,
        summary: str = "",
    ) -> Story:
        at = at or timezone.now() - datetime.timedelta(hours=2)
        sources = sources or [self.source]
        story = Story.objects.create(
            title=title,
            first_seen_at=at,
            last_seen_at=at,
            item_count=len(sources),
            sentiment_suggested=suggested,
        )
        if (sentiment, importance, relevance) != ("", Importance.NORMAL, Relevance.UNREVIEWED):
            # The triage of the province's unit (each province triages a shared story on its own).
            StoryTriage.objects.create(
                story=story,
                province=self.province.directorate,
                sentiment=sentiment,
                importance=importance,
                relevance=relevance,
            )
        for source in sources:
            self._n += 1
            item = Item.objects.create(
                source=source,
                outlet=source.outlet,
                url=f"https://{source.outlet.pk}.example/haber/{self._n}",
                identity_hash=f"h{self._n}",
                title=title,
                summary_html=summary,
                published_at=at,
                fetched_at=at,
                story=story,
                matched=True,
            )
            ItemMatch.objects.create(item=item, term=self.terms[about], field="title", spans=[[0, 4, title[:4]]])
        return story


@pytest.fixture
def real_pdf() -> None:
    """Ask for this fixture to convert with the real LibreOffice."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")


@pytest.fixture
def world(province: Any) -> World:
    return World(province)
