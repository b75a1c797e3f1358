"""Reads of the people context: who holds what, who is responsible for what, on a date."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from chapterhouse.access.selectors import PersonStanding, Roles
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.organizations.selectors import hide_reference, visible_body_ref
from chapterhouse.people.membership import Status, membership_status
from chapterhouse.people.models import (
    Appointment,
    Duty,
    Membership,
    PartnerOrganization,
    Person,
    Position,
    Responsibility,
)


def _active_on(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__lte": on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on})
    )


def _held_on(on: dt.date) -> Q:
    """Appointments held on ``on``: started, not ended, and in a body whose mandate has not
    ended (an open-ended appointment ends at the latest with its body's mandate)."""
    return _active_on(on) & (Q(body__ends_on__isnull=True) | Q(body__ends_on__gte=on))


def appointments_qs() -> QuerySet[Appointment]:
    """Appointments with everything a listing shows, in a fixed number of queries."""
    return Appointment.objects.select_related(
        "person", "body", "position", "appointed_by", "decided_by"
    ).prefetch_related(
        Prefetch(
            "responsibilities",
            queryset=Responsibility.objects.select_related("duty", "branch"),
        )
    )


def _seen_by(appointments: Iterable[Appointment], roles: Roles) -> list[Appointment]:
    """The appointments in bodies the viewer may see, as that viewer sees them (with_capacities)."""
    return with_capacities([a for a in appointments if roles.can_see_body(a.body)], roles=roles)


def body_holders_on(*, body: Body, on: dt.date, roles: Roles) -> list[Appointment]:
    """Who holds which positions in ``body`` on ``on``, by position rank."""
    return _seen_by(
        appointments_qs()
        .filter(body=body)
        .filter(_held_on(on))
        .order_by("position__rank", "position__name", "starts_on", "person__display_name"),
        roles,
    )


def body_past_holders(*, body: Body, on: dt.date, roles: Roles) -> list[Appointment]:
    """Appointments in ``body`` that ended before ``on`` (by their own end or with the body's
    mandate), latest first."""
    ended = Q(ends_on__lt=on) | Q(ends_on__isnull=True, body__ends_on__lt=on)
    return _seen_by(
        sorted(
            appointments_qs().filter(ended, body=body).order_by("-id"),
            key=lambda a: a.last_day or on,
            reverse=True,
        ),
        roles,
    )


def person_appointments(*, person: Person, roles: Roles) -> list[Appointment]:
    """Everything a person has held, oldest first, in bodies the viewer may see."""
    return _seen_by(appointments_qs().filter(person=person).order_by("starts_on", "id"), roles)


class Scope(enum.StrEnum):
    """How a responsibility covers the country asked about."""

    BRANCH = "branch"  # for a branch in the country, or under a branch in it
    COUNTRY = "country"  # for the country itself
    EVERYWHERE = "everywhere"  # no area: every country


@dataclass(frozen=True)
class Responsible:
    """An appointment held on the day, with the responsibilities that answer the question."""

    appointment: Appointment
    matches: list[tuple[Responsibility, Scope]]


def branches_covering(country: str, branches: Iterable[Branch] | None = None) -> set[int]:
    """Ids of the branches in ``country``: those with that country, and those under a branch
    that has it (at any depth)."""
    rows = {
        b.pk: (b.parent_id, b.country)
        for b in (branches if branches is not None else Branch.objects.only("parent", "country"))
    }
    covering: set[int] = set()
    for pk in rows:
        node: int | None = pk
        seen: set[int] = set()
        while node is not None and node not in seen:
            seen.add(node)
            parent, node_country = rows[node]
            if node_country == country:
                covering.add(pk)
                break
            node = parent
    return covering


def _scope(responsibility: Responsibility, country: str, branch_ids: set[int]) -> Scope | None:
    if responsibility.branch_id is None and not responsibility.country:
        return Scope.EVERYWHERE
    if not country:
        return Scope.BRANCH if responsibility.branch_id is not None else Scope.COUNTRY
    if responsibility.country == country:
        return Scope.COUNTRY
    if responsibility.branch_id in branch_ids:
        return Scope.BRANCH
    return None


def responsible_for(
    *, duty: Duty, country: str = "", on: dt.date, roles: Roles
) -> list[Responsible]:
    """Who is responsible for ``duty`` in ``country`` on ``on``: appointments held that day with a
    responsibility for the country itself, for a branch that covers it (a branch with that
    country, or under one), or with no area at all (everywhere). Without a country: everyone
    responsible for the duty anywhere. Only bodies the viewer may see, as that viewer sees
    them. Each answer carries the responsibilities that matched and
    how (``Scope``); by person."""
    country = country.upper()
    duty_rows = Q(responsibilities__duty=duty)
    branch_ids: set[int] = set()
    if country:
        branch_ids = branches_covering(country)
        duty_rows &= (
            Q(responsibilities__country=country)
            | Q(responsibilities__branch_id__in=branch_ids)
            | Q(responsibilities__branch__isnull=True, responsibilities__country="")
        )
    found: list[Responsible] = []
    appointments = (
        appointments_qs()
        .filter(_held_on(on))
        .filter(pk__in=Appointment.objects.filter(duty_rows).values("pk"))
        .order_by("person__display_name", "starts_on", "id")
    )
    for appointment in _seen_by(appointments, roles):
        matches = [
            (r, scope)
            for r in appointment.responsibilities.all()
            if r.duty_id == duty.pk and (scope := _scope(r, country, branch_ids)) is not None
        ]
        found.append(Responsible(appointment=appointment, matches=matches))
    return found


def appointer_capacity(*, appointment: Appointment) -> list[Appointment]:
    """The positions the appointing person held on the day the appointment started."""
    return appointer_capacities([appointment]).get(appointment.id, [])


def person_is_member_on(*, person: Person, on: dt.date) -> bool:
    return any(
        membership_status(starts_on=m.starts_on, expires_on=m.expires_on, ends_on=m.ends_on, on=on)
        is Status.CURRENT
        for m in person.memberships.all()
    )


def person_current_body_ids(*, person: Person, on: dt.date) -> set[int]:
    return set(
        Appointment.objects.filter(person=person)
        .filter(_held_on(on))
        .values_list("body_id", flat=True)
    )


def body_page_holders(*, body: Body, on: dt.date, roles: Roles) -> dict[str, Any]:
    """The body page's holders, now and before (registered in PeopleConfig.ready)."""
    return {
        "holders": body_holders_on(body=body, on=on, roles=roles),
        "past_holders": body_past_holders(body=body, on=on, roles=roles),
    }


def person_standing(*, person: Person, on: dt.date) -> PersonStanding:
    """A person's standing for ``access.selectors.roles_for``: a current member, and the bodies
    they sit on (registered in PeopleConfig.ready)."""
    return PersonStanding(
        member=person_is_member_on(person=person, on=on),
        body_ids=frozenset(person_current_body_ids(person=person, on=on)),
    )


def person_visible_q(roles: Roles) -> Q | None:
    """Which persons a viewer may look up (None: all of them).

    Officials are public record: anyone sees who holds or held a position in a public body.
    Members also see fellow members; a person always sees themselves; the secretariat all.
    """
    if roles.secretariat:
        return None
    # Joins bypass the default manager, so voided appointments and memberships are left out
    # here by hand (in the same filter as the condition, so on the same joined row).
    held = Q(appointments__voided_at__isnull=True, appointments__id__isnull=False)
    visible = held & Q(appointments__body__visibility="public")
    if roles.body_ids:
        visible |= held & Q(appointments__body_id__in=roles.body_ids)
    if roles.member:
        visible |= Q(memberships__isnull=False, memberships__voided_at__isnull=True)
    if roles.person_id is not None:
        visible |= Q(pk=roles.person_id)
    return visible


def visible_person_ids(*, ids: set[int], roles: Roles) -> set[int]:
    """Which of the persons ``ids`` the viewer may look up, in one query (none for the
    secretariat, who sees everyone). A person the viewer may not look up is never named."""
    if roles.secretariat or not ids:
        return set(ids)
    return set(person_list(roles=roles).filter(pk__in=ids).values_list("pk", flat=True))


def person_list(*, roles: Roles) -> QuerySet[Person]:
    people = Person.objects.all()
    condition = person_visible_q(roles)
    if condition is not None:
        people = people.filter(condition).distinct()
    return people.order_by("display_name")


def person_access(*, key: str, roles: Roles) -> Person:
    """The person with ``key`` if the viewer may see them; 404 for missing and forbidden alike."""
    person = person_list(roles=roles).filter(key=key).select_related("represents").first()
    if person is None:
        raise Http404
    return person


def person_memberships(*, person: Person, on: dt.date) -> list[tuple[Membership, Status]]:
    return [
        (
            m,
            membership_status(
                starts_on=m.starts_on, expires_on=m.expires_on, ends_on=m.ends_on, on=on
            ),
        )
        for m in person.memberships.select_related("branch").order_by("starts_on")
    ]


def appointer_capacities(
    appointments: list[Appointment], *, roles: Roles | None = None
) -> dict[int, list[Appointment]]:
    """For each appointment made by a person, the positions that person held on its first day
    (in bodies the viewer may see), in one query for the whole list."""
    appointer_ids = {a.appointed_by.id for a in appointments if a.appointed_by is not None}
    if not appointer_ids:
        return {}
    held = list(
        Appointment.objects.select_related("body", "position")
        .filter(person_id__in=appointer_ids)
        .order_by("position__rank")
    )
    capacities: dict[int, list[Appointment]] = {}
    for appointment in appointments:
        if appointment.appointed_by is None:
            continue
        appointer_id = appointment.appointed_by.id
        day = appointment.starts_on
        capacities[appointment.id] = [
            h
            for h in held
            if h.person_id == appointer_id
            and h.starts_on <= day
            and (h.ends_on is None or h.ends_on >= day)
            and (roles is None or roles.can_see_body(h.body))
        ]
    return capacities


def _redact_appointments(appointments: list[Appointment], roles: Roles) -> None:
    """Leave out, for this viewer, an appointing person they may not look up and a deciding
    body (with its decision's wording) they may not see; see organizations.selectors."""
    appointer_ids = {a.appointed_by_id for a in appointments if a.appointed_by_id is not None}
    visible = visible_person_ids(ids=appointer_ids, roles=roles)
    for appointment in appointments:
        if appointment.appointed_by_id is not None and appointment.appointed_by_id not in visible:
            hide_reference(appointment, "appointed_by")
        if (
            appointment.decided_by_id is not None
            and visible_body_ref(appointment.decided_by, roles) is None
        ):
            hide_reference(appointment, "decided_by")
            appointment.decision = ""


def with_capacities(appointments: list[Appointment], *, roles: Roles) -> list[Appointment]:
    """The same appointments as the viewer sees them: each with ``capacity`` (the appointer's
    positions that day, in bodies the viewer may see), and without the appointing person or the
    deciding body if the viewer may not see them."""
    _redact_appointments(appointments, roles)
    capacities = appointer_capacities(appointments, roles=roles)
    for appointment in appointments:
        setattr(appointment, "capacity", capacities.get(appointment.id, []))  # noqa: B010
    return appointments


def appointment_list(*, roles: Roles, on: dt.date | None = None) -> list[Appointment]:
    """Appointments in bodies the viewer may see, oldest first; only those held on ``on`` if
    given."""
    appointments = appointments_qs().order_by("starts_on", "id")
    if on is not None:
        appointments = appointments.filter(_held_on(on))
    return _seen_by(appointments, roles)


def appointment_access(*, key: str, roles: Roles) -> Appointment:
    """The appointment with ``key`` if the viewer may see its body; 404 for missing and
    forbidden alike."""
    appointment = appointments_qs().filter(key=key).first()
    if appointment is None or not roles.can_see_body(appointment.body):
        raise Http404
    return with_capacities([appointment], roles=roles)[0]


def membership_access(*, pk: int, roles: Roles) -> Membership:
    """A membership, for the viewers who may see the person's own records (their contacts: the
    secretariat and the person); 404 for missing and forbidden alike."""
    membership = Membership.objects.select_related("person", "branch").filter(pk=pk).first()
    if membership is None or not roles.can_see_contacts(membership.person):
        raise Http404
    return membership


def partner_organization_list() -> QuerySet[PartnerOrganization]:
    return PartnerOrganization.objects.order_by("name")


def partner_organization_access(*, key: str) -> PartnerOrganization:
    partner = PartnerOrganization.objects.filter(key=key).first()
    if partner is None:
        raise Http404
    return partner


def position_list() -> QuerySet[Position]:
    return Position.objects.order_by("rank", "name")


def position_access(*, key: str) -> Position:
    position = Position.objects.filter(key=key).first()
    if position is None:
        raise Http404
    return position


def duty_list() -> QuerySet[Duty]:
    return Duty.objects.order_by("name")


def duty_access(*, key: str) -> Duty:
    duty = Duty.objects.filter(key=key).first()
    if duty is None:
        raise Http404
    return duty


def partner_representatives(*, partner: PartnerOrganization, roles: Roles) -> QuerySet[Person]:
    """The partner's representatives the viewer may look up."""
    return person_list(roles=roles).filter(represents=partner)
