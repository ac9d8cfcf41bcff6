"""Background work of corporate SMS: thin wrappers around ``actions``."""

from __future__ import annotations

from celery import shared_task


# Below the broker's visibility timeout (BROKER_VISIBILITY_TIMEOUT): a longer campaign stops at the soft limit
# with its remaining batches pending, and the beat queues it again (resume_stalled).
@shared_task(soft_time_limit=780, time_limit=840, acks_late=True)
def send_campaign(campaign_id: int) -> str:
    """Send the campaign's pending batches; a re-run skips every batch already sent."""
    from pressdesk.sms import actions

    return actions.send_campaign(campaign_id)


@shared_task(soft_time_limit=300, time_limit=360)
def fetch_reports(campaign_id: int) -> int:
    from pressdesk.sms import actions
    from pressdesk.sms.providers import ProviderError

    try:
        return actions.fetch_reports(campaign_id)
    except ProviderError:
        return 0  # the next tick asks again


@shared_task(soft_time_limit=120, time_limit=180)
def start_due_campaigns() -> int:
    """Beat, every minute: start scheduled campaigns whose time has come, ask for delivery reports,
    delete delivery details past the retention period."""
    from pressdesk.sms import actions

    started = actions.start_due_campaigns()
    for campaign_id in actions.open_report_campaigns():
        fetch_reports.delay(campaign_id)
    actions.resume_stalled()
    actions.start_approved_rule_campaigns()
    actions.delete_old_details()
    return started


@shared_task(soft_time_limit=300, time_limit=360)
def prepare_rule_campaigns() -> int:
    """Beat, every 15 minutes: the day's birthday and work-anniversary campaigns, once per rule and day."""
    from pressdesk.sms import actions

    return actions.prepare_rule_campaigns()
