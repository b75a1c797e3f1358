"""A NUL or a lone surrogate (text no database stores) is refused where it enters, with a clear
message: 400 on pages, 422 in the API at the field's place, a problem at its place in a dossier,
a field error from every service. Never a 500, on SQLite or PostgreSQL."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from chapterhouse.core import errors as msg
from chapterhouse.dossier.services import dossier_import
from chapterhouse.organizations.models import Branch
from chapterhouse.organizations.services import branch_create
from chapterhouse.people.models import Person
from chapterhouse.people.services import ContactSpec, NameSpec, person_create
from tests.api.test_api_auth import bearer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

NUL = str(msg.NUL_CHARACTER)
SURROGATE = str(msg.LONE_SURROGATE).format(code="U+D800")


@pytest.mark.parametrize("path", ["/people/?q=a%00b", "/bodies/a%00b/", "/?x%00=1"])
def test_pages_refuse_a_nul_in_the_path_or_query(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert NUL in response.content.decode()


@pytest.mark.parametrize(
    ("path", "loc"),
    [
        ("/api/v1/bodies/a%00b", ["path"]),
        ("/api/v1/persons?q=a%00b", ["query", "q"]),
    ],
)
def test_the_api_refuses_a_nul_in_the_path_or_query(
    client: Client, path: str, loc: list[str]
) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert response.json() == {"detail": [{"loc": loc, "msg": NUL}]}


@pytest.fixture
def token(db: None) -> str:
    from django.contrib.auth.models import User

    from chapterhouse.api.services import api_token_create

    return api_token_create(user=User.objects.get(username="secretariat"), name="t", by=None)[1]


@pytest.mark.parametrize(
    ("raw", "loc", "message"),
    [
        ('{"key": "north", "name": "a\\u0000b"}', ["body", "name"], NUL),
        ('{"key": "north", "name": "a\\ud800b"}', ["body", "name"], SURROGATE),
        ('{"key": "north", "name": "North", "\\ud800": 1}', ["body", "\\ud800"], SURROGATE),
    ],
)
def test_the_api_refuses_a_nul_or_a_lone_surrogate_in_a_body(
    client: Client, token: str, raw: str, loc: list[str], message: str
) -> None:
    branches = Branch.objects.count()
    response = client.post(
        "/api/v1/branches", raw, content_type="application/json", headers=bearer(token)
    )
    assert response.status_code == 422, response.content
    assert response.json() == {"detail": [{"loc": loc, "msg": message}]}
    assert Branch.objects.count() == branches


def test_a_nested_place_is_named(client: Client, token: str) -> None:
    body = '{"names": [{"language": "en", "full_name": "Ana\\u0000"}]}'
    response = client.post(
        "/api/v1/persons", body, content_type="application/json", headers=bearer(token)
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "names", 0, "full_name"], "msg": NUL}]


def test_a_form_post_with_a_nul_is_refused(secretariat_client: Client) -> None:
    response = secretariat_client.post("/branches/new/", {"key": "north", "name": "No\x00rth"})
    assert response.status_code == 400
    assert NUL in response.content.decode()
    assert not Branch.objects.filter(key="north").exists()


def test_services_refuse_them_at_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        branch_create(key="north", name="No\x00rth", by=None)
    assert caught.value.message_dict["name"] == [NUL]
    with pytest.raises(ValidationError) as caught:
        branch_create(key="nor\x00th", name="North", by=None)
    assert caught.value.message_dict["key"] == [NUL]
    with pytest.raises(ValidationError) as caught:
        person_create(
            names=[NameSpec(language="en", full_name="Ana\ud800")],
            contacts=[ContactSpec(kind="email", value="ana@example.org\x00")],
            by=None,
        )
    assert caught.value.message_dict["names"] == [SURROGATE]
    assert caught.value.message_dict["contacts.0.value"] == [NUL]
    assert not Person.objects.filter(display_name__startswith="Ana").exists()


def test_a_dossier_with_a_nul_is_refused_at_its_place() -> None:
    text = (
        "format: chapterhouse-dossier\nversion: 1\nbranches:\n"
        '  - key: north\n    name: "No\\0rth"\n'
    )
    report = dossier_import(text=text, by=None)
    assert [(p.path, p.message, p.line) for p in report.problems] == [("branches[0].name", NUL, 5)]
    assert not Branch.objects.filter(key="north").exists()


def test_ordinary_text_passes(client: Client) -> None:
    assert client.get("/people/?q=" + json.dumps("Ana")[1:-1]).status_code == 200
