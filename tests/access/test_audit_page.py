"""The audit page: the secretariat's only; names, not ids; only what changed; filters; pages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from chapterhouse.access.views import PAGE_SIZE
from chapterhouse.core.models import AuditEntry
from chapterhouse.organizations.factories import make_body
from chapterhouse.organizations.models import Body
from chapterhouse.organizations.services import body_update
from chapterhouse.people.models import Person
from tests.helpers import client_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def rows(html: str) -> list[str]:
    """The table rows of the log, tags stripped, whitespace squeezed (none when the log shows
    its empty state instead of a table)."""
    if "<tbody>" not in html:
        return []
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    found = [r for r in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S) if "colspan" not in r]
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in found]


def test_only_the_secretariat_sees_the_audit_log(client: Client) -> None:
    assert client.get("/audit/").status_code == 404
    assert client_as("okafor").get("/audit/").status_code == 404
    assert client_as("secretariat").get("/audit/").status_code == 200


def test_a_change_shows_names_and_only_the_fields_that_changed() -> None:
    okafor = User.objects.get(username="okafor")
    body = Body.objects.get(key="chile-executive-committee")
    parent = Body.objects.get(key="coordinating-committee")
    body_update(body=body, parent=parent, ends_on=dt.date(2027, 3, 31), by=okafor)
    html = (
        client_as("secretariat")
        .get("/audit/", {"action": "body.updated", "object": body.key})
        .content.decode()
    )
    [row] = rows(html)
    okafor_name = Person.objects.get(user=okafor).display_name
    assert okafor_name in row  # the actor by name
    assert "Body: Executive Committee of the Chile Branch" in row  # the object by name
    # The parent by name, not by id; the date in the site's format, with its era year.
    assert f"→ {parent.name}" in row
    assert f"#{parent.pk}" not in row and f": {parent.pk}" not in row
    assert "→ March 31, 2027 (Reiwa 9)" in row or "→ Mar. 31, 2027 (Reiwa 9)" in row
    # Only what changed: the body's name, kind and purpose did not.
    assert "Name" not in row and "Purpose" not in row and "Kind" not in row


def test_a_creation_shows_the_given_fields_compactly() -> None:
    secretariat = User.objects.get(username="secretariat")
    parent = Body.objects.get(key="coordinating-committee")
    make_body(key="youth-commission", name="Youth Commission", parent=parent, by=secretariat)
    html = client_as("secretariat").get("/audit/", {"object": "youth-commission"}).content.decode()
    [row] = rows(html)
    assert "body.created" in row
    assert "Name : Youth Commission" in row
    assert f"Parent : {parent.name}" in row
    assert "Visibility : public" in row
    assert "Key :" not in row  # the key is in the object's column
    # Fields left empty are not listed.
    assert "Internal notes" not in row and "Purpose" not in row and "Branch" not in row


def test_filters_by_kind_of_object_key_actor_and_action() -> None:
    okafor = User.objects.get(username="okafor")
    body = Body.objects.get(key="coordinating-committee")
    body_update(body=body, purpose="Leads between congresses.", by=okafor)
    secretariat = client_as("secretariat")

    def shown(**query: str) -> list[str]:
        return rows(secretariat.get("/audit/", query).content.decode())

    assert len(shown(actor="okafor")) == 1
    assert shown(actor="nobody-of-that-name") != []  # an unknown choice is ignored
    assert all("person.created" in r for r in shown(type="people.person"))
    assert shown(type="people.person")
    assert all("appointment." in r for r in shown(action="appointment."))
    assert len(shown(type="organizations.body", object=body.key)) == 2
    assert len(shown(type="organizations.body", object=body.key, action="body.updated")) == 1
    assert shown(type="people.person", object=body.key) == []


def test_pages_keep_the_filters() -> None:
    secretariat_user = User.objects.get(username="secretariat")
    body = Body.objects.get(key="coordinating-committee")
    for n in range(PAGE_SIZE + 5):
        body_update(body=body, purpose=f"Purpose {n}", by=secretariat_user)
    client = client_as("secretariat")
    first = client.get("/audit/", {"action": "body.updated"}).content.decode()
    assert len(rows(first)) == PAGE_SIZE
    older = re.search(r'href="([^"]*page=2[^"]*)"', first)
    assert older is not None
    link = older.group(1).replace("&amp;", "&")
    assert "action=body.updated" in link
    second = client.get("/audit/" + link).content.decode()
    assert len(rows(second)) == 5
    assert all("body.updated" in r for r in rows(second))


def test_the_page_takes_the_same_queries_however_many_entries(
    django_assert_max_num_queries: Any,
) -> None:
    """Bounded, whatever the entries name: the session, the user and their groups, the
    organization, the filters' kinds of object and actors, the chain's head and length, the
    count and the page of entries
    with their actors' persons, then one query per kind of object named on the page and per
    model their fields point to (about a dozen in the demo, more with its conference's kinds:
    participants, agenda items, speeches, letters), never one per entry."""
    client = client_as("secretariat")
    okafor = User.objects.get(username="okafor")
    # The same kinds on the first page before and after: one body changed and one made first.
    first = Body.objects.order_by("pk")[0]
    body_update(body=first, purpose="Purpose", by=okafor)
    make_body(parent=first, by=okafor)
    client.get("/audit/")  # warm caches such as the content types
    assert AuditEntry.objects.count() >= 40
    with django_assert_max_num_queries(44) as before:
        client.get("/audit/")
    for body in Body.objects.all():
        body_update(body=body, purpose=f"Purpose of {body.key}", by=okafor)
        make_body(parent=body, by=okafor)
    with django_assert_max_num_queries(len(before)):
        client.get("/audit/")
