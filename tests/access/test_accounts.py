from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from chapterhouse.access import errors
from chapterhouse.access.selectors import roles_for
from chapterhouse.core.models import AuditEntry
from chapterhouse.people.accounts import account_create, account_update
from chapterhouse.people.models import Person
from tests.helpers import client_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
GOOD_PASSWORD = "tide-and-harbor-42"


def logs_in(username: str, password: str) -> bool:
    """Whether the log-in form lets this user in."""
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": password})
    return "_auth_user_id" in client.session


def test_an_account_gives_a_person_the_roles_their_record_implies() -> None:
    rivera = Person.objects.get(key="tomas-rivera")
    user = account_create(person=rivera, username="rivera", password=GOOD_PASSWORD, by=None)
    assert Person.objects.get(pk=rivera.pk).user == user
    assert user.check_password(GOOD_PASSWORD)
    roles = roles_for(User.objects.get(pk=user.pk))
    assert roles.member and not roles.secretariat
    assert AuditEntry.objects.filter(action="account.created", object_key=str(user.pk)).exists()
    assert AuditEntry.objects.filter(
        action="person.account_linked", object_key="tomas-rivera"
    ).exists()


def test_bad_accounts_are_refused_with_reasons_and_nothing_written() -> None:
    rivera = Person.objects.get(key="tomas-rivera")
    users = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        account_create(person=rivera, username="OKAFOR", password="123", by=None)
    assert caught.value.message_dict["username"] == [
        errors.USERNAME_TAKEN.format(username="OKAFOR")
    ]
    assert caught.value.message_dict["password"]  # too short, too common, entirely numeric
    with pytest.raises(ValidationError) as caught:
        account_create(
            person=Person.objects.get(key="mira-okafor"),
            username="mira",
            password=GOOD_PASSWORD,
            by=None,
        )
    assert caught.value.message_dict["username"] == [
        errors.PERSON_HAS_ACCOUNT.format(person="Mira Okafor", username="okafor")
    ]
    assert User.objects.count() == users


def test_the_secretariat_role_is_granted_and_withdrawn_and_an_account_closed() -> None:
    okafor = User.objects.get(username="okafor")
    account_update(user=okafor, secretariat=True, by=None)
    assert roles_for(User.objects.get(pk=okafor.pk)).secretariat
    account_update(user=okafor, secretariat=False, is_active=False, by=None)
    closed = User.objects.get(pk=okafor.pk)
    assert not closed.is_active and not roles_for(closed).secretariat
    assert not logs_in("okafor", "harbor-okafor")
    entry = AuditEntry.objects.filter(action="account.updated").latest("id")
    assert entry.before == {"username": "okafor", "is_active": True, "secretariat": True}
    assert entry.after == {"username": "okafor", "is_active": False, "secretariat": False}


def test_the_account_page_makes_and_changes_accounts() -> None:
    secretariat = client_as("secretariat")
    url = "/people/tomas-rivera/account/"
    response = secretariat.post(
        url, {"username": "rivera", "password": GOOD_PASSWORD, "password_again": "other-42-tide"}
    )
    assert response.context["form"].errors["password_again"] == [errors.PASSWORDS_DIFFER]
    response = secretariat.post(
        url, {"username": "rivera", "password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD}
    )
    assert response.status_code == 302
    assert logs_in("rivera", GOOD_PASSWORD)
    response = secretariat.post(url, {"secretariat": "on", "is_active": "on"})
    assert response.status_code == 302
    assert roles_for(User.objects.get(username="rivera")).secretariat
    page = secretariat.get("/people/tomas-rivera/").content.decode()
    assert "Log-in account: rivera" in page


def test_only_the_secretariat_reaches_the_account_page(client: Client) -> None:
    url = "/people/tomas-rivera/account/"
    assert client.get(url).status_code == 404
    assert client_as("okafor").get(url).status_code == 404
    assert (
        client_as("okafor")
        .post(url, {"username": "x", "password": GOOD_PASSWORD, "password_again": GOOD_PASSWORD})
        .status_code
        == 404
    )
    assert not User.objects.filter(username="x").exists()
