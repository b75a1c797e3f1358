"""The people context over HTTP: persons, memberships, partner organizations, positions, duties,
appointments, and who holds or is responsible for what on a day."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Protocol

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from chapterhouse.access.selectors import Roles
from chapterhouse.api.auth import AUTH, WRITE_AUTH, roles, secretariat
from chapterhouse.api.pagination import Page, PageQuery, SortKey, paginate
from chapterhouse.api.refs import Refs
from chapterhouse.api.schemas import (
    EraDate,
    Key,
    Payload,
    Ref,
    VoidedOut,
    VoidIn,
    answers,
    limited,
    limits,
    named,
    translations,
    translations_in,
    translations_patch,
    unset,
    voided_out,
)
from chapterhouse.core.countries import country_name
from chapterhouse.organizations.api import OrganizationRefs, body_ref, day_asked
from chapterhouse.organizations.selectors import body_access
from chapterhouse.people import errors as people_msg
from chapterhouse.people import selectors, services
from chapterhouse.people.membership import Status as MembershipStatus
from chapterhouse.people.membership import membership_status
from chapterhouse.people.models import (
    MAX_CONTACTS,
    MAX_NAMES,
    MAX_RESPONSIBILITIES,
    Appointment,
    Contact,
    ContactKind,
    Duty,
    Membership,
    PartnerOrganization,
    Person,
    PersonName,
    Position,
    Responsibility,
)

router = Router(tags=["people"], auth=AUTH)


class PeopleRefs(OrganizationRefs):
    """Keys of this context's objects in a request, and the lower context's (branches, bodies)."""

    def person(self, field: str, key: str | None) -> Person | None:
        return self.find(
            field,
            key,
            lambda k: selectors.person_access(key=k, roles=self.roles),
            people_msg.UNKNOWN_PERSON,
        )

    def partner(self, field: str, key: str | None) -> PartnerOrganization | None:
        return self.find(
            field,
            key,
            lambda k: selectors.partner_organization_access(key=k),
            people_msg.UNKNOWN_PARTNER,
        )

    def position(self, field: str, key: str | None) -> Position | None:
        return self.find(
            field, key, lambda k: selectors.position_access(key=k), people_msg.UNKNOWN_POSITION
        )

    def duty(self, field: str, key: str | None) -> Duty | None:
        return self.find(
            field, key, lambda k: selectors.duty_access(key=k), people_msg.UNKNOWN_DUTY
        )


# --- schemas -------------------------------------------------------------------------------


class OnQuery(Schema):
    on: EraDate | None = Field(None, description="The day to answer for; today if not given.")


class NameOut(Schema):
    language: str
    full_name: str
    is_display: bool


class NameIn(Payload):
    language: str = limited(PersonName, "language")
    full_name: str = limited(PersonName, "full_name")
    is_display: bool = False


class ContactOut(Schema):
    kind: ContactKind
    value: str


class ContactIn(Payload):
    kind: ContactKind
    value: str = limited(Contact, "value")


class PersonSummaryOut(Schema):
    key: str
    display_name: str


class PersonOut(Schema):
    key: str
    display_name: str
    form_of_address: str
    names: list[NameOut]
    represents: Ref | None
    contacts: list[ContactOut] | None = Field(
        description="Only for the secretariat and the person; null for anyone else."
    )


class PersonIn(Payload):
    key: str | None = limited(
        Person, "key", None, description="Made from the display name if not given."
    )
    names: list[NameIn] = Field(max_length=MAX_NAMES)
    form_of_address: str = limited(Person, "form_of_address", "")
    represents: Key | None = None
    contacts: list[ContactIn] = Field([], max_length=MAX_CONTACTS)


class PersonPatch(Payload):
    names: list[NameIn] = unset("Replaces every name.", max_length=MAX_NAMES)
    form_of_address: str = unset(**limits(Person, "form_of_address"))
    represents: Key | None = None
    contacts: list[ContactIn] = unset("Replaces every contact.", max_length=MAX_CONTACTS)


class MembershipOut(Schema):
    id: int
    person: Ref
    branch: Ref | None = Field(description="null: membership of the organization itself.")
    starts_on: dt.date
    expires_on: dt.date | None = Field(description="Paid up until (inclusive).")
    ends_on: dt.date | None = Field(description="Last day (inclusive).")
    on: dt.date
    status: MembershipStatus = Field(description="The status on `on`.")


class MembershipIn(Payload):
    person: Key
    branch: Key | None = None
    starts_on: EraDate
    expires_on: EraDate | None = None
    ends_on: EraDate | None = None


class MembershipPatch(Payload):
    branch: Key | None = None
    starts_on: EraDate = unset()
    expires_on: EraDate | None = None
    ends_on: EraDate | None = None


class PartnerOrganizationOut(Schema):
    key: str
    name: str
    short_name: str
    name_translations: dict[str, str] = translations()
    short_name_translations: dict[str, str] = translations()
    country: str
    country_name: str = Field(description="The country's name in the request's language.")
    description: str


class PartnerOrganizationIn(Payload):
    key: str = limited(PartnerOrganization, "key")
    name: str = limited(PartnerOrganization, "name")
    short_name: str = limited(PartnerOrganization, "short_name", "")
    name_translations: dict[str, str] = translations_in()
    short_name_translations: dict[str, str] = translations_in()
    country: str = limited(PartnerOrganization, "country", "")
    description: str = limited(PartnerOrganization, "description", "")


class PartnerOrganizationPatch(Payload):
    name: str = unset(**limits(PartnerOrganization, "name"))
    short_name: str = unset(**limits(PartnerOrganization, "short_name"))
    name_translations: dict[str, str] = translations_patch()
    short_name_translations: dict[str, str] = translations_patch()
    country: str = unset(**limits(PartnerOrganization, "country"))
    description: str = unset(**limits(PartnerOrganization, "description"))


class PositionOut(Schema):
    key: str
    name: str
    name_translations: dict[str, str] = translations()
    single_holder: bool
    rank: int


class PositionIn(Payload):
    key: str = limited(Position, "key")
    name: str = limited(Position, "name")
    name_translations: dict[str, str] = translations_in()
    single_holder: bool = False
    rank: int = limited(Position, "rank", 100)


class PositionPatch(Payload):
    name: str = unset(**limits(Position, "name"))
    name_translations: dict[str, str] = translations_patch()
    single_holder: bool = unset()
    rank: int = unset(**limits(Position, "rank"))


class DutyOut(Schema):
    key: str
    name: str
    name_translations: dict[str, str] = translations()


class DutyIn(Payload):
    key: str = limited(Duty, "key")
    name: str = limited(Duty, "name")
    name_translations: dict[str, str] = translations_in()


class DutyPatch(Payload):
    name: str = unset(**limits(Duty, "name"))
    name_translations: dict[str, str] = translations_patch()


class ResponsibilityOut(Schema):
    duty: Ref
    branch: Ref | None
    country: str
    country_name: str = Field(description="The country's name in the request's language.")


class ResponsibilityIn(Payload):
    duty: Key
    branch: Key | None = None
    country: str = limited(Responsibility, "country", "")


class ResponsibilityMatchOut(ResponsibilityOut):
    scope: Literal["branch", "country", "everywhere"] = Field(
        description="How it covers the country asked about: for a branch in it (or under one), "
        "for the country itself, or everywhere (a responsibility with no area)."
    )


class CapacityOut(Schema):
    position: Ref
    body: Ref


class AppointmentOut(Schema):
    key: str
    person: Ref
    body: Ref
    position: Ref
    title: str
    starts_on: dt.date
    ends_on: dt.date | None = Field(description="Last day (inclusive); null while it runs.")
    last_day: dt.date | None = Field(
        description="The last day it is held: `ends_on`, or else the last day of the body's "
        "mandate; null while both are open."
    )
    ends_with_mandate: bool = Field(
        description="Whether `last_day` is the end of the body's mandate (no own end date)."
    )
    appointed_by: Ref | None
    appointed_by_as: list[CapacityOut] = Field(
        description="The positions the appointing person held on the first day (in bodies the "
        "viewer may see)."
    )
    decided_by: Ref | None
    decision: str
    responsibilities: list[ResponsibilityOut]


class ResponsibleOut(AppointmentOut):
    matched: list[ResponsibilityMatchOut] = Field(
        description="The appointment's responsibilities that answer the question."
    )


class AppointmentIn(Payload):
    key: str | None = limited(
        Appointment, "key", None, description="Made from person, position, body and date."
    )
    person: Key
    body: Key
    position: Key
    starts_on: EraDate
    ends_on: EraDate | None = None
    title: str = limited(Appointment, "title", "")
    appointed_by: Key | None = Field(None, description="A person; or give decided_by.")
    decided_by: Key | None = Field(None, description="A body whose decision it was.")
    decision: str = limited(Appointment, "decision", "")
    responsibilities: list[ResponsibilityIn] = Field([], max_length=MAX_RESPONSIBILITIES)


class AppointmentPatch(Payload):
    person: Key = unset()
    body: Key = unset()
    position: Key = unset()
    starts_on: EraDate = unset()
    ends_on: EraDate | None = None
    title: str = unset()
    appointed_by: Key | None = None
    decided_by: Key | None = None
    decision: str = unset()
    responsibilities: list[ResponsibilityIn] = unset(
        "Every responsibility; those not in the list are removed."
    )


class AppointmentEndIn(Payload):
    ends_on: EraDate = Field(description="The appointment's last day.")


class ResponsibleQuery(Schema):
    duty: str = Field(examples=["organizing-work"])
    country: str = Field(
        "",
        pattern=r"^([A-Za-z]{2})?$",
        examples=["JP"],
        description="Two letters; not given: every country.",
    )
    on: EraDate | None = Field(None, description="The day to answer for; today if not given.")


# --- rendering -----------------------------------------------------------------------------


class _Named(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def name(self) -> str: ...


def _ref(obj: _Named | None) -> Ref | None:
    return None if obj is None else Ref(key=obj.key, name=named(obj))


def _person_ref(person: Person | None) -> Ref | None:
    return None if person is None else Ref(key=person.key, name=person.display_name)


def _person_summary(person: Person) -> PersonSummaryOut:
    return PersonSummaryOut(key=person.key, display_name=person.display_name)


def _person_out(person: Person, viewer: Roles) -> PersonOut:
    contacts = None
    if viewer.can_see_contacts(person):
        contacts = [
            ContactOut(kind=ContactKind(c.kind), value=c.value) for c in person.contacts.all()
        ]
    return PersonOut(
        key=person.key,
        display_name=person.display_name,
        form_of_address=person.form_of_address,
        names=[
            NameOut(language=n.language, full_name=n.full_name, is_display=n.is_display)
            for n in person.names.all()
        ],
        represents=_ref(person.represents),
        contacts=contacts,
    )


def _membership_out(membership: Membership, status: MembershipStatus, on: dt.date) -> MembershipOut:
    return MembershipOut(
        id=membership.pk,
        person=Ref(key=membership.person.key, name=membership.person.display_name),
        branch=_ref(membership.branch),
        starts_on=membership.starts_on,
        expires_on=membership.expires_on,
        ends_on=membership.ends_on,
        on=on,
        status=status,
    )


def _partner_out(partner: PartnerOrganization) -> PartnerOrganizationOut:
    return PartnerOrganizationOut(
        key=partner.key,
        name=named(partner),
        short_name=named(partner, "short_name"),
        name_translations=partner.name_translations,
        short_name_translations=partner.short_name_translations,
        country=partner.country,
        country_name=country_name(partner.country),
        description=partner.description,
    )


def _position_out(position: Position) -> PositionOut:
    return PositionOut(
        key=position.key,
        name=named(position),
        name_translations=position.name_translations,
        single_holder=position.single_holder,
        rank=position.rank,
    )


def _duty_out(duty: Duty) -> DutyOut:
    return DutyOut(key=duty.key, name=named(duty), name_translations=duty.name_translations)


def _appointments_out(appointments: list[Appointment], viewer: Roles) -> list[AppointmentOut]:
    """Appointments as a people selector returned them for ``viewer`` (with_capacities)."""
    return [_appointment_out(a, viewer) for a in appointments]


def _appointment_out(appointment: Appointment, viewer: Roles) -> AppointmentOut:
    """One appointment as a people selector returned it for ``viewer``: an appointing person or
    a deciding body the viewer may not see is already left out, ``capacity`` attached."""
    if not hasattr(appointment, "capacity"):
        appointment = selectors.with_capacities([appointment], roles=viewer)[0]
    capacity: list[Appointment] = getattr(appointment, "capacity", [])
    return AppointmentOut(
        key=appointment.key,
        person=Ref(key=appointment.person.key, name=appointment.person.display_name),
        body=Ref(key=appointment.body.key, name=named(appointment.body)),
        position=Ref(key=appointment.position.key, name=named(appointment.position)),
        title=appointment.title,
        starts_on=appointment.starts_on,
        ends_on=appointment.ends_on,
        last_day=appointment.last_day,
        ends_with_mandate=appointment.ends_with_mandate,
        appointed_by=_person_ref(appointment.appointed_by),
        appointed_by_as=[
            CapacityOut(
                position=Ref(key=c.position.key, name=named(c.position)),
                body=Ref(key=c.body.key, name=named(c.body)),
            )
            for c in capacity
        ],
        decided_by=body_ref(appointment.decided_by, viewer),
        decision=appointment.decision,
        responsibilities=[
            ResponsibilityOut(
                duty=Ref(key=r.duty.key, name=named(r.duty)),
                branch=_ref(r.branch),
                country=r.country,
                country_name=country_name(r.country),
            )
            for r in appointment.responsibilities.all()
        ],
    )


def _by_start(appointment: Appointment) -> SortKey:
    """Oldest first, as appointments are ordered."""
    return (appointment.starts_on.isoformat(), appointment.pk)


def _names(names: list[NameIn]) -> list[services.NameSpec]:
    return [services.NameSpec(n.language, n.full_name, n.is_display) for n in names]


def _contacts(contacts: list[ContactIn]) -> list[services.ContactSpec]:
    return [services.ContactSpec(c.kind, c.value) for c in contacts]


# --- persons -------------------------------------------------------------------------------


@router.get("/persons", response=answers({200: Page[PersonSummaryOut]}))
def person_list(request: HttpRequest, page: Query[PageQuery]) -> Page[PersonSummaryOut]:
    """The persons the viewer may look up, by name."""
    return paginate(
        selectors.person_list(roles=roles(request)),
        key=lambda p: (p.display_name, p.pk),
        query=page,
        render=lambda persons: [_person_summary(p) for p in persons],
    )


@router.get("/persons/{key}", response=answers({200: PersonOut}))
def person_get(request: HttpRequest, key: str) -> PersonOut:
    viewer = roles(request)
    return _person_out(selectors.person_access(key=key, roles=viewer), viewer)


@router.get("/persons/{key}/appointments", response=answers({200: Page[AppointmentOut]}))
def person_appointment_list(
    request: HttpRequest, key: str, page: Query[PageQuery]
) -> Page[AppointmentOut]:
    """Everything the person has held, oldest first, in bodies the viewer may see."""
    viewer = roles(request)
    person = selectors.person_access(key=key, roles=viewer)
    return paginate(
        selectors.person_appointments(person=person, roles=viewer),
        key=_by_start,
        query=page,
        render=lambda found: _appointments_out(found, viewer),
    )


@router.get("/persons/{key}/memberships", response=answers({200: Page[MembershipOut]}))
def person_membership_list(
    request: HttpRequest, key: str, query: Query[OnQuery], page: Query[PageQuery]
) -> Page[MembershipOut]:
    """The person's memberships with their status on `?on=` (today). A person's own records, as
    their contacts: the secretariat and the person only; 404 for anyone else."""
    viewer = roles(request)
    person = selectors.person_access(key=key, roles=viewer)
    if not viewer.can_see_contacts(person):
        raise Http404
    on = day_asked(query.on)
    return paginate(
        selectors.person_memberships(person=person, on=on),
        key=lambda found: (found[0].starts_on.isoformat(), found[0].pk),
        query=page,
        render=lambda found: [_membership_out(m, status, on) for m, status in found],
    )


@router.post("/persons", response=answers({201: PersonOut}, write=True), auth=WRITE_AUTH)
def person_create(request: HttpRequest, payload: PersonIn) -> Status[PersonOut]:
    by = secretariat(request)
    viewer = roles(request)
    refs = PeopleRefs(roles=viewer)
    represents = refs.partner("represents", payload.represents)
    refs.check()
    person = services.person_create(
        key=payload.key,
        names=_names(payload.names),
        form_of_address=payload.form_of_address,
        represents=represents,
        contacts=_contacts(payload.contacts),
        by=by,
    )
    return Status(201, _person_out(person, viewer))


@router.patch("/persons/{key}", response=answers({200: PersonOut}, write=True), auth=WRITE_AUTH)
def person_update(request: HttpRequest, key: str, payload: PersonPatch) -> PersonOut:
    by = secretariat(request)
    viewer = roles(request)
    person = selectors.person_access(key=key, roles=viewer)
    refs = PeopleRefs(roles=viewer)
    changes: dict[str, Any] = {}
    sent = payload.model_fields_set
    if "represents" in sent:
        changes["represents"] = refs.partner("represents", payload.represents)
    if "form_of_address" in sent:
        changes["form_of_address"] = payload.form_of_address
    refs.check()
    person = services.person_update(
        person=person,
        names=_names(payload.names) if "names" in sent else None,
        contacts=_contacts(payload.contacts) if "contacts" in sent else None,
        by=by,
        **changes,
    )
    return _person_out(person, viewer)


# --- memberships ---------------------------------------------------------------------------


@router.get("/memberships/{membership_id}", response=answers({200: MembershipOut}))
def membership_get(
    request: HttpRequest, membership_id: int, query: Query[OnQuery]
) -> MembershipOut:
    """One membership (secretariat and the person only), with its status on `?on=` (today)."""
    membership = selectors.membership_access(pk=membership_id, roles=roles(request))
    on = day_asked(query.on)
    return _membership_out(membership, _status(membership, on), on)


def _status(membership: Membership, on: dt.date) -> MembershipStatus:
    return membership_status(
        starts_on=membership.starts_on,
        expires_on=membership.expires_on,
        ends_on=membership.ends_on,
        on=on,
    )


@router.post("/memberships", response=answers({201: MembershipOut}, write=True), auth=WRITE_AUTH)
def membership_start(request: HttpRequest, payload: MembershipIn) -> Status[MembershipOut]:
    by = secretariat(request)
    refs = PeopleRefs(roles=roles(request))
    person = refs.person("person", payload.person)
    branch = refs.branch("branch", payload.branch)
    refs.check()
    membership = services.membership_start(
        person=Refs.found(person),
        branch=branch,
        starts_on=payload.starts_on,
        expires_on=payload.expires_on,
        ends_on=payload.ends_on,
        by=by,
    )
    on = timezone.localdate()
    return Status(201, _membership_out(membership, _status(membership, on), on))


@router.patch(
    "/memberships/{membership_id}",
    response=answers({200: MembershipOut}, write=True),
    auth=WRITE_AUTH,
)
def membership_update(
    request: HttpRequest, membership_id: int, payload: MembershipPatch
) -> MembershipOut:
    """Renew (a later `expires_on`), end (an `ends_on`) or correct a membership."""
    by = secretariat(request)
    viewer = roles(request)
    membership = selectors.membership_access(pk=membership_id, roles=viewer)
    changes = payload.model_dump(exclude_unset=True)
    if "branch" in changes:
        refs = PeopleRefs(roles=viewer)
        changes["branch"] = refs.branch("branch", payload.branch)
        refs.check()
    membership = services.membership_update(membership=membership, by=by, **changes)
    on = timezone.localdate()
    return _membership_out(membership, _status(membership, on), on)


@router.post(
    "/memberships/{membership_id}/void",
    response=answers({200: VoidedOut}, write=True),
    auth=WRITE_AUTH,
)
def membership_void(request: HttpRequest, membership_id: int, payload: VoidIn) -> VoidedOut:
    """Void a membership entered in error (not the same as ending it)."""
    by = secretariat(request)
    membership = selectors.membership_access(pk=membership_id, roles=roles(request))
    return voided_out(services.membership_void(membership=membership, reason=payload.reason, by=by))


@router.post(
    "/memberships/{membership_id}/restore",
    response=answers({200: MembershipOut}, write=True),
    auth=WRITE_AUTH,
)
def membership_restore(request: HttpRequest, membership_id: int) -> MembershipOut:
    by = secretariat(request)
    membership = (
        Membership.all_objects.select_related("person", "branch")
        .filter(pk=membership_id, voided_at__isnull=False)
        .first()
    )
    if membership is None:
        raise Http404
    services.membership_restore(membership=membership, by=by)
    on = timezone.localdate()
    return _membership_out(membership, _status(membership, on), on)


# --- partner organizations, positions, duties ---------------------------------------------


@router.get("/partner-organizations", response=answers({200: Page[PartnerOrganizationOut]}))
def partner_organization_list(
    request: HttpRequest, page: Query[PageQuery]
) -> Page[PartnerOrganizationOut]:
    return paginate(
        selectors.partner_organization_list(),
        key=lambda p: (p.name, p.pk),
        query=page,
        render=lambda partners: [_partner_out(p) for p in partners],
    )


@router.get("/partner-organizations/{key}", response=answers({200: PartnerOrganizationOut}))
def partner_organization_get(request: HttpRequest, key: str) -> PartnerOrganizationOut:
    return _partner_out(selectors.partner_organization_access(key=key))


@router.post(
    "/partner-organizations",
    response=answers({201: PartnerOrganizationOut}, write=True),
    auth=WRITE_AUTH,
)
def partner_organization_create(
    request: HttpRequest, payload: PartnerOrganizationIn
) -> Status[PartnerOrganizationOut]:
    by = secretariat(request)
    partner = services.partner_organization_create(
        key=payload.key,
        name=payload.name,
        short_name=payload.short_name,
        country=payload.country,
        description=payload.description,
        name_translations=payload.name_translations,
        short_name_translations=payload.short_name_translations,
        by=by,
    )
    return Status(201, _partner_out(partner))


@router.patch(
    "/partner-organizations/{key}",
    response=answers({200: PartnerOrganizationOut}, write=True),
    auth=WRITE_AUTH,
)
def partner_organization_update(
    request: HttpRequest, key: str, payload: PartnerOrganizationPatch
) -> PartnerOrganizationOut:
    by = secretariat(request)
    partner = selectors.partner_organization_access(key=key)
    changes = payload.model_dump(exclude_unset=True)
    return _partner_out(services.partner_organization_update(partner=partner, by=by, **changes))


@router.get("/positions", response=answers({200: Page[PositionOut]}))
def position_list(request: HttpRequest, page: Query[PageQuery]) -> Page[PositionOut]:
    return paginate(
        selectors.position_list(),
        key=lambda p: (p.rank, p.name, p.pk),
        query=page,
        render=lambda positions: [_position_out(p) for p in positions],
    )


@router.get("/positions/{key}", response=answers({200: PositionOut}))
def position_get(request: HttpRequest, key: str) -> PositionOut:
    return _position_out(selectors.position_access(key=key))


@router.post("/positions", response=answers({201: PositionOut}, write=True), auth=WRITE_AUTH)
def position_create(request: HttpRequest, payload: PositionIn) -> Status[PositionOut]:
    by = secretariat(request)
    position = services.position_create(
        key=payload.key,
        name=payload.name,
        single_holder=payload.single_holder,
        rank=payload.rank,
        name_translations=payload.name_translations,
        by=by,
    )
    return Status(201, _position_out(position))


@router.patch("/positions/{key}", response=answers({200: PositionOut}, write=True), auth=WRITE_AUTH)
def position_update(request: HttpRequest, key: str, payload: PositionPatch) -> PositionOut:
    by = secretariat(request)
    position = selectors.position_access(key=key)
    changes = payload.model_dump(exclude_unset=True)
    return _position_out(services.position_update(position=position, by=by, **changes))


@router.get("/duties", response=answers({200: Page[DutyOut]}))
def duty_list(request: HttpRequest, page: Query[PageQuery]) -> Page[DutyOut]:
    return paginate(
        selectors.duty_list(),
        key=lambda d: (d.name, d.pk),
        query=page,
        render=lambda duties: [_duty_out(d) for d in duties],
    )


@router.get("/duties/{key}", response=answers({200: DutyOut}))
def duty_get(request: HttpRequest, key: str) -> DutyOut:
    return _duty_out(selectors.duty_access(key=key))


@router.post("/duties", response=answers({201: DutyOut}, write=True), auth=WRITE_AUTH)
def duty_create(request: HttpRequest, payload: DutyIn) -> Status[DutyOut]:
    by = secretariat(request)
    duty = services.duty_create(
        key=payload.key, name=payload.name, name_translations=payload.name_translations, by=by
    )
    return Status(201, _duty_out(duty))


@router.patch("/duties/{key}", response=answers({200: DutyOut}, write=True), auth=WRITE_AUTH)
def duty_update(request: HttpRequest, key: str, payload: DutyPatch) -> DutyOut:
    by = secretariat(request)
    duty = selectors.duty_access(key=key)
    changes = payload.model_dump(exclude_unset=True)
    return _duty_out(services.duty_update(duty=duty, by=by, **changes))


# --- appointments --------------------------------------------------------------------------


@router.get("/appointments", response=answers({200: Page[AppointmentOut]}))
def appointment_list(
    request: HttpRequest, query: Query[OnQuery], page: Query[PageQuery]
) -> Page[AppointmentOut]:
    """Appointments in bodies the viewer may see, oldest first; only those held on `?on=` if
    given."""
    viewer = roles(request)
    return paginate(
        selectors.appointment_list(roles=viewer, on=query.on),
        key=_by_start,
        query=page,
        render=lambda found: _appointments_out(found, viewer),
    )


@router.get("/appointments/{key}", response=answers({200: AppointmentOut}))
def appointment_get(request: HttpRequest, key: str) -> AppointmentOut:
    viewer = roles(request)
    return _appointment_out(selectors.appointment_access(key=key, roles=viewer), viewer)


@router.post("/appointments", response=answers({201: AppointmentOut}, write=True), auth=WRITE_AUTH)
def appointment_make(request: HttpRequest, payload: AppointmentIn) -> Status[AppointmentOut]:
    by = secretariat(request)
    viewer = roles(request)
    refs = PeopleRefs(roles=viewer)
    person = refs.person("person", payload.person)
    body = refs.body("body", payload.body)
    position = refs.position("position", payload.position)
    appointed_by = refs.person("appointed_by", payload.appointed_by)
    decided_by = refs.body("decided_by", payload.decided_by)
    duties = [
        (
            refs.duty(f"responsibilities.{i}.duty", r.duty),
            refs.branch(f"responsibilities.{i}.branch", r.branch),
            r.country,
        )
        for i, r in enumerate(payload.responsibilities)
    ]
    refs.check()
    appointment = services.appointment_make(
        key=payload.key,
        person=Refs.found(person),
        body=Refs.found(body),
        position=Refs.found(position),
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        title=payload.title,
        appointed_by=appointed_by,
        decided_by=decided_by,
        decision=payload.decision,
        responsibilities=[
            services.ResponsibilitySpec(duty=Refs.found(duty), branch=branch, country=country)
            for duty, branch, country in duties
        ],
        by=by,
    )
    made = selectors.appointment_access(key=appointment.key, roles=viewer)
    return Status(201, _appointment_out(made, viewer))


@router.patch(
    "/appointments/{key}", response=answers({200: AppointmentOut}, write=True), auth=WRITE_AUTH
)
def appointment_update(request: HttpRequest, key: str, payload: AppointmentPatch) -> AppointmentOut:
    """Correct an appointment's record: the fields sent (and, if sent, its whole list of
    responsibilities), checked as a new appointment is and audited. Sending its own values
    changes nothing and writes nothing."""
    by = secretariat(request)
    viewer = roles(request)
    appointment = selectors.appointment_access(key=key, roles=viewer)
    refs = PeopleRefs(roles=viewer)
    sent = payload.model_fields_set
    found: dict[str, Any] = {
        "person": refs.person("person", payload.person),
        "body": refs.body("body", payload.body),
        "position": refs.position("position", payload.position),
        "appointed_by": refs.person("appointed_by", payload.appointed_by),
        "decided_by": refs.body("decided_by", payload.decided_by),
    }
    changes = payload.model_dump(exclude_unset=True, exclude={"responsibilities"})
    changes.update({field: value for field, value in found.items() if field in sent})
    duties = [
        (
            refs.duty(f"responsibilities.{i}.duty", r.duty),
            refs.branch(f"responsibilities.{i}.branch", r.branch),
            r.country,
        )
        for i, r in enumerate(payload.responsibilities or [])
    ]
    refs.check()
    services.appointment_update(
        appointment=appointment,
        responsibilities=[
            services.ResponsibilitySpec(duty=Refs.found(duty), branch=branch, country=country)
            for duty, branch, country in duties
        ]
        if "responsibilities" in sent
        else None,
        by=by,
        **changes,
    )
    return _appointment_out(selectors.appointment_access(key=key, roles=viewer), viewer)


@router.post(
    "/appointments/{key}/void", response=answers({200: VoidedOut}, write=True), auth=WRITE_AUTH
)
def appointment_void(request: HttpRequest, key: str, payload: VoidIn) -> VoidedOut:
    """Void an appointment entered in error: it leaves every answer (holders, lists, the
    dossier) but stays in the audit log. Not the same as ending it."""
    by = secretariat(request)
    appointment = selectors.appointment_access(key=key, roles=roles(request))
    return voided_out(
        services.appointment_void(appointment=appointment, reason=payload.reason, by=by)
    )


@router.post(
    "/appointments/{key}/restore",
    response=answers({200: AppointmentOut}, write=True),
    auth=WRITE_AUTH,
)
def appointment_restore(request: HttpRequest, key: str) -> AppointmentOut:
    """Bring back a voided appointment, if it still passes the checks of a new one."""
    by = secretariat(request)
    viewer = roles(request)
    appointment = Appointment.all_objects.filter(key=key, voided_at__isnull=False).first()
    if appointment is None:
        raise Http404
    services.appointment_restore(appointment=appointment, by=by)
    return _appointment_out(selectors.appointment_access(key=key, roles=viewer), viewer)


@router.post(
    "/appointments/{key}/end", response=answers({200: AppointmentOut}, write=True), auth=WRITE_AUTH
)
def appointment_end(request: HttpRequest, key: str, payload: AppointmentEndIn) -> AppointmentOut:
    """End an appointment: `ends_on` is its last day. Who held what is never overwritten."""
    by = secretariat(request)
    viewer = roles(request)
    appointment = selectors.appointment_access(key=key, roles=viewer)
    services.appointment_end(appointment=appointment, ends_on=payload.ends_on, by=by)
    return _appointment_out(selectors.appointment_access(key=key, roles=viewer), viewer)


@router.get("/bodies/{key}/holders", response=answers({200: Page[AppointmentOut]}))
def body_holder_list(
    request: HttpRequest, key: str, query: Query[OnQuery], page: Query[PageQuery]
) -> Page[AppointmentOut]:
    """Who holds which positions in the body on `?on=` (today), by position rank."""
    viewer = roles(request)
    body = body_access(key=key, roles=viewer)
    on = day_asked(query.on)
    return paginate(
        selectors.body_holders_on(body=body, on=on, roles=viewer),
        key=lambda a: (
            a.position.rank,
            a.position.name,
            a.starts_on.isoformat(),
            a.person.display_name,
            a.pk,
        ),
        query=page,
        render=lambda found: _appointments_out(found, viewer),
    )


@router.get("/bodies/{key}/past-holders", response=answers({200: Page[AppointmentOut]}))
def body_past_holder_list(
    request: HttpRequest, key: str, query: Query[OnQuery], page: Query[PageQuery]
) -> Page[AppointmentOut]:
    """Appointments in the body that ended before `?on=` (today), latest first."""
    viewer = roles(request)
    body = body_access(key=key, roles=viewer)
    on = day_asked(query.on)
    return paginate(
        selectors.body_past_holders(body=body, on=on, roles=viewer),
        # Latest first: the last day, then the id, both descending.
        key=lambda a: (-(a.last_day or on).toordinal(), -a.pk),
        query=page,
        render=lambda found: _appointments_out(found, viewer),
    )


@router.get("/responsibilities", response=answers({200: Page[ResponsibleOut]}))
def responsibility_list(
    request: HttpRequest, query: Query[ResponsibleQuery], page: Query[PageQuery]
) -> Page[ResponsibleOut]:
    """Who is responsible for `?duty=` in `?country=` on `?on=` (today): appointments held that
    day with a responsibility for the country, for a branch that covers it (a branch in it or
    under one), or with no area (everywhere), in bodies the viewer may see; `matched` says which
    and how. Without `?country=`: everyone responsible for the duty anywhere."""
    viewer = roles(request)
    refs = PeopleRefs(roles=viewer, source="query")
    duty = refs.duty("duty", query.duty)
    refs.check()
    found = selectors.responsible_for(
        duty=Refs.found(duty), country=query.country, on=day_asked(query.on), roles=viewer
    )
    return paginate(
        found,
        key=lambda r: (
            r.appointment.person.display_name,
            r.appointment.starts_on.isoformat(),
            r.appointment.pk,
        ),
        query=page,
        render=lambda chunk: [
            ResponsibleOut(
                **row.model_dump(),
                matched=[
                    ResponsibilityMatchOut(
                        duty=Ref(key=resp.duty.key, name=named(resp.duty)),
                        branch=_ref(resp.branch),
                        country=resp.country,
                        country_name=country_name(resp.country),
                        scope=scope.value,
                    )
                    for resp, scope in r.matches
                ],
            )
            for row, r in zip(
                _appointments_out([r.appointment for r in chunk], viewer), chunk, strict=True
            )
        ],
    )
