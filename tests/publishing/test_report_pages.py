"""The secretariat's report pages: draft a report from a conference, see its consistency check
(on the check page, linked from the edit page); nobody else reaches them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from chapterhouse.organizations.models import Body
from chapterhouse.publishing.models import Post, Report
from tests.publishing.report_scenario import MARKER, opening_session

pytestmark = pytest.mark.django_db


def test_the_secretariat_drafts_a_report_and_checks_it(org: None) -> None:
    world = opening_session()
    client = Client()
    client.force_login(world.sec)
    page = client.get("/publishing/reports/third-congress/")
    assert page.status_code == 200
    assert "Report of the Third Congress" in page.content.decode()

    response = client.post("/publishing/reports/third-congress/", {"language": "en"})
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/publishing/posts/{post.slug}/edit/"
    assert Report.objects.get(post=post).conference == world.conference
    edit = client.get(response["Location"]).content.decode()
    assert f"/publishing/posts/{post.slug}/check/" in edit
    assert MARKER not in edit

    check = client.get(f"/publishing/posts/{post.slug}/check/").content.decode()
    assert "No contradiction found." in check
    Body.objects.filter(pk=world.prep.pk).update(starts_on=dt.date(2026, 8, 25))
    check = client.get(f"/publishing/posts/{post.slug}/check/").content.decode()
    assert check.count('data-kind="mandate"') == 2
    listed = client.get("/publishing/reports/third-congress/").content.decode()
    assert post.title in listed


def test_a_language_the_organization_does_not_publish_in_is_refused(org: None) -> None:
    world = opening_session(hidden=False)
    client = Client()
    client.force_login(world.sec)
    response = client.post("/publishing/reports/third-congress/", {"language": "xx"})
    assert response.status_code == 200
    assert not Post.objects.exists()


def test_report_pages_are_not_found_for_others(org: None) -> None:
    world = opening_session(hidden=False)
    member = Client()
    member.force_login(world.users["tanaka"])
    for client in (Client(), member):
        assert client.get("/publishing/reports/third-congress/").status_code == 404
        assert (
            client.post("/publishing/reports/third-congress/", {"language": "en"}).status_code
            == 404
        )
    assert not Post.objects.exists()
    sec = Client()
    sec.force_login(world.sec)
    assert sec.get("/publishing/reports/no-such-conference/").status_code == 404
