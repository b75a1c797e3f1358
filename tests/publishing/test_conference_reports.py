"""The conference page lists the conference's reports (publishing registers the section in
conferences.pages): the public ones for everyone, in the reader's language; drafts, scheduled
and withdrawn ones for the secretariat only, never named to anyone else. A report's page links
to its conference, for a reader who may see it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from chapterhouse.conferences.models import Conference
from chapterhouse.conferences.pages import conference_page_sections
from chapterhouse.publishing import services
from chapterhouse.publishing.models import Post
from chapterhouse.publishing.report import report_draft
from tests.publishing.report_scenario import opening_session

pytestmark = pytest.mark.django_db

PAGE = "/conferences/third-congress/"


def _titled(post: Post, title: str) -> Post:
    return services.post_update(post=post, title=title, by=None)


def test_the_public_sees_published_reports_and_never_a_draft(org: None) -> None:
    world = opening_session()
    draft = _titled(
        report_draft(conference=world.conference, language="en", by=world.sec), "ZZDRAFTZZ"
    )
    published = _titled(
        report_draft(conference=world.conference, language="en", by=world.sec), "Congress opened"
    )
    services.post_publish(post=published, by=world.sec)
    page = Client().get(PAGE).content.decode()
    assert "ZZDRAFTZZ" not in page
    assert f"/{draft.slug}/" not in page
    assert "Congress opened" in page and f"/news/{published.slug}/" in page
    assert "/publishing/" not in page  # no edit or draft link for the public

    secretariat = Client()
    secretariat.force_login(world.sec)
    page = secretariat.get(PAGE).content.decode()
    assert "ZZDRAFTZZ" in page and f"/publishing/posts/{draft.slug}/edit/" in page
    assert "Congress opened" in page
    assert "/publishing/reports/third-congress/" in page  # draft one more

    services.post_withdraw(post=published, by=world.sec)
    page = Client().get(PAGE).content.decode()
    assert "Congress opened" not in page and "Reports" not in page.split("Speeches")[-1]


def test_a_scheduled_report_is_listed_from_its_time(org: None) -> None:
    world = opening_session()
    post = _titled(report_draft(conference=world.conference, language="en", by=world.sec), "Later")
    services.post_schedule(post=post, publish_at=timezone.now() + dt.timedelta(hours=1), by=None)
    assert f"/news/{post.slug}/" not in Client().get(PAGE).content.decode()
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - dt.timedelta(minutes=1))
    assert f"/news/{post.slug}/" in Client().get(PAGE).content.decode()


def test_the_secretariat_sees_an_empty_section_with_the_draft_link(org: None) -> None:
    world = opening_session()
    conference = Conference.objects.get(pk=world.conference.pk)
    from chapterhouse.access.selectors import roles_for

    sections = conference_page_sections(
        conference=conference, roles=roles_for(world.sec), level="chair", language="en"
    )
    assert [s.template for s in sections] == ["publishing/_conference_reports.html"]
    assert sections[0].context["entries"] == []
    from django.contrib.auth.models import AnonymousUser

    public = conference_page_sections(
        conference=conference, roles=roles_for(AnonymousUser()), level="public", language="en"
    )
    assert public == []  # nothing to show: no section at all


def test_a_report_links_to_its_conference(org: None) -> None:
    world = opening_session()
    post = report_draft(conference=world.conference, language="en", by=world.sec)
    services.post_publish(post=post, by=world.sec)
    page = Client().get(f"/news/{post.slug}/").content.decode()
    assert f'href="{PAGE}"' in page and "Report of:" in page
    Conference.objects.filter(pk=world.conference.pk).update(visibility="internal")
    page = Client().get(f"/news/{post.slug}/").content.decode()
    assert PAGE not in page and "Report of:" not in page
