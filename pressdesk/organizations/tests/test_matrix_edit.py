import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from pressdesk.accounts.models import Role
from pressdesk.organizations import actions
from pressdesk.organizations.models import Responsibility

pytestmark = pytest.mark.django_db


def _row(code="3.6"):
    return Responsibility.objects.get(process__code=code, organization=None)


def _post_data(row, **overrides):
    data = {name: getattr(row, name) for name in actions.ROLE_FIELDS}
    if row.all_staff:
        data["all_staff"] = "on"
    data.update(overrides)
    return data


def test_matrix_page_is_the_paper_table_with_role_labels(province, login):
    body = login(province.admin).get(reverse("organizations:matrix")).content.decode()
    row = body[body.index('data-testid="matrix-row-3.6"') :]
    row = row[: row.index("</tr>")]
    with translation.override("tr"):
        labels = [
            escape(str(label))
            for label in [
                Role.UNIT_HEAD.label,
                Role.STAFF.label,
                Role.STAFF.label,
                Role.UNIT_HEAD.label,
                Role.CHIEF.label,
                Role.DIRECTOR.label,
            ]
        ]
    cells = [cell.split(">", 1)[1].split("</td", 1)[0].strip() for cell in row.split("<td")[1:]]
    assert "3.6" in cells[0]
    assert cells[2:8] == labels
    assert body.count('data-testid="matrix-row-') == 21
    # Like the paper: Kocaeli's 3.1–3.17 first, then Denizli's 1.1–1.4.
    assert body.index('matrix-row-3.1"') < body.index('matrix-row-3.17"') < body.index('matrix-row-1.1"')


def test_admin_changes_a_matrix_row(province, login):
    row = _row()
    response = login(province.admin).post(
        reverse("organizations:matrix_edit", args=[row.pk]), _post_data(row, control_2="", responsible_3="")
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.controls() == [Role.UNIT_HEAD, Role.DIRECTOR]
    assert row.responsible_3 == ""


def test_matrix_edit_form_starts_with_the_current_roles(province, login):
    row = _row()
    form = login(province.admin).get(reverse("organizations:matrix_edit", args=[row.pk])).context["form"]
    assert form.initial["control_3"] == Role.DIRECTOR
    assert form.initial["responsible_1"] == Role.UNIT_HEAD


def test_an_unknown_role_code_is_refused_and_nothing_changes(province, login):
    row = _row()
    response = login(province.admin).post(
        reverse("organizations:matrix_edit", args=[row.pk]), _post_data(row, control_1="boss", control_3="director")
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["control_1"]
    assert "is-invalid" in response.content.decode()
    row.refresh_from_db()
    assert row.control_1 == Role.UNIT_HEAD


def test_the_action_refuses_an_unknown_role_code_too(province):
    row = _row()
    with pytest.raises(ValidationError) as excinfo:
        actions.update_responsibility(actor=province.admin, responsibility=row, control_1="boss")
    assert "control_1" in excinfo.value.message_dict
    row.refresh_from_db()
    assert row.control_1 == Role.UNIT_HEAD


def test_all_staff_can_be_switched_on(province, login):
    row = _row("3.16")
    login(province.admin).post(reverse("organizations:matrix_edit", args=[row.pk]), _post_data(row, all_staff="on"))
    row.refresh_from_db()
    assert row.all_staff


def test_unknown_matrix_row_is_404(province, login):
    assert login(province.admin).get(reverse("organizations:matrix_edit", args=[999999])).status_code == 404
