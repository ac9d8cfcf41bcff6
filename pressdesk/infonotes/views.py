"""Screens of information-note cases. Thin: forms validate, actions change, queries read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.approvals.models import ApprovalFlow
from pressdesk.approvals.registry import content_hash
from pressdesk.infonotes import actions, forms, queries
from pressdesk.infonotes.models import Case, CaseFile, DispatchRecipient, InfoNote
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.views import action_errors, error_text


def _require_unit(request: AuthedHttpRequest) -> None:
    if not actions.can_open(request.user) and not request.user.is_admin:
        raise PermissionDenied


def _worker_case(request: AuthedHttpRequest, pk: int) -> Case:
    case = queries.get_case_for_user(request.user, pk)
    if not actions.works_on(request.user, case):
        raise PermissionDenied
    return case


# --- lists --------------------------------------------------------------------------------------


@require_GET
def board(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_unit_member or user.is_admin or queries.is_officer(user)):
        raise PermissionDenied
    text = request.GET.get("q", "").strip()
    return render(
        request,
        "infonotes/board.html",
        {
            "columns": queries.board(user, text),
            "q": text,
            "can_open": actions.can_open(user),
            "officer": queries.is_officer(user),
            "active": "board",
        },
    )


@require_GET
def closed(request: AuthedHttpRequest) -> HttpResponse:
    _require_unit(request)
    form = forms.SearchForm(request.GET or None)
    qs = queries.closed_cases_for(request.user, form.cleaned_data if form.is_valid() else None)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "infonotes/closed_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "active": "closed"},
    )


@require_GET
def stats(request: AuthedHttpRequest) -> HttpResponse:
    _require_unit(request)
    form = forms.SearchForm(request.GET or None)
    date_from = date_to = None
    if form.is_valid():
        date_from, date_to = form.cleaned_data.get("date_from"), form.cleaned_data.get("date_to")
    figures = queries.statistics(request.user, date_from, date_to)
    status_rows = [(label, figures.by_status.get(value, 0)) for value, label in Case.Status.choices]
    return render(
        request,
        "infonotes/stats.html",
        {"form": form, "stats": figures, "status_rows": status_rows, "active": "stats"},
    )


# --- opening ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def create(request: AuthedHttpRequest) -> HttpResponse:
    _require_unit(request)
    institutions = forms.institutions_for(request.user)
    form = forms.MinistryRequestForm(request.POST or None, request.FILES or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with action_errors(request, form=form, permission=False):
            case = actions.open_from_ministry(
                actor=request.user,
                title=data["title"],
                summary=data["summary"],
                ministry_reference=data["ministry_reference"],
                ministry_requested_at=data["ministry_requested_at"],
                ministry_deadline=data["ministry_deadline"],
                institution=data["institution"],
                uploads=data["attachments"],
            )
            messages.success(request, _("The case was opened and the director was informed."))
            return redirect(case)
    stories = queries.negative_stories_without_case(request.user)
    return render(request, "infonotes/case_create.html", {"form": form, "stories": stories, "active": "create"})


@require_http_methods(["GET", "POST"])
def open_from_story(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    from pressdesk.monitoring.queries import get_story_for_user

    story = get_story_for_user(request.user, pk)
    if not actions.can_open(request.user):
        raise PermissionDenied
    if request.method == "POST":
        case, created = actions.open_from_story(actor=request.user, story=story)
        if created:
            messages.success(request, _("The case was opened and the director was informed."))
        else:
            messages.info(request, _("This story already has an open case."))
        return redirect(case)
    existing = queries.open_case_for_story(request.user, story)
    return render(request, "infonotes/open_from_story.html", {"story": story, "existing": existing})


# --- one case ---------------------------------------------------------------------------------------


def _note_state(case: Case) -> tuple[InfoNote | None, ApprovalFlow | None, bool]:
    note = case.note if queries._has_note(case) else None
    flow = actions.note_flow(case) if note is not None else None
    sendable = bool(
        note is not None
        and flow is not None
        and flow.status == ApprovalFlow.Status.APPROVED
        and content_hash(note.approval_content()) == flow.content_hash
    )
    return note, flow, sendable


@require_GET
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    case = queries.get_case_for_user(request.user, pk)
    user = request.user
    works = actions.works_on(user, case)
    officer = actions.is_institution_officer(user, case)
    note, flow, sendable = _note_state(case)
    letter = case.request_letter
    letter_flow = actions.letter_flow(case)
    status = case.status
    S = Case.Status
    editable_note = note is not None and status == S.WAITING_APPROVAL and (flow is None or flow.is_editable)
    context: dict[str, Any] = {
        "case": case,
        "status_label": queries.status_label(case, flow),
        "works": works,
        "officer": officer,
        "note": note,
        "note_flow": flow,
        "note_files": note.attachments() if note is not None else [],
        "letter": letter,
        "letter_flow": letter_flow,
        "ministry_files": [f for f in case.files.all() if f.purpose == CaseFile.Purpose.MINISTRY_REQUEST]
        if works
        else [],
        "dispatches": queries.dispatches_of(case) if works else [],
        "timeline": queries.timeline(case) if works else [],
        "can_draft_letter": works and status == S.OPEN and letter is None,
        "can_send_request": works
        and status == S.OPEN
        and letter_flow is not None
        and letter_flow.status == ApprovalFlow.Status.APPROVED,
        "can_answer": officer and status == S.WAITING_INSTITUTION and note is None,
        "can_record_note": works and status in (S.OPEN, S.WAITING_INSTITUTION) and note is None,
        "can_edit_note": works and editable_note,
        "can_submit_note": works and editable_note,
        "can_send_note": works and status in (S.WAITING_APPROVAL, S.SENT) and sendable,
        "can_reopen": works and flow is not None and flow.status == ApprovalFlow.Status.APPROVED and status != S.CLOSED,
        "can_close": works and status != S.CLOSED,
        "send_request_form": forms.SendRequestForm(),
    }
    return render(request, "infonotes/case_detail.html", context)


@require_http_methods(["GET", "POST"])
def letter(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    case = _worker_case(request, pk)
    if case.request_letter_id:
        return redirect("documents:detail", pk=case.request_letter_id)
    institutions = forms.institutions_for(request.user)
    defaults = actions.letter_defaults(request.user, case)
    initial = {
        "institution": case.institution,
        "addressee": defaults.get("addressee", ""),
        "subject": defaults.get("subject", ""),
        "references": "\n".join(defaults.get("references", [])),
        "body": defaults.get("body", ""),
        "deadline_days": case.deadline_days,
        "detsis_no": defaults.get("detsis_no", ""),
        "file_plan_code": defaults.get("file_plan_code", ""),
    }
    form = forms.RequestLetterForm(request.POST or None, initial=initial, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with action_errors(request, form=form):
            written = actions.draft_request_letter(
                actor=request.user,
                case=case,
                institution=data["institution"],
                deadline_days=data["deadline_days"],
                addressee=data["addressee"] or actions.addressee_of(data["institution"]),
                subject=data["subject"],
                references=data["references"],
                body=data["body"],
                detsis_no=data["detsis_no"],
                file_plan_code=data["file_plan_code"],
            )
            messages.success(request, _("The request letter was written. Check it and submit it for approval."))
            return redirect("documents:detail", pk=written.pk)
    return render(request, "infonotes/letter_form.html", {"case": case, "form": form})


@require_POST
def send_request(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    case = _worker_case(request, pk)
    form = forms.SendRequestForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        with action_errors(request, permission=False):
            actions.send_request(
                actor=request.user,
                case=case,
                ebys_number=data["ebys_number"] or "",
                ebys_date=data["ebys_date"],
                signed_pdf=data["signed_pdf"],
            )
            messages.success(request, _("The request was recorded as sent; the institution's deadline has started."))
    else:
        messages.error(request, _("Please correct the errors below."))
    return redirect(case)


@require_http_methods(["GET", "POST"])
def answer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    case = queries.get_case_for_user(request.user, pk)
    officer = actions.is_institution_officer(request.user, case)
    if not officer and not actions.works_on(request.user, case):
        raise PermissionDenied
    form_class = forms.AnswerForm if officer else forms.RecordNoteForm
    form = form_class(request.POST or None, request.FILES or None, initial={"title": case.title})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with action_errors(request, form=form, permission=False):
            actions.answer(
                actor=request.user,
                case=case,
                title=data["title"],
                body=data["body"],
                uploads=data["attachments"],
                via=data.get("via", InfoNote.Via.SYSTEM),
            )
            messages.success(request, _("The information note was recorded."))
            return redirect(case)
    return render(request, "infonotes/answer_form.html", {"case": case, "form": form, "officer": officer})


@require_http_methods(["GET", "POST"])
def edit_note(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    case = _worker_case(request, pk)
    if not queries._has_note(case):
        raise Http404
    note = case.note
    files = note.attachments()
    form = forms.EditNoteForm(
        request.POST or None, request.FILES or None, files=files, initial={"title": note.title, "body": note.body}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with action_errors(request, form=form, permission=False):
            actions.edit_note(
                actor=request.user,
                case=case,
                title=data["title"],
                body=data["body"],
                uploads=data["attachments"],
                remove=[int(v) for v in data["remove"]],
            )
            messages.success(request, _("The note was saved. Submit it for approval when it is ready."))
            return redirect(case)
    return render(request, "infonotes/note_form.html", {"case": case, "form": form})


@require_POST
def submit_note(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    case = _worker_case(request, pk)
    with action_errors(request) as outcome:
        flow = actions.submit_note(actor=request.user, case=case)
    if outcome.failed:
        return redirect(case)
    messages.success(request, _("The note was submitted for the director's approval."))
    return redirect("approvals:detail", pk=flow.pk)


@require_http_methods(["GET", "POST"])
def reopen_note(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    case = _worker_case(request, pk)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, permission=False):
            actions.reopen_note(actor=request.user, case=case, reason=form.cleaned_data["reason"])
            messages.success(request, _("The note is open for a new version; what was sent stays as it was."))
            return redirect(case)
    return render(request, "infonotes/reopen_form.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
def send(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    case = _worker_case(request, pk)
    defaults = queries.recipient_defaults(case)
    initial = {kind: org.email for kind, org in defaults.items() if org is not None}
    form = forms.SendNoteForm(request.POST or None, initial=initial)
    content, blocked = None, ""
    try:
        _flow, content = actions.approved_content(case)
    except ValidationError as exc:
        if request.method == "POST":
            messages.error(request, error_text(exc))
            return redirect(case)
        blocked = error_text(exc)
    if request.method == "POST" and form.is_valid():
        targets = []
        for kind in ("ministry", "general_directorate", "governorship"):
            email = form.cleaned_data.get(kind)
            if email:
                org = defaults.get(kind)
                targets.append(
                    actions.Target(kind=kind, email=email, organization=org if org and org.email == email else None)
                )
        with action_errors(request, form=form, permission=False):
            actions.send_note(actor=request.user, case=case, targets=targets)
            messages.success(request, _("The note is being e-mailed; each recipient's result shows on the case."))
            return redirect(case)
    return render(
        request, "infonotes/send_form.html", {"case": case, "form": form, "content": content, "blocked": blocked}
    )


def _recipient(request: AuthedHttpRequest, pk: int, recipient_pk: int) -> DispatchRecipient:
    recipient = queries.get_recipient_for_user(request.user, pk, recipient_pk)
    if not actions.works_on(request.user, recipient.dispatch.case):
        raise PermissionDenied
    return recipient


@require_POST
def retry(request: AuthedHttpRequest, pk: int, recipient_pk: int) -> HttpResponse:
    recipient = _recipient(request, pk, recipient_pk)
    with action_errors(request, permission=False):
        actions.retry_recipient(actor=request.user, recipient=recipient)
        messages.success(request, _("The e-mail is being sent again."))
    return redirect(recipient.dispatch.case)


@require_http_methods(["GET", "POST"])
def reply(request: AuthedHttpRequest, pk: int, recipient_pk: int) -> HttpResponse:
    recipient = _recipient(request, pk, recipient_pk)
    form = forms.ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with action_errors(request, form=form, permission=False):
            actions.record_reply(actor=request.user, recipient=recipient, **form.cleaned_data)
            messages.success(request, _("The reply was recorded."))
            return redirect(recipient.dispatch.case)
    return render(
        request, "infonotes/reply_form.html", {"case": recipient.dispatch.case, "recipient": recipient, "form": form}
    )


@require_http_methods(["GET", "POST"])
def close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    case = _worker_case(request, pk)
    form = forms.CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.close_case(actor=request.user, case=case, comment=form.cleaned_data["comment"])
        messages.success(request, _("The case was closed."))
        return redirect(case)
    return render(request, "infonotes/close_confirm.html", {"case": case, "form": form})


@require_GET
def file_download(request: AuthedHttpRequest, pk: int, file_pk: int) -> FileResponse:
    stored = queries.get_file_for_user(request.user, pk, file_pk)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=stored.original_name)


@require_GET
def request_pdf(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """The signed request letter, for the institution asked and for the unit."""
    case = queries.get_case_for_user(request.user, pk)
    letter = case.request_letter
    if letter is None or not letter.signed_pdf:
        raise Http404
    try:
        handle = letter.signed_pdf.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=f"bilgi-notu-talebi-{case.pk}.pdf")
