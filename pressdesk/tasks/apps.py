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
        inbox.register(queries.inbox_items, queries.inbox_query)
        register_notification_kinds(
            Kind("task_assigned", _("A task was given to me")),
            Kind("task_due", _("A task of mine is due"), email=True),
        )
        # The unit's activity figures (issue 26 point 9): the statistics page only collects them.
        from pressdesk.lib import activity as activity_figures
        from pressdesk.tasks import queries as figure_queries

        activity_figures.register(
            activity_figures.Figure(
                key="tasks.done_on_time",
                label=_("Tasks done on time"),
                process="3.17",
                compute=figure_queries.tasks_done_on_time_by_month,
            ),
            activity_figures.Figure(
                key="tasks.done_late",
                label=_("Tasks done late"),
                process="3.17",
                compute=figure_queries.tasks_done_late_by_month,
            ),
        )
