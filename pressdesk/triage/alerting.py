"""The alert-rule engine: which active rules a story or a term's volume sets off, and the alerts they raise.

``evaluate_rules`` checks story rules (province, triage label, institutions,
outlet kinds, terms, query) once per rule and story; ``evaluate_spikes`` compares
a term's matched items today with its daily mean. An alert is recorded once per
rule and key, held back over the rule's hourly cap, and delivered in-app and by
e-mail (``notifications.actions.notify``); its SMS waits for the end of the
rule's quiet hours and is sent by a task (``send_alert_sms_now``). The rules
themselves are saved by ``actions.save_rule``.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.monitoring.models import Item, ItemMatch, Relevance, Sentiment, Story, StoryTriage
from pressdesk.notifications.actions import notify
from pressdesk.outbox.actions import enqueue
from pressdesk.triage import queries
from pressdesk.triage.models import Alert, AlertPreference, AlertRule

if TYPE_CHECKING:
    from pressdesk.accounts.models import User
    from pressdesk.organizations.models import Organization

log = logging.getLogger(__name__)

SPIKE_WINDOW_DAYS = 14


def _in_quiet_hours(rule: AlertRule, now: datetime.datetime) -> bool:
    if rule.quiet_start is None or rule.quiet_end is None or rule.quiet_start == rule.quiet_end:
        return False
    local = timezone.localtime(now).time()
    if rule.quiet_start < rule.quiet_end:
        return rule.quiet_start <= local < rule.quiet_end
    return local >= rule.quiet_start or local < rule.quiet_end


def _quiet_hours_end(rule: AlertRule, now: datetime.datetime) -> datetime.datetime:
    assert rule.quiet_end is not None
    local = timezone.localtime(now)
    end = local.replace(hour=rule.quiet_end.hour, minute=rule.quiet_end.minute, second=0, microsecond=0)
    if end <= local:
        end += datetime.timedelta(days=1)
    return end


class _StoryFacts:
    """What the rules look at for one story, read once for all rules."""

    def __init__(self, story: Story, items: list[Item], matches: list[ItemMatch], triages: list[StoryTriage]) -> None:
        self.story = story
        self.items = items
        self.triages = triages
        self.term_ids = {match.term_id for match in matches}
        self.org_paths = {match.term.organization.path for match in matches if match.term.organization is not None}
        self.outlet_kinds = {item.outlet.kind for item in items}
        self.source_org_paths = {
            item.source.organization.path for item in items if item.source.organization is not None
        }

    def triage_for(self, organization: Organization) -> StoryTriage | None:
        """The triage of the province ``organization`` (a rule's province) is in, if it triaged the story."""
        return _triage_for(self.triages, organization)


def _triage_for(triages: Iterable[StoryTriage], organization: Organization) -> StoryTriage | None:
    found = [row for row in triages if organization.path.startswith(row.province.path)]
    return max(found, key=lambda row: len(row.province.path), default=None)


def _story_facts(story_ids: Sequence[int]) -> dict[int, _StoryFacts]:
    stories = {story.pk: story for story in Story.objects.filter(pk__in=list(story_ids))}
    items: dict[int, list[Item]] = defaultdict(list)
    for item in (
        Item.objects.filter(story_id__in=list(stories), matched=True)
        .select_related("outlet", "source__organization")
        .only(
            "pk",
            "story_id",
            "title",
            "text",
            "url",
            "original_url",
            "outlet__kind",
            "outlet__name",
            "source__organization__path",
        )
    ):
        assert item.story_id is not None
        items[item.story_id].append(item)
    matches: dict[int, list[ItemMatch]] = defaultdict(list)
    for match in ItemMatch.objects.filter(item__story_id__in=list(stories)).select_related(
        "term__organization", "item"
    ):
        assert match.item.story_id is not None
        matches[match.item.story_id].append(match)
    triages: dict[int, list[StoryTriage]] = defaultdict(list)
    for row in StoryTriage.objects.filter(story_id__in=list(stories)).select_related("province"):
        triages[row.story_id].append(row)
    return {pk: _StoryFacts(story, items[pk], matches[pk], triages[pk]) for pk, story in stories.items() if items[pk]}


def _rule_holds(rule: AlertRule, facts: _StoryFacts, institution_paths: list[str], term_ids: set[int]) -> bool:
    if rule.organization.path and not any(path.startswith(rule.organization.path) for path in facts.source_org_paths):
        return False
    # The rule's province's own triage: another province's label or "irrelevant" does not count here.
    triage = facts.triage_for(rule.organization)
    label = (triage.sentiment if triage is not None else "") or facts.story.sentiment_suggested
    if rule.sentiment and label != rule.sentiment:
        return False
    if triage is not None and triage.relevance == Relevance.IRRELEVANT:
        return False
    if institution_paths and not any(
        path.startswith(prefix) for path in facts.org_paths for prefix in institution_paths
    ):
        return False
    if rule.outlet_kinds and not (facts.outlet_kinds & set(rule.outlet_kinds)):
        return False
    if term_ids and not (facts.term_ids & term_ids):
        return False
    if rule.query:
        from urllib.parse import urlsplit

        from pressdesk.monitoring.matching import Matcher

        matcher = Matcher([(rule.pk, rule.query)])
        if not any(
            matcher.match(item.title, item.text, (urlsplit(item.original_url or item.url).hostname or ""))
            for item in facts.items
        ):
            return False
    return True


def evaluate_rules(*, story_ids: Sequence[int], now: datetime.datetime | None = None) -> list[Alert]:
    """Raise the alerts that the active story rules call for (once per rule and story)."""
    now = now or timezone.now()
    rules = list(
        AlertRule.objects.filter(is_active=True, spike=False)
        .select_related("organization")
        .prefetch_related("institutions", "terms")
    )
    if not rules or not story_ids:
        return []
    facts = _story_facts(story_ids)
    if not facts:
        return []
    done = set(Alert.objects.filter(rule__in=rules, story_id__in=list(facts)).values_list("rule_id", "story_id"))
    created: list[Alert] = []
    for rule in rules:
        institution_paths = [org.path for org in rule.institutions.all()]
        term_ids = {term.pk for term in rule.terms.all()}
        for story_id, story_facts in facts.items():
            if (rule.pk, story_id) in done:
                continue
            if _rule_holds(rule, story_facts, institution_paths, term_ids):
                alert = _raise_alert(rule, story=story_facts.story, key=f"story:{story_id}", reason="", now=now)
                if alert is not None:
                    created.append(alert)
    return created


def evaluate_spikes(*, term_ids: Sequence[int], now: datetime.datetime | None = None) -> list[Alert]:
    """Spike rules: today's matched items on a term against its daily mean of the last 14 days."""
    now = now or timezone.now()
    rules = list(
        AlertRule.objects.filter(is_active=True, spike=True).select_related("organization").prefetch_related("terms")
    )
    if not rules or not term_ids:
        return []
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    window_start = today - datetime.timedelta(days=SPIKE_WINDOW_DAYS)
    created: list[Alert] = []
    for rule in rules:
        watched = {term.pk for term in rule.terms.all()} or set(term_ids)
        candidates = watched & set(term_ids)
        if not candidates:
            continue
        scoped = ItemMatch.objects.filter(
            term_id__in=candidates, item__source__organization__path__startswith=rule.organization.path
        )
        counts = scoped.filter(item__fetched_at__gte=window_start).aggregate(
            **{
                f"today_{tid}": Count("item", distinct=True, filter=Q(term_id=tid, item__fetched_at__gte=today))
                for tid in candidates
            },
            **{
                f"before_{tid}": Count("item", distinct=True, filter=Q(term_id=tid, item__fetched_at__lt=today))
                for tid in candidates
            },
        )
        for term_id in sorted(candidates):
            today_count = counts[f"today_{term_id}"]
            mean = counts[f"before_{term_id}"] / SPIKE_WINDOW_DAYS
            if today_count < rule.spike_min_items or today_count < rule.spike_factor * max(mean, 1.0 / 7):
                continue
            latest = (
                scoped.filter(term_id=term_id, item__fetched_at__gte=today, item__story__isnull=False)
                .order_by("-item__fetched_at")
                .values_list("item__story_id", flat=True)
                .first()
            )
            story = Story.objects.filter(pk=latest).first() if latest else None
            reason = _("%(today)d items today on a term averaging %(mean).1f a day over 14 days") % {
                "today": today_count,
                "mean": mean,
            }
            key = f"spike:{term_id}:{today.date().isoformat()}"
            alert = _raise_alert(rule, story=story, key=key, reason=reason, now=now)
            if alert is not None:
                created.append(alert)
    return created


def _raise_alert(
    rule: AlertRule, *, story: Story | None, key: str, reason: str, now: datetime.datetime
) -> Alert | None:
    """Record one alert and deliver it, unless it exists already or the rule hit its hourly cap."""
    recent = Alert.objects.filter(rule=rule, created_at__gte=now - datetime.timedelta(hours=1), held_back=False)
    held_back = recent.count() >= rule.max_per_hour
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                rule=rule, story=story, key=key, reason=reason[:300], created_at=now, held_back=held_back
            )
    except IntegrityError:
        return None  # raised already (another worker, or a second run)
    if held_back:
        _warn_capped(rule, now)
        return alert
    _deliver(alert, now)
    return alert


def _warn_capped(rule: AlertRule, now: datetime.datetime) -> None:
    """Tell the administrators once an hour that ``rule`` is being held back."""
    from pressdesk.accounts.models import User

    updated = AlertRule.objects.filter(pk=rule.pk).filter(
        Q(capped_at__isnull=True) | Q(capped_at__lt=now - datetime.timedelta(hours=1))
    )
    if not updated.update(capped_at=now):
        return
    admins = User.objects.filter(is_active=True).filter(Q(role=Role.ADMIN) | Q(is_superuser=True))
    log.warning("Alert rule %s reached its limit of %d alerts per hour", rule.pk, rule.max_per_hour)
    notify(
        recipients=list(admins),
        kind="monitoring_alert_capped",
        title=_(
            "The alert rule “%(name)s” reached its limit of %(limit)d alerts an hour; further alerts are held back."
        )
        % {"name": rule.name[:100], "limit": rule.max_per_hour},
        url=reverse("triage:rule_edit", args=[rule.pk]),
    )


def alert_text(alert: Alert) -> tuple[str, str]:
    """Title and body of an alert (for in-app, e-mail and SMS)."""
    rule = alert.rule
    story = alert.story
    title = _("Alert (%(rule)s): %(title)s") % {
        "rule": rule.name[:60],
        "title": (story.title if story else alert.reason)[:160],
    }
    lines = []
    if story is not None:
        outlets = sorted(set(Item.objects.filter(story=story).values_list("outlet__name", flat=True)))
        lines.append(_("Outlets: %(outlets)s") % {"outlets": ", ".join(outlets[:10])})
        triage = _triage_for(StoryTriage.objects.filter(story=story).select_related("province"), rule.organization)
        label = (triage.sentiment if triage is not None else "") or story.sentiment_suggested
        if label:
            lines.append(_("Sentiment: %(label)s") % {"label": Sentiment(label).label})
    if alert.reason:
        lines.append(alert.reason)
    return title, "\n".join(lines)


def _deliver(alert: Alert, now: datetime.datetime) -> None:
    rule = alert.rule
    recipients = _recipients_who_may_see(alert, list(rule.recipients.filter(is_active=True)))
    title, body = alert_text(alert)
    url = reverse("triage:story", args=[alert.story_id]) if alert.story_id else reverse("triage:alert_list")
    notify(recipients=recipients, kind="monitoring_alert", title=title, body=body, url=url)
    alert.delivered_at = now
    fields = ["delivered_at"]
    if rule.send_sms and _sms_numbers(recipients):
        alert.sms_due_at = _quiet_hours_end(rule, now) if _in_quiet_hours(rule, now) else now
        fields.append("sms_due_at")
    alert.save(update_fields=fields)
    if alert.sms_due_at is not None and alert.sms_due_at <= now:
        alert_id = alert.pk
        _enqueue_sms(alert_id)


def _recipients_who_may_see(alert: Alert, recipients: list[User]) -> list[User]:
    """Recipients outside the unit (a hospital's press officer) are told only of stories matched to them.

    A rule's recipient list may name an institution's press officer; an alert about another
    institution's story (or a volume spike of the province) must not reach them.
    """
    outside = [person for person in recipients if queries.is_affiliate(person)]
    if not outside:
        return recipients
    allowed = {
        person.pk
        for person in outside
        if alert.story_id is not None and queries.matched_stories_visible_to(person).filter(pk=alert.story_id).exists()
    }
    return [person for person in recipients if not queries.is_affiliate(person) or person.pk in allowed]


def _sms_numbers(recipients: Iterable[User]) -> list[str]:
    """Valid mobile numbers of the recipients who did not turn alert SMS off."""
    from pressdesk.lib.phone import normalize_mobile

    people = [person for person in recipients if person.phone]
    opted_out = set(AlertPreference.objects.filter(user__in=people, sms=False).values_list("user_id", flat=True))
    numbers = []
    for person in people:
        if person.pk in opted_out:
            continue
        try:
            numbers.append(normalize_mobile(person.phone))
        except ValidationError:
            log.warning("User %s has no valid mobile number for alert SMS", person.pk)
    return numbers


def _enqueue_sms(alert_id: int) -> None:
    from pressdesk.triage.tasks import send_alert_sms

    enqueue(send_alert_sms, alert_id)


def send_alert_sms_now(*, alert_id: int) -> bool:
    """Send an alert's SMS once; a provider error is recorded and re-raised when trying again may help."""
    from pressdesk.lib import sms

    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(of=("self",))
            .select_related("rule", "story")
            .filter(pk=alert_id, sms_sent_at__isnull=True, sms_due_at__isnull=False)
            .first()
        )
        if alert is None:
            return False
        numbers = _sms_numbers(alert.rule.recipients.filter(is_active=True))
        title, _body = alert_text(alert)
        link = f"{settings.SITE_URL}{reverse('triage:story', args=[alert.story_id])}" if alert.story_id else ""
        try:
            sms.send_sms(numbers, f"{title[:300]} {link}".strip())
        except sms.SmsError as exc:
            alert.sms_error = str(exc)[:500]
            alert.save(update_fields=["sms_error"])
            if exc.retryable:
                raise
            alert.sms_due_at = None
            alert.save(update_fields=["sms_due_at"])
            return False
        except ValidationError as exc:
            alert.sms_error = "; ".join(exc.messages)[:500]
            alert.sms_due_at = None
            alert.save(update_fields=["sms_error", "sms_due_at"])
            return False
        alert.sms_sent_at = timezone.now()
        alert.sms_error = ""
        alert.save(update_fields=["sms_sent_at", "sms_error"])
    return True


def due_sms_alert_ids(now: datetime.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(Alert.objects.filter(sms_due_at__lte=now, sms_sent_at__isnull=True).values_list("pk", flat=True)[:500])
