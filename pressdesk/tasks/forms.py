"""Forms of process 3.17. They validate; the views hand the cleaned data to actions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from pressdesk.accounts.models import User
from pressdesk.accounts.queries import assignable_users
from pressdesk.lib import turkish
from pressdesk.lib.files import validate_document_upload
from pressdesk.lib.forms import DateInput, StyledForm, StyledModelForm
from pressdesk.organizations.queries import processes_visible_to
from pressdesk.tasks import queries
from pressdesk.tasks.models import Task


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the pattern from Django's file-upload docs).

    Cleans to a list of uploads, each checked by ``validate_document_upload``;
    every bad file is reported, and none is accepted if one is bad.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single_clean = super().clean
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not uploads:
            single_clean(None, initial)  # raises "required" when the field is required
            return []
        cleaned: list[UploadedFile] = []
        errors: list[ValidationError] = []
        for upload in uploads:
            try:
                upload = single_clean(upload, initial)
                validate_document_upload(upload)
            except ValidationError as exc:
                errors.append(exc)
            else:
                cleaned.append(upload)
        if errors:
            raise ValidationError(errors)
        return cleaned


class TurkishOrderIterator(ModelChoiceIterator):
    """Choices sorted by Turkish collation of their labels (``Çelik`` after ``Cem``)."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in sorted(self.queryset, key=lambda o: turkish.sort_key(self.field.label_from_instance(o))):
            yield self.choice(obj)


class AssigneeChoiceField(forms.ModelChoiceField):
    iterator = TurkishOrderIterator

    def label_from_instance(self, obj: Any) -> str:
        if obj.organization_id:
            return "%s (%s)" % (obj, obj.organization.display_name)
        return str(obj)


class TaskForm(StyledModelForm):
    """Giving a task (with attachments) or changing one.

    Never saved directly: the view passes ``cleaned_data`` to
    ``actions.assign_task`` or ``actions.update_task``.
    """

    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Documents, spreadsheets, images or PDF files. You can choose several files."),
    )

    class Meta:
        model = Task
        fields = ["title", "description", "assignee", "due_date", "priority", "process"]
        field_classes = {"assignee": AssigneeChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "due_date": DateInput(),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.original_due_date = self.instance.due_date if self.instance.pk else None
        assignees = assignable_users(user)
        if self.instance.pk:
            # The current assignee stays choosable even if now outside the editor's scope.
            assignees = User.objects.select_related("organization").filter(
                Q(pk__in=assignees.values("pk")) | Q(pk=self.instance.assignee_id)
            )
            del self.fields["attachments"]
        else:
            self.fields["due_date"].widget.attrs["min"] = timezone.localdate().isoformat()
        assignee_field = self.fields["assignee"]
        assert isinstance(assignee_field, forms.ModelChoiceField)
        assignee_field.queryset = assignees
        process_field = self.fields["process"]
        assert isinstance(process_field, forms.ModelChoiceField)
        process_field.queryset = processes_visible_to(user)
        self.fields["title"].widget.attrs.setdefault("autofocus", True)

    def clean_due_date(self) -> Any:
        due = self.cleaned_data.get("due_date")
        unchanged = self.instance.pk and due == self.original_due_date
        if due is not None and not unchanged and due < timezone.localdate():
            raise ValidationError(_("The due date cannot be in the past."), code="past_due_date")
        return due


class CommentForm(StyledForm):
    """A comment on a task, optionally reporting progress."""

    body = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 5}),
    )

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"progress": task.progress})
        super().__init__(*args, **kwargs)
        self.task = task
        self.fields["progress"].help_text = gettext("Now %(progress)s%%. Change it to report progress.") % {
            "progress": task.progress
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("body", "").strip() and self.progress_change() is None:
            raise ValidationError(_("Write a comment or change the progress."), code="empty")
        return cleaned

    def progress_change(self) -> int | None:
        """The newly reported progress, or None if it was left as it was."""
        progress: int | None = self.cleaned_data.get("progress")
        if progress is None or progress == self.task.progress:
            return None
        return progress


class AttachmentForm(StyledForm):
    attachments = MultipleFileField(
        label=_("Add attachments"),
        help_text=_("Documents, spreadsheets, images or PDF files. You can choose several files."),
    )


class NoteForm(StyledForm):
    """An optional note when completing or cancelling a task."""

    note = forms.CharField(label=pgettext_lazy("remark", "Note"), required=False, max_length=2000)


class TaskFilterForm(StyledForm):
    """The task list's tab, status filter and search box (GET)."""

    TAB_CHOICES = [
        (queries.TAB_ASSIGNED_TO_ME, _("Assigned to me")),
        (queries.TAB_GIVEN_BY_ME, _("Given by me")),
        (queries.TAB_ALL, _("All I can see")),
    ]

    tab = forms.ChoiceField(choices=TAB_CHOICES, required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (queries.STATUS_ACTIVE, _("Open or in progress")),
            *Task.Status.choices,
            (queries.STATUS_ANY, _("Any status")),
        ],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": gettext("Title or description")})

    def filters(self) -> dict[str, str]:
        """The chosen filters; anything invalid or missing falls back to its default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "tab": data.get("tab") or queries.TAB_ASSIGNED_TO_ME,
            "status": data.get("status") or queries.STATUS_ACTIVE,
            "text": data.get("q") or "",
        }


class WorkRequestForm(StyledForm):
    """A request to the press unit (a news story, a statement, an interview …): becomes a task in İşlerim."""

    kind = forms.ChoiceField(label=_("What do you need?"), choices=())
    title = forms.CharField(label=_("Subject"), max_length=150)
    description = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("What happened or will happen, where and when, who to contact, what the press should know."),
    )
    wanted_by = forms.DateField(label=_("Needed by"), required=False, widget=DateInput())
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Photos, documents or PDF files. You can choose several files."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from pressdesk.tasks.actions import REQUEST_KINDS

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *((key, label) for key, (_code, label) in REQUEST_KINDS.items())]  # type: ignore[attr-defined]
        self.fields["wanted_by"].widget.attrs["min"] = timezone.localdate().isoformat()

    def clean_wanted_by(self) -> Any:
        day = self.cleaned_data.get("wanted_by")
        if day is not None and day < timezone.localdate():
            raise ValidationError(gettext("The date you need it by has already passed."))
        return day
