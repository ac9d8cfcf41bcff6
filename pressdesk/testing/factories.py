"""factory-boy factories. Organizations go through the actions so paths are right."""

from __future__ import annotations

from typing import Any

import factory
from auditlog.context import disable_auditlog

from pressdesk.accounts.models import Role, User
from pressdesk.organizations import actions as org_actions
from pressdesk.organizations.models import Organization, OrganizationKind

PASSWORD = "Test.Parola.2026"


def make_org(code: str, kind: str, parent: Organization | None = None, name: str | None = None) -> Organization:
    return org_actions.create_organization(
        actor=None, parent=parent, code=code, kind=kind, name=name or code.replace("-", " ").title()
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="tr_TR")
    last_name = factory.Faker("last_name", locale="tr_TR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.tr")
    role = Role.STAFF
    is_active = True

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


#: Data that migrations seed and tests rely on: (model, the migration module whose ``seed`` loads it).
_SEEDED = (
    ("creative.SpecialDay", "pressdesk.creative.migrations.0002_seed_special_days"),
    ("events.ProtocolRank", "pressdesk.events.migrations.0002_protocol_ranks"),
)


def reseed_migration_data() -> None:
    """The special days and the protocol order, loaded again after a transactional test flushed them."""
    import importlib

    from django.apps import apps as django_apps

    for label, module in _SEEDED:
        if not django_apps.get_model(label).objects.exists():
            importlib.import_module(module).seed(django_apps, None)


class Province:
    """A small province: directorate, presidency, unit, two hospitals, 112, ministry, governorship."""

    def __init__(self) -> None:
        # The audit history of the fixture's own creation is never looked at, and writing it was
        # ~40 % of building a province, which most tests do (CI time). Tests of the history
        # record their own changes.
        with disable_auditlog():
            self._build()

    def _build(self) -> None:
        # Transactional tests flush the tables, data-migration rows included.
        from pressdesk.organizations.catalog import load_catalog
        from pressdesk.organizations.models import Process, ProcessStep, Responsibility

        if not Process.objects.exists():  # the migration's catalog, unless a flush took it
            load_catalog(Process, ProcessStep, Responsibility)
        reseed_migration_data()
        K = OrganizationKind
        self.ministry = make_org("bakanlik", K.MINISTRY, name="Sağlık Bakanlığı")
        self.ministry_press = make_org("bakanlik-basin", K.EXTERNAL_PRESS_UNIT, self.ministry, "Basın Müşavirliği")
        self.governorship = make_org("valilik", K.GOVERNORSHIP, name="Kocaeli Valiliği")
        self.directorate = make_org("ism", K.PROVINCIAL_DIRECTORATE, name="Kocaeli İl Sağlık Müdürlüğü")
        self.presidency = make_org("pdhb", K.PRESIDENCY, self.directorate, "Personel ve Destek Hizmetleri Başkanlığı")
        self.unit = make_org("basin", K.UNIT, self.presidency, "Basın ve İletişim Birimi")
        self.other_presidency = make_org("hshb", K.PRESIDENCY, self.directorate, "Halk Sağlığı Hizmetleri Başkanlığı")
        self.hospital = make_org("sehir", K.HOSPITAL, self.directorate, "Kocaeli Şehir Hastanesi")
        self.other_hospital = make_org("derince", K.HOSPITAL, self.directorate, "Derince EAH")
        self.emergency = make_org("acil112", K.EMERGENCY_112, self.directorate, "112 Acil")
        # A second province, to prove that nothing crosses provinces.
        self.other_directorate = make_org("ism2", K.PROVINCIAL_DIRECTORATE, name="Denizli İl Sağlık Müdürlüğü")
        self.other_province_hospital = make_org("denizli-devlet", K.HOSPITAL, self.other_directorate, "Denizli DH")

        def user(username: str, role: str, org: Organization, **extra: Any) -> User:
            created: User = UserFactory(username=username, role=role, organization=org, **extra)  # type: ignore[assignment]
            return created

        self.staff = user("calisan", Role.STAFF, self.unit, first_name="Ayşe", last_name="Yılmaz")
        self.staff2 = user("calisan2", Role.STAFF, self.unit, first_name="Can", last_name="Demir")
        self.unit_head = user("sorumlu", Role.UNIT_HEAD, self.unit, first_name="Mehmet", last_name="Işık")
        self.chief = user("baskan", Role.CHIEF, self.presidency, first_name="Zeynep", last_name="Çelik")
        self.director = user("mudur", Role.DIRECTOR, self.directorate, first_name="İsmail", last_name="Öztürk")
        self.affiliate = user("hastane", Role.AFFILIATE_PRESS, self.hospital, first_name="Gül", last_name="Şahin")
        self.other_affiliate = user(
            "derince", Role.AFFILIATE_PRESS, self.other_hospital, first_name="Hakan", last_name="Aydın"
        )
        self.requester = user("talep", Role.REQUESTER, self.other_presidency, first_name="Ömer", last_name="Güneş")
        self.admin = user(
            "yonetici", Role.ADMIN, self.directorate, is_staff=True, first_name="Sistem", last_name="Yöneticisi"
        )
        self.outsider = user(
            "yabanci", Role.STAFF, self.other_directorate, first_name="Fatma", last_name="Kara"
        )  # another province's staff

    def by_role(self) -> dict[str, User]:
        return {
            "staff": self.staff,
            "unit_head": self.unit_head,
            "chief": self.chief,
            "director": self.director,
            "affiliate_press": self.affiliate,
            "requester": self.requester,
            "admin": self.admin,
            "outsider": self.outsider,
        }


class SecondProvince:
    """The second province of a ``Province`` with its own unit and people, under the same attribute names.

    Records built from it (``sample_kwargs(SecondProvince(p), world)``) belong to the
    second province, so a test can create the same objects in both provinces. Its
    staff member is ``Province.outsider``; national bodies and the administrator are shared.
    """

    def __init__(self, first: Province) -> None:
        with disable_auditlog():  # as for Province
            self._build(first)

    def _build(self, first: Province) -> None:
        K = OrganizationKind
        self.first = first
        self.ministry, self.ministry_press, self.governorship = first.ministry, first.ministry_press, first.governorship
        self.directorate = first.other_directorate
        self.presidency = make_org("pdhb2", K.PRESIDENCY, self.directorate, "Denizli Destek Hizmetleri Başkanlığı")
        self.unit = make_org("basin2", K.UNIT, self.presidency, "Denizli Basın ve İletişim Birimi")
        self.other_presidency = make_org("hshb2", K.PRESIDENCY, self.directorate, "Denizli Halk Sağlığı Başkanlığı")
        self.hospital = first.other_province_hospital
        self.other_hospital = make_org("pamukkale", K.HOSPITAL, self.directorate, "Pamukkale EAH")
        self.emergency = make_org("acil112-2", K.EMERGENCY_112, self.directorate, "Denizli 112 Acil")

        def user(username: str, role: str, org: Organization) -> User:
            created: User = UserFactory(username=username, role=role, organization=org)  # type: ignore[assignment]
            return created

        self.staff = first.outsider
        self.staff2 = user("calisan-denizli", Role.STAFF, self.unit)
        self.unit_head = user("sorumlu-denizli", Role.UNIT_HEAD, self.unit)
        self.chief = user("baskan-denizli", Role.CHIEF, self.presidency)
        self.director = user("mudur-denizli", Role.DIRECTOR, self.directorate)
        self.affiliate = user("hastane-denizli", Role.AFFILIATE_PRESS, self.hospital)
        self.other_affiliate = user("pamukkale", Role.AFFILIATE_PRESS, self.other_hospital)
        self.requester = user("talep-denizli", Role.REQUESTER, self.other_presidency)
        self.admin = first.admin
