"""State changes of triage: story triage, notes, forwarding, sentiment suggestions, alert rules and alerts.

Every change goes through a function here (keyword-only arguments, atomic,
permission checked); a story's triage is kept per province
(``monitoring.StoryTriage``, one row per story and province, created on the
province's first decision) and audited by django-auditlog (registered in
``apps.py``); notes, forwards, rules and alerts are rows of their own.
Side effects (e-mail, SMS, rule evaluation) run after commit.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.monitoring import queries as monitoring_queries
from pressdesk.monitoring.models import Importance, Item, ItemMatch, Relevance, Sentiment, Story, StoryTriage
from pressdesk.notifications.actions import notify
from pressdesk.organizations.queries import in_scope, province_for
from pressdesk.outbox.actions import enqueue
from pressdesk.triage import queries, sentiment
from pressdesk.triage.models import Alert, AlertPreference, AlertRule, SentimentModel, StoryForward, StoryNote

if TYPE_CHECKING:
    from pressdesk.accounts.models import User
    from pressdesk.organizations.models import Organization

log = logging.getLogger(__name__)

SPIKE_WINDOW_DAYS = 14
KEEP_MODELS = 3
TRIAGE_FIELDS = ("relevance", "sentiment", "importance")


def _check_triage(actor: User, story: Story) -> None:
    if not queries.can_triage(actor) or not queries.matched_stories_visible_to(actor).filter(pk=story.pk).exists():
        raise PermissionDenied(_("You cannot triage this story."))


def _locked_triage(actor: User, story: Story) -> StoryTriage:
    """The actor's province's triage of ``story``, locked; a new (unsaved) row when the province has none yet.

    The story row is locked first, so two first decisions of one province cannot both create a row.
    """
    province = province_for(actor)
    if province is None:
        raise PermissionDenied(_("You cannot triage this story."))
    locked = Story.objects.select_for_update().get(pk=story.pk)
    row = StoryTriage.objects.select_for_update().filter(story=locked, province=province).first()
    if row is None:
        row = StoryTriage(story=locked, province=province)
    row.story = locked
    return row


# --- Triage -------------------------------------------------------------------


@transaction.atomic
def triage_story(
    *,
    actor: User,
    story: Story,
    relevance: str | None = None,
    sentiment_label: str | None = None,
    importance: int | None = None,
) -> StoryTriage:
    """Set any of relevance, the staff's sentiment label and importance in the actor's province;
    the story counts as reviewed there. Other provinces' triage of the same story is not touched.

    Setting the same values again changes nothing (a double submit is harmless).
    A new or corrected sentiment re-evaluates the alert rules for the story.
    """
    _check_triage(actor, story)
    row = _locked_triage(actor, story)
    changed: list[str] = []
    if relevance is not None and relevance != row.relevance:
        if relevance not in Relevance.values:
            raise ValidationError(_("Unknown relevance."))
        row.relevance = relevance
        changed.append("relevance")
    if sentiment_label is not None and sentiment_label != row.sentiment:
        if sentiment_label and sentiment_label not in Sentiment.values:
            raise ValidationError(_("Unknown sentiment."))
        row.sentiment = sentiment_label
        changed.append("sentiment")
    if importance is not None and importance != row.importance:
        if importance not in Importance.values:
            raise ValidationError(_("Unknown importance."))
        row.importance = importance
        changed.append("importance")
    if not changed:
        return row
    row.reviewed_by = actor
    row.reviewed_at = timezone.now()
    if row.relevance == Relevance.UNREVIEWED and "relevance" not in changed:
        # Labelling the tone or importance of a story says it is about us.
        row.relevance = Relevance.RELEVANT
        changed.append("relevance")
    if row.pk is None:
        row.save()
    else:
        row.save(update_fields=[*changed, "reviewed_by", "reviewed_at"])
    if "sentiment" in changed and row.sentiment:
        story_id = row.story_id
        _enqueue_rules_for_story(story_id)
    return row


@transaction.atomic
def assign_story(*, actor: User, story: Story, assignee: User | None) -> StoryTriage:
    """Assign ``story`` to a colleague in the actor's province (other provinces keep their own assignee)."""
    _check_triage(actor, story)
    if assignee is not None and not queries.colleagues_for(actor).filter(pk=assignee.pk).exists():
        raise ValidationError(_("The story can only be assigned to a colleague of the unit."))
    row = _locked_triage(actor, story)
    story = row.story
    if row.assignee_id == (assignee.pk if assignee else None):
        return row
    row.assignee = assignee
    if row.pk is None:
        row.save()
    else:
        row.save(update_fields=["assignee"])
    if assignee is not None and assignee.pk != actor.pk:
        notify(
            recipients=[assignee],
            kind="monitoring_story_assigned",
            title=_("A story was assigned to you: %(title)s") % {"title": story.title[:150]},
            url=reverse("triage:story", args=[story.pk]),
        )
    return row


@transaction.atomic
def add_note(*, actor: User, story: Story, text: str) -> StoryNote:
    """Unit staff and the press officer of a matched institution may add a note.

    The note keeps the author's organization: it is read in the author's province, and by a
    press officer only when written in their own institution (``queries.notes_visible_to``).
    """
    if not queries.matched_stories_visible_to(actor).filter(pk=story.pk).exists():
        raise PermissionDenied(_("You cannot add a note to this story."))
    text = text.strip()
    if not text:
        raise ValidationError(_("The note is empty."))
    return StoryNote.objects.create(story=story, author=actor, organization_id=actor.organization_id, text=text[:4000])


@transaction.atomic
def forward_story(*, actor: User, story: Story, recipients: Sequence[str], note: str = "") -> StoryForward:
    """Record a forward and e-mail the story with its links to ``recipients`` after commit."""
    _check_triage(actor, story)
    if not recipients:
        raise ValidationError(_("Enter at least one e-mail address."))
    forward = StoryForward.objects.create(story=story, sender=actor, recipients=list(recipients), note=note.strip())
    forward_id = forward.pk
    _enqueue_forward(forward_id)
    return forward


def _enqueue_forward(forward_id: int) -> None:
    from pressdesk.triage.tasks import send_forward

    enqueue(send_forward, forward_id)


def send_forward_now(*, forward_id: int) -> bool:
    """E-mail a forward once (a retry after success sends nothing)."""
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string

    with transaction.atomic():
        forward = (
            StoryForward.objects.select_for_update(of=("self",))
            .select_related("story", "sender")
            .filter(pk=forward_id, sent_at__isnull=True)
            .first()
        )
        if forward is None:
            return False
        # Only the sender's province's items: a story can also hold another province's.
        visible = monitoring_queries.items_visible_to(forward.sender) if forward.sender else Item.objects.none()
        items = list(visible.filter(story=forward.story).select_related("outlet").order_by("published_at", "pk")[:20])
        context = {
            "forward": forward,
            "story": forward.story,
            "items": items,
            "story_url": f"{settings.SITE_URL}{reverse('triage:story', args=[forward.story_id])}",
        }
        subject = _("News: %(title)s") % {"title": forward.story.title[:150]}
        text = render_to_string("triage/email/forward.txt", context)
        html = render_to_string("triage/email/forward.html", context)
        reply_to = [forward.sender.email] if forward.sender and forward.sender.email else None
        message = EmailMultiAlternatives(subject, text, None, forward.recipients, reply_to=reply_to)
        message.attach_alternative(html, "text/html")
        message.send()
        forward.sent_at = timezone.now()
        forward.error = ""
        forward.failed_at = None
        forward.save(update_fields=["sent_at", "error", "failed_at"])
    return True


@transaction.atomic
def record_forward_failure(*, forward_id: int, error: str, final: bool) -> None:
    """Keep the error of a failed attempt; after the last retry the forward is marked failed."""
    forward = StoryForward.objects.select_for_update().filter(pk=forward_id, sent_at__isnull=True).first()
    if forward is None:
        return
    forward.error = error[:2000]
    fields = ["error"]
    if final:
        forward.failed_at = timezone.now()
        fields.append("failed_at")
    forward.save(update_fields=fields)


@transaction.atomic
def resend_forward(*, actor: User, forward: StoryForward) -> bool:
    """Send a failed forward again; a forward already sent (or still being tried) is never sent again."""
    forward = StoryForward.objects.select_for_update().select_related("story").get(pk=forward.pk)
    _check_triage(actor, forward.story)
    if forward.sent_at is not None or forward.failed_at is None:
        return False
    forward.failed_at = None
    forward.save(update_fields=["failed_at"])
    forward_id = forward.pk
    _enqueue_forward(forward_id)
    return True


# --- Sentiment ----------------------------------------------------------------


def suggest_sentiment(*, item_ids: Sequence[int]) -> list[int]:
    """Store the model's suggestion on each item and on its story; return the story ids touched.

    Items that already carry a suggestion keep it (idempotent). The staff's
    label on the story is never touched: it always wins.
    """
    items = list(
        Item.objects.filter(pk__in=list(item_ids), sentiment_suggested="").only("pk", "title", "text", "story_id")
    )
    if not items:
        return []
    pipeline = sentiment.current_pipeline()
    suggestions = sentiment.predict(pipeline, [sentiment.prepare(item.title, item.text) for item in items])
    for item, suggestion in zip(items, suggestions, strict=True):
        item.sentiment_suggested = suggestion.label
        item.sentiment_confidence = suggestion.confidence
    with transaction.atomic():
        Item.objects.bulk_update(items, ["sentiment_suggested", "sentiment_confidence"], batch_size=500)
        story_ids = sorted({item.story_id for item in items if item.story_id})
        refresh_story_suggestions(story_ids=story_ids)
    return story_ids


def refresh_story_suggestions(*, story_ids: Iterable[int]) -> None:
    """A story's suggestion: the label with the largest summed confidence over its items."""
    story_ids = list(story_ids)
    if not story_ids:
        return
    totals: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    counts: dict[int, int] = defaultdict(int)
    rows = Item.objects.filter(story_id__in=story_ids).exclude(sentiment_suggested="")
    for story_id, label, confidence in rows.values_list("story_id", "sentiment_suggested", "sentiment_confidence"):
        totals[story_id][label] += confidence or 0.0
        counts[story_id] += 1
    stories = list(Story.objects.filter(pk__in=list(totals)).only("pk"))
    for story in stories:
        label, total = max(totals[story.pk].items(), key=lambda pair: pair[1])
        story.sentiment_suggested = label
        story.sentiment_confidence = round(total / counts[story.pk], 3)
    Story.objects.bulk_update(stories, ["sentiment_suggested", "sentiment_confidence"])


def staff_labelled_examples(limit: int = 20000) -> list[tuple[str, str]]:
    """``(text, label)`` of every story the staff labelled, through its first item.

    A story labelled by several provinces counts once, with its newest label.
    """
    rows = StoryTriage.objects.exclude(sentiment="").order_by(F("reviewed_at").desc(nulls_last=True), "-pk")
    labels: dict[int, str] = {}
    for story_id, label in rows.values_list("story_id", "sentiment")[:limit]:
        labels.setdefault(story_id, label)
    seen: set[int] = set()
    examples = []
    items = Item.objects.filter(story_id__in=list(labels)).order_by("story_id", "published_at", "pk")
    for story_id, title, text in items.values_list("story_id", "title", "text"):
        if story_id in seen:
            continue
        seen.add(story_id)
        examples.append((f"{title}. {text[: sentiment.TEXT_CHARS]}", labels[story_id]))
    return examples


def retrain_sentiment_model() -> SentimentModel:
    """Train on the shipped set plus the unit's labels (weighted higher) and store the model."""
    baseline = sentiment.load_dataset("train")
    labelled = staff_labelled_examples()
    pipeline = sentiment.train(baseline, labelled, extra_weight=sentiment.STAFF_LABEL_WEIGHT)
    payload, digest = sentiment.dump(pipeline)
    with transaction.atomic():
        row = SentimentModel.objects.create(
            labels_used=len(labelled), baseline_rows=len(baseline), payload=payload, digest=digest
        )
        old = SentimentModel.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)[KEEP_MODELS:]
        SentimentModel.objects.filter(pk__in=list(old)).delete()
    sentiment.clear_cache()
    return row


# --- Alert rules --------------------------------------------------------------

RULE_FIELDS = (
    "name",
    "is_active",
    "sentiment",
    "outlet_kinds",
    "query",
    "spike",
    "spike_factor",
    "spike_min_items",
    "send_sms",
    "quiet_start",
    "quiet_end",
    "max_per_hour",
)


def _check_rule_fields(
    actor: User,
    organization: Organization,
    institutions: Iterable[Organization],
    recipients: Iterable[User],
    terms: Iterable[Any] = (),
) -> None:
    if not queries.can_manage_rules(actor) or not in_scope(actor, organization):
        raise PermissionDenied(_("You cannot manage alert rules here."))
    for institution in institutions:
        if not in_scope(actor, institution):
            raise ValidationError(_("An institution is outside your province."))
    for term in terms:
        if term.organization_id is not None and not in_scope(actor, term.organization):
            raise ValidationError(_("A watch term is about an institution outside your province."))
        if term.province_id is not None and not in_scope(actor, term.province):
            raise ValidationError(_("A watch term belongs to another province."))
    for person in recipients:
        if not (person.is_active and (in_scope(actor, person.organization) or person.role == Role.ADMIN)):
            raise ValidationError(_("A recipient is outside your province."))


@transaction.atomic
def save_rule(
    *,
    actor: User,
    rule: AlertRule | None = None,
    organization: Organization,
    institutions: Sequence[Organization] = (),
    terms: Sequence[Any] = (),
    recipients: Sequence[User] = (),
    **fields: Any,
) -> AlertRule:
    """Create (``rule=None``) or update an alert rule."""
    _check_rule_fields(actor, organization, institutions, recipients, terms)
    if rule is not None and not queries.rules_visible_to(actor).filter(pk=rule.pk).exists():
        raise PermissionDenied(_("You cannot manage alert rules here."))
    if fields.get("query"):
        from pressdesk.monitoring.matching import Matcher, QuerySyntaxError

        try:
            Matcher([(0, fields["query"])])
        except QuerySyntaxError as exc:
            raise ValidationError(_("The query is not valid: %(error)s") % {"error": exc}) from exc
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown rule fields: {sorted(unknown)}")
    if rule is None:
        rule = AlertRule(created_by=actor)
    rule.organization = organization
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.save()
    rule.institutions.set(institutions)
    rule.terms.set(terms)
    rule.recipients.set(recipients)
    return rule


@transaction.atomic
def set_alert_preference(*, actor: User, sms: bool) -> AlertPreference:
    pref, _created = AlertPreference.objects.update_or_create(user=actor, defaults={"sms": sms})
    return pref


# --- Evaluating rules ---------------------------------------------------------


def _enqueue_rules_for_story(story_id: int) -> None:
    from pressdesk.triage.tasks import evaluate_story_rules

    enqueue(evaluate_story_rules, story_id)


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


# --- New items ----------------------------------------------------------------


def process_new_items(*, item_ids: Sequence[int]) -> list[Alert]:
    """After ingest: suggest the sentiment, then evaluate story and spike rules."""
    story_ids = suggest_sentiment(item_ids=item_ids)
    matched = list(
        Item.objects.filter(pk__in=list(item_ids), matched=True, story__isnull=False).values_list("story_id", flat=True)
    )
    story_ids = sorted(set(matched))
    term_ids = sorted(set(ItemMatch.objects.filter(item_id__in=list(item_ids)).values_list("term_id", flat=True)))
    with transaction.atomic():
        alerts = evaluate_rules(story_ids=story_ids)
        alerts += evaluate_spikes(term_ids=term_ids)
    return alerts
