import pytest
from django.urls import reverse

from pressdesk.organizations.models import Process

pytestmark = pytest.mark.django_db


def _data(process, steps, **overrides):
    data = {
        "process-name": process.name,
        "process-duty": process.duty,
        "process-step_due_hours": process.step_due_hours,
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
    }
    if process.needs_external_approval:
        data["process-needs_external_approval"] = "on"
    for n, step in enumerate(steps):
        if isinstance(step, tuple):
            data[f"steps-{n}-text"], data[f"steps-{n}-DELETE"] = step[0], "on"
        else:
            data[f"steps-{n}-text"] = step
    data.update(overrides)
    return data


def test_admin_edits_process_settings_and_steps(province, login):
    process = Process.objects.get(code="3.10")  # three steps
    steps = [s.text for s in process.steps.order_by("number")]
    response = login(province.admin).post(
        reverse("organizations:process_edit", args=["3.10"]),
        _data(
            process,
            [steps[0], (steps[1], "delete"), steps[2] + " (e-posta ile)", "Arşivlenmesi.", ""],
            **{"process-needs_external_approval": "on", "process-step_due_hours": 8},
        ),
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.needs_external_approval
    assert process.step_due_hours == 8
    assert [(s.number, s.text) for s in process.steps.order_by("number")] == [
        (1, steps[0]),
        (2, steps[2] + " (e-posta ile)"),
        (3, "Arşivlenmesi."),
    ]


def test_edit_form_shows_the_current_steps(province, login):
    response = login(province.admin).get(reverse("organizations:process_edit", args=["3.6"]))
    formset = response.context["formset"]
    assert [f.initial["text"] for f in formset.forms if f.initial] == [
        s.text for s in Process.objects.get(code="3.6").steps.order_by("number")
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"process-step_due_hours": 0}, "step_due_hours"),
        ({"process-step_due_hours": "abc"}, "step_due_hours"),
        ({"process-name": ""}, "name"),
    ],
)
def test_bad_process_settings_are_refused(province, login, overrides, field):
    process = Process.objects.get(code="3.6")
    steps = [s.text for s in process.steps.order_by("number")]
    response = login(province.admin).post(
        reverse("organizations:process_edit", args=["3.6"]), _data(process, steps, **overrides)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    process.refresh_from_db()
    assert process.step_due_hours == 24


def test_a_process_without_steps_is_refused(province, login):
    process = Process.objects.get(code="3.6")
    response = login(province.admin).post(reverse("organizations:process_edit", args=["3.6"]), _data(process, ["", ""]))
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert process.steps.count() == 3
