"""Four screens at once follow a short session of the DESIGN.md scenario live: the chair's
console, two delegates (one on a phone, in Japanese) and the hall's projector. The chair
opens the session, appoints, presents two letters, gives the floor for the opening remarks
and records them, then closes the session; every screen shows each step within two seconds,
without reloading (the site runs under uvicorn, so /live/ is the real ASGI endpoint).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings
from django.db import connection, connections
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

from chapterhouse.demo.registry import registered_parts
from tests.browser.conference_setup import KEY, make_conference
from tests.live.helpers import live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True),
]

SETTLE_MS = 500
STEP_MS = 2_000  # each step on every screen within two seconds
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1366, "height": 900}}
CSP_REPORT = "Content Security Policy"
PREPARATORY_TERM_DAY = "2026-08-25"  # within the demo's preparatory committee's mandate
COUNTDOWN = re.compile(r"^−?[0-9]+:[0-5][0-9]$")  # minutes:seconds left (− once over time)


def _release() -> None:
    """The server's threads reached the database through PostgreSQL's pool: hand its
    connections back, or the test database cannot be flushed and dropped (as tests/live)."""
    found = connections["default"]
    if found.vendor == "postgresql":
        found.close()
        cast(Any, found).close_pool()


@pytest.fixture(autouse=True)
def release_pooled_connections() -> Iterator[None]:
    yield
    _release()


@pytest.fixture(scope="session", autouse=True)
def release_pooled_connections_at_the_end(django_db_setup: None) -> Iterator[None]:
    yield
    _release()


@pytest.fixture
def site(transactional_db: None) -> Iterator[str]:
    if connection.vendor != "postgresql":
        pytest.skip("the server's threads read while the test writes: run with DATABASE_URL")
    # The demo's organization and people, without its own Congress: this test runs a fresh one
    # from its opening, made below as the test needs it.
    for part in registered_parts():
        if part.name in ("organizations", "people"):
            part.load()
    make_conference()
    with live_server() as port:
        yield f"http://127.0.0.1:{port}"
    # A page request the browser cut off (a re-fetch superseded by the next swap) can leave
    # its connection in Django's request thread, out of the pool's reach; the server has
    # stopped, so such a leftover session is ended here, or the database could not be dropped.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    # Those sessions included the pool's: a fresh pool for the next test in this process.
    _release()


class Screens:
    def __init__(self, browser: Browser, site: str, folder: Path) -> None:
        self.browser = browser
        self.site = site
        self.folder = folder
        self.contexts: list[BrowserContext] = []
        self.violations: list[str] = []
        self.reloads: dict[str, int] = {}

    def open(self, name: str, path: str, login: tuple[str, str] | None, **options: Any) -> Page:
        language = options.pop("language", "en")
        context = self.browser.new_context(base_url=self.site, locale="en-US", **options)
        context.set_default_timeout(10_000)
        self.contexts.append(context)
        context.on("console", self._watch)
        page = context.new_page()
        if language != "en":
            page.goto("/healthz")
            cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.url}
            context.add_cookies([cookie])  # type: ignore[list-item]  # a TypedDict in Playwright
        if login is not None:
            page.goto("/accounts/login/")
            page.locator("#id_username").fill(login[0])
            page.locator("#id_password").fill(login[1])
            page.locator("main form button[type=submit]").click()
            expect(page.locator("header.site .who")).to_have_text(login[0])
        page.goto(path)
        expect(page.locator("[data-when-online]")).to_be_visible()  # the stream is open
        self.reloads[name] = 0
        page.on("load", lambda _page: self._count(name))
        return page

    def _count(self, name: str) -> None:
        self.reloads[name] += 1

    def _watch(self, message: ConsoleMessage) -> None:
        if CSP_REPORT in message.text:
            self.violations.append(message.text)

    def shot(self, page: Page, name: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=self.folder / f"test_conference_live-{name}.png", full_page=True)

    def close(self) -> None:
        # Let the last re-fetches finish: a request cut off by a closing browser leaves its
        # database connection out of the pool, and the test database could not be dropped.
        for context in self.contexts:
            for page in context.pages:
                page.wait_for_timeout(SETTLE_MS)
                break
            context.close()


@pytest.fixture
def screens(browser: Browser, site: str, request: pytest.FixtureRequest) -> Iterator[Screens]:
    found = Screens(browser, site, request.config.rootpath / "test-artifacts" / "screenshots")
    yield found
    found.close()
    assert not found.violations, found.violations


def test_four_screens_follow_a_short_session(screens: Screens) -> None:
    base = f"/conferences/{KEY}"
    chair = screens.open(
        "chair", f"{base}/console/", ("secretariat", "harbor-secretariat"), **DESKTOP
    )
    okafor = screens.open("okafor", f"{base}/delegate/", ("okafor", "harbor-okafor"), **DESKTOP)
    tanaka = screens.open("tanaka", f"{base}/delegate/", ("tanaka", "harbor-tanaka"), **PHONE)
    projector = screens.open("projector", f"{base}/projector/", None, **DESKTOP)
    everyone = [chair, okafor, tanaka, projector]
    heads = {id(p): p.locator(".live-message") for p in (chair, okafor, tanaka)}
    heads[id(projector)] = projector.locator(".projector-message")
    timings: dict[str, float] = {}

    def all_show(step: str, text: str, pages: list[Page] | None = None) -> None:
        started = time.monotonic()
        for page in pages or everyone:
            expect(heads[id(page)]).to_contain_text(text, timeout=STEP_MS)
        timings[step] = time.monotonic() - started

    def current_is(title: str) -> None:
        for page in (chair, okafor, tanaka):
            expect(page.locator(".current-item")).to_contain_text(title, timeout=STEP_MS)
        expect(projector.locator(".projector-item")).to_contain_text(title, timeout=STEP_MS)

    def make_current(title: str) -> None:
        exact = chair.locator(".title", has_text=re.compile(f"^{re.escape(title)}$"))
        row = chair.locator(".agenda-item").filter(has=exact)
        row.get_by_role("button", name="Make current").click()
        current_is(title)

    # Open.
    chair.get_by_role("button", name="Open session").click()
    all_show("open", "Session 1 is open.")
    make_current("Opening")

    # Appoint: the Coordinating Committee's chair appoints the committee's secretary.
    chair.locator("#id_person").fill("aiko-tanaka")
    chair.locator("#id_body").fill("third-congress-preparatory-committee")
    chair.locator("#id_position").fill("secretary")
    chair.locator("#id_starts_on").fill(PREPARATORY_TERM_DAY)
    chair.get_by_role("button", name="Appoint", exact=True).click()
    all_show("appoint", "Aiko Tanaka is appointed")

    # Two greeting letters at the item "Greetings".
    make_current("Greetings")
    for subject in (
        "Greetings from the Nordic Port Workers",
        "Greetings from the Pacific Seafarers",
    ):
        chair.locator("#letter").select_option(label=subject)
        chair.get_by_role("button", name="Present at the current item").click()
        all_show(f"letter {subject}", f"Letter presented: “{subject}”")

    # Opening remarks: both delegates ask to speak; the chair gives Mira Okafor the floor.
    make_current("Opening remarks")
    okafor.get_by_role("button", name="Ask to speak").click()
    expect(okafor.locator(".my-place")).to_contain_text("number 1", timeout=STEP_MS)
    tanaka.get_by_role("button", name="Ask to speak").click()
    expect(tanaka.locator(".my-place")).to_contain_text("2", timeout=STEP_MS)
    for page in everyone[:3]:
        expect(page.locator("main")).to_contain_text("Aiko Tanaka", timeout=STEP_MS)
    expect(chair.locator(".speakers")).to_contain_text("Mira Okafor", timeout=STEP_MS)
    chair.locator(".speakers li", has_text="Mira Okafor").get_by_role(
        "button", name="Start"
    ).click()
    for page in (chair, okafor, tanaka):
        expect(page.locator(".current-speaker")).to_contain_text("Mira Okafor", timeout=STEP_MS)
    expect(projector.locator(".projector-speaker")).to_contain_text("Mira Okafor", timeout=STEP_MS)
    expect(projector.locator(".projector-countdown")).to_have_text(COUNTDOWN, timeout=STEP_MS)
    screens.shot(projector, "projector-speaking")
    screens.shot(tanaka, "phone-speaking")
    screens.shot(chair, "console-speaking")
    chair.get_by_role("button", name="Stop speaker").click()
    for page in (chair, okafor, tanaka):
        expect(page.locator(".current-speaker")).to_have_count(0, timeout=STEP_MS)
    expect(tanaka.locator(".my-place")).to_contain_text("1", timeout=STEP_MS)

    # The remarks recorded, with their full text, published.
    chair.locator("#speech-speaker").select_option(label="Mira Okafor")
    chair.locator("#speech-title").fill("Opening remarks")
    chair.locator("#speech-text").fill("Comrades and friends, **welcome** to the Third Congress.")
    chair.locator("#speech-text").press("Tab")
    chair.get_by_role("button", name="Record").click()
    all_show("speech", "Mira Okafor: “Opening remarks”")

    # Close.
    chair.get_by_role("button", name="Close session").click()
    all_show("close", "Session 1 is closed.")
    screens.shot(okafor, "delegate-closed")
    screens.shot(projector, "projector-closed")

    # No screen but the chair's was reloaded: they followed the stream. (The chair's own
    # actions are htmx-boosted posts, which swap the page in place too.)
    assert screens.reloads == {"chair": 0, "okafor": 0, "tanaka": 0, "projector": 0}
    assert all(seconds < STEP_MS / 1000 for seconds in timings.values()), timings
    print("seconds until every screen showed each step:", timings)


def test_the_speech_is_published_on_the_conference_page(screens: Screens) -> None:
    """Not live, but the end of the scenario: the published remarks, with their full text."""
    from chapterhouse.conferences import services as cs
    from chapterhouse.conferences.models import Conference
    from chapterhouse.people.models import Person

    conference = Conference.objects.get(key=KEY)
    cs.speech_record(
        conference=conference,
        speaker=Person.objects.get(key="mira-okafor"),
        title="Opening remarks",
        text="Comrades and friends, **welcome**.",
        published=True,
        by=None,
    )
    context = screens.browser.new_context(base_url=screens.site, **PHONE)
    screens.contexts.append(context)
    visitor = context.new_page()
    visitor.goto(f"/conferences/{KEY}/")
    expect(visitor.locator(".speech")).to_contain_text("Opening remarks")
    expect(visitor.locator(".speech strong")).to_have_text("welcome")
