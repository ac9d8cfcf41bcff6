from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "pressdesk.tasks"
    verbose_name = _("Tasks")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.audit.registry import register_visibility
        from pressdesk.lib import inbox
        from pressdesk.notifications.kinds import Kind
        from pressdesk.notifications.kinds import register as register_notification_kinds
        from pressdesk.tasks import queries
        from pressdesk.tasks.models import Task

        auditlog.register(Task)
        register_visibility(Task, queries.tasks_visible_to)
        inbox.register(queries.inbox_items, queries.inbox_count)
        register_notification_kinds(
            Kind("task_assigned", _("A task was given to me")),
            Kind("task_due", _("A task of mine is due"), email=True),
        )
