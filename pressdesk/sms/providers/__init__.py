"""SMS providers behind one interface (``base.Provider``), chosen by ``settings.SMS_PROVIDER``."""

from __future__ import annotations

from django.conf import settings

from pressdesk.sms.providers.base import Accepted, Outgoing, Provider, ProviderError, Report
from pressdesk.sms.providers.dry_run import DryRunProvider
from pressdesk.sms.providers.iletimerkezi import IletiMerkeziProvider
from pressdesk.sms.providers.netgsm import NetgsmProvider
from pressdesk.sms.providers.verimor import VerimorProvider

PROVIDERS: dict[str, type[Provider]] = {
    p.name: p for p in (DryRunProvider, NetgsmProvider, IletiMerkeziProvider, VerimorProvider)
}

__all__ = [
    "PROVIDERS",
    "Accepted",
    "Outgoing",
    "Provider",
    "ProviderError",
    "Report",
    "configured_name",
    "get_provider",
]


def configured_name() -> str:
    return str(getattr(settings, "SMS_PROVIDER", "") or "dry_run")


def get_provider(name: str | None = None) -> Provider:
    name = name or configured_name()
    try:
        return PROVIDERS[name]()
    except KeyError as exc:
        raise ProviderError(f"Unknown SMS_PROVIDER {name!r} ({', '.join(PROVIDERS)})", pause=True) from exc
