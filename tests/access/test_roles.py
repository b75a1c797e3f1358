from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client

from chapterhouse.access.selectors import roles_for
from chapterhouse.core.models import AuditEntry
from chapterhouse.organizations.models import Body
from chapterhouse.organizations.services import body_update

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]
D = dt.date


def test_anonymous_is_public() -> None:
    roles = roles_for(AnonymousUser())
    assert not (roles.authenticated or roles.secretariat or roles.member or roles.guest)


def test_the_secretariat_group_and_superusers_manage_everything() -> None:
    assert roles_for(User.objects.get(username="secretariat")).secretariat
    superuser = User.objects.create_superuser(username="root", password="pw-root-12345")
    assert roles_for(superuser).secretariat


def test_body_members_are_those_holding_a_current_appointment() -> None:
    okafor = User.objects.get(username="okafor")
    finance = Body.objects.get(key="finance-commission")
    roles = roles_for(okafor, on=D(2026, 11, 25))
    assert finance.id in roles.body_ids and roles.can_see_internal_records(finance)
    tanaka = User.objects.get(username="tanaka")
    prep = Body.objects.get(key="third-congress-preparatory-committee")
    assert prep.id in roles_for(tanaka, on=D(2026, 8, 25)).body_ids
    assert prep.id not in roles_for(tanaka, on=D(2026, 9, 4)).body_ids


def test_members_guests_and_their_membership_dates() -> None:
    tanaka = User.objects.get(username="tanaka")
    assert roles_for(tanaka, on=D(2026, 1, 1)).member
    assert not roles_for(tanaka, on=D(2016, 3, 31)).member
    stranger = User.objects.create_user(username="guest", password="pw-guest-12345")
    roles = roles_for(stranger)
    assert roles.guest and not roles.member


def test_the_audit_log_names_the_actor() -> None:
    secretariat = User.objects.get(username="secretariat")
    body = Body.objects.get(key="coordinating-committee")
    body_update(body=body, purpose="Leads between congresses.", by=secretariat)
    entry = AuditEntry.objects.filter(action="body.updated").latest("id")
    assert entry.actor == secretariat
    assert entry.before is not None and entry.after is not None
    assert entry.before["purpose"] != entry.after["purpose"]


def test_login_is_locked_after_repeated_failures() -> None:
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "okafor", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "okafor", "password": "harbor-okafor"})
    assert b"Too many failed log-ins" in response.content
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked by it.
    other = Client().post("/accounts/login/", {"username": "tanaka", "password": "harbor-tanaka"})
    assert other.status_code == 302
