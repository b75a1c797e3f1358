"""The category and tag edit pages: each refuses what the service refuses, with the error on
the page and nothing written; the public and readers without the secretariat's role get 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from chapterhouse.publishing import services
from chapterhouse.publishing.factories import make_category, make_tag
from chapterhouse.publishing.models import Category, Tag

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * 101
EDGES = [
    ("/publishing/categories/news/edit/", Category, "news"),
    ("/publishing/tags/congress/edit/", Tag, "congress"),
]


@pytest.fixture
def terms(org: None) -> None:
    make_category(key="news", name="News")
    make_tag(key="congress", name="Congress")


def _update(model: type[Category | Tag], key: str, **changes: object) -> None:
    term = model.objects.get(key=key)
    if isinstance(term, Category):
        services.category_update(category=term, by=None, **changes)  # type: ignore[arg-type]  # the refused values are the point
    else:
        services.tag_update(tag=term, by=None, **changes)  # type: ignore[arg-type]  # the refused values are the point


@pytest.mark.parametrize(("url", "model", "key"), EDGES)
def test_an_edit_page_saves_the_name_and_its_translation(
    terms: None, secretariat_client: Client, url: str, model: type[Category | Tag], key: str
) -> None:
    page = secretariat_client.get(url).content.decode()
    assert 'name="name_translations.ja"' in page
    answer = secretariat_client.post(url, {"name": "Renamed", "name_translations.ja": "改名"})
    assert answer.status_code == 302
    term = model.objects.get(key=key)
    assert (term.name, term.name_translations) == ("Renamed", {"ja": "改名"})
    # An empty translation input removes the translation.
    secretariat_client.post(url, {"name": "Renamed", "name_translations.ja": ""})
    assert model.objects.get(key=key).name_translations == {}


@pytest.mark.parametrize(("url", "model", "key"), EDGES)
@pytest.mark.parametrize(
    "changes",
    [{"name": ""}, {"name": TOO_LONG}, {"name": "ok", "name_translations": {"ja": TOO_LONG}}],
    ids=["empty", "too-long", "translation-too-long"],
)
def test_the_page_refuses_what_the_service_refuses(
    terms: None,
    secretariat_client: Client,
    url: str,
    model: type[Category | Tag],
    key: str,
    changes: dict[str, object],
) -> None:
    before = model.objects.get(key=key)
    with pytest.raises(ValidationError):
        _update(model, key, **changes)
    form = {"name": changes["name"]}
    for code, text in dict(changes.get("name_translations", {})).items():  # type: ignore[call-overload]  # a dict in the cases that carry it
        form[f"name_translations.{code}"] = text
    answer = secretariat_client.post(url, form)
    assert answer.status_code == 200
    assert "Please correct the errors below." in answer.content.decode()
    after = model.objects.get(key=key)
    assert (after.name, after.name_translations) == (before.name, before.name_translations)


@pytest.mark.parametrize(("url", "model", "key"), EDGES)
def test_nul_in_a_name_is_refused(
    terms: None, secretariat_client: Client, url: str, model: type[Category | Tag], key: str
) -> None:
    answer = secretariat_client.post(url, {"name": "a\x00b"})
    assert answer.status_code == 400  # the site refuses NUL in any input before the view
    assert model.objects.get(key=key).name != "a\x00b"


@pytest.mark.parametrize(("url", "model", "key"), EDGES)
def test_edit_pages_are_404_for_the_public(
    terms: None, url: str, model: type[Category | Tag], key: str
) -> None:
    assert Client().get(url).status_code == 404
    assert Client().post(url, {"name": "Taken over"}).status_code == 404
    assert model.objects.get(key=key).name != "Taken over"


def test_an_unknown_key_is_404(terms: None, secretariat_client: Client) -> None:
    assert secretariat_client.get("/publishing/categories/nope/edit/").status_code == 404
    assert secretariat_client.get("/publishing/tags/nope/edit/").status_code == 404
