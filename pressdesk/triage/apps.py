from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "pressdesk.triage"
    verbose_name = _("Monitoring triage and alerts")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.audit.registry import register_visibility
        from pressdesk.monitoring import signals, story_actions
        from pressdesk.monitoring.models import StoryTriage
        from pressdesk.notifications.kinds import Kind
        from pressdesk.notifications.kinds import register as register_notification_kinds
        from pressdesk.triage import queries, receivers
        from pressdesk.triage.models import AlertRule, StoryForward, StoryNote

        # A province's triage of a story is its unit's decisions: keep their history, shown to that province only.
        auditlog.register(StoryTriage, include_fields=["relevance", "sentiment", "importance", "assignee"])
        auditlog.register(StoryNote)
        auditlog.register(StoryForward)
        auditlog.register(AlertRule, m2m_fields={"institutions", "terms", "recipients"})
        register_visibility(StoryTriage, queries.triage_visible_to)
        register_visibility(AlertRule, queries.rules_visible_to)
        signals.items_ingested.connect(receivers.on_items_ingested, dispatch_uid="triage.items_ingested")
        story_actions.register(
            story_actions.StoryAction(
                key="forward_email",
                label=_("Forward by e-mail"),
                url_name="triage:forward",
                icon="bi-envelope-arrow-up",
                available=lambda user, story: queries.can_triage(user),
            )
        )
        register_notification_kinds(
            Kind("monitoring_alert", _("A monitoring alert rule matched a story")),
            Kind("monitoring_story_assigned", _("A monitored story was assigned to me")),
            Kind("monitoring_alert_capped", _("An alert rule reached its hourly limit")),
        )
