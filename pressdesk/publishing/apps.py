from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "pressdesk.publishing"
    verbose_name = _("News publishing")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from pressdesk.approvals import registry as approvals
        from pressdesk.audit.registry import register_visibility
        from pressdesk.lib import inbox
        from pressdesk.monitoring import story_actions
        from pressdesk.notifications.kinds import Kind
        from pressdesk.notifications.kinds import register as register_notification_kinds
        from pressdesk.publishing import queries
        from pressdesk.publishing.models import NewsStory, PressContact, Publication

        auditlog.register(NewsStory, m2m_fields={"tags", "channels"})
        auditlog.register(Publication, include_fields=["status", "text", "remote_id", "url", "scheduled_for"])
        auditlog.register(PressContact)
        inbox.register(queries.inbox_items, queries.inbox_count)
        register_visibility(NewsStory, queries.stories_visible_to)
        register_visibility(Publication, queries.publications_visible_to)
        register_visibility(PressContact, queries.press_contacts_visible_to)
        approvals.register(
            NewsStory, visible_to=queries.stories_visible_to, preview_template="publishing/_story_preview.html"
        )
        story_actions.register(
            story_actions.StoryAction(
                key="share_on_social_media",
                label=_("Share on social media"),
                url_name="publishing:draft_from_story",
                icon="bi-share",
                style="outline-success",
                available=lambda user, story: queries.can_manage(user),
            )
        )
        register_notification_kinds(
            Kind("news_submitted", _("An institution sent a news story for review")),
            Kind("news_reviewed", _("The unit reviewed my institution's news story")),
        )
        # The unit's activity figures (issue 26 point 9): the statistics page only collects them.
        from pressdesk.lib import activity as activity_figures
        from pressdesk.publishing import queries as figure_queries

        activity_figures.register(
            activity_figures.Figure(
                key="publishing.stories_published",
                label=_("News stories published"),
                process="3.6",
                compute=figure_queries.stories_published_by_month,
            ),
        )
