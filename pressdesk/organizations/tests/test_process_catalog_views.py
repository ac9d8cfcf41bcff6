import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from pressdesk.accounts.models import Role, User
from pressdesk.organizations.models import Process
from pressdesk.organizations.queries import process_catalog

pytestmark = pytest.mark.django_db


def _chain(*roles):
    with translation.override("tr"):
        return escape(" → ".join(str(role.label) for role in roles))


def test_catalog_lists_every_process_grouped_by_source_document(province, login):
    response = login(province.staff).get(reverse("organizations:process_list"))
    body = response.content.decode()

    groups = response.context["groups"]
    assert [g["source"] for g in groups] == [Process.Source.KOCAELI, Process.Source.DENIZLI]
    assert [p.code for p, _line in groups[0]["items"]] == [f"3.{n}" for n in range(1, 18)]
    assert [p.code for p, _line in groups[1]["items"]] == ["1.1", "1.2", "1.3", "1.4"]
    for code in ["3.1", "3.17", "1.1", "1.4"]:
        assert f'data-testid="process-{code}"' in body
    assert body.index('data-testid="process-3.2"') < body.index('data-testid="process-3.10"')


def test_catalog_shows_step_counts_and_the_control_chain_as_role_labels(province, login):
    response = login(province.requester).get(reverse("organizations:process_list"))
    items = {p.code: (p, line) for group in response.context["groups"] for p, line in group["items"]}

    process, line = items["3.6"]
    assert process.step_count == 3
    assert line.chain == [str(Role.UNIT_HEAD.label), str(Role.CHIEF.label), str(Role.DIRECTOR.label)]
    assert _chain(Role.UNIT_HEAD, Role.CHIEF, Role.DIRECTOR) in response.content.decode()
    assert items["3.17"][1].row.all_staff


def test_catalog_reads_every_process_in_a_fixed_number_of_queries(province, django_assert_num_queries):
    user = User.objects.select_related("organization").get(pk=province.staff.pk)
    # ancestors of the user's organization, processes with step counts, matrix rows
    with django_assert_num_queries(3):
        catalog = process_catalog(user)
        chains = [line.controls() for _process, line in catalog if line]
    assert len(catalog) == len(chains) == 21


def test_detail_shows_duty_steps_in_order_and_who_controls(province, login):
    response = login(province.affiliate).get(reverse("organizations:process_detail", args=["3.6"]))
    body = response.content.decode()
    process = Process.objects.get(code="3.6")

    assert escape(process.duty) in body
    texts = [escape(step.text) for step in process.steps.order_by("number")]
    positions = [body.index(text) for text in texts]
    assert positions == sorted(positions)
    assert _chain(Role.UNIT_HEAD, Role.CHIEF, Role.DIRECTOR) in body
    assert response.context["line"].row.organization is None


def test_detail_shows_whether_external_approval_is_needed(province, login):
    client = login(province.staff)
    assert client.get(reverse("organizations:process_detail", args=["1.1"])).context["process"].needs_external_approval
    body_11 = client.get(reverse("organizations:process_detail", args=["1.1"])).content.decode()
    body_13 = client.get(reverse("organizations:process_detail", args=["1.3"])).content.decode()
    assert "text-bg-warning" in body_11.split('data-testid="external-approval"')[1][:400]
    assert "text-bg-warning" not in body_13.split('data-testid="external-approval"')[1][:400]


def test_unknown_process_is_404(province, login):
    assert login(province.staff).get(reverse("organizations:process_detail", args=["9.9"])).status_code == 404


def test_admin_sees_edit_links_others_do_not(province, login, client):
    edit_url = reverse("organizations:process_edit", args=["3.6"])
    assert edit_url in login(province.admin).get(reverse("organizations:process_detail", args=["3.6"])).content.decode()
    client.force_login(province.staff)
    assert edit_url not in client.get(reverse("organizations:process_detail", args=["3.6"])).content.decode()
