"""Who may see or change what. Access helpers answer 404 for both missing and forbidden."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from chapterhouse.core.models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

SECRETARIAT_GROUP = "secretariat"


@dataclass(frozen=True)
class Roles:
    """What one viewer is, computed once per request.

    - secretariat: manages everything (members of the "secretariat" group, or superusers);
    - body member: holds a current appointment in a body, and sees that body's internal records;
    - member: has a current membership;
    - guest: has an account but no current membership (partner organizations' representatives);
    - public: anyone else.
    """

    authenticated: bool = False
    secretariat: bool = False
    member: bool = False
    person_id: int | None = None
    body_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def guest(self) -> bool:
        return self.authenticated and not self.member and not self.secretariat

    def can_see_body(self, body: Any) -> bool:
        return self.secretariat or body.visibility == "public" or body.id in self.body_ids

    def can_see_internal_records(self, body: Any) -> bool:
        return self.secretariat or body.id in self.body_ids

    def can_see_contacts(self, person: Any) -> bool:
        return self.secretariat or (self.person_id is not None and self.person_id == person.id)


PUBLIC = Roles()


class PersonStanding(NamedTuple):
    """What a person's record says about their roles on a day."""

    member: bool
    body_ids: frozenset[int]


class PersonStandingSource(Protocol):
    def __call__(self, *, person: Any, on: dt.date) -> PersonStanding: ...


# Memberships and appointments are people's records, and people is the upper layer: access does
# not import it. People registers the one reader of a person's standing in PeopleConfig.ready
# (the way it registers its mandate guard with organizations).
_standing_source: list[PersonStandingSource] = []


def person_standing_register(source: PersonStandingSource) -> None:
    """Set the reader of a person's standing; a second registration replaces the first."""
    _standing_source[:] = [source]


def _person_standing(*, person: Any, on: dt.date) -> PersonStanding:
    if not _standing_source:
        raise ImproperlyConfigured(
            "No reader of a person's standing is registered: chapterhouse.people must be in "
            "INSTALLED_APPS (its AppConfig.ready registers it)."
        )
    return _standing_source[0](person=person, on=on)


def roles_for(user: AbstractBaseUser | AnonymousUser, *, on: dt.date | None = None) -> Roles:
    if not user.is_authenticated:
        return PUBLIC
    cached: Roles | None = getattr(user, "_chapterhouse_roles", None)
    if cached is not None and on is None:
        return cached
    day = on or timezone.localdate()
    secretariat = bool(
        getattr(user, "is_superuser", False)
        or cast("User", user).groups.filter(name=SECRETARIAT_GROUP).exists()
    )
    person = getattr(user, "person", None)
    standing = (
        _person_standing(person=person, on=day)
        if person is not None
        else PersonStanding(member=False, body_ids=frozenset())
    )
    roles = Roles(
        authenticated=True,
        secretariat=secretariat,
        member=standing.member,
        person_id=person.id if person is not None else None,
        body_ids=standing.body_ids,
    )
    if on is None:
        setattr(user, "_chapterhouse_roles", roles)  # noqa: B010 (a per-request cache)
    return roles


def require_secretariat(user: AbstractBaseUser | AnonymousUser) -> Roles:
    """Roles of a user who must be in the secretariat; 404 for anyone else."""
    roles = roles_for(user)
    if not roles.secretariat:
        raise Http404
    return roles


def audit_entries(
    *, action: str = "", object_type: str = "", object_key: str = "", actor: str = ""
) -> QuerySet[AuditEntry]:
    """The audit log, newest first: ``action`` is a prefix ("appointment."), ``object_type`` a
    model label ("organizations.body"), ``actor`` a username."""
    entries = AuditEntry.objects.select_related("actor__person").order_by("-at", "-id")
    if action:
        entries = entries.filter(action__startswith=action)
    if object_type:
        entries = entries.filter(object_type=object_type)
    if object_key:
        entries = entries.filter(object_key=object_key)
    if actor:
        entries = entries.filter(actor__username=actor)
    return entries


def audit_object_types() -> list[str]:
    """The kinds of object the audit log names (model labels), for its filter."""
    return sorted(set(AuditEntry.objects.values_list("object_type", flat=True).distinct()))


def audit_actors() -> QuerySet[User]:
    """The users who acted, with their persons, for the audit log's filter."""
    from django.contrib.auth.models import User

    acted = AuditEntry.objects.filter(actor__isnull=False).values("actor_id")
    return User.objects.filter(pk__in=acted).select_related("person").order_by("username")
