"""Every state change of corporate SMS: the staff list, saved lists, campaigns, approval, sending, reports.

Sending never sends a message twice:

1. ``start`` writes the campaign's ``Batch`` rows (every recipient in exactly one
   batch) before anything is sent, then queues ``tasks.send_campaign`` through
   the outbox.
2. ``send_batch`` claims one pending batch in a transaction (a conditional
   update that a second worker cannot pass), hands it to the provider and
   records the provider's answer — batch and recipients ``sent`` — in that same
   transaction. A retry or a second click finds the batch sent and skips it.
3. A refusal (insufficient credit, wrong credentials) or a timeout leaves the
   batch pending and pauses the campaign with the provider's message in
   Turkish; ``resume`` continues with the batches still pending. Providers with
   an idempotency key (Verimor ``custom_id``, İleti Merkezi's duplicate-order
   answer) get the batch's own key on every attempt, so a batch the provider
   accepted just before a timeout is not delivered twice.

Numbers are personal data (KVKK): logs carry counts and masked numbers, never
message bodies with numbers.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import random
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.approvals import actions as approvals
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.approvals.registry import content_hash
from pressdesk.organizations.models import Organization
from pressdesk.outbox.actions import enqueue
from pressdesk.sms import encoding, queries, ratelimit, recipients, templates_text
from pressdesk.sms.models import Batch, Campaign, Contact, OutsidePerson, Recipient, SavedList, StandingRule
from pressdesk.sms.providers import Outgoing, Provider, ProviderError, configured_name, get_provider

if TYPE_CHECKING:
    from pressdesk.accounts.models import User

log = logging.getLogger(__name__)

MAX_RECIPIENTS = 20_000


def _check_unit(actor: User) -> Organization:
    province = queries.province_of_user(actor)
    if not queries.can_use(actor) or province is None:
        raise PermissionDenied(_("Only the province's press unit sends corporate SMS."))
    return province


def _check_province(actor: User, province_id: int) -> Organization:
    province = _check_unit(actor)
    if province.pk != province_id:
        raise PermissionDenied
    return province


# --- staff list ---------------------------------------------------------------------


@transaction.atomic
def import_contacts(*, actor: User, upload: UploadedFile) -> recipients.ImportReport:
    """Add or update every row of a staff list, or none: a file with a bad row changes nothing."""
    province = _check_unit(actor)
    report = recipients.check_import(upload, province)
    if not report.ok:
        return report
    existing = {
        c.mobile: c for c in Contact.objects.filter(province=province, mobile__in=[r.mobile for r in report.rows])
    }
    new: list[Contact] = []
    changed: list[Contact] = []
    for row in report.rows:
        assert row.institution is not None
        contact = existing.get(row.mobile) or Contact(province=province, mobile=row.mobile)
        contact.name, contact.organization, contact.unit = row.name, row.institution, row.unit
        contact.title, contact.birthday, contact.position = row.title, row.birthday, row.position
        if row.start_date is not None or contact.pk is None:
            contact.start_date = row.start_date
        (changed if contact.pk else new).append(contact)
    Contact.objects.bulk_create(new)
    Contact.objects.bulk_update(
        changed, ["name", "organization", "unit", "title", "birthday", "start_date", "position", "updated_at"]
    )
    log.info("SMS staff list: %d added, %d updated in %s", len(new), len(changed), province.code)
    return report


@transaction.atomic
def set_opt_out(*, actor: User, contact: Contact, opted_out: bool) -> Contact:
    _check_province(actor, contact.province_id)
    contact.opted_out = opted_out
    contact.save(update_fields=["opted_out", "updated_at"])
    return contact


@transaction.atomic
def save_list_of_numbers(*, actor: User, name: str, numbers: str) -> SavedList:
    """A saved list from pasted numbers; a number that is not a mobile of the staff list is refused."""
    from pressdesk.lib.phone import normalize_mobile

    province = _check_unit(actor)
    wanted, bad = [], []
    for line in numbers.splitlines():
        if not line.strip():
            continue
        try:
            wanted.append(normalize_mobile(line))
        except ValidationError:
            bad.append(line.strip())
    if bad:
        raise ValidationError({"numbers": _("Not mobile numbers: %(numbers)s.") % {"numbers": ", ".join(bad[:5])}})
    contacts = list(Contact.objects.filter(province=province, mobile__in=wanted))
    unknown = sorted(set(wanted) - {c.mobile for c in contacts})
    if unknown:
        raise ValidationError(
            {"numbers": _("Not in the staff list: %(numbers)s.") % {"numbers": ", ".join(unknown[:5])}}
        )
    if not contacts:
        raise ValidationError({"numbers": _("Write at least one number.")})
    return save_list(actor=actor, name=name, contacts=contacts)


@transaction.atomic
def save_outside_list(
    *, actor: User, name: str, consent_source: str, people: str, saved: SavedList | None = None
) -> SavedList:
    """A saved list of outside recipients, one per line ``name; mobile; title; institution`` (the last two
    optional), all with the same consent source. A number already known keeps its opt-out.

    ``saved``: the list to change instead of a new one; its people become those written (someone left
    out only leaves the list: their record, opt-out and other lists stay)."""
    from pressdesk.lib.phone import normalize_mobile

    province = _check_unit(actor) if saved is None else _check_province(actor, saved.province_id)
    if not name.strip():
        raise ValidationError({"name": _("Give the list a name.")})
    if not consent_source.strip():
        raise ValidationError({"consent_source": _("Write how these people agreed to receive SMS.")})
    rows: dict[str, tuple[str, str, str]] = {}
    bad = []
    for number, line in enumerate(people.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(";")] + ["", ""]
        try:
            mobile = normalize_mobile(cells[1])
        except ValidationError:
            bad.append(str(number))
            continue
        if not cells[0]:
            bad.append(str(number))
            continue
        rows[mobile] = (cells[0][:150], cells[2][:100], cells[3][:200])
    if bad:
        raise ValidationError(
            {"people": _("Lines %(lines)s need a name and a mobile number.") % {"lines": ", ".join(bad[:10])}}
        )
    if not rows:
        raise ValidationError({"people": _("Write at least one person.")})
    known = {p.mobile: p for p in OutsidePerson.objects.filter(province=province, mobile__in=list(rows))}
    chosen = []
    for mobile, (person_name, title, institution) in rows.items():
        person = known.get(mobile) or OutsidePerson(province=province, mobile=mobile, created_by=actor)
        person.name, person.title, person.institution = person_name, title, institution
        person.consent_source = consent_source.strip()[:300]
        person.save()
        chosen.append(person)
    if saved is None:
        saved = SavedList.objects.create(province=province, name=name.strip(), created_by=actor)
    else:
        saved.name = name.strip()
        saved.save(update_fields=["name"])
    saved.outside.set(chosen)
    log.info("SMS outside list %s: %d people", saved.pk, len(chosen))
    return saved


@transaction.atomic
def set_outside_opt_out(*, actor: User, person: OutsidePerson, opted_out: bool) -> OutsidePerson:
    _check_province(actor, person.province_id)
    person.opted_out = opted_out
    person.save(update_fields=["opted_out", "updated_at"])
    return person


@transaction.atomic
def save_list(*, actor: User, name: str, contacts: Sequence[Contact]) -> SavedList:
    province = _check_unit(actor)
    if not name.strip():
        raise ValidationError({"name": _("Give the list a name.")})
    if any(c.province_id != province.pk for c in contacts):
        raise PermissionDenied
    saved = SavedList.objects.create(province=province, name=name.strip(), created_by=actor)
    saved.contacts.set(contacts)
    return saved


# --- composing -------------------------------------------------------------------------


def check_text(text: str) -> encoding.Count:
    """The count of ``text``; an empty, too long or wrongly personalised text is a ``ValidationError``."""
    if not text.strip():
        raise ValidationError({"text": _("Write the message.")})
    templates_text.used_fields(text)
    counted = encoding.count(text)
    if counted.too_long:
        raise ValidationError(
            {
                "text": _("The message is too long: %(parts)d parts; at most %(max)d parts can be sent.")
                % {"parts": counted.parts, "max": encoding.MAX_PARTS}
            }
        )
    return counted


def _check_groups(groups: Sequence[str], province: Organization, kind: str | None = None) -> list[str]:
    """The chosen groups, all of ``province``; media contacts and lists only for kinds that reach outside
    people (another province's media list is refused like any group of another province)."""
    allowed = {code for code, _label in recipients.group_choices(province)}
    allowed |= {code for code, _label in recipients.media_choices(province)}
    cleaned = [g for g in dict.fromkeys(groups) if g]
    if not cleaned:
        raise ValidationError({"groups": _("Choose at least one group of recipients.")})
    if any(g not in allowed for g in cleaned):
        raise ValidationError({"groups": _("Choose groups of this province.")})
    media = [g for g in cleaned if g.partition(":")[0] in ("media", "media_list")]
    if media and kind is not None and kind not in Campaign.OUTSIDE_KINDS:
        raise ValidationError(
            {"groups": _("Media contacts receive only greetings, condolences, thank-yous and announcements.")}
        )
    return cleaned


def flow_of(campaign: Campaign) -> ApprovalFlow | None:
    return approvals.flow_for(campaign)


@transaction.atomic
def save_campaign(
    *,
    actor: User,
    campaign: Campaign | None = None,
    title: str,
    kind: str,
    text: str,
    groups: Sequence[str],
    scheduled_at: datetime.datetime | None = None,
) -> Campaign:
    """Create or change a campaign. An approved one goes back to its author: the approval is asked again."""
    province = _check_unit(actor)
    if campaign is not None:
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _check_province(actor, campaign.province_id)
        if campaign.status not in (Campaign.Status.DRAFT, Campaign.Status.APPROVAL):
            raise ValidationError(_("A campaign that is being sent or was sent cannot be changed."))
        flow = flow_of(campaign)
        if flow is not None and flow.status in (ApprovalFlow.Status.IN_REVIEW, ApprovalFlow.Status.EXTERNAL):
            raise ValidationError(_("The campaign is in its approval chain; withdraw it before changing it."))
    if kind not in Campaign.Kind.values:
        raise ValidationError({"kind": _("Choose the type of message.")})
    check_text(text)
    groups = _check_groups(groups, province, kind)
    if scheduled_at is not None and scheduled_at < timezone.now() - datetime.timedelta(minutes=1):
        raise ValidationError({"scheduled_at": _("The sending time is in the past.")})
    if campaign is None:
        unit = actor.organization
        assert unit is not None
        campaign = Campaign(province=province, organization=unit, created_by=actor)
    campaign.title, campaign.kind, campaign.text = title.strip(), kind, text
    campaign.groups, campaign.scheduled_at = groups, scheduled_at
    campaign.status = Campaign.Status.DRAFT
    campaign.save()
    flow = flow_of(campaign)
    if flow is not None and flow.status == ApprovalFlow.Status.APPROVED:
        approvals.reopen(actor=actor, flow=flow, comment=_("The campaign was changed after approval."))
    return campaign


def recipients_digest(rows: Sequence[tuple[str, str]]) -> str:
    digest = hashlib.sha256()
    for mobile, text in sorted(rows):
        digest.update(f"{mobile}\t{text}\n".encode())
    return digest.hexdigest()


def render_for(campaign_text: str, people: Sequence[recipients.Person]) -> list[tuple[recipients.Person, str]]:
    """Each person's text; an empty personal field is a ``ValidationError`` naming who lacks it."""
    fields = templates_text.used_fields(campaign_text)
    rendered = []
    missing: dict[str, list[str]] = {}
    for person in people:
        values = person.values()
        for name in fields:
            if not (values.get(templates_text.FIELDS[name]) or "").strip():
                missing.setdefault(name, []).append(person.name or person.mobile)
        rendered.append((person, templates_text.render(campaign_text, values)))
    if missing:
        name, who = next(iter(missing.items()))
        raise ValidationError(
            {
                "text": _(
                    "{%(field)s} is empty for %(count)d recipients (%(names)s). "
                    "Fill it in the staff list or remove it from the message."
                )
                % {"field": name, "count": len(who), "names": ", ".join(who[:3])}
            }
        )
    return rendered


def _freeze_recipients(campaign: Campaign) -> int:
    """Resolve the groups, render every text and write the recipient list that approvers approve."""
    skipped: dict[str, int] = {}
    people = recipients.resolve(
        campaign.province, campaign.groups, duty=campaign.is_duty, outside=campaign.reaches_outside, skipped=skipped
    )
    if skipped:
        log.info("SMS campaign %s: media contacts skipped %s", campaign.pk, skipped)
    if not people:
        raise ValidationError(_("The chosen groups reach nobody with a mobile number."))
    if len(people) > MAX_RECIPIENTS:
        raise ValidationError(_("At most %(max)d recipients in one campaign.") % {"max": MAX_RECIPIENTS})
    rendered = render_for(campaign.text, people)
    counts: dict[str, encoding.Count] = {}  # many recipients share a text length pattern; count each text once
    for _person, text in rendered:
        if text not in counts:
            counts[text] = encoding.count(text)
    too_long = [person.name for person, text in rendered if counts[text].too_long]
    if too_long:
        raise ValidationError(_("The message is too long for %(names)s.") % {"names": ", ".join(too_long[:3])})
    campaign.recipients.all().delete()
    Recipient.objects.bulk_create(
        [
            Recipient(
                campaign=campaign,
                contact_id=person.contact_id,
                user_id=person.user_id,
                name=person.name[:150],
                title=person.title[:100],
                institution=person.institution[:200],
                mobile=person.mobile,
                text=text,
                parts=counts[text].parts,
            )
            for person, text in rendered
        ],
        batch_size=1000,
    )
    campaign.recipients_hash = recipients_digest([(p.mobile, t) for p, t in rendered])
    campaign.save(update_fields=["recipients_hash", "updated_at"])
    return len(rendered)


@transaction.atomic
def submit(*, actor: User, campaign: Campaign) -> ApprovalFlow:
    """Freeze the recipient list and put the campaign into the approval chain of process 3.14."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_province(actor, campaign.province_id)
    flow = flow_of(campaign)
    returned = campaign.status == Campaign.Status.APPROVAL and flow is not None and flow.is_editable
    if campaign.status != Campaign.Status.DRAFT and not returned:
        raise ValidationError(_("Only a draft campaign can be submitted for approval."))
    _freeze_recipients(campaign)
    flow = approvals.submit(actor=actor, target=campaign)
    campaign.status = Campaign.Status.APPROVAL
    campaign.save(update_fields=["status", "updated_at"])
    return flow


def approved(campaign: Campaign) -> bool:
    """Approved, and unchanged since: text, recipient list and time match the approved hash."""
    flow = flow_of(campaign)
    return bool(
        flow is not None
        and flow.status == ApprovalFlow.Status.APPROVED
        and content_hash(campaign.approval_content()) == flow.content_hash
    )


# --- sending ------------------------------------------------------------------------------


def _write_batches(campaign: Campaign) -> int:
    size = max(1, int(getattr(settings, "SMS_BATCH_SIZE", 100)))
    ids = list(campaign.recipients.filter(batch__isnull=True).order_by("pk").values_list("pk", flat=True))
    start = (campaign.batches.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    batches = Batch.objects.bulk_create([Batch(campaign=campaign, number=start + n) for n in range(len(chunks))])
    if any(b.pk is None for b in batches):  # backends without RETURNING
        batches = list(campaign.batches.filter(number__gte=start).order_by("number"))
    for batch, chunk in zip(batches, chunks, strict=True):
        Recipient.objects.filter(pk__in=chunk).update(batch=batch)
    return len(batches)


@transaction.atomic
def start(*, actor: User, campaign: Campaign) -> Campaign:
    """Send an approved campaign now, or at its scheduled time. A second click changes nothing."""
    from pressdesk.sms import tasks

    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_province(actor, campaign.province_id)
    if campaign.status in (Campaign.Status.SCHEDULED, Campaign.Status.SENDING, Campaign.Status.SENT):
        return campaign
    if campaign.status != Campaign.Status.APPROVAL or not approved(campaign):
        raise ValidationError(
            _("Only an approved campaign can be sent; if it changed after approval, submit it again.")
        )
    campaign.provider = configured_name()
    _write_batches(campaign)
    if campaign.scheduled_at and campaign.scheduled_at > timezone.now():
        campaign.status = Campaign.Status.SCHEDULED
        campaign.save(update_fields=["status", "provider", "updated_at"])
        return campaign
    campaign.status, campaign.started_at = Campaign.Status.SENDING, timezone.now()
    campaign.save(update_fields=["status", "provider", "started_at", "updated_at"])
    enqueue(tasks.send_campaign, campaign.pk)
    return campaign


@transaction.atomic
def start_due_campaigns() -> int:
    """Beat: campaigns whose time has come start sending."""
    from pressdesk.sms import tasks

    due = list(
        Campaign.objects.select_for_update()
        .filter(status=Campaign.Status.SCHEDULED, scheduled_at__lte=timezone.now())
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    for pk in due:
        Campaign.objects.filter(pk=pk, status=Campaign.Status.SCHEDULED).update(
            status=Campaign.Status.SENDING, started_at=now
        )
        enqueue(tasks.send_campaign, pk)
    return len(due)


STALLED_AFTER = datetime.timedelta(minutes=5)


def resume_stalled(now: datetime.datetime | None = None) -> int:
    """Beat: a campaign still sending with pending batches and no batch sent for a while lost its worker
    (killed, restarted): queue its task again. Batches already sent are skipped, so this never sends twice."""
    from django.db.models import Max, Q

    from pressdesk.sms import tasks

    cutoff = (now or timezone.now()) - STALLED_AFTER
    stalled = list(
        Campaign.objects.filter(
            status=Campaign.Status.SENDING, started_at__lt=cutoff, batches__status=Batch.Status.PENDING
        )
        .annotate(last_sent=Max("batches__sent_at"))
        .filter(Q(last_sent__isnull=True) | Q(last_sent__lt=cutoff))
        .values_list("pk", flat=True)
        .distinct()
    )
    for pk in stalled:
        with transaction.atomic():
            enqueue(tasks.send_campaign, pk)
    return len(stalled)


def _pause(campaign_id: int, reason: str) -> None:
    Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).update(
        status=Campaign.Status.PAUSED, pause_reason=reason[:300], updated_at=timezone.now()
    )


# How long a worker keeps a batch to itself while it waits for a rate-limit token (see ``Batch.leased_until``).
BATCH_LEASE = datetime.timedelta(seconds=15)
LEASE_POLL = 0.5  # seconds between looks at batches another worker holds


def _lease(batch_id: int) -> bool:
    """Take the batch's short lease; False when another worker holds a live one (or the batch is done)."""
    from django.db.models import Q

    now = timezone.now()
    return bool(
        Batch.objects.filter(pk=batch_id, status=Batch.Status.PENDING)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lte=now))
        .update(leased_until=now + BATCH_LEASE)
    )


def retry_attempts() -> int:
    """How many times a batch is sent again automatically after a temporary error before the campaign pauses."""
    return max(0, int(getattr(settings, "SMS_RETRY_ATTEMPTS", 3)))


def retry_delay(failures: int, rand: Any = random.random) -> datetime.timedelta:
    """Exponential backoff with jitter: ``SMS_RETRY_BACKOFF`` seconds, doubled per failure (at most 5 minutes),
    times a random factor between 0.5 and 1.5 so that workers hit by the same outage do not come back together."""
    base = float(getattr(settings, "SMS_RETRY_BACKOFF", 5.0))
    seconds = min(base * 2 ** (failures - 1), 300.0)
    return datetime.timedelta(seconds=seconds * (0.5 + rand()))


def _retry_automatically(exc: ProviderError, provider: Provider, failures: int) -> bool:
    """A temporary error is retried without a person unless it needs one (credit, credentials), the tries are
    used up, or the provider may have taken the batch and has no idempotency key (sending again could
    deliver twice: staff decide)."""
    if not exc.retryable or exc.pause or failures > retry_attempts():
        return False
    return provider.idempotent or not exc.maybe_accepted


def send_batch(batch_id: int, provider: Provider | None = None) -> str:
    """Claim, send and record one batch: ``sent``, ``skipped`` (already sent or not sending), ``leased``
    (another worker is on it or it waits for its next attempt), ``retry`` (a temporary error; tried again
    after a backoff) or ``paused``."""
    batch_row = Batch.objects.filter(pk=batch_id).values("status", "campaign__provider").first()
    if batch_row is None or batch_row["status"] != Batch.Status.PENDING:
        return "skipped"
    if not _lease(batch_id):
        return "leased"
    try:
        return _send_leased_batch(batch_id, batch_row["campaign__provider"], provider)
    except BaseException:
        # A time limit or a crash: give the batch back at once (a SIGKILL leaves the lease to expire).
        Batch.objects.filter(pk=batch_id, status=Batch.Status.PENDING).update(leased_until=None)
        raise


def _send_leased_batch(batch_id: int, campaign_provider: str, provider: Provider | None) -> str:
    name = provider.name if provider is not None else (campaign_provider or configured_name())
    texts = Recipient.objects.filter(batch_id=batch_id, status=Recipient.Status.PENDING).values_list("text", flat=True)
    # The provider's request limit, shared by all workers; never waited for inside the claim's transaction.
    ratelimit.acquire(name, float(len(set(texts))) if name == "iletimerkezi" else 1.0)
    with transaction.atomic():
        batch = Batch.objects.select_for_update().select_related("campaign").get(pk=batch_id)
        campaign = batch.campaign
        if batch.status != Batch.Status.PENDING or campaign.status != Campaign.Status.SENDING:
            return "skipped"
        # The claim: a conditional write that also takes SQLite's write lock for the transaction.
        if not Batch.objects.filter(pk=batch.pk, status=Batch.Status.PENDING).update(attempts=F("attempts") + 1):
            return "skipped"
        rows = list(batch.recipients.filter(status=Recipient.Status.PENDING).only("pk", "mobile", "text"))
        if not rows:
            Batch.objects.filter(pk=batch.pk).update(status=Batch.Status.SENT, sent_at=timezone.now())
            return "sent"
        outgoing = [Outgoing(ref=str(r.pk), number=r.mobile, text=r.text) for r in rows]
        own = provider is None
        provider = provider or get_provider(campaign.provider or None)
        try:
            accepted = provider.send(outgoing, key=batch.key)
        except ProviderError as exc:
            failures = batch.failures + 1
            if _retry_automatically(exc, provider, failures):
                # Stays pending; the lease holds it back until the next attempt (same batch, same key).
                Batch.objects.filter(pk=batch.pk).update(
                    error=str(exc)[:300], failures=failures, leased_until=timezone.now() + retry_delay(failures)
                )
                log.info("SMS campaign %s batch %s: temporary error %s, retry %d", campaign.pk, batch.number,
                         exc.code or "error", failures)  # fmt: skip
                return "retry"
            Batch.objects.filter(pk=batch.pk).update(error=str(exc)[:300], failures=failures, leased_until=None)
            reason = str(exc)
            if exc.retryable and failures > 1:
                reason = _("%(error)s Tried %(count)d times; resume the campaign when the provider works again.") % {
                    "error": reason,
                    "count": failures,
                }
            _pause(campaign.pk, reason)
            log.warning("SMS campaign %s paused at batch %s: %s", campaign.pk, batch.number, exc.code or "error")
            return "paused"
        finally:
            if own:
                provider.close()
        now = timezone.now()
        Batch.objects.filter(pk=batch.pk).update(
            status=Batch.Status.SENT, provider_ref=accepted.job_ref[:100], sent_at=now, error=""
        )
        batch.recipients.filter(status=Recipient.Status.PENDING).update(status=Recipient.Status.SENT, sent_at=now)
        if accepted.message_refs:
            referenced = []
            for row in rows:
                if ref := accepted.message_refs.get(str(row.pk)):
                    row.message_ref = ref[:100]
                    referenced.append(row)
            Recipient.objects.bulk_update(referenced, ["message_ref"], batch_size=500)
        log.info("SMS campaign %s batch %s sent: %d messages", campaign.pk, batch.number, len(rows))
        return "sent"


def send_campaign(campaign_id: int, provider: Provider | None = None, sleep: Any = time.sleep) -> str:
    """Send every pending batch of a sending campaign in order; stop when it pauses.

    Two workers on one campaign (the beat queued a stalled campaign again while its task still ran) share
    the batches: each skips a batch the other holds the lease of. When only leased batches are left, wait
    for their leases: their holder finishes them, or it died and the batches come back to this worker."""
    while True:
        pending = list(
            Batch.objects.filter(campaign_id=campaign_id, status=Batch.Status.PENDING)
            .order_by("number")
            .values_list("pk", flat=True)
        )
        if not pending:
            break
        progressed = False
        for batch_id in pending:
            outcome = send_batch(batch_id, provider)
            if outcome == "paused":
                return "paused"
            progressed = progressed or outcome != "leased"
            if not Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).exists():
                return "stopped"
        if not progressed:
            until = (
                Batch.objects.filter(campaign_id=campaign_id, status=Batch.Status.PENDING)
                .order_by("leased_until")
                .values_list("leased_until", flat=True)
                .first()
            )
            wait = (until - timezone.now()).total_seconds() if until else 0.0
            sleep(min(max(wait, 0.05), LEASE_POLL))  # the holder usually finishes long before its lease ends
    with transaction.atomic():
        if not Batch.objects.filter(campaign_id=campaign_id, status=Batch.Status.PENDING).exists():
            Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).update(
                status=Campaign.Status.SENT, finished_at=timezone.now(), pause_reason=""
            )
    return "sent"


@transaction.atomic
def pause(*, actor: User, campaign: Campaign) -> Campaign:
    _check_province(actor, campaign.province_id)
    if campaign.status != Campaign.Status.SENDING:
        raise ValidationError(_("Only a campaign being sent can be paused."))
    _pause(campaign.pk, _("Paused by %(name)s.") % {"name": actor.get_full_name() or actor.username})
    campaign.refresh_from_db()
    return campaign


@transaction.atomic
def resume(*, actor: User, campaign: Campaign) -> Campaign:
    """Continue a paused campaign with the batches not yet sent; what was sent is not sent again."""
    from pressdesk.sms import tasks

    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_province(actor, campaign.province_id)
    if campaign.status != Campaign.Status.PAUSED:
        raise ValidationError(_("Only a paused campaign can be resumed."))
    campaign.status, campaign.pause_reason = Campaign.Status.SENDING, ""
    campaign.save(update_fields=["status", "pause_reason", "updated_at"])
    campaign.batches.filter(status=Batch.Status.PENDING).update(failures=0, leased_until=None)
    enqueue(tasks.send_campaign, campaign.pk)
    return campaign


@transaction.atomic
def cancel(*, actor: User, campaign: Campaign) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_province(actor, campaign.province_id)
    if campaign.status in (Campaign.Status.SENT, Campaign.Status.CANCELLED):
        raise ValidationError(_("This campaign cannot be cancelled any more."))
    campaign.status = Campaign.Status.CANCELLED
    campaign.save(update_fields=["status", "updated_at"])
    return campaign


# --- delivery reports ------------------------------------------------------------------


def fetch_reports(campaign_id: int, provider: Provider | None = None) -> int:
    """Read the provider's delivery reports of a campaign's sent batches; returns how many recipients changed."""
    campaign = Campaign.objects.get(pk=campaign_id)
    jobs = list(
        campaign.batches.filter(status=Batch.Status.SENT)
        .exclude(provider_ref="")
        .values_list("provider_ref", flat=True)
    )
    if not jobs:
        return 0
    own = provider is None
    provider = provider or get_provider(campaign.provider or None)
    try:
        reports = provider.report(jobs)
    finally:
        if own:
            provider.close()
    changed = record_reports(campaign, [(r.number, r.status, r.job_ref) for r in reports])
    schedule_resends(campaign.pk)
    return changed


#: At most this many report rows are read from one push (Verimor sends them as they come).
MAX_PUSHED_ROWS = 1000


def record_pushed_reports(rows: object) -> int:
    """Delivery reports Verimor pushed (a JSON array of ``outbound`` rows); returns how many recipients changed.

    A row names Verimor's campaign (``campaign_id``, our batch's provider reference), the number and
    the status. Only batches sent through Verimor are matched (another provider's job numbers may
    look the same); rows of unknown batches, other types or unknown statuses are ignored, so a stray
    or repeated push changes nothing. Temporary failures are resent as with polled reports.
    """
    from pressdesk.sms.providers.base import from_provider
    from pressdesk.sms.providers.verimor import STATUSES

    by_ref: dict[str, list[tuple[str, str, str]]] = {}
    for row in rows[:MAX_PUSHED_ROWS] if isinstance(rows, list) else []:
        if not isinstance(row, dict) or str(row.get("type") or "outbound") != "outbound":
            continue
        status = STATUSES.get(str(row.get("status", "")).upper())
        ref = str(row.get("campaign_id") or "").strip()
        number = str(row.get("dest") or "")
        if status and ref and any(ch.isdigit() for ch in number):
            by_ref.setdefault(ref, []).append((from_provider(number), status, ref))
    if not by_ref:
        return 0
    batches = Batch.objects.filter(
        provider_ref__in=list(by_ref), status=Batch.Status.SENT, campaign__provider="verimor"
    ).values_list("campaign_id", "provider_ref")
    per_campaign: dict[int, list[tuple[str, str, str]]] = {}
    for campaign_id, ref in batches:
        per_campaign.setdefault(campaign_id, []).extend(by_ref.get(ref, []))
    changed = 0
    for campaign in Campaign.objects.filter(pk__in=list(per_campaign)).order_by("pk"):
        changed += record_reports(campaign, per_campaign[campaign.pk])
        schedule_resends(campaign.pk)
    return changed


@transaction.atomic
def record_reports(campaign: Campaign, reports: Sequence[tuple[str, str] | tuple[str, str, str]]) -> int:
    """Write delivery statuses: ``(number, status)`` or ``(number, status, job_ref)``. With the job (the
    batch's provider reference) a report reaches only that batch's message, so the report of a resend never
    changes the original (marked ``retried``) and the original's never the resend."""
    now = timezone.now()
    by_status: dict[tuple[str, str], list[str]] = {}
    for number, status, *job in reports:
        if status in Recipient.Status.values and status != Recipient.Status.RETRIED:
            by_status.setdefault((status, job[0] if job else ""), []).append(number)
    changed = 0
    for (status, job_ref), numbers in by_status.items():
        rows = campaign.recipients.filter(mobile__in=numbers)
        if job_ref:
            rows = rows.filter(batch__provider_ref=job_ref)
        changed += rows.exclude(status__in=[status, Recipient.Status.PENDING, Recipient.Status.RETRIED]).update(
            status=status, reported_at=now
        )
    return changed


@transaction.atomic
def schedule_resends(campaign_id: int) -> int:
    """Send once more every message the delivery report marked temporarily failed (expired, not delivered).

    Each resend is a new recipient row (``retry_of`` the original, which becomes ``retried``) in a new batch
    with its own idempotency key, sent like any batch: a worker that dies after the provider took it sends
    the same key again and the provider answers "already sent". A delivered, rejected or failed message is
    never resent, nor a resend, nor an original twice (``retry_of`` is unique; the campaign row is locked)."""
    from pressdesk.sms import tasks

    campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
    if campaign is None or campaign.status not in (Campaign.Status.SENDING, Campaign.Status.SENT):
        return 0
    originals = list(
        campaign.recipients.select_for_update(of=("self",))
        .filter(status__in=Recipient.TEMPORARY, retry_of__isnull=True, resend__isnull=True)
        .order_by("pk")
    )
    if not originals:
        return 0
    Recipient.objects.filter(pk__in=[r.pk for r in originals], status__in=Recipient.TEMPORARY).update(
        status=Recipient.Status.RETRIED
    )
    Recipient.objects.bulk_create(
        [
            Recipient(
                campaign=campaign,
                contact_id=r.contact_id,
                user_id=r.user_id,
                name=r.name,
                title=r.title,
                institution=r.institution,
                mobile=r.mobile,
                text=r.text,
                parts=r.parts,
                retry_of=r,
            )
            for r in originals
        ]
    )
    _write_batches(campaign)
    campaign.status, campaign.finished_at = Campaign.Status.SENDING, None
    campaign.save(update_fields=["status", "finished_at", "updated_at"])
    enqueue(tasks.send_campaign, campaign.pk)
    log.info("SMS campaign %s: %d temporarily failed messages resent", campaign.pk, len(originals))
    return len(originals)


@transaction.atomic
def refresh_reports(*, actor: User, campaign: Campaign) -> None:
    from pressdesk.sms import tasks

    _check_province(actor, campaign.province_id)
    if not campaign.batches.filter(status=Batch.Status.SENT).exists():
        raise ValidationError(_("Nothing was sent yet."))
    enqueue(tasks.fetch_reports, campaign.pk)


def open_report_campaigns() -> list[int]:
    """Campaigns of the last three days with messages still waiting for a delivery report."""
    since = timezone.now() - datetime.timedelta(days=3)
    return list(
        Campaign.objects.filter(started_at__gte=since, recipients__status=Recipient.Status.SENT)
        .values_list("pk", flat=True)
        .distinct()
    )


# --- retention (KVKK) ------------------------------------------------------------------


def retention_days() -> int:
    return int(getattr(settings, "SMS_RETENTION_DAYS", 0) or 365)


@transaction.atomic
def delete_old_details(now: datetime.datetime | None = None) -> int:
    """Delete the recipients (names, numbers, texts, statuses) of campaigns finished longer ago than the
    retention period, keeping their counts on the campaign; returns how many campaigns were cleared."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    done = 0
    old = Campaign.objects.select_for_update().filter(
        details_deleted_at__isnull=True,
        status__in=[Campaign.Status.SENT, Campaign.Status.CANCELLED],
        updated_at__lt=cutoff,
    )
    for campaign in old[:100]:
        summary = queries.summary(campaign)
        campaign.kept_counts = {
            "total": summary.total,
            "parts": summary.parts,
            "by_status": summary.by_status,
            "batches": summary.batches,
            "batches_sent": summary.batches_sent,
        }
        campaign.recipients.all().delete()
        campaign.details_deleted_at = timezone.now()
        campaign.save(update_fields=["kept_counts", "details_deleted_at"])
        done += 1
    if done:
        log.info("SMS retention: delivery details of %d campaigns deleted", done)
    return done


def preview(*, actor: User, text: str, groups: Sequence[str], kind: str) -> dict[str, Any]:
    """For the compose page: the count, three real recipients' texts, per-recipient parts and the total cost."""
    province = _check_unit(actor)
    result: dict[str, Any] = {
        "count": encoding.count(text),
        "error": "",
        "samples": [],
        "recipients": 0,
        "cost": 0,
        "skipped": [],
    }
    try:
        check_text(text)
        codes = _check_groups(groups, province, kind)
    except ValidationError as exc:
        result["error"] = " ".join(exc.messages)
        return result
    skipped: dict[str, int] = {}
    people = recipients.resolve(
        province, codes, duty=kind == Campaign.Kind.DUTY, outside=kind in Campaign.OUTSIDE_KINDS, skipped=skipped
    )
    result["skipped"] = [(str(recipients.SKIP_REASONS[k]), n) for k, n in sorted(skipped.items())]
    try:
        rendered = render_for(text, people)
    except ValidationError as exc:
        result["error"] = " ".join(exc.messages)
        rendered = [(p, templates_text.render(text, p.values())) for p in people]
    counts = [encoding.count(t) for _p, t in rendered]
    parts: dict[int, int] = {}
    for c in counts:
        parts[c.parts] = parts.get(c.parts, 0) + 1
    result.update(
        recipients=len(rendered),
        cost=sum(c.parts for c in counts),
        parts=sorted(parts.items()),
        samples=[(p, t, c) for (p, t), c in list(zip(rendered, counts, strict=True))[:3]],
    )
    return result


# --- standing rules: birthdays and work anniversaries ---------------------------------------

# The day's campaign of a rule is prepared from this local hour, so approvers find it in the morning.
RULE_PREPARE_HOUR = 7


@transaction.atomic
def save_rule(
    *,
    actor: User,
    rule: StandingRule | None = None,
    kind: str,
    title: str,
    text: str,
    send_time: datetime.time,
    active: bool = True,
) -> StandingRule:
    """Create or change a birthday or work-anniversary rule of the actor's province."""
    province = _check_unit(actor)
    if rule is not None:
        rule = StandingRule.objects.select_for_update().get(pk=rule.pk)
        _check_province(actor, rule.province_id)
    if kind not in StandingRule.Kind.values:
        raise ValidationError({"kind": _("Choose the type of rule.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the rule a title.")})
    check_text(text)
    if rule is None:
        unit = actor.organization
        assert unit is not None
        rule = StandingRule(province=province, organization=unit, created_by=actor)
    rule.kind, rule.title, rule.text, rule.send_time, rule.active = kind, title.strip(), text, send_time, active
    rule.save()
    return rule


def _rule_campaign(rule: StandingRule, day: datetime.date) -> Campaign | None:
    """The day's campaign of ``rule``, submitted for approval; ``None`` when nobody has the day."""
    code = recipients.day_code(rule.kind, day)
    if not recipients.resolve(rule.province, [code]):
        return None
    send_at = timezone.make_aware(datetime.datetime.combine(day, rule.send_time))
    campaign = Campaign.objects.create(
        province=rule.province,
        organization=rule.organization,
        created_by=rule.created_by,
        title=f"{rule.title} ({day:%d.%m.%Y})",
        kind=Campaign.Kind.GREETING,
        text=rule.text,
        groups=[code],
        scheduled_at=send_at,
        rule=rule,
        rule_date=day,
    )
    campaign.refresh_from_db()  # the time as stored (UTC): the approval's content hash is computed from it
    try:
        with transaction.atomic():
            _check_unit(rule.created_by)
            _freeze_recipients(campaign)
            approvals.submit(actor=rule.created_by, target=campaign)
            campaign.status = Campaign.Status.APPROVAL
            campaign.save(update_fields=["status", "updated_at"])
    except (ValidationError, PermissionDenied) as exc:
        # Kept as a draft with the reason: the unit sees it, fixes the staff list or the rule, submits by hand.
        reason = " ".join(getattr(exc, "messages", [])) or _("The rule's author may no longer send SMS.")
        Campaign.objects.filter(pk=campaign.pk).update(pause_reason=reason[:300])
        log.warning("SMS rule %s: the campaign of %s stays a draft", rule.pk, day.isoformat())
    return campaign


def prepare_rule_campaigns(now: datetime.datetime | None = None) -> int:
    """Beat: each morning, one campaign per active rule and day (people with a birthday or anniversary today),
    submitted to the approval chain of process 3.14. Idempotent: a rule's day is prepared once."""
    from django.db import IntegrityError

    local = timezone.localtime(now or timezone.now())
    if local.hour < RULE_PREPARE_HOUR:
        return 0
    day = local.date()
    prepared = 0
    rules = StandingRule.objects.filter(active=True).exclude(campaigns__rule_date=day).select_related("province")
    for rule in rules:
        try:
            with transaction.atomic():
                if _rule_campaign(rule, day) is not None:
                    prepared += 1
        except IntegrityError:
            continue  # another tick prepared it a moment ago
    return prepared


def start_approved_rule_campaigns(now: datetime.datetime | None = None) -> int:
    """Beat: a rule's campaign of today starts once approved (at its time, or now if approved later);
    an approval that arrives another day sends nothing (the greeting would be late)."""
    day = timezone.localdate(now or timezone.now())
    started = 0
    waiting = Campaign.objects.filter(rule__isnull=False, rule_date=day, status=Campaign.Status.APPROVAL)
    for campaign in waiting.select_related("created_by"):
        if not approved(campaign):
            continue
        try:
            start(actor=campaign.created_by, campaign=campaign)
        except (ValidationError, PermissionDenied):
            log.warning("SMS rule campaign %s could not be started", campaign.pk)
            continue
        started += 1
    return started
