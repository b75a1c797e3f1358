"""The component gallery (docs/design.md): the secretariat's only, every component in each of
its states, every vendored icon."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client

from chapterhouse.core.templatetags.components import ICONS, SPRITE
from tests.helpers import client_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

# A class (or element) each component is drawn with, as docs/design.md names them.
COMPONENTS = [
    'class="breadcrumbs"',
    'class="page-head"',
    'class="banner"',
    'class="banner success"',
    'class="banner warning"',
    'class="banner error"',
    'class="error-summary"',
    'aria-invalid="true"',
    'class="helptext"',
    'class="tag"',
    'class="tag info"',
    'class="tag ok"',
    'class="tag warn"',
    'class="tag danger"',
    'class="primary"',
    'class="warning"',
    'class="quiet"',
    "disabled",
    'class="summary"',
    'class="card"',
    'class="card-list"',
    'class="stack-cards"',
    "data-label=",
    'class="timeline"',
    'class="empty"',
    'class="pagination"',
    'rel="prev"',
    'rel="next"',
    'class="date" datetime="2026-09-01"',
    "(Reiwa 8)",
]


def test_only_the_secretariat_sees_the_gallery(client: Client) -> None:
    assert client.get("/design/").status_code == 404
    assert client_as("okafor").get("/design/").status_code == 404
    assert client_as("secretariat").get("/design/").status_code == 200


def test_the_gallery_shows_every_component_and_every_icon() -> None:
    html = client_as("secretariat").get("/design/").content.decode()
    missing = [c for c in COMPONENTS if c not in html]
    assert not missing, missing
    shown = set(re.findall(r'sprite\.svg#([\w-]+)"', html))
    assert shown >= ICONS, ICONS - shown


def test_every_icon_is_in_the_sprite_and_the_sprite_holds_no_other() -> None:
    path = finders.find(SPRITE)
    assert path is not None
    with open(path, encoding="utf-8") as sprite:
        symbols = set(re.findall(r'<symbol id="([\w-]+)"', sprite.read()))
    assert symbols == ICONS


def test_an_unknown_icon_or_tone_is_an_error_not_nothing() -> None:
    with pytest.raises(TemplateSyntaxError):
        Template('{% load components %}{% icon "no-such-icon" %}').render(Context())
    with pytest.raises(TemplateSyntaxError):
        Template('{% load components %}{% tag "x" "purple" %}').render(Context())
    tag = Template('{% load components %}{% tag label "ok" %}').render(Context({"label": "<b>"}))
    assert tag == '<span class="tag ok">&lt;b&gt;</span>'
