"""Each kind of work has its own queue, and no task falls into the default queue by accident."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from pressdesk.celery import app

PACKAGE = Path(__file__).resolve().parent.parent

EXPECTED = {
    "pressdesk.monitoring.tasks.poll_due_sources": "polling",
    "pressdesk.monitoring.tasks.poll_sources": "polling",
    "pressdesk.monitoring.tasks.poll_source": "polling",
    "pressdesk.monitoring.tasks.fetch_clip": "polling",
    "pressdesk.monitoring.tasks.backfill_term": "reports",
    "pressdesk.monitoring.tasks.ocr_clip_file": "reports",
    "pressdesk.monitoring.tasks.remove_unkept_personal_data": "reports",
    "pressdesk.lib.tasks.refresh_database_statistics": "reports",
    "pressdesk.monitoring.tasks.maintain_websub": "polling",
    "pressdesk.monitoring.tasks.ingest_websub_delivery": "polling",
    "pressdesk.triage.tasks.process_new_items": "alerts",
    "pressdesk.triage.tasks.evaluate_story_rules": "alerts",
    "pressdesk.triage.tasks.send_alert_sms": "alerts",
    "pressdesk.triage.tasks.send_due_sms": "alerts",
    "pressdesk.notifications.tasks.send_notification_emails": "mail",
    "pressdesk.approvals.tasks.notify_flow_event": "mail",
    "pressdesk.approvals.tasks.send_external_request": "mail",
    "pressdesk.accounts.tasks.send_set_password_email": "mail",
    "pressdesk.infonotes.tasks.send_note_email": "mail",
    "pressdesk.broadcast.tasks.send_public_confirmation": "mail",
    "pressdesk.tasks.tasks.notify_task_assigned": "mail",
    "pressdesk.tasks.tasks.send_due_reminders": "mail",
    "pressdesk.triage.tasks.send_forward": "mail",
    "pressdesk.publishing.tasks.send_press_mail": "mail",
    "pressdesk.sms.tasks.send_campaign": "mail",
    "pressdesk.sms.tasks.fetch_reports": "mail",
    "pressdesk.sms.tasks.start_due_campaigns": "mail",
    "pressdesk.sms.tasks.prepare_rule_campaigns": "mail",
    "pressdesk.publishing.tasks.publish_publication": "publishing",
    "pressdesk.publishing.tasks.update_remote_post": "publishing",
    "pressdesk.publishing.tasks.delete_remote_post": "publishing",
    "pressdesk.publishing.tasks.publish_due": "publishing",
    "pressdesk.channels.tasks.check_channel_task": "publishing",
    "pressdesk.channels.tasks.check_all_channels": "publishing",
    "pressdesk.reports.tasks.enqueue_due_reports": "reports",
    "pressdesk.reports.tasks.send_delivery": "reports",
    "pressdesk.triage.tasks.retrain_sentiment": "reports",
    "pressdesk.outbox.tasks.dispatch_outbox": "celery",
    "pressdesk.outbox.tasks.delete_old_outbox_messages": "celery",
    "pressdesk.approvals.tasks.process_deadlines": "celery",
    "pressdesk.infonotes.tasks.process_deadlines": "celery",
    "pressdesk.publicvoice.tasks.process_deadlines": "celery",
    "pressdesk.broadcast.tasks.send_reminders": "celery",
    "pressdesk.meetings.tasks.generate_series": "celery",
    "pressdesk.meetings.tasks.remind_vtc_tests": "celery",
    "pressdesk.meetings.tasks.send_invitations": "mail",
    "pressdesk.creative.tasks.make_preview": "celery",
    "pressdesk.creative.tasks.make_renditions": "celery",
    "pressdesk.creative.tasks.make_deliveries": "celery",
    "pressdesk.mediarelations.tasks.send_delivery": "mail",
    "pressdesk.mediarelations.tasks.fetch_bounces": "celery",
    "pressdesk.events.tasks.remind_attendees": "celery",
    "pressdesk.events.tasks.send_invitation": "mail",
    "pressdesk.events.tasks.send_answer_receipt": "mail",
    "pressdesk.events.tasks.send_vehicle_notice": "mail",
    "pressdesk.events.tasks.send_press_kit_mail": "mail",
}


def _queue_of(name: str) -> str:
    return str(app.amqp.router.route({}, name)["queue"].name)


def _project_tasks() -> set[str]:
    app.loader.import_default_modules()
    return {name for name in app.tasks if name.startswith("pressdesk.") and ".tests." not in name}


def test_each_task_is_routed_to_the_queue_of_its_kind():
    assert {name: _queue_of(name) for name in EXPECTED} == EXPECTED


def test_every_task_of_every_task_module_has_an_explicit_route():
    modules = {f"pressdesk.{path.parent.name}.tasks" for path in PACKAGE.glob("*/tasks.py")}
    names = _project_tasks()
    assert {name.rsplit(".", 1)[0] for name in names} == modules  # every tasks.py was found
    assert names == set(EXPECTED), "a new task needs a route in CELERY_TASK_ROUTES and a line here"
    for name in names:
        assert any(route(name) for route in app.amqp.router.routes), f"{name} has no explicit route"


def test_a_worker_started_without_queues_consumes_every_queue():
    assert set(app.amqp.queues) == set(settings.TASK_QUEUE_NAMES)
    assert set(EXPECTED.values()) == set(settings.TASK_QUEUE_NAMES)


def test_the_procfile_workers_together_consume_every_queue_and_polling_never_shares_with_mail():
    procfile = (PACKAGE.parent / "Procfile").read_text(encoding="utf-8")
    groups = [set(match.split(",")) for match in re.findall(r"celery -A pressdesk worker .*?-Q (\S+)", procfile)]
    assert len(groups) >= 2
    assert set().union(*groups) == set(settings.TASK_QUEUE_NAMES)
    for group in groups:
        assert not ({"polling", "alerts"} & group and "mail" in group)
