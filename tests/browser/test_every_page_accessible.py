"""Every page of the site at a demo path, as the role that sees it (test_design sweeps them all
with axe-core), and axe-core on every form in its error state. A test fails when a page is added
to the URLs without being listed here."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from playwright.sync_api import expect

from tests.browser.conference_setup import make_conference

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, NewPage, Screenshot, SignIn

pytestmark = pytest.mark.browser

SECRETARIAT = ("secretariat", "harbor-secretariat")

# url name -> (path, log in as the secretariat?, a form to submit empty?)
PAGES: dict[str, tuple[str, bool, bool]] = {
    "home": ("/", False, False),
    "anniversaries": ("/anniversaries/?year=Reiwa+8", False, False),
    "body-list": ("/bodies/", False, False),
    "body-detail": ("/bodies/coordinating-committee/", False, False),
    "branch-detail": ("/branches/chile/", False, False),
    "person-list": ("/people/?q=a", False, False),
    "person-detail": ("/people/tomas-rivera/", False, False),
    "partner-list": ("/partners/", False, False),
    "partner-detail": ("/partners/nordic-port-workers/", False, False),
    "responsibilities": (
        "/responsibilities/?duty=organizing-work&country=JP&on=2026-08-25",
        False,
        False,
    ),
    "login": ("/accounts/login/", False, True),
    "organization-edit": ("/organization/edit/", True, False),
    "branch-create": ("/branches/new/", True, True),
    "branch-edit": ("/branches/chile/edit/", True, False),
    "body-create": ("/bodies/new/", True, True),
    "body-edit": ("/bodies/coordinating-committee/edit/", True, False),
    "history-event-create": ("/history/new/", True, True),
    "observance-create": ("/observances/new/", True, True),
    "person-create": ("/people/new/", True, True),
    "person-edit": ("/people/aiko-tanaka/edit/", True, False),
    "membership-create": ("/people/aiko-tanaka/memberships/new/", True, True),
    "person-account": ("/people/tomas-rivera/account/", True, True),
    "appointment-create": ("/bodies/coordinating-committee/appoint/", True, True),
    "audit-list": ("/audit/", True, False),
    "voided-list": ("/voided/", True, False),
    "component-gallery": ("/design/", True, False),
    "partner-create": ("/partners/new/", True, True),
    "partner-edit": ("/partners/nordic-port-workers/edit/", True, False),
    "position-list": ("/positions/", True, False),
    "position-create": ("/positions/new/", True, True),
    "position-edit": ("/positions/chair/edit/", True, False),
    "duty-create": ("/duties/new/", True, True),
    "duty-edit": ("/duties/organizing-work/edit/", True, False),
    "membership-edit": ("/memberships/{membership}/edit/", True, False),
    "membership-void": ("/memberships/{membership}/void/", True, True),
    "appointment-edit": (
        "/appointments/tomas-rivera-chair-third-congress-preparatory-committee-2026-08-20/edit/",
        True,
        False,
    ),
    "appointment-void": (
        "/appointments/tomas-rivera-chair-third-congress-preparatory-committee-2026-08-20/void/",
        True,
        True,
    ),
    "history-event-edit": ("/history/hwi-renamed/edit/", True, False),
    "history-event-void": ("/history/hwi-renamed/void/", True, True),
    "observance-edit": ("/observances/formation-day/edit/", True, False),
    "observance-void": ("/observances/formation-day/void/", True, True),
    "speech-void": ("/speeches/{speech}/void/", True, True),
    "letter-void": ("/letters/npwu-greeting-third-congress/void/", True, True),
    "news-home": ("/news/", False, False),
    "news-post": ("/news/third-congress-of-hwi-opened/", False, True),
    "news-category": ("/news/category/news/", False, False),
    "news-tag": ("/news/tag/third-congress/", False, False),
    "news-archive": ("/news/archive/2026/1/", False, False),
    "news-search": ("/news/search/?q=大会", False, False),
    "feedback": ("/feedback/", False, True),
    "publishing-posts": ("/publishing/posts/", True, False),
    "publishing-post-create": ("/publishing/posts/new/", True, True),
    "publishing-post-edit": ("/publishing/posts/third-congress-of-hwi-opened/edit/", True, False),
    "publishing-moderation": ("/publishing/comments/", True, False),
    "publishing-feedback": ("/publishing/feedback/", True, False),
    "publishing-terms": ("/publishing/terms/", True, True),
    "publishing-category-edit": ("/publishing/categories/news/edit/", True, False),
    "publishing-tag-edit": ("/publishing/tags/japan/edit/", True, False),
    "publishing-settings": ("/publishing/settings/", True, False),
    "publishing-report-draft": ("/publishing/reports/third-congress/", True, False),
    "publishing-report-check": (
        "/publishing/posts/third-congress-of-hwi-opened/check/",
        True,
        False,
    ),
    "newsletter-subscribe": ("/newsletter/", False, True),
    "newsletter-confirm": ("/newsletter/confirm/{confirm}/", False, False),
    "newsletter-unsubscribe": ("/newsletter/unsubscribe/{unsubscribe}/", False, False),
    "publishing-mailings": ("/publishing/mailings/", True, False),
    "publishing-mailing": ("/publishing/mailings/{mailing}/", True, False),
    "conference-list": ("/conferences/", False, False),
    "conference-detail": ("/conferences/third-congress/", False, False),
    "conference-console": ("/conferences/third-congress/console/", True, False),
    "conference-delegate": ("/conferences/third-congress/delegate/", False, False),
    "conference-projector": ("/conferences/third-congress/projector/", False, False),
    "conference-participants": ("/conferences/third-congress/participants/", True, False),
    "motion-list": ("/conferences/third-congress/motions/", False, False),
    "motion-detail": ("/conferences/third-congress/motions/1/", True, False),
    "motion-submit": ("/conferences/third-congress/motions/new/", True, True),
    "amendment-submit": ("/conferences/third-congress/motions/1/amend/", True, True),
    "amendment-detail": ("/conferences/third-congress/motions/1/amendments/1/", False, False),
    "conference-create": ("/conferences/new/", True, True),
    "conference-edit": ("/conferences/third-congress/edit/", True, False),
    "conference-preparation": ("/conferences/third-congress/preparation/", True, False),
    "conference-session-add": ("/conferences/third-congress/sessions/new/", True, True),
    "conference-agenda-add": ("/conferences/third-congress/agenda/new/", True, True),
    "conference-participant-add": ("/conferences/third-congress/participants/new/", True, True),
    "conference-participant-import": (
        "/conferences/third-congress/participants/import/",
        True,
        False,
    ),
    "participant-edit": ("/participants/{guest}/edit/", True, False),
    "participant-invitation": ("/participants/{guest}/invitation/", True, False),
    "conference-check-in-link": ("/check-in/{token}/", False, False),
    "letter-list": ("/letters/", True, False),
    "letter-create": ("/letters/new/", True, True),
    "conference-minutes": ("/conferences/third-congress/minutes/", False, False),
    "conference-projector-token": ("/conferences/third-congress/projector/token/", True, False),
    "poll-vote": ("/conferences/third-congress/vote/", False, False),
    "poll-list": ("/conferences/third-congress/polls/", True, False),
    "poll-create": ("/conferences/third-congress/polls/new/?template=several_seats", True, True),
    "poll-detail": ("/conferences/third-congress/polls/{poll}/", True, False),
    "poll-edit": ("/conferences/third-congress/polls/{poll}/edit/", True, False),
    "poll-paper": ("/conferences/third-congress/polls/{poll}/paper/", True, False),
    "poll-delegations": ("/conferences/third-congress/delegations/", True, False),
    "poll-projector": ("/conferences/third-congress/projector/polls/", False, False),
}

# Routes that are not pages a person reads: feeds, endpoints, form targets, the API.
NOT_PAGES = {
    "healthz",
    "calendar-feed",
    "logout",
    "set_language",
    "appointment-end",
    "appointment-restore",
    "membership-restore",
    "history-event-restore",
    "observance-restore",
    "speech-restore",
    "letter-restore",
    "news-rss",
    "news-atom",
    "news-category-rss",
    "news-category-atom",
    "news-tag-rss",
    "news-tag-atom",
    "news-comment",
    "sitemap",
    "publishing-post-state",
    "publishing-post-image",
    "publishing-image-file",
    "publishing-comment-moderate",
    "publishing-feedback-handle",
    "publishing-mailing-create",
    "motion-book",  # a PDF
    "motion-support",
    "motion-state",
    "motion-recommend",
    "conference-minutes-pdf",  # a PDF
    "conference-act",
    "conference-speak",
    "conference-check-in",
    "speech-publish",  # a button's target
    "poll-act",
    "poll-cast",
}


def page_path(name: str) -> str:
    """The page's path; a membership or speech, which has no key, is the demo's first one. A
    conference's pages get a conference made on the demo (which has none yet)."""
    from chapterhouse.conferences.models import Conference
    from chapterhouse.people.models import Membership

    if (
        name.startswith(("conference-", "participant-", "poll-"))
        and not Conference.objects.exists()
    ):
        make_conference()
    path = PAGES[name][0]
    if "{membership}" in path:
        path = path.format(membership=Membership.objects.order_by("pk")[0].pk)
    if "{poll}" in path:
        path = path.format(poll=_draft_poll())
    if "{confirm}" in path or "{unsubscribe}" in path or "{mailing}" in path:
        path = path.format(**newsletter_keys())
    if "{speech}" in path:
        from chapterhouse.conferences.models import Speech

        path = path.format(speech=Speech.objects.order_by("pk")[0].pk)
    if "{guest}" in path or "{token}" in path:  # the conference's first guest, invited
        from chapterhouse.conferences.models import Participant

        guest = Participant.objects.filter(is_guest=True).order_by("pk")[0]
        path = path.format(guest=guest.pk, token=guest.invitation_token)
    return path


def _draft_poll() -> int:
    """A draft election taking paper ballots at the browser tests' conference."""
    from chapterhouse.conferences.models import Conference
    from chapterhouse.voting import services as vs

    poll = vs.poll_create(
        conference=Conference.objects.get(key="third-congress"), title="Tellers",
        subject="election", method="at_large", options=["Ana", "Bo", "Cy"], seats=2,
        paper_allowed=True, by=None,
    )  # fmt: skip
    return poll.pk


def newsletter_keys() -> dict[str, str]:
    """A pending subscription's confirmation token, a confirmed one's unsubscribe token, and
    a mailing of the demo's post (the demo has none of them)."""
    from chapterhouse.publishing import newsletters
    from chapterhouse.publishing.models import Post

    _pending, token = newsletters.subscription_request(
        email="pending@example.org", language="en", client=None, by=None
    )
    confirmed, second = newsletters.subscription_request(
        email="reader@example.org", language="en", client=None, by=None
    )
    if second:
        newsletters.subscription_confirm(token=second, by=None)
    post = Post.objects.get(slug="third-congress-of-hwi-opened")
    mailing = getattr(post, "mailing", None) or newsletters.mailing_create(
        post=post, base_url="http://127.0.0.1", by=None
    )
    return {
        "confirm": token or "",
        "unsubscribe": confirmed.unsubscribe_token,
        "mailing": str(mailing.pk),
    }


def page_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "api":
                    walk(pattern.url_patterns)
            elif pattern.name:
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names - NOT_PAGES


def test_every_page_is_listed() -> None:
    assert page_names() == set(PAGES)


# Each page as it is shown is swept by test_design (phone and desktop, light and dark); here,
# each form that has one is submitted empty and checked in its error state.
FORMS = sorted(name for name, (_path, _secretariat, submit_empty) in PAGES.items() if submit_empty)


@pytest.mark.parametrize("name", FORMS)
def test_a_form_in_its_error_state_has_no_serious_accessibility_violation(
    new_page: NewPage,
    signed_in: SignIn,
    axe_check: AxeCheck,
    screenshot: Screenshot,
    name: str,
) -> None:
    _path, as_secretariat, _submit_empty = PAGES[name]
    path = page_path(name)
    page = new_page()
    if as_secretariat:
        signed_in(page, SECRETARIAT[0])
    response = page.goto(path)
    assert response is not None and response.status == 200
    main = page.locator("main")
    # The form's first submit button is its main one (the appointment form has "Add
    # another responsibility" after it).
    main.locator("form.stack button[type=submit]").first.click()
    expect(main.locator(".errorlist").first).to_be_visible()
    axe_check(page)
    screenshot(page, "errors")


def test_the_not_found_page(new_page: NewPage, axe_check: AxeCheck) -> None:
    page = new_page()
    response = page.goto("/no/such/page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    axe_check(page)
