"""Log-in accounts of persons: made, changed and closed by the secretariat.

A person's account is what gives them their roles: a current membership makes them a member, a
current appointment a member of that body, the secretariat group the secretariat.

Accounts are made for persons, so they live with people, above access (whose roles and messages
they use). A new password also revokes what else the old one could have obtained: each kind of
credential registers its revoker here (the API's tokens: registered in PeopleConfig.ready),
and the audit row records what each revoked."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from chapterhouse.access import errors as msg
from chapterhouse.access.selectors import SECRETARIAT_GROUP
from chapterhouse.core.audit import audit_record
from chapterhouse.core.errors import Errors, save_checked
from chapterhouse.people.services import person_link_user

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor
    from chapterhouse.people.models import Person

# A revoker of one kind of credential: revokes every one ``user`` holds, returns how many.
CredentialRevoker = Callable[..., int]

_revokers: dict[str, CredentialRevoker] = {}


def credential_revoker_register(name: str, revoker: CredentialRevoker) -> None:
    """Run ``revoker(user=, by=)`` whenever an account gets a new password; ``name`` is the key
    of its count in the audit row ("api_tokens_revoked")."""
    _revokers[name] = revoker


def _account_state(user: User) -> dict[str, object]:
    return {
        "username": user.username,
        "is_active": user.is_active,
        "secretariat": user.groups.filter(name=SECRETARIAT_GROUP).exists(),
    }


def _check_password(errors: Errors, password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        for message in error.messages:
            errors.add("password", message)


def _set_secretariat(user: User, secretariat: bool) -> None:
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    if secretariat:
        user.groups.add(group)
    else:
        user.groups.remove(group)


@transaction.atomic
def account_create(
    *, person: Person, username: str, password: str, secretariat: bool = False, by: Actor
) -> User:
    """Make a log-in account for ``person`` and link it to them."""
    # The person row is locked and read afresh, so two accounts cannot be made for one person
    # at once; a user name taken meanwhile is refused by save_checked.
    locked = type(person).objects.select_for_update().only("user").get(pk=person.pk)
    person.user_id = locked.user_id
    errors = Errors()
    if person.user_id is not None:
        errors.add(
            "username",
            msg.PERSON_HAS_ACCOUNT.format(person=person.display_name, username=person.user),
        )
    taken = User.objects.filter(username__iexact=username).exists()
    if taken:
        errors.add("username", msg.USERNAME_TAKEN.format(username=username))
    user = User(username=username)
    _check_password(errors, password, user)
    errors.check(user, exclude=("password", "username") if taken else ("password",))
    user.set_password(password)
    save_checked(user)
    _set_secretariat(user, secretariat)
    person_link_user(person=person, user=user, by=by)
    audit_record(by=by, action="account.created", obj=user, after=_account_state(user))
    return user


@transaction.atomic
def account_update(
    *,
    user: User,
    secretariat: bool | None = None,
    is_active: bool | None = None,
    password: str | None = None,
    by: Actor,
) -> User:
    """Change an account's role, close or reopen it, or set a new password. A new password
    also revokes the account's API tokens. Changing nothing (no new password, the same role and
    state) writes nothing."""
    before = _account_state(user)
    if not password and all(
        value is None or value == before[field]
        for field, value in (("secretariat", secretariat), ("is_active", is_active))
    ):
        return user
    errors = Errors()
    if password:
        _check_password(errors, password, user)
    errors.check(user, exclude=("password",))
    if password:
        user.set_password(password)
    if is_active is not None:
        user.is_active = is_active
    user.save()
    if secretariat is not None:
        _set_secretariat(user, secretariat)
    after = _account_state(user)
    if password:
        after["password"] = "changed"  # noqa: S105 (a note in the audit log, not a secret)
        for name, revoker in _revokers.items():
            after[name] = revoker(user=user, by=by)
    audit_record(by=by, action="account.updated", obj=user, before=before, after=after)
    return user
