from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "pressdesk.tasks"
    verbose_name = _("Tasks")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.audit.registry import register_visibility
        from pressdesk.tasks import inbox, queries
        from pressdesk.tasks.models import Task

        auditlog.register(Task)
        register_visibility(Task, queries.tasks_visible_to)
        inbox.register(queries.inbox_items, queries.inbox_count)
