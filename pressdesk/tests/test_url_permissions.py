"""Walk every URL of the application as each role and as outsiders.

Each URL name must appear in POLICY below (a new URL without a policy fails
this test). For each role the test asserts that:

* a role outside the URL's allowed set is refused (403 or 404) on GET, and
  on POST too (or answered 405 where the view takes no POST), so nothing can
  be changed by it;
* a role inside the set is not refused on GET (POST-only views answer 405);
* an anonymous visitor is sent to the log-in page, except on public URLs.

"outsider", "other_unit_head", "other_director" and "other_press" are the
staff, unit head, director and a hospital's press officer of a second
province; "affiliate_press" is the press officer of a hospital whose
records are not the ones being tested. The same records exist in both
provinces, each named with its province's marker: no page shown to a
province's users (administrators aside) may carry the other's marker.
"""

from __future__ import annotations

import importlib
import importlib.util
import uuid
from types import ModuleType

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pressdesk.accounts.models import UserImport
from pressdesk.approvals import actions as approval_actions
from pressdesk.approvals.models import ExternalApproval
from pressdesk.celery import app as celery_app
from pressdesk.monitoring.models import Item, ItemMatch, Outlet, Source, Story, WatchTerm
from pressdesk.notifications.actions import notify
from pressdesk.organizations.models import Process, Responsibility
from pressdesk.tasks import actions as task_actions
from pressdesk.testing.factories import Province, SecondProvince
from pressdesk.testing.letters import make_letter
from pressdesk.testing.url_roles import (
    ADMIN,
    ALL,
    OTHER_PROVINCE,
    PUBLIC,
    ROLES,
    SEES_UNIT_RECORD,
    SUPERIORS,
    UNIT,
    own_province,
)

pytestmark = pytest.mark.django_db


POLICY: dict[str, set[str] | str] = {
    "home": ALL,
    "healthz": PUBLIC,
    "healthz_live": PUBLIC,
    "healthz_ready": PUBLIC,
    "set_language": PUBLIC,
    "favicon": PUBLIC,
    "login": PUBLIC,
    "logout": ALL,
    "password_change": ALL,
    "password_change_done": ALL,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "tasks:inbox": ALL,
    "tasks:list": ALL,
    "tasks:create": own_province(SUPERIORS),
    "tasks:request": ALL,
    "tasks:detail": SEES_UNIT_RECORD,
    "tasks:edit": {"unit_head", "admin"},
    "tasks:comment": SEES_UNIT_RECORD,
    "tasks:complete": SEES_UNIT_RECORD,
    "tasks:reopen": SEES_UNIT_RECORD,
    "tasks:cancel": SEES_UNIT_RECORD,
    "tasks:attach": SEES_UNIT_RECORD,
    "tasks:attachment": SEES_UNIT_RECORD,
    "organizations:list": ADMIN,
    "organizations:create": ADMIN,
    "organizations:edit": ADMIN,
    "organizations:toggle_active": ADMIN,
    "organizations:process_list": ALL,
    "organizations:process_detail": ALL,
    "organizations:process_edit": ADMIN,
    "organizations:matrix": ADMIN,
    "organizations:matrix_edit": ADMIN,
    "organizations:matrix_override_delete": ADMIN,
    "organizations:matrix_override": ADMIN,
    "accounts:list": ADMIN,
    "accounts:create": ADMIN,
    "accounts:detail": ADMIN,
    "accounts:edit": ADMIN,
    "accounts:toggle_active": ADMIN,
    "accounts:send_password_link": ADMIN,
    "accounts:import": ADMIN,
    "accounts:import_template": ADMIN,
    "accounts:import_confirm": ADMIN,
    "audit:history": SEES_UNIT_RECORD,
    "notifications:list": ALL,
    "notifications:mark_all_read": ALL,
    "notifications:open": ALL,  # someone else's notification only redirects to one's own list
    "notifications:preferences": ALL,
    "approvals:list": ALL,
    "approvals:detail": SEES_UNIT_RECORD,
    "approvals:decide": SEES_UNIT_RECORD,
    "approvals:withdraw": SEES_UNIT_RECORD,
    "approvals:send_external": SEES_UNIT_RECORD,
    "approvals:record_external": SEES_UNIT_RECORD,
    "approvals:external_evidence": SEES_UNIT_RECORD,
    "approvals:deputies": own_province({"unit_head", "chief", "director", "admin"}),
    "approvals:external": PUBLIC,
    "documents:list": ALL,  # each sees only their own letters
    "documents:create": own_province(UNIT | ADMIN),
    "documents:detail": SEES_UNIT_RECORD,
    "documents:edit": SEES_UNIT_RECORD,
    "documents:submit": SEES_UNIT_RECORD,
    "documents:docx": SEES_UNIT_RECORD,
    "documents:pdf": SEES_UNIT_RECORD,
    "documents:ebys": SEES_UNIT_RECORD,
    "documents:signed_pdf": SEES_UNIT_RECORD,
    # Media monitoring: the unit's work. Another province's staff open the lists
    # (and see only their own province) but not this province's sources and stories.
    "monitoring:story_list": own_province(UNIT | ADMIN),
    "monitoring:story_detail": SEES_UNIT_RECORD,
    "monitoring:archive": own_province(UNIT | ADMIN),
    "monitoring:archive_export": own_province(UNIT | ADMIN),
    "monitoring:source_list": own_province(UNIT | ADMIN),
    "monitoring:source_create": own_province(UNIT | ADMIN),
    "monitoring:source_detail": SEES_UNIT_RECORD,
    "monitoring:source_edit": SEES_UNIT_RECORD,
    "monitoring:source_poll": SEES_UNIT_RECORD,
    "monitoring:source_toggle": SEES_UNIT_RECORD,
    "monitoring:term_list": own_province(UNIT | ADMIN),
    "monitoring:term_create": own_province(UNIT | ADMIN),
    "monitoring:term_edit": SEES_UNIT_RECORD,  # a term belongs to its province (issue 20, point 3)
}


def _app_policy_modules() -> list[ModuleType]:
    """Each app's own ``tests/url_policy.py`` (see ``pressdesk/testing/url_roles.py``)."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("pressdesk.") or not importlib.util.find_spec(f"{config.name}.tests"):
            continue
        if importlib.util.find_spec(f"{config.name}.tests.url_policy"):
            modules.append(importlib.import_module(f"{config.name}.tests.url_policy"))
    return modules


for _module in _app_policy_modules():
    POLICY.update(_module.POLICY)


def _url_names() -> list[str]:
    names: list[str] = []

    def walk(patterns: list, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns == "admin":  # Django's technical admin has its own staff check
                    continue
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return sorted(set(names))


def test_every_url_has_a_permission_policy():
    assert sorted(set(_url_names()) - set(POLICY)) == []


# Every sample record's name carries its province's marker: a page that shows one
# province's users a marker of the other province leaks a record across provinces.
MARKERS = ("Kartalkuyruk", "Baykusyuva")


def _build_world(province: Province | SecondProvince, marker: str) -> dict:
    """One record of each kind, belonging to ``province``'s unit, named with ``marker``."""
    task = task_actions.assign_task(actor=province.unit_head, assignee=province.staff, title=f"Görev {marker}")
    attachment = task_actions.add_attachment(
        actor=province.unit_head,
        task=task,
        upload=SimpleUploadedFile("not.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    letter = make_letter(province, subject=f"Bilgi notu talebi {marker}")
    letter.signed_pdf = SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed")
    letter.save()
    flow = approval_actions.submit(actor=province.staff, target=letter)
    external = ExternalApproval.objects.create(
        flow=flow,
        organization=province.ministry_press,
        email="b@example.gov.tr",
        token_hash=approval_actions._hash_token(f"gecerli-anahtar-{marker}"),
        expires_at=flow.created_at.replace(year=flow.created_at.year + 1),
        evidence=SimpleUploadedFile("kanit.pdf", b"%PDF-1.4 kanit"),
    )
    [note] = notify(recipients=[province.staff], kind="task_assigned", title=f"x {marker}", url="/tasks/")
    process = Process.objects.get(code="3.6")
    override = Responsibility.objects.create(process=process, organization=province.directorate, control_1="unit_head")
    upload = UserImport.objects.create(file_name="a.csv", created_by=province.admin, rows=[])
    outlet = Outlet.objects.create(name=f"Gazete {province.directorate.code}", kind="local_newspaper")
    source = Source.objects.create(
        name=f"Gazete {marker}",
        outlet=outlet,
        organization=province.directorate,
        url=f"https://{province.directorate.code}.example/rss",
    )
    story = Story.objects.create(
        title=f"Haber {marker}", first_seen_at=flow.created_at, last_seen_at=flow.created_at, item_count=1
    )
    Item.objects.create(
        source=source, outlet=outlet, url=f"https://{province.directorate.code}.example/1", identity_hash="x",
        title=f"Haber {marker}", fetched_at=flow.created_at, published_at=flow.created_at, story=story,
    )  # fmt: skip
    term = WatchTerm.objects.create(
        name=f"Şehir Hastanesi {marker}", query='"Şehir Hastanesi"', province=province.directorate
    )
    world = {
        "marker": marker,
        "pk": {
            "tasks": task.pk,
            "organizations": province.hospital.pk,
            "accounts": province.staff.pk,
            "approvals": flow.pk,
            "documents": letter.pk,
            "notifications": note.pk,
            "matrix": Responsibility.objects.get(process=process, organization=None).pk,
            "matrix_override_delete": override.pk,
            "monitoring_source": source.pk,
            "monitoring_story": story.pk,
            "monitoring_term": term.pk,
        },
        "attachment_pk": attachment.pk,
        "external_pk": external.pk,
        "token": f"gecerli-anahtar-{marker}",
        "import_token": upload.token,
        "story": story,
        "item": Item.objects.get(story=story),
        "source": source,
        "outlet": outlet,
        "letter": letter,
        "term": term,
        "kwargs": {},
    }
    for module in _app_policy_modules():
        if hasattr(module, "sample_kwargs"):
            world["kwargs"].update(module.sample_kwargs(province, world))
    return world


@pytest.fixture(scope="module")
def _module_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_root(settings, _module_media):
    """The sample files are written once for the module (overrides the per-test media folder of conftest)."""
    settings.MEDIA_ROOT = _module_media


@pytest.fixture(scope="module")
def _shared(django_db_setup, django_db_blocker, _module_media):
    """Both provinces and their records, built once for the module in a transaction rolled back at its end.

    Each test still runs in its own savepoint inside it (pytest-django's ``django_db``),
    so what a test changes is undone before the next one.
    """
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=_module_media), transaction.atomic():
        first = Province()
        second = SecondProvince(first)
        worlds = (_build_world(first, MARKERS[0]), _build_world(second, MARKERS[1]))
        _share_a_story(first, second, worlds)
        yield first, second, worlds
        transaction.set_rollback(True)
    celery_app.conf.task_always_eager = previous


def _share_a_story(first: Province, second: SecondProvince, worlds: tuple[dict, dict]) -> None:
    """A story clustered from both provinces' items, with a case of each province on it."""
    from pressdesk.infonotes.models import Case

    when = worlds[0]["story"].first_seen_at
    shared = Story.objects.create(title="Ortak haber", first_seen_at=when, last_seen_at=when, item_count=2)
    for province, world in zip((first, second), worlds, strict=True):
        marker = world["marker"]
        Item.objects.create(
            source=world["source"], outlet=world["outlet"], url=f"https://{province.directorate.code}.example/ortak",
            identity_hash="ortak", title=f"Ortak haber {marker}", fetched_at=when, published_at=when, story=shared,
            matched=True,
        )  # fmt: skip
        Case.objects.create(
            title=f"Ortak dosya {marker}", organization=province.unit, story=shared, created_by=province.staff
        )
        world["shared_story"] = shared


# The URLs that open one monitored story, requested with the shared story's id.
STORY_URLS = (
    "monitoring:story_detail",
    "infonotes:open_from_story",
    "publishing:draft_from_story",
    "triage:forward",
)


@pytest.mark.parametrize("role", ["staff", "director", "outsider", "other_director"])
def test_a_story_shared_by_both_provinces_shows_each_only_its_own(role, province, second, worlds, client):
    """Its pages show this province's items and cases, never the other province's (issue 20, point 4)."""
    client.force_login(_users(province, second)[role])
    hidden = _hidden_marker(role)
    assert hidden is not None
    story = worlds[0]["shared_story"]
    problems = []
    for name in STORY_URLS:
        response = client.get(reverse(name, kwargs={"pk": story.pk}))
        if response.status_code in REFUSED:
            problems.append(f"{role} refused on GET {name} ({response.status_code})")
        elif _shows(response, hidden):
            problems.append(f"{role} shown the other province's records on GET {name}")
    assert problems == []


@pytest.mark.parametrize("role", ["staff", "outsider"])
def test_a_shared_storys_triage_notes_are_shown_only_to_their_province(role, province, second, worlds, client):
    from pressdesk.triage.models import StoryNote

    story = worlds[0]["shared_story"]
    for author, world in ((province.staff, worlds[0]), (second.staff, worlds[1])):
        StoryNote.objects.create(story=story, author=author, text=f"Not {world['marker']}")
    client.force_login(_users(province, second)[role])
    for url in (reverse("triage:story", kwargs={"pk": story.pk}), reverse("triage:live")):
        response = client.get(url)
        assert response.status_code == 200
        assert not _shows(response, _hidden_marker(role) or ""), url


def _match_across(worlds: tuple[dict, dict]) -> None:
    """Matching is global: each province's term also matched the other province's item."""
    for own, other in (worlds, worlds[::-1]):
        ItemMatch.objects.create(item=own["item"], term=other["term"], field="title", spans=[[0, 5, "Haber"]])


@pytest.mark.parametrize("role", ["staff", "outsider"])
def test_another_provinces_term_matched_on_own_items_is_not_shown(role, province, second, worlds, client):
    _match_across(worlds)
    client.force_login(_users(province, second)[role])
    own = worlds[1] if role in OTHER_PROVINCE else worlds[0]
    hidden = _hidden_marker(role) or ""
    for url in (
        reverse("monitoring:story_list"),
        reverse("monitoring:story_detail", kwargs={"pk": own["story"].pk}),
        reverse("monitoring:archive"),
    ):
        response = client.get(url)
        assert response.status_code == 200 and own["marker"] in response.content.decode(), url
        assert not _shows(response, hidden), url


@pytest.mark.parametrize("role", ["staff", "outsider"])
def test_another_provinces_term_matched_on_own_items_is_not_shown_in_triage(role, province, second, worlds, client):
    _match_across(worlds)
    client.force_login(_users(province, second)[role])
    own = worlds[1] if role in OTHER_PROVINCE else worlds[0]
    for url in (reverse("triage:live"), reverse("triage:story", kwargs={"pk": own["story"].pk})):
        response = client.get(url)
        assert response.status_code == 200
        assert not _shows(response, _hidden_marker(role) or ""), url


@pytest.fixture
def province(_shared):
    return _shared[0]


@pytest.fixture
def second(_shared):
    return _shared[1]


@pytest.fixture
def worlds(_shared):
    """The same records in both provinces."""
    return _shared[2]


@pytest.fixture
def world(worlds):
    """The first province's records: the walk requests their URLs."""
    return worlds[0]


def _url(name: str, world: dict) -> str:
    pks = world["pk"]
    namespace = name.split(":")[0]
    kwargs: dict[str, object] = {}
    if name in world["kwargs"]:
        return reverse(name, kwargs=world["kwargs"][name])
    pattern_kwargs = _pattern_kwargs(name)
    for key in pattern_kwargs:
        if key == "pk":
            short = name.split(":")[-1]
            if short in ("matrix_edit",):
                kwargs["pk"] = pks["matrix"]
            elif short == "matrix_override_delete":
                kwargs["pk"] = pks["matrix_override_delete"]
            elif namespace == "monitoring":
                kwargs["pk"] = pks[f"monitoring_{short.split('_')[0]}"]
            else:
                kwargs["pk"] = pks[namespace] if namespace != "audit" else pks["tasks"]
        elif key == "attachment_pk":
            kwargs[key] = world["attachment_pk"]
        elif key == "external_pk":
            kwargs[key] = world["external_pk"]
        elif key == "code":
            kwargs[key] = "3.6"
        elif key == "token":
            kwargs[key] = world["import_token"] if namespace == "accounts" else world["token"]
        elif key == "uidb64":
            kwargs[key] = "MQ"
        elif key == "app_label":
            kwargs[key] = "tasks"
        elif key == "model_name":
            kwargs[key] = "task"
        else:  # pragma: no cover - a new kind of argument needs a value here
            raise AssertionError(f"no sample value for {key} in {name}")
    if name == "password_reset_confirm":
        kwargs["token"] = "set-password"
    return reverse(name, kwargs=kwargs)


def _pattern_kwargs(name: str) -> list[str]:
    resolver = get_resolver()
    possibilities = resolver.reverse_dict.getlist(name.split(":")[-1]) if ":" not in name else None
    if possibilities is None:
        namespace, short = name.split(":")
        _prefix, sub = resolver.namespace_dict[namespace]
        possibilities = sub.reverse_dict.getlist(short)
    for _bits, _pattern, _defaults, converters in possibilities:
        return list(converters)
    return []


REFUSED = (403, 404)


def _users(province: Province, second: SecondProvince) -> dict[str, object]:
    users: dict[str, object] = province.by_role()
    users.update(
        {"other_unit_head": second.unit_head, "other_director": second.director, "other_press": second.affiliate}
    )
    return users


def _hidden_marker(role: str) -> str | None:
    """The marker of the province whose records ``role`` must never see (None: administrators see both)."""
    if role == "admin":
        return None
    return MARKERS[0] if role in OTHER_PROVINCE else MARKERS[1]


def _shows(response, marker: str) -> bool:
    if response.status_code != 200 or not response["Content-Type"].startswith(("text/", "application/json")):
        return False
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return marker.casefold() in content.decode(errors="replace").casefold()


def _shared_between_runs(roles: list[str], postgres: set[str]) -> list[object]:
    """``roles`` as parameters, ``postgres`` marked for CI's PostgreSQL run and the rest for its SQLite run.

    Each walk requests every URL (20–30 s per role on CI's machine). CI walks half the roles
    on each database, each half with roles of both provinces, so every URL is still requested
    on both; a plain ``pytest`` walks them all.
    """
    return [
        pytest.param(role, marks=pytest.mark.ci_postgres_run if role in postgres else pytest.mark.ci_sqlite_run)
        for role in roles
    ]


@pytest.mark.parametrize(
    "role",
    _shared_between_runs(ROLES, {"staff", "chief", "affiliate_press", "admin", "other_unit_head", "other_director"}),
)
def test_each_role_reaches_only_what_it_may(role, province, second, world, client):
    """Each role opens what its policy allows, is refused the rest, and never sees the other province's records."""
    user = _users(province, second)[role]
    client.force_login(user)
    hidden = _hidden_marker(role)
    problems = []
    for name in _url_names():
        policy = POLICY[name]
        if policy == PUBLIC or name == "logout":
            continue
        url = _url(name, world)
        allowed = role in policy
        response = client.get(url)
        if allowed:
            if response.status_code in REFUSED:
                problems.append(f"{role} refused on GET {name} ({response.status_code})")
            elif hidden and _shows(response, hidden):
                problems.append(f"{role} shown the other province's records on GET {name}")
        else:
            if response.status_code not in (*REFUSED, 405):
                problems.append(f"{role} not refused on GET {name} ({response.status_code})")
            response = client.post(url, {})
            if response.status_code not in (*REFUSED, 405):
                problems.append(f"{role} not refused on POST {name} ({response.status_code})")
    assert problems == []


@pytest.mark.parametrize("role", _shared_between_runs(["unit_head", "director"], {"unit_head"}))
def test_the_first_province_is_refused_the_second_provinces_records(role, province, worlds, client):
    """The walk the other way round: every record URL of the second province, as the first province's user."""
    mirror = next(other for other, own in OTHER_PROVINCE.items() if own == role)
    client.force_login(province.by_role()[role])
    problems = []
    for name in _url_names():
        policy = POLICY[name]
        if policy == PUBLIC or not _pattern_kwargs(name) or mirror in policy:
            continue  # public, a list, or a page the second province's own user may open too
        url = _url(name, worlds[1])
        for method in (client.get, client.post):
            response = method(url)
            if response.status_code not in (*REFUSED, 405):
                problems.append(f"{role} not refused on {method.__name__.upper()} {name} ({response.status_code})")
    assert problems == []


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for name in _url_names():
        url = _url(name, world)
        response = client.get(url)
        if POLICY[name] == PUBLIC:
            assert response.status_code in (200, 302, 404, 405), name
            if response.status_code == 302:
                assert not response.url.startswith(reverse("login")), name
        else:
            assert response.status_code == 302, name
            assert response.url.startswith(reverse("login")), name


def test_public_external_link_refuses_a_forged_token(client, world):
    response = client.get(reverse("approvals:external", args=[uuid.uuid4().hex]))
    assert response.status_code == 404
