"""Back-fill: a new or changed watch term run over the archive by a task, once, with its progress on the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pressdesk.accounts.models import Role
from pressdesk.monitoring import actions
from pressdesk.monitoring.models import Backfill, ItemMatch, WatchTerm
from pressdesk.monitoring.tests.archive_items import archive_item, province_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(province):
    own = province_source(province.directorate)
    theirs = province_source(province.other_directorate, "Denizli Gazetesi")
    return {
        "title_hit": archive_item(own, "Şehir Hastanesi'nde yeni servis", "Servis bugün açıldı.", days_ago=400),
        "both_hit": archive_item(own, "Şehir Hastanesi", "Şehir Hastanesinde ikinci gün.", days_ago=3),
        "miss": archive_item(own, "Belediye meclisi", "Yollar konuşuldu.", days_ago=2),
        "theirs": archive_item(theirs, "Denizli Şehir Hastanesi", days_ago=1),
    }


def _term(province, query: str = '"Şehir Hastanesi"'):
    return actions.create_watch_term(actor=province.staff, name="Şehir Hastanesi", query=query)


def test_a_real_run_of_the_task_adds_the_missing_matches_of_the_users_archive(
    province, archive, django_capture_on_commit_callbacks
) -> None:
    term = _term(province)
    with django_capture_on_commit_callbacks(execute=True):
        run = actions.request_backfill(actor=province.staff, term=term)  # the task runs eagerly on commit
    run.refresh_from_db()
    assert run.status == Backfill.Status.DONE and run.finished_at is not None
    assert (run.total, run.done, run.created) == (3, 3, 3)
    rows = set(ItemMatch.objects.filter(term=term).values_list("item_id", "field"))
    assert rows == {
        (archive["title_hit"].pk, "title"),
        (archive["both_hit"].pk, "title"),
        (archive["both_hit"].pk, "text"),
    }  # another province's item is not in this user's archive
    archive["title_hit"].refresh_from_db()
    assert archive["title_hit"].matched
    spans = ItemMatch.objects.get(item=archive["both_hit"], term=term, field="text").spans
    assert spans == [[0, 19, "Şehir Hastanesinde"]] or spans[0][2].startswith("Şehir Hastanesinde")


def test_running_it_twice_creates_no_duplicates(province, archive, django_capture_on_commit_callbacks) -> None:
    term = _term(province)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            actions.request_backfill(actor=province.staff, term=term)
    first, second = Backfill.objects.order_by("pk")
    assert first.created == 3 and second.created == 0 and second.status == Backfill.Status.DONE
    assert ItemMatch.objects.filter(term=term).count() == 3
    # A second delivery of a finished task changes nothing either.
    assert actions.run_backfill(backfill_id=second.pk).created == 0
    assert ItemMatch.objects.filter(term=term).count() == 3


def test_rows_stored_by_ingest_are_kept_and_not_added_again(province, archive) -> None:
    term = _term(province)
    ItemMatch.objects.create(item=archive["both_hit"], term=term, field="title", spans=[[0, 15, "Şehir Hastanesi"]])
    run = Backfill.objects.create(term=term, query=term.query, requested_by=province.staff, total=3)
    actions.run_backfill(backfill_id=run.pk)
    run.refresh_from_db()
    assert run.created == 2 and ItemMatch.objects.filter(term=term).count() == 3


def test_a_long_run_goes_on_in_a_new_task_from_its_cursor(
    province, archive, django_capture_on_commit_callbacks
) -> None:
    term = _term(province)
    run = Backfill.objects.create(term=term, query=term.query, requested_by=province.staff, total=3)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        partial = actions.run_backfill(backfill_id=run.pk, chunk=1, budget=-1)  # stops after one chunk
    assert partial is not None and partial.done == 1 and not partial.finished
    assert len(callbacks) == 1  # the continuation, queued through the outbox, ran eagerly
    run.refresh_from_db()
    assert run.status == Backfill.Status.DONE and run.done == 3 and run.created == 3


def test_the_query_in_force_when_asked_is_the_one_run(province, archive) -> None:
    term = _term(province, "belediye")
    run = Backfill.objects.create(term=term, query=term.query, requested_by=province.staff, total=3)
    actions.update_watch_term(actor=province.staff, term=term, query="yollar")
    actions.run_backfill(backfill_id=run.pk)
    assert list(ItemMatch.objects.filter(term=term).values_list("item_id", "field")) == [(archive["miss"].pk, "title")]


def test_a_run_whose_requester_lost_the_right_fails_with_a_turkish_message(province, archive) -> None:
    term = _term(province)
    run = Backfill.objects.create(term=term, query=term.query, requested_by=province.staff, total=3)
    province.staff.role = Role.REQUESTER
    province.staff.save()
    actions.run_backfill(backfill_id=run.pk)
    run.refresh_from_db()
    assert run.status == Backfill.Status.FAILED and "artık değiştiremezsiniz" in run.error
    assert not ItemMatch.objects.exists()


def test_the_page_starts_a_run_and_polls_its_progress(province, login, archive) -> None:
    term = _term(province)
    client = login(province.staff)
    url = reverse("monitoring:term_backfill", args=[term.pk])
    edit = client.get(reverse("monitoring:term_edit", args=[term.pk])).content.decode()
    assert 'data-testid="backfill-start"' in edit and f'hx-post="{url}"' in edit
    response = client.post(url, HTTP_HX_REQUEST="true")  # no commit in this test: the task waits
    page = response.content.decode()
    run = Backfill.objects.get()
    assert run.status == Backfill.Status.QUEUED and run.total == 3 and run.requested_by == province.staff
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 2s"' in page and "0 / 3" in page
    Backfill.objects.filter(pk=run.pk).update(status=Backfill.Status.RUNNING, done=2)
    running = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'aria-valuenow="66"' in running and "2 / 3" in running
    assert client.post(url, HTTP_HX_REQUEST="true").status_code == 200
    assert Backfill.objects.count() == 1  # a run still going is not started twice
    actions.run_backfill(backfill_id=run.pk)
    done = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and 'data-testid="backfill-done"' in done
    Backfill.objects.filter(pk=run.pk).update(status=Backfill.Status.FAILED, error="Arşiv taranamadı.")
    failed = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="backfill-failed"' in failed and "Arşiv taranamadı." in failed


def test_another_provinces_staff_cannot_run_or_watch_it(province, login, archive) -> None:
    term = _term(province)
    url = reverse("monitoring:term_backfill", args=[term.pk])
    client = login(province.outsider)
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 404
    assert not Backfill.objects.exists()


def test_saving_a_changed_query_offers_the_run(province, login) -> None:
    client = login(province.staff)
    response = client.post(reverse("monitoring:term_create"), {"name": "Aşı", "query": "aşı", "is_active": "on"})
    term = WatchTerm.objects.get(name="Aşı")
    assert response.url == reverse("monitoring:term_edit", args=[term.pk])
    same = client.post(
        reverse("monitoring:term_edit", args=[term.pk]), {"name": "Aşı 2", "query": "aşı", "is_active": "on"}
    )
    assert same.url == reverse("monitoring:term_list")
    changed = client.post(
        reverse("monitoring:term_edit", args=[term.pk]), {"name": "Aşı", "query": "aşı OR kampanya", "is_active": "on"}
    )
    assert changed.url == reverse("monitoring:term_edit", args=[term.pk])
