"""Screens of official letters: list, write, preview, submit, download, record the EBYS signature.

Thin: forms validate, ``actions`` change state, ``queries`` decide what a
user may see (a letter the user may not see is a 404 everywhere).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pressdesk.approvals import actions as approval_actions
from pressdesk.approvals.models import ApprovalFlow
from pressdesk.documents import actions, queries
from pressdesk.documents.forms import EbysForm, LetterForm, LetterSearchForm
from pressdesk.documents.models import Letter
from pressdesk.documents.rendering import IncompleteLetter, PdfUnavailable, render_docx, render_pdf
from pressdesk.documents.rendering.layout import missing_parts
from pressdesk.lib.http import AuthedHttpRequest
from pressdesk.lib.views import action_errors
from pressdesk.organizations.queries import process_by_code

LETTERS_PER_PAGE = 25
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- helpers ----------------------------------------------------------------------


def _field_labels(names: list[str]) -> str:
    return ", ".join(str(getattr(Letter._meta.get_field(name), "verbose_name", name)) for name in names)


_DOTLESS: dict[str, str | int | None] = {"ı": "i", "İ": "I"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def letter_filename(letter: Letter, suffix: str, extra: str = "") -> str:
    """``12 Bilgi notu talebi.docx``: the id and the subject, without characters file systems refuse."""
    subject = " ".join(_UNSAFE.sub(" ", letter.subject).split())[:60].rstrip(" .")
    name = f"{letter.pk} {subject}".strip()
    if extra:
        name = f"{name} - {extra}"
    return f"{name}.{suffix}"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the exact UTF-8 name (RFC 6266/5987)."""
    folded = unicodedata.normalize("NFKD", filename.translate(str.maketrans(_DOTLESS)))
    ascii_name = "".join(ch for ch in folded if not unicodedata.combining(ch)).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]+", "_", ascii_name) or "letter"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response


# --- pages ------------------------------------------------------------------------


@require_GET
def letter_list(request: AuthedHttpRequest) -> HttpResponse:
    form = LetterSearchForm(request.GET)
    text = form.cleaned_data["q"].strip() if form.is_valid() else ""
    letters = queries.letter_list_for(request.user, text)
    page_obj = Paginator(letters, LETTERS_PER_PAGE).get_page(request.GET.get("page"))
    flows = queries.flows_by_letter(page_obj.object_list)
    rows = [(letter, flows.get(letter.pk)) for letter in page_obj.object_list]
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": rows,
        "q": text,
        "query_string": f"q={quote(text)}" if text else "",
        "can_create": actions.can_create(request.user),
    }
    return render(request, "documents/letter_list.html", context)


@require_http_methods(["GET", "POST"])
def letter_create(request: AuthedHttpRequest) -> HttpResponse:
    if not actions.can_create(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = LetterForm(request.POST, user=request.user)
        if form.is_valid():
            with action_errors(request, form=form, permission=False):
                letter = actions.create_letter(actor=request.user, **form.letter_fields())
                messages.success(request, _("The letter was saved as a draft."))
                return redirect(letter)
    else:
        process = process_by_code(request.GET.get("process", ""))
        initial = actions.letter_defaults_for(request.user, process, request.GET.get("kind", ""))
        form = LetterForm(initial=initial, user=request.user)
    return render(request, "documents/letter_form.html", {"form": form, "letter": None})


@require_GET
def letter_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    letter = queries.get_letter_for_user(request.user, pk)
    flow = approval_actions.flow_for(letter)
    content = letter.approval_content()
    content["record_no"] = letter.record_no
    editable = actions.is_editable(letter, flow)
    can_manage = actions.can_manage(request.user, letter)
    missing = missing_parts(content)
    context = {
        "letter": letter,
        "flow": flow,
        "content": content,
        "missing": _field_labels(missing) if missing else "",
        "can_edit": can_manage and editable,
        "can_submit": request.user.pk == letter.created_by_id and editable and not missing,
        "can_record": can_manage and flow is not None and flow.status == ApprovalFlow.Status.APPROVED,
    }
    return render(request, "documents/letter_detail.html", context)


@require_http_methods(["GET", "POST"])
def letter_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    letter = queries.get_letter_for_user(request.user, pk)
    if not actions.can_manage(request.user, letter):
        raise PermissionDenied
    if not actions.is_editable(letter):
        messages.error(
            request,
            _("This letter is in its approval chain or already approved, so it cannot be changed."),
        )
        return redirect(letter)
    if request.method == "POST":
        form = LetterForm(request.POST, instance=letter, user=request.user)
        if form.is_valid():
            with action_errors(request, form=form, permission=False):
                letter = actions.update_letter(actor=request.user, letter=letter, **form.letter_fields())
                messages.success(request, _("The letter was saved."))
                return redirect(letter)
    else:
        form = LetterForm(instance=letter, user=request.user)
    return render(request, "documents/letter_form.html", {"form": form, "letter": letter})


@require_POST
def letter_submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    letter = queries.get_letter_for_user(request.user, pk)
    with action_errors(request) as outcome:
        flow = approval_actions.submit(actor=request.user, target=letter)
    if outcome.failed:
        return redirect(letter)
    messages.success(request, _("The letter was submitted for approval."))
    return redirect("approvals:detail", flow.pk)


@require_GET
def letter_docx(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    letter = queries.get_letter_for_user(request.user, pk)
    in_house = request.GET.get("copy") == "in_house"
    try:
        data = render_docx(letter, in_house=in_house)
    except IncompleteLetter as exc:
        return _incomplete(request, letter, exc)
    return _download(data, letter_filename(letter, "docx", "iç nüsha" if in_house else ""), DOCX_TYPE)


@require_GET
def letter_pdf(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    letter = queries.get_letter_for_user(request.user, pk)
    in_house = request.GET.get("copy") == "in_house"
    try:
        data = render_pdf(letter, in_house=in_house)
    except IncompleteLetter as exc:
        return _incomplete(request, letter, exc)
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(letter)
    return _download(data, letter_filename(letter, "pdf", "iç nüsha" if in_house else ""), "application/pdf")


def _incomplete(request: AuthedHttpRequest, letter: Letter, exc: IncompleteLetter) -> HttpResponse:
    messages.error(
        request,
        _("The letter cannot be generated: these required fields are missing: %(fields)s.")
        % {"fields": _field_labels(exc.missing)},
    )
    return redirect(letter)


@require_http_methods(["GET", "POST"])
def letter_ebys(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    letter = queries.get_letter_for_user(request.user, pk)
    if not actions.can_manage(request.user, letter):
        raise PermissionDenied
    flow = approval_actions.flow_for(letter)
    approved = flow is not None and flow.status == ApprovalFlow.Status.APPROVED
    if request.method == "POST":
        form = EbysForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            with action_errors(request, form=form, permission=False):
                actions.record_ebys(
                    actor=request.user,
                    letter=letter,
                    ebys_number=data["ebys_number"],
                    ebys_date=data["ebys_date"],
                    signed_pdf=data["signed_pdf"],
                )
                messages.success(request, _("The EBYS number, date and signed PDF were recorded."))
                return redirect(letter)
    else:
        initial: dict[str, Any] = {"ebys_number": letter.ebys_number or letter.sayi, "ebys_date": letter.ebys_date}
        form = EbysForm(initial=initial)
    return render(request, "documents/ebys_form.html", {"form": form, "letter": letter, "approved": approved})


@require_GET
def letter_signed_pdf(request: AuthedHttpRequest, pk: int) -> FileResponse:
    letter = queries.get_letter_for_user(request.user, pk)
    if not letter.signed_pdf:
        raise Http404
    response = FileResponse(letter.signed_pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(letter_filename(letter, "pdf", "imzalı"))
    response["Cache-Control"] = "private, no-store"
    return response
