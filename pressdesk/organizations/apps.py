from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "pressdesk.organizations"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.audit.registry import register_visibility
        from pressdesk.organizations import queries
        from pressdesk.organizations.models import Organization, Process, ProcessStep, Responsibility

        auditlog.register(Organization)
        auditlog.register(Process)
        auditlog.register(Responsibility)
        auditlog.register(ProcessStep)
        register_visibility(Organization, queries.organizations_visible_to)
        register_visibility(Process, queries.processes_visible_to)
        register_visibility(Responsibility, queries.responsibilities_visible_to)
