"""Each context registers its page routes (core.routes); the site includes them in order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import URLResolver, reverse

from chapterhouse import urls
from chapterhouse.core import routes


@pytest.fixture
def restored() -> Iterator[None]:
    before = list(routes._modules)
    yield
    routes._modules[:] = before


def _included(patterns: list[object]) -> list[str]:
    return [
        p.urlconf_name.__name__
        for p in patterns
        if isinstance(p, URLResolver) and hasattr(p.urlconf_name, "__name__")
    ]


def test_the_contexts_register_their_pages_in_layer_order() -> None:
    modules = [module for _, module in routes._modules]
    ours = [
        "chapterhouse.access.urls",
        "chapterhouse.organizations.urls",
        "chapterhouse.people.urls",
    ]
    assert [m for m in modules if m in ours] == ours


def test_the_site_includes_every_registered_module_in_order() -> None:
    included = _included(list(urls.urlpatterns))
    assert [m for m in included if m.startswith("chapterhouse.")][-len(routes._modules) :] == [
        module for _, module in routes._modules
    ]


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("home", {}, "/"),
        ("body-detail", {"key": "finance-commission"}, "/bodies/finance-commission/"),
        ("appointment-create", {"key": "x"}, "/bodies/x/appoint/"),
        ("person-detail", {"key": "mira-okafor"}, "/people/mira-okafor/"),
        ("audit-list", {}, "/audit/"),
        ("voided-list", {}, "/voided/"),
        ("calendar-feed", {}, "/calendar.ics"),
    ],
)
def test_the_pages_keep_their_names_and_paths(name: str, kwargs: dict[str, str], path: str) -> None:
    assert reverse(name, kwargs=kwargs) == path


def test_registering_a_module_again_changes_nothing(restored: None) -> None:
    before = list(routes._modules)
    routes.register_urls("chapterhouse.people.urls")
    assert routes._modules == before


def test_a_new_module_is_included_after_the_others(restored: None) -> None:
    routes.register_urls("chapterhouse.core.auth_urls", prefix="extra/")
    (last,) = routes.registered_urls()[-1:]
    assert str(last.pattern) == "extra/"
    assert last.urlconf_name.__name__ == "chapterhouse.core.auth_urls"  # type: ignore[union-attr]
