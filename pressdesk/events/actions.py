"""Every change of an event: planning, the checklist and its tasks, seating, the press list,
the invitation (approved, then e-mailed one by one), the answers, transport, check-in and the
corrections of its coverage by hand."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pressdesk.accounts.models import User
from pressdesk.events import queries
from pressdesk.events.models import (
    Answer,
    ChecklistItem,
    Event,
    EventCoverage,
    Hall,
    Invitation,
    Invitee,
    Kind,
    ProtocolRank,
    Seat,
    Vehicle,
)
from pressdesk.lib.dates import format_datetime
from pressdesk.organizations.models import Organization
from pressdesk.organizations.queries import province_for, province_of
from pressdesk.outbox.actions import enqueue

if TYPE_CHECKING:
    from pressdesk.approvals.models import ApprovalFlow
    from pressdesk.creative.models import DesignRequest
    from pressdesk.mediarelations.models import MediaContact, MediaList
    from pressdesk.monitoring.models import Item, Outlet
    from pressdesk.tasks.models import Task

#: The preparation every event needs (3.8.2, 3.9.1, 3.9.5, 3.12.2–3.12.4), by kind; data in Turkish.
COMMON_CHECKLIST = ("Salon hazırlığı", "Ses ve projeksiyon testi", "Fotoğrafçı / kamera")
CHECKLIST_BY_KIND: dict[str, tuple[str, ...]] = {
    Kind.OPENING: ("Pankart / fon ve basılı materyal", "Hediye / plaket", "Protokol oturma düzeni", "İkram", "Ulaşım"),
    Kind.CEREMONY: ("Pankart / fon ve basılı materyal", "Hediye / plaket", "Protokol oturma düzeni", "İkram"),
    Kind.CAMPAIGN: ("Pankart / fon ve basılı materyal", "Basın bülteni", "İkram"),
    Kind.PRESS_CONFERENCE: ("Gündemin onayı", "Basın dosyası", "Basın daveti", "İkram"),
    Kind.INTERVIEW: ("Soruların alınması", "Sözcünün hazırlanması", "Onay"),
    Kind.TRAINING: ("Katılım listesi", "Eğitim materyali", "İkram"),
    Kind.VISIT: ("Ziyaret programı", "Ulaşım", "Protokol listesi"),
    Kind.OTHER: (),
}

#: How many days before the event each checklist item is due.
DUE_DAYS_BEFORE = 2


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "ignore")).hexdigest()


def _check_organiser(actor: User) -> Organization:
    province = province_for(actor)
    if not queries.is_organiser(actor) or province is None:
        raise PermissionDenied(_("Only the province's press unit plans events."))
    return province


def _check_manage(actor: User, event: Event) -> None:
    if not queries.can_manage(actor, event):
        raise PermissionDenied(_("Only the press unit can change this event."))


def _check_plan(
    *,
    province: Organization | None,
    start: datetime.datetime,
    end: datetime.datetime,
    hall: Hall | None,
    address: str,
    attendees: list[User],
    institution: Organization | None,
    exclude: int | None = None,
) -> None:
    if end <= start:
        raise ValidationError({"end": _("The event must end after it starts.")})
    if start < timezone.now():
        raise ValidationError({"start": _("This date is in the past: an event is planned for a coming date.")})
    if hall is None and not address.strip():
        raise ValidationError({"hall": _("Choose a hall, or give the address.")})
    if province is not None:
        if hall is not None and province_of(hall.organization) != province:
            raise ValidationError({"hall": _("Choose a hall of this province.")})
        for user in attendees:
            if province_of(user.organization) != province:
                raise ValidationError({"attendees": _("Choose people of this province.")})
        if institution is not None and province_of(institution) != province:
            raise ValidationError({"institution": _("Choose an institution of this province.")})
    if hall is not None:
        clashes = queries.hall_clashes(hall, start, end, exclude=exclude)
        if clashes:
            other = clashes[0]
            raise ValidationError(
                {
                    "hall": _("%(hall)s is already booked for “%(title)s” (%(when)s). Choose another hall or time.")
                    % {"hall": hall.name, "title": other.title, "when": format_datetime(other.start)}
                }
            )


@transaction.atomic
def create_event(
    *,
    actor: User,
    kind: str,
    title: str,
    start: datetime.datetime,
    end: datetime.datetime,
    hall: Hall | None = None,
    address: str = "",
    attendees: Iterable[User] = (),
    institution: Organization | None = None,
    expected_press: str = "",
    budget_notes: str = "",
    press_kit_url: str = "",
) -> Event:
    """Plan an event (3.8, 3.9, 3.12); its preparation checklist comes from its kind."""
    province = _check_organiser(actor)
    attendees = list(attendees)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of event.")})
    if hall is not None:
        Hall.objects.select_for_update().filter(pk=hall.pk).first()  # one booking of a hall at a time
    _check_plan(
        province=province,
        start=start,
        end=end,
        hall=hall,
        address=address,
        attendees=attendees,
        institution=institution,
    )
    assert actor.organization is not None
    event = Event.objects.create(
        organization=actor.organization,
        kind=kind,
        title=title.strip(),
        start=start,
        end=end,
        hall=hall,
        address=address.strip(),
        institution=institution,
        expected_press=expected_press.strip(),
        budget_notes=budget_notes.strip(),
        press_kit_url=press_kit_url.strip(),
        created_by=actor,
    )
    event.attendees.set(attendees)
    labels = (*COMMON_CHECKLIST, *CHECKLIST_BY_KIND.get(kind, ()))
    due = (timezone.localtime(start) - datetime.timedelta(days=DUE_DAYS_BEFORE)).date()
    ChecklistItem.objects.bulk_create(
        ChecklistItem(event=event, label=label, due_date=due, position=i) for i, label in enumerate(labels)
    )
    return event


@transaction.atomic
def update_event(
    *,
    actor: User,
    event: Event,
    kind: str,
    title: str,
    start: datetime.datetime,
    end: datetime.datetime,
    hall: Hall | None = None,
    address: str = "",
    attendees: Iterable[User] = (),
    institution: Organization | None = None,
    expected_press: str = "",
    budget_notes: str = "",
    press_kit_url: str = "",
) -> Event:
    _check_manage(actor, event)
    attendees = list(attendees)
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose the kind of event.")})
    if hall is not None:
        Hall.objects.select_for_update().filter(pk=hall.pk).first()
    _check_plan(
        province=province_of(event.organization),
        start=start,
        end=end,
        hall=hall,
        address=address,
        attendees=attendees,
        institution=institution,
        exclude=event.pk,
    )
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    event.kind, event.title, event.start, event.end = kind, title.strip(), start, end
    event.hall, event.address, event.institution = hall, address.strip(), institution
    event.expected_press, event.budget_notes = expected_press.strip(), budget_notes.strip()
    event.press_kit_url = press_kit_url.strip()
    event.save()
    event.attendees.set(attendees)
    return event


@transaction.atomic
def cancel_event(*, actor: User, event: Event) -> Event:
    _check_manage(actor, event)
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status"])
    return event


# --- halls -----------------------------------------------------------------------------------


@transaction.atomic
def create_hall(*, actor: User, name: str, capacity: int, equipment: str = "", address: str = "") -> Hall:
    province = _check_organiser(actor)
    return Hall.objects.create(
        organization=province, name=name.strip(), capacity=capacity, equipment=equipment.strip(), address=address
    )


# --- the checklist ---------------------------------------------------------------------------


@transaction.atomic
def add_checklist_item(
    *, actor: User, event: Event, label: str, owner: User | None = None, due_date: datetime.date | None = None
) -> ChecklistItem:
    _check_manage(actor, event)
    if not label.strip():
        raise ValidationError({"label": _("Write the item.")})
    last = event.checklist.order_by("-position").values_list("position", flat=True).first() or 0
    return ChecklistItem.objects.create(
        event=event, label=label.strip(), owner=owner, due_date=due_date, position=last + 1
    )


@transaction.atomic
def update_checklist_item(
    *,
    actor: User,
    item: ChecklistItem,
    label: str,
    owner: User | None,
    due_date: datetime.date | None,
    done: bool,
) -> ChecklistItem:
    _check_manage(actor, item.event)
    if owner is not None and province_of(owner.organization) != province_of(item.event.organization):
        raise ValidationError({"owner": _("Choose people of this province.")})
    item = ChecklistItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    item.label, item.owner, item.due_date, item.done = label.strip() or item.label, owner, due_date, done
    item.save()
    return item


@transaction.atomic
def remove_checklist_item(*, actor: User, item: ChecklistItem) -> None:
    _check_manage(actor, item.event)
    ChecklistItem.objects.filter(pk=item.pk).delete()


@transaction.atomic
def item_to_task(*, actor: User, item: ChecklistItem) -> Task:
    """Give the checklist item to its owner as a task in İşlerim (once)."""
    from pressdesk.tasks import actions as tasks

    _check_manage(actor, item.event)
    item = ChecklistItem.objects.select_for_update(of=("self",)).select_related("event", "task").get(pk=item.pk)
    if item.task_id and item.task is not None:
        return item.task
    if item.owner is None:
        raise ValidationError({"owner": _("Choose who does it first.")})
    task = tasks.assign_task(
        actor=actor,
        assignee=item.owner,
        title=f"{item.event.title}: {item.label}",
        description=_("Preparation for the event on %(when)s.") % {"when": format_datetime(item.event.start)},
        due_date=item.due_date,
    )
    item.task = task
    item.save(update_fields=["task"])
    return task


#: Checklist items whose label names one of these (folded) are print or banner work for the studio.
DESIGN_KINDS = (
    ("pankart", "roll_up"),
    ("fon", "roll_up"),
    ("davetiye", "invitation"),
    ("plaket", "certificate"),
    ("sertifika", "certificate"),
    ("afis", "poster"),
    ("brosur", "brochure"),
    ("basili", "brochure"),
)


def design_prefill(item: ChecklistItem) -> dict[str, object]:
    """A design request prefilled from the event of a checklist item: its title, the event's day
    as the deadline, the kind guessed from the item (banner, print …), print medium."""
    from pressdesk.lib import turkish

    event = item.event
    folded = turkish.ascii_fold(turkish.lower(item.label))
    kind = next((kind for word, kind in DESIGN_KINDS if word in folded), "poster")
    when = format_datetime(event.start)
    return {
        "kind": kind,
        "title": f"{event.title}: {item.label}"[:200],
        "purpose": _("For the event “%(title)s” on %(when)s, %(where)s.")
        % {"title": event.title, "when": when, "where": event.where or "-"},
        "medium": "print",
        "quantity": 1,
        "deadline": timezone.localtime(event.start).date(),
    }


@transaction.atomic
def request_design(*, actor: User, item: ChecklistItem, **fields: object) -> DesignRequest:
    """Ask the creative studio for the item's design (banner, printed material …), filed for the
    institution the event is about (the actor's own otherwise), and link it to the item (once)."""
    from pressdesk.creative import actions as creative
    from pressdesk.organizations.queries import in_scope

    _check_manage(actor, item.event)
    item = (
        ChecklistItem.objects.select_for_update(of=("self",)).select_related("event", "design_request").get(pk=item.pk)
    )
    if item.design_request_id and item.design_request is not None:
        raise ValidationError(_("A design is already requested for this item."))
    institution = item.event.institution
    organization = institution if institution is not None and in_scope(actor, institution) else None
    design = creative.create_request(actor=actor, organization=organization, **fields)  # type: ignore[arg-type]
    item.design_request = design
    item.save(update_fields=["design_request"])
    return design


# --- seating ---------------------------------------------------------------------------------


@transaction.atomic
def add_seat(*, actor: User, event: Event, table: str, seat: int, name: str, rank: ProtocolRank | None = None) -> Seat:
    _check_manage(actor, event)
    if not name.strip():
        raise ValidationError({"name": _("Write the guest's name.")})
    if event.seats.filter(table=table.strip(), seat=seat).exists():
        raise ValidationError({"seat": _("This seat is already taken.")})
    return Seat.objects.create(event=event, table=table.strip(), seat=seat, name=name.strip(), rank=rank)


@transaction.atomic
def seat_by_protocol(*, actor: User, event: Event, table: str = "1") -> int:
    """Offer the protocol order as the starting seating of the first table (only seats not yet there)."""
    _check_manage(actor, event)
    taken = set(event.seats.values_list("rank_id", flat=True))
    next_seat = (event.seats.filter(table=table).order_by("-seat").values_list("seat", flat=True).first() or 0) + 1
    rows = []
    for rank in queries.protocol_ranks():
        if rank.pk not in taken:
            rows.append(Seat(event=event, table=table, seat=next_seat, name=rank.name, rank=rank))
            next_seat += 1
    Seat.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def remove_seat(*, actor: User, seat: Seat) -> None:
    _check_manage(actor, seat.event)
    Seat.objects.filter(pk=seat.pk).delete()


# --- the press list and the invitation -------------------------------------------------------


@transaction.atomic
def add_invitee(
    *,
    actor: User,
    event: Event,
    name: str,
    email: str = "",
    phone: str = "",
    outlet: Outlet | None = None,
    outlet_name: str = "",
    contact: MediaContact | None = None,
) -> Invitee:
    """Put a journalist on the press list: typed in, or picked from the media contacts (whose name,
    outlet, e-mail and mobile fill what was left empty)."""
    _check_manage(actor, event)
    if contact is not None:
        from pressdesk.mediarelations.queries import contacts_visible_to

        if contact.erased_at is not None or not contacts_visible_to(actor).filter(pk=contact.pk).exists():
            raise ValidationError({"contact": _("Choose a media contact of this province.")})
        if event.invitees.filter(contact=contact).exists():
            raise ValidationError({"contact": _("This contact is already on the press list.")})
        name = name.strip() or contact.name
        if not email.strip() and contact.unsubscribed_at is None:
            email = contact.email
        phone = phone.strip() or contact.mobile or contact.phone
        if outlet is None and not outlet_name.strip():
            outlet = contact.outlet
    if not name.strip():
        raise ValidationError({"name": _("Write the journalist's name.")})
    email = email.strip().lower()
    if email and event.invitees.filter(email=email).exists():
        raise ValidationError({"email": _("This address is already on the press list.")})
    return Invitee.objects.create(
        event=event,
        name=name.strip(),
        email=email,
        phone=phone.strip(),
        outlet=outlet,
        outlet_name=outlet_name.strip(),
        contact=contact,
    )


@transaction.atomic
def add_media_list(*, actor: User, event: Event, media_list: MediaList) -> dict[str, int]:
    """Put every contact of a media list (media relations) on the press list at once.

    Skipped and counted: contacts already on the list (as a contact or by their address), those
    who unsubscribed, and those without an e-mail address (or erased). A list of another
    province is refused. The event's row is locked, so a double click adds nobody twice.
    """
    from pressdesk.mediarelations.queries import lists_visible_to

    _check_manage(actor, event)
    if not lists_visible_to(actor).filter(pk=media_list.pk).exists() or media_list.province_id != getattr(
        province_of(event.organization), "pk", None
    ):
        raise ValidationError({"media_list": _("Choose a media list of this province.")})
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    on_list = set(event.invitees.exclude(contact=None).values_list("contact_id", flat=True))
    emails = {e for e in event.invitees.values_list("email", flat=True) if e}
    counts = {"added": 0, "already": 0, "unsubscribed": 0, "no_email": 0}
    rows: list[Invitee] = []
    for contact in media_list.contacts.select_related("outlet").order_by("name", "pk"):
        email = (contact.email or "").strip().lower()
        if contact.pk in on_list or (email and email in emails):
            counts["already"] += 1
        elif contact.unsubscribed_at is not None:
            counts["unsubscribed"] += 1
        elif not email or contact.erased_at is not None:
            counts["no_email"] += 1
        else:
            rows.append(
                Invitee(
                    event=event,
                    name=contact.name,
                    email=email,
                    phone=contact.mobile or contact.phone,
                    outlet=contact.outlet,
                    contact=contact,
                )
            )
            on_list.add(contact.pk)
            emails.add(email)
    for row in rows:  # one by one, so that each addition is in the audit log
        row.save()
    counts["added"] = len(rows)
    return counts


@transaction.atomic
def remove_invitee(*, actor: User, invitee: Invitee) -> None:
    _check_manage(actor, invitee.event)
    Invitee.objects.filter(pk=invitee.pk).delete()


@transaction.atomic
def save_invitation_text(*, actor: User, event: Event, text: str, note: str) -> Event:
    from pressdesk.approvals import actions as approvals

    _check_manage(actor, event)
    flow = approvals.flow_for(event)
    if flow is not None and not flow.is_editable:
        raise ValidationError(_("The invitation is in the approval chain: it changes only when it is returned."))
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    event.invitation_text, event.invitation_note = text.strip(), note.strip()
    event.save(update_fields=["invitation_text", "invitation_note"])
    return event


@transaction.atomic
def submit_invitation(*, actor: User, event: Event) -> ApprovalFlow:
    """Put the invitation text to the approval chain of process 3.8."""
    from pressdesk.approvals import actions as approvals

    _check_manage(actor, event)
    if not event.invitation_text.strip():
        raise ValidationError(_("Write the invitation text first."))
    if actor.pk != event.created_by_id:
        raise PermissionDenied(_("Only the event's organiser puts the invitation to approval."))
    return approvals.submit(actor=actor, target=event)


def invitation_approved(event: Event) -> bool:
    from pressdesk.approvals import actions as approvals
    from pressdesk.approvals.models import ApprovalFlow

    flow = approvals.flow_for(event)
    return flow is not None and flow.status == ApprovalFlow.Status.APPROVED


def rsvp_link(token: str) -> str:
    return settings.SITE_URL + reverse("events:rsvp", args=[token])


@transaction.atomic
def send_invitations(*, actor: User, event: Event) -> tuple[int, list[str]]:
    """E-mail the approved invitation to every invitee not yet invited: one row and one task each.

    A second click finds every invitee already invited and sends nothing. Returns how many
    were queued and the names of invitees left out for lack of an e-mail address.
    """
    from pressdesk.events.tasks import send_invitation

    _check_manage(actor, event)
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if not invitation_approved(event):
        raise ValidationError(_("The invitation is sent only after it is approved."))
    if event.end <= timezone.now():
        raise ValidationError(_("The event is over: invitations are no longer sent."))
    without_email: list[str] = []
    queued = 0
    for invitee in event.invitees.filter(invitation__isnull=True).order_by("name", "pk"):
        if not invitee.email:
            without_email.append(invitee.name)
            continue
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(invitee=invitee, token_hash=_hash(token))
        enqueue(send_invitation, invitation.pk, token)
        queued += 1
    if queued:
        event.invitations_sent_at = timezone.now()
        event.save(update_fields=["invitations_sent_at"])
    return queued, without_email


class LinkError(Exception):
    """Why an RSVP link cannot be used: 'unknown', 'used' or 'expired'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def open_rsvp(*, token: str) -> Invitation:
    """The invitation a personal link points to, if the link can still be used."""
    invitation = (
        Invitation.objects.select_related("invitee", "invitee__event", "invitee__event__hall")
        .filter(token_hash=_hash(token))
        .first()
    )
    if invitation is None:
        raise LinkError("unknown")
    if invitation.invitee.event.end <= timezone.now():
        raise LinkError("expired")
    return invitation


@transaction.atomic
def answer_rsvp(
    *,
    token: str,
    answer: str,
    people: int,
    camera_crew: bool,
    needs_transport: bool,
    ip_address: str | None = None,
) -> Invitation:
    """Record the invitee's answer (logged); the link is then spent and a fresh one e-mailed."""
    from pressdesk.events.tasks import send_answer_receipt

    invitation = open_rsvp(token=token)
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    if invitation.token_hash != _hash(token):
        raise LinkError("used")
    if answer not in (Invitation.Answer.YES, Invitation.Answer.NO):
        raise ValidationError({"answer": _("Answer yes or no.")})
    if answer == Invitation.Answer.NO:
        people, camera_crew, needs_transport = 0, False, False
    elif not 1 <= people <= 20:
        raise ValidationError({"people": _("Give how many people come (1 to 20).")})
    Answer.objects.create(
        invitation=invitation,
        answer=answer,
        people=people,
        camera_crew=camera_crew,
        needs_transport=needs_transport,
        ip_address=ip_address,
    )
    fresh = secrets.token_urlsafe(32)
    invitation.answer, invitation.people = answer, people
    invitation.camera_crew, invitation.needs_transport = camera_crew, needs_transport
    invitation.answered_at = timezone.now()
    invitation.token_hash = _hash(fresh)
    if not needs_transport:
        invitation.vehicle = None
    invitation.save()
    enqueue(send_answer_receipt, invitation.pk, fresh)
    return invitation


def invitations_to_remind(now: datetime.datetime | None = None) -> list[int]:
    """The invitations answered yes to the events of tomorrow (Istanbul) not yet reminded."""
    now = timezone.localtime(now or timezone.now())
    tomorrow = now.date() + datetime.timedelta(days=1)
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min), tz)
    end = start + datetime.timedelta(days=1)
    return list(
        Invitation.objects.filter(
            answer=Invitation.Answer.YES,
            reminded_at__isnull=True,
            invitee__event__start__gte=start,
            invitee__event__start__lt=end,
        )
        .exclude(invitee__event__status=Event.Status.CANCELLED)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def mark_reminded(*, invitation_id: int) -> bool:
    """Claim the reminder of one invitation (idempotent: True only the first time)."""
    return bool(
        Invitation.objects.filter(pk=invitation_id, reminded_at__isnull=True).update(reminded_at=timezone.now())
    )


# --- transport -------------------------------------------------------------------------------


@transaction.atomic
def add_vehicle(
    *,
    actor: User,
    event: Event,
    name: str,
    capacity: int,
    driver: str,
    departure_point: str,
    departure_at: datetime.datetime,
) -> Vehicle:
    _check_manage(actor, event)
    if capacity < 1:
        raise ValidationError({"capacity": _("A vehicle carries at least one person.")})
    if departure_at >= event.start:
        raise ValidationError({"departure_at": _("The vehicle must leave before the event starts.")})
    return Vehicle.objects.create(
        event=event,
        name=name.strip(),
        capacity=capacity,
        driver=driver.strip(),
        departure_point=departure_point.strip(),
        departure_at=departure_at,
    )


@transaction.atomic
def assign_vehicle(*, actor: User, invitee: Invitee, vehicle: Vehicle | None) -> Invitation:
    """Put a journalist who asked for transport in a vehicle and e-mail them its time and place."""
    from pressdesk.events.tasks import send_vehicle_notice

    _check_manage(actor, invitee.event)
    invitation = Invitation.objects.select_for_update(of=("self",)).filter(invitee=invitee).first()
    if invitation is None or invitation.answer != Invitation.Answer.YES or not invitation.needs_transport:
        raise ValidationError(_("Only a journalist who is coming and asked for transport gets a vehicle."))
    if vehicle is not None:
        if vehicle.event_id != invitee.event_id:
            raise ValidationError(_("Choose a vehicle of this event."))
        vehicle = Vehicle.objects.select_for_update().get(pk=vehicle.pk)
        riders = vehicle.riders.exclude(pk=invitation.pk)
        seats_taken = sum(max(r.people, 1) for r in riders)
        if seats_taken + max(invitation.people, 1) > vehicle.capacity:
            raise ValidationError(
                _("%(vehicle)s is full: %(taken)s of %(capacity)s seats are taken.")
                % {"vehicle": vehicle.name, "taken": seats_taken, "capacity": vehicle.capacity}
            )
    invitation.vehicle = vehicle
    invitation.save(update_fields=["vehicle"])
    if vehicle is not None and invitee.email:
        enqueue(send_vehicle_notice, invitation.pk, vehicle.pk)
    return invitation


# --- on the day ------------------------------------------------------------------------------


@transaction.atomic
def check_in(*, actor: User, invitee: Invitee, arrived: bool = True) -> Invitation:
    """Mark a journalist as arrived (an uninvited walk-in gets an invitation row to hold it)."""
    _check_manage(actor, invitee.event)
    invitation = Invitation.objects.select_for_update(of=("self",)).filter(invitee=invitee).first()
    if invitation is None:
        invitation = Invitation.objects.create(invitee=invitee, token_hash=_hash(secrets.token_urlsafe(32)))
    invitation.checked_in_at = timezone.now() if arrived else None
    invitation.save(update_fields=["checked_in_at"])
    return invitation


# --- coverage, corrected by hand -------------------------------------------------------------


@transaction.atomic
def add_coverage(*, actor: User, event: Event, item: Item) -> EventCoverage:
    """Add a monitored news item the matching missed to the event's coverage (a removed one comes
    back). Only an item the actor may see in monitoring; a double click adds it once."""
    from pressdesk.monitoring.queries import items_visible_to

    _check_manage(actor, event)
    if not items_visible_to(actor).filter(pk=item.pk).exists():
        raise ValidationError(_("Monitoring has no news item at this address."))
    Event.objects.select_for_update(of=("self",)).filter(pk=event.pk).first()  # two clicks wait for each other
    coverage, created = EventCoverage.objects.get_or_create(
        event=event, item=item, defaults={"created_by": actor, "created_at": timezone.now()}
    )
    if not created and coverage.removed:
        coverage.removed = False
        coverage.created_by = actor
        coverage.created_at = timezone.now()
        coverage.save(update_fields=["removed", "created_by", "created_at"])
    return coverage


@transaction.atomic
def remove_coverage(*, actor: User, event: Event, item: Item) -> EventCoverage:
    """Take a news item out of the event's coverage, whether the matching found it or it was added
    by hand. Kept as removed, so the matching never shows it again; removing twice changes nothing."""
    _check_manage(actor, event)
    Event.objects.select_for_update(of=("self",)).filter(pk=event.pk).first()
    coverage, created = EventCoverage.objects.get_or_create(
        event=event, item=item, defaults={"removed": True, "created_by": actor, "created_at": timezone.now()}
    )
    if not created and not coverage.removed:
        coverage.removed = True
        coverage.created_by = actor
        coverage.created_at = timezone.now()
        coverage.save(update_fields=["removed", "created_by", "created_at"])
    return coverage
