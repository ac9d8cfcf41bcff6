from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreativeConfig(AppConfig):
    name = "pressdesk.creative"
    verbose_name = _("Creative studio")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.approvals import registry as approvals
        from pressdesk.audit.registry import register_visibility
        from pressdesk.creative import queries
        from pressdesk.creative.models import (
            Asset,
            Comment,
            DayPackage,
            DesignRequest,
            ShootPerson,
            ShootPlan,
            SpecialDay,
            StoryAttachment,
            Version,
        )
        from pressdesk.lib import agenda, inbox
        from pressdesk.notifications.kinds import Kind
        from pressdesk.notifications.kinds import register as register_notification_kinds

        for model in (
            DesignRequest,
            Version,
            Comment,
            Asset,
            SpecialDay,
            DayPackage,
            ShootPlan,
            ShootPerson,
            StoryAttachment,
        ):
            auditlog.register(model)
        register_visibility(DesignRequest, queries.requests_visible_to)
        register_visibility(Asset, queries.assets_visible_to)
        register_visibility(DayPackage, queries.packages_visible_to)
        register_visibility(ShootPlan, queries.shoots_visible_to)
        approvals.register(
            DayPackage, visible_to=queries.packages_visible_to, preview_template="creative/_package_preview.html"
        )
        approvals.register(
            DesignRequest, visible_to=queries.requests_visible_to, preview_template="creative/_final_preview.html"
        )
        # Publishing asks the studio about library assets on stories and about the days' packages.
        from pressdesk.creative import actions
        from pressdesk.publishing import extensions

        extensions.register(
            publish_check=actions.story_problems,
            approval_source=actions.package_approval,
            video_source=actions.story_videos,
            newsroom_video=actions.newsroom_videos,
            photo_picker=actions.story_photo_picker,
        )
        inbox.register(queries.inbox_items, queries.inbox_query)
        agenda.register(queries.agenda_entries)
        register_notification_kinds(
            Kind("creative_request_decided", _("My design request was decided"), email=True),
            Kind("creative_request_assigned", _("A design is assigned to me"), email=True),
            Kind("creative_version_ready", _("A draft of my design is waiting for me"), email=True),
            Kind("creative_version_answered", _("The requester answered my draft"), email=False),
        )
        # The unit's activity figures (issue 26 point 9): the statistics page only collects them.
        from pressdesk.creative import queries as figure_queries
        from pressdesk.lib import activity as activity_figures

        activity_figures.register(
            activity_figures.Figure(
                key="creative.design_requests",
                label=_("Design requests received"),
                process="3.3",
                compute=figure_queries.design_requests_by_month,
            ),
        )
