"""State changes of triage: story triage, notes, forwarding, sentiment suggestions and alert rules.

Every change goes through a function here (keyword-only arguments, atomic,
permission checked); a story's triage is kept per province
(``monitoring.StoryTriage``, one row per story and province, created on the
province's first decision) and audited by django-auditlog (registered in
``apps.py``); notes, forwards, rules and alerts are rows of their own.
Side effects (e-mail, SMS, rule evaluation) run after commit; the rule engine
that raises and delivers alerts is ``alerting.py``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import Role
from pressdesk.monitoring import queries as monitoring_queries
from pressdesk.monitoring.models import Importance, Item, ItemMatch, Relevance, Sentiment, Story, StoryTriage
from pressdesk.notifications.actions import notify
from pressdesk.organizations.queries import in_scope, province_for
from pressdesk.outbox.actions import enqueue
from pressdesk.triage import alerting, queries, sentiment
from pressdesk.triage.models import Alert, AlertPreference, AlertRule, SentimentModel, StoryForward, StoryNote

if TYPE_CHECKING:
    from pressdesk.accounts.models import User
    from pressdesk.organizations.models import Organization

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


# --- Evaluating rules (the engine is alerting.py) -----------------------------


def _enqueue_rules_for_story(story_id: int) -> None:
    from pressdesk.triage.tasks import evaluate_story_rules

    enqueue(evaluate_story_rules, story_id)


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
        alerts = alerting.evaluate_rules(story_ids=story_ids)
        alerts += alerting.evaluate_spikes(term_ids=term_ids)
    return alerts
