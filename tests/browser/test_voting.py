"""Four screens at once run two polls live at the demo's Third Congress: the chair (desktop),
two of its five delegates (Mira Okafor on a desktop, Aiko Tanaka on a 390 px phone) and the
hall's projector. The chair makes a secret
election and a named motion from the templates, opens each; the delegates vote with one tap;
every screen shows the count of votes cast as it grows and the result once the chair closes
the poll, without reloading. The projector never shows a count per choice while a poll is open.
The site runs under uvicorn, so /live/ is the real ASGI endpoint (PostgreSQL only, as the
conference live test)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from playwright.sync_api import Browser, Page, expect

from chapterhouse.demo.scenario import demo_load
from tests.browser.conference_setup import KEY, make_conference
from tests.browser.test_conference_live import DESKTOP, PHONE, Screens, _release
from tests.live.helpers import live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True),
]

STEP_MS = 3_000  # each step on every screen within three seconds
RECEIPT = re.compile(r"Receipt: [A-Z2-7]{16}")
SECRETARIAT = ("secretariat", "harbor-secretariat")
ENTITLED = 5  # the demo's delegates with a vote, all checked in


@pytest.fixture(autouse=True)
def release_pooled_connections() -> Iterator[None]:
    yield
    _release()


@pytest.fixture
def site(transactional_db: None) -> Iterator[str]:
    if connection.vendor != "postgresql":
        pytest.skip("the server's threads read while the test writes: run with DATABASE_URL")
    from chapterhouse.conferences.models import Conference

    assert demo_load()
    if not Conference.objects.filter(key=KEY).exists():
        make_conference()
    with live_server() as port:
        yield f"http://127.0.0.1:{port}"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    # Those sessions included the pool's: a fresh pool for the next test in this process.
    _release()


@pytest.fixture
def screens(browser: Browser, site: str, request: pytest.FixtureRequest) -> Iterator[Screens]:
    found = Screens(browser, site, request.config.rootpath / "test-artifacts" / "screenshots")
    yield found
    found.close()
    assert not found.violations, found.violations


def _shot(screens: Screens, page: Page, name: str) -> Path:
    screens.folder.mkdir(parents=True, exist_ok=True)
    path = screens.folder / f"test_voting-{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def _make_poll(chair: Page, template: str, title: str, options: str = "") -> None:
    """The chair starts a poll from a template on the poll list, saves the draft, opens it."""
    chair.get_by_role("link", name=template).click()
    chair.locator("#id_title").fill(title)
    if options:
        chair.locator("#id_options").fill(options)
    chair.get_by_role("button", name="Save draft").click()
    expect(chair.get_by_role("heading", level=1)).to_have_text(title)
    chair.get_by_role("button", name="Open the poll").click()
    expect(chair.locator(".poll-cast")).to_contain_text(f"0 of {ENTITLED} votes cast")


def test_a_secret_and_a_named_poll_on_four_screens(screens: Screens) -> None:
    base = f"/conferences/{KEY}"
    chair = screens.open("chair", f"{base}/console/", SECRETARIAT, **DESKTOP)
    okafor = screens.open("okafor", f"{base}/vote/", ("okafor", "harbor-okafor"), **DESKTOP)
    tanaka = screens.open("tanaka", f"{base}/vote/", ("tanaka", "harbor-tanaka"), **PHONE)
    projector = screens.open("projector", f"{base}/projector/polls/", None, **DESKTOP)
    delegates = [okafor, tanaka]
    expect(projector.locator(".projector-item")).to_have_text("No vote at the moment.")

    def counts(text: str) -> None:
        for page in (chair, *delegates):
            expect(page.locator(".poll-cast").first).to_contain_text(text, timeout=STEP_MS)
        expect(projector.locator(".projector-count")).to_contain_text(text, timeout=STEP_MS)
        # While the poll is open only the chair reads the counts per choice.
        for page in delegates:
            open_card = page.locator(".poll-card", has=page.locator(".poll-cast"))
            expect(open_card.locator(".poll-number")).to_have_count(0)
        expect(projector.locator(".poll-number")).to_have_count(0)

    def results(status: str, *shown: str) -> None:
        for page in (chair, *delegates, projector):
            expect(page.locator(".poll-status").first).to_contain_text(status, timeout=STEP_MS)
            for text in shown:
                expect(page.locator(".poll-result").first).to_contain_text(text)

    def vote(page: Page, title: str, button: str) -> None:
        card = page.locator(".poll-card", has=page.get_by_role("heading", name=title))
        expect(card).to_be_visible(timeout=STEP_MS)
        card.get_by_role("button", name=button, exact=True).click()
        banner = page.locator(".banner.success")
        expect(banner).to_contain_text(f"Your vote in “{title}” was recorded.")
        expect(banner).to_contain_text(RECEIPT)
        expect(card.locator(".poll-voted")).to_be_visible()

    # The chair goes from the console to the polls.
    chair.get_by_role("link", name="Polls", exact=True).click()

    # A secret election to one seat.
    secret = "Chair of the congress"
    _make_poll(chair, "Election to one seat, by majority", secret, "Ana Lima\nBo Chen")
    for page in delegates:
        expect(page.locator(".poll-card h2")).to_have_text(secret, timeout=STEP_MS)
        expect(page.locator(".poll-secrecy")).to_contain_text("pseudoanonymous")
    expect(projector.locator(".projector-item")).to_have_text(secret, timeout=STEP_MS)
    counts(f"0 of {ENTITLED} votes cast")
    _shot(screens, tanaka, "phone-ballot")
    vote(okafor, secret, "Ana Lima")
    counts(f"1 of {ENTITLED} votes cast")
    expect(chair.locator("table.poll-bars")).to_contain_text("Ana Lima")
    vote(tanaka, secret, "Ana Lima")
    counts(f"2 of {ENTITLED} votes cast")
    _shot(screens, projector, "projector-open")
    _shot(screens, tanaka, "phone-voted")
    chair.get_by_role("button", name="Close and count").click()
    results("Elected", "Ana Lima", "Bo Chen")
    _shot(screens, projector, "projector-elected")
    _shot(screens, chair, "chair-elected")

    # A named motion: one yes, one no, a tie.
    named = "Adopt the standing orders"
    chair.get_by_role("link", name="Polls", exact=True).click()
    _make_poll(chair, "Motion: yes / no / abstain", named)
    expect(projector.locator(".projector-item")).to_have_text(named, timeout=STEP_MS)
    counts(f"0 of {ENTITLED} votes cast")
    vote(okafor, named, "Yes")
    counts(f"1 of {ENTITLED} votes cast")
    vote(tanaka, named, "No")
    counts(f"2 of {ENTITLED} votes cast")
    chair.get_by_role("button", name="Close and count").click()
    results("Tie", "more than 1/2 of the votes cast (2): 2 needed")
    _shot(screens, projector, "projector-tie")
    _shot(screens, tanaka, "phone-results")
    _shot(screens, okafor, "desktop-results")

    # The phone has no sideways scroll.
    width: Any = tanaka.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    # No screen but the chair's was reloaded: they followed the stream.
    assert {k: v for k, v in screens.reloads.items() if k != "chair"} == {
        "okafor": 0,
        "tanaka": 0,
        "projector": 0,
    }
