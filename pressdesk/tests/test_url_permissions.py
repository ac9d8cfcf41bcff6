"""Walk every URL of the application as each role and as outsiders.

Each URL name must appear in POLICY below (a new URL without a policy fails
this test). For each role the test asserts that:

* a role outside the URL's allowed set is refused (403 or 404) on GET, and
  on POST too (or answered 405 where the view takes no POST), so nothing can
  be changed by it;
* a role inside the set is not refused on GET (POST-only views answer 405);
* an anonymous visitor is sent to the log-in page, except on public URLs.

"outsider" is a unit member of another province; "affiliate_press" is the
press officer of a hospital whose records are not the ones being tested.
"""

from __future__ import annotations

import importlib
import importlib.util
import uuid
from types import ModuleType

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pressdesk.accounts.models import UserImport
from pressdesk.approvals import actions as approval_actions
from pressdesk.approvals.models import ExternalApproval
from pressdesk.monitoring.models import Item, Outlet, Source, Story, WatchTerm
from pressdesk.notifications.actions import notify
from pressdesk.organizations.models import Process, Responsibility
from pressdesk.tasks import actions as task_actions
from pressdesk.testing.letters import make_letter
from pressdesk.testing.url_roles import ADMIN, ALL, PUBLIC, ROLES, SEES_UNIT_RECORD, SUPERIORS, UNIT

pytestmark = pytest.mark.django_db


POLICY: dict[str, set[str] | str] = {
    "home": ALL,
    "healthz": PUBLIC,
    "healthz_live": PUBLIC,
    "healthz_ready": PUBLIC,
    "set_language": PUBLIC,
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
    "tasks:create": SUPERIORS,
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
    "approvals:deputies": {"unit_head", "chief", "director", "admin"},
    "approvals:external": PUBLIC,
    "documents:list": ALL,  # each sees only their own letters
    "documents:create": UNIT | ADMIN | {"outsider"},  # the outsider is unit staff of another province
    "documents:detail": SEES_UNIT_RECORD,
    "documents:edit": SEES_UNIT_RECORD,
    "documents:submit": SEES_UNIT_RECORD,
    "documents:docx": SEES_UNIT_RECORD,
    "documents:pdf": SEES_UNIT_RECORD,
    "documents:ebys": SEES_UNIT_RECORD,
    "documents:signed_pdf": SEES_UNIT_RECORD,
    # Media monitoring: the unit's work. Another province's staff open the lists
    # (and see only their own province) but not this province's sources and stories.
    "monitoring:story_list": UNIT | ADMIN | {"outsider"},
    "monitoring:story_detail": SEES_UNIT_RECORD,
    "monitoring:archive": UNIT | ADMIN | {"outsider"},
    "monitoring:archive_export": UNIT | ADMIN | {"outsider"},
    "monitoring:source_list": UNIT | ADMIN | {"outsider"},
    "monitoring:source_create": UNIT | ADMIN | {"outsider"},
    "monitoring:source_detail": SEES_UNIT_RECORD,
    "monitoring:source_edit": SEES_UNIT_RECORD,
    "monitoring:source_poll": SEES_UNIT_RECORD,
    "monitoring:source_toggle": SEES_UNIT_RECORD,
    "monitoring:term_list": UNIT | ADMIN | {"outsider"},
    "monitoring:term_create": UNIT | ADMIN | {"outsider"},
    "monitoring:term_edit": UNIT | ADMIN | {"outsider"},  # watch terms are matched everywhere
}


def _app_policy_modules() -> list[ModuleType]:
    """Each app's own ``url_policy`` module (see ``pressdesk/testing/url_roles.py``)."""
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("pressdesk.") and importlib.util.find_spec(f"{config.name}.url_policy"):
            modules.append(importlib.import_module(f"{config.name}.url_policy"))
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


@pytest.fixture
def world(province, tmp_path):
    """One record of each kind, belonging to the provincial unit."""
    task = task_actions.assign_task(actor=province.unit_head, assignee=province.staff, title="Görev")
    attachment = task_actions.add_attachment(
        actor=province.unit_head,
        task=task,
        upload=SimpleUploadedFile("not.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
    )
    letter = make_letter(province)
    letter.signed_pdf = SimpleUploadedFile("signed.pdf", b"%PDF-1.4 signed")
    letter.save()
    flow = approval_actions.submit(actor=province.staff, target=letter)
    external = ExternalApproval.objects.create(
        flow=flow,
        organization=province.ministry_press,
        email="b@example.gov.tr",
        token_hash=approval_actions._hash_token("gecerli-anahtar"),
        expires_at=flow.created_at.replace(year=flow.created_at.year + 1),
        evidence=SimpleUploadedFile("kanit.pdf", b"%PDF-1.4 kanit"),
    )
    [note] = notify(recipients=[province.staff], kind="task_assigned", title="x", url="/tasks/")
    process = Process.objects.get(code="3.6")
    override = Responsibility.objects.create(process=process, organization=province.directorate, control_1="unit_head")
    upload = UserImport.objects.create(file_name="a.csv", created_by=province.admin, rows=[])
    outlet = Outlet.objects.create(name="Kocaeli Gazetesi", kind="local_newspaper")
    source = Source.objects.create(
        name="Kocaeli Gazetesi", outlet=outlet, organization=province.directorate, url="https://gazete.example/rss"
    )
    story = Story.objects.create(
        title="Haber", first_seen_at=flow.created_at, last_seen_at=flow.created_at, item_count=1
    )
    Item.objects.create(
        source=source, outlet=outlet, url="https://gazete.example/1", identity_hash="x", title="Haber",
        fetched_at=flow.created_at, published_at=flow.created_at, story=story,
    )  # fmt: skip
    term = WatchTerm.objects.create(name="Şehir Hastanesi", query='"Şehir Hastanesi"')
    world = {
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
        "token": "gecerli-anahtar",
        "import_token": upload.token,
        "story": story,
        "item": Item.objects.get(story=story),
        "source": source,
        "outlet": outlet,
        "letter": letter,
        "kwargs": {},
    }
    for module in _app_policy_modules():
        if hasattr(module, "sample_kwargs"):
            world["kwargs"].update(module.sample_kwargs(province, world))
    return world


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


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_only_what_it_may(role, province, world, client):
    user = province.by_role()[role]
    client.force_login(user)
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
        else:
            if response.status_code not in (*REFUSED, 405):
                problems.append(f"{role} not refused on GET {name} ({response.status_code})")
            response = client.post(url, {})
            if response.status_code not in (*REFUSED, 405):
                problems.append(f"{role} not refused on POST {name} ({response.status_code})")
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
