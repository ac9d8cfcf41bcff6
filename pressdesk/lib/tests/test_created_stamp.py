from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils.functional import Promise

from pressdesk.channels.models import Channel
from pressdesk.lib.models import AuthoredStamp, CreatedStamp
from pressdesk.monitoring.models import Outlet, Source, WatchTerm
from pressdesk.publishing.models import PressDelivery, Publication
from pressdesk.triage.models import AlertRule


def _pressdesk_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model.__module__.startswith("pressdesk.")]


def test_every_created_by_and_created_at_has_a_translatable_name() -> None:
    untranslated = [
        f"{model._meta.label}.{field.name}"
        for model in _pressdesk_models()
        for field in model._meta.get_fields()
        if field.name in ("created_by", "created_at") and not isinstance(field.verbose_name, Promise)
    ]
    assert untranslated == []


def test_configuration_records_share_the_optional_author_stamp() -> None:
    for model in (Outlet, Source, WatchTerm, Channel, AlertRule):
        assert issubclass(model, CreatedStamp)
        author = model._meta.get_field("created_by")
        assert author.null and author.remote_field.on_delete is models.SET_NULL


def test_evidence_records_share_the_required_protected_author_stamp() -> None:
    for model in (Publication, PressDelivery):
        assert issubclass(model, AuthoredStamp)
        author = model._meta.get_field("created_by")
        assert not author.null and author.remote_field.on_delete is models.PROTECT
        assert model._meta.get_field("created_at").auto_now_add
