"""Factories for monitoring rows."""

from __future__ import annotations

import factory

from pressdesk.monitoring.models import Outlet, Source


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Gazete {n}")
    kind = Outlet.Kind.LOCAL_NEWSPAPER
    province = "Kocaeli"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    outlet = factory.SubFactory(OutletFactory)
    name = factory.Sequence(lambda n: f"Kaynak {n}")
    kind = Source.Kind.FEED
    url = factory.Sequence(lambda n: f"https://example.com/feed{n}.xml")
