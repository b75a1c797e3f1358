"""Fixtures of the real-browser tests: Debian's Chromium driven by Playwright against
pytest-django's live server, with the demo organization loaded for every test.

- ``browser``: one headless Chromium per test process (per xdist worker), reused by
  consecutive browser tests, for speed (see ``Chromium`` on why it stops in between).
- ``page``: a fresh context (cookies, storage) and page per test, on the live server; a
  Content-Security-Policy violation reported on the console fails the test.
- ``new_page``: more pages in contexts of their own (another user at the same time, a phone).
- ``login``, ``axe_check``, ``screenshot``: helpers, as fixtures returning functions (with
  ``--import-mode=importlib`` a test module cannot import from a conftest).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    expect,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from chapterhouse.demo.scenario import demo_load

CHROMIUM = "/usr/bin/chromium"
# We run as root in a container: no sandbox; no GPU; nothing that phones home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ACTION_TIMEOUT_MS = 10_000  # a failing click says so in 10 s, not Playwright's default 30 s
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WCAG_RULES = {"type": "tag", "values": WCAG_TAGS}
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
SCREENSHOTS = os.environ.get("CHAPTERHOUSE_SCREENSHOTS", "") not in ("", "0")
CSP_REPORT = "Content Security Policy"  # in each console error Chromium logs for a violation

NewPage = Callable[..., Page]
Login = Callable[[Page, str, str], None]
SignIn = Callable[[Page, str], None]
AxeCheck = Callable[..., None]
Screenshot = Callable[..., Path]


class Chromium:
    """One Playwright driver and one headless Chromium for this test process (xdist worker),
    started on first use and kept across consecutive browser tests.

    While Playwright's sync API is started, its asyncio event loop counts as *running* on the
    test's thread. That has two consequences, handled here:

    - Django's async-safety guard sees the running loop and refuses every ORM call from this
      thread (SynchronousOnlyOperation): loading the demo, pytest-django's flush after each
      test. Those are ordinary blocking calls made between browser actions, never from inside
      a coroutine, so they are safe: ``DJANGO_ALLOW_ASYNC_UNSAFE`` tells Django so. It is set
      before Playwright starts and restored when it stops.
    - Any other test in the same process that runs an event loop (``asyncio.run``,
      ``async_to_sync``) would fail. So ``pytest_runtest_teardown`` below stops the driver
      before a test that is not a browser test, which also takes the setting away again.
    """

    def __init__(self) -> None:
        self._driver: Playwright | None = None
        self._browser: Browser | None = None
        self._async_unsafe_before: str | None = None

    def browser(self) -> Browser:
        if self._browser is None:
            self._async_unsafe_before = os.environ.get(ASYNC_UNSAFE)
            os.environ[ASYNC_UNSAFE] = "true"
            self._driver = sync_playwright().start()
            self._browser = self._driver.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
        return self._browser

    def stop(self) -> None:
        if self._driver is None:
            return
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            self._driver.stop()
            self._driver = self._browser = None
            if self._async_unsafe_before is None:
                os.environ.pop(ASYNC_UNSAFE, None)
            else:
                os.environ[ASYNC_UNSAFE] = self._async_unsafe_before


_chromium = Chromium()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After a browser test's own teardown (contexts closed, database flushed), stop Chromium
    unless another browser test comes next in this process."""
    try:
        yield
    finally:
        if nextitem is None or nextitem.get_closest_marker("browser") is None:
            _chromium.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    yield _chromium
    _chromium.stop()


@pytest.fixture
def browser(chromium: Chromium) -> Browser:
    """The process's Chromium (already running unless the test before was not a browser test)."""
    return chromium.browser()


@pytest.fixture
def site(live_server: LiveServer, transactional_db: None) -> str:
    """The live server's address, with the demo organization loaded (the database is flushed
    after each test, so every test starts from the same demo)."""
    assert demo_load()
    return live_server.url


@pytest.fixture
def new_page(browser: Browser, site: str) -> Iterator[NewPage]:
    """Open a page in a new browser context (its own cookies); keyword arguments go to
    ``browser.new_context`` (a phone's viewport, say). Contexts are closed after the test.

    The site runs with its Content-Security-Policy on; Chromium reports anything the policy
    blocked (an inline script or style, a script from elsewhere) on the console, and the test
    fails at teardown naming each such report.
    """
    contexts = []
    violations: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if CSP_REPORT in message.text:
            source = message.location
            violations.append(
                f"{message.page.url if message.page else '?'}: {message.text}"
                f" (from {source['url'] or 'the page'}:{source['lineNumber']})"
            )

    def open_page(**options: Any) -> Page:
        context = browser.new_context(base_url=site, locale="en-US", **options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.on("console", watch)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def page(new_page: NewPage) -> Page:
    return new_page()


@pytest.fixture
def login() -> Login:
    """Log in through the real log-in form, as a person does."""

    def log_in(page: Page, username: str, password: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.locator("main").get_by_role("button", name="Log in").click()
        expect(page.locator("header.site .who")).to_have_text(username)

    return log_in


@pytest.fixture
def signed_in(site: str) -> SignIn:
    """Give a page's context the session of ``username``, made on the server as a log-in makes
    it, without going through the form (for sweeps over many pages; the form itself has tests
    of its own)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User

    def sign_in(page: Page, username: str) -> None:
        user = User.objects.get(username=username)
        session = import_module(settings.SESSION_ENGINE).SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        name, key = settings.SESSION_COOKIE_NAME, session.session_key or ""
        page.context.add_cookies([{"name": name, "value": key, "url": site}])

    return sign_in


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def axe_check(axe: Axe) -> AxeCheck:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page as it is now; fail on any serious or
    critical violation, naming the rule, its help text and the offending nodes."""

    def check(page: Page, *, rules: list[str] | None = None) -> None:
        # All of WCAG 2.1 A and AA, or only the rules named.
        run_only = {"type": "rule", "values": rules or []} if rules else WCAG_RULES
        options = {"runOnly": run_only, "resultTypes": ["violations"]}
        violations = axe.run(page, options=options).response["violations"]
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        lines = []
        for violation in violations:
            # A target is a CSS selector, or a list of them inside frames or shadow roots.
            targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"    {violation['helpUrl']}\n    nodes: {targets}"
            )
        if lines:
            print(f"axe on {page.url}:\n" + "\n".join(lines))  # shown with the test report
        assert not blocking, f"axe found serious/critical violations on {page.url}:\n" + "\n".join(
            line for line, v in zip(lines, violations, strict=True) if v in blocking
        )

    return check


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Screenshot:
    """Save a full-page PNG as test-artifacts/screenshots/<test name>[-<suffix>].png."""
    folder = request.config.rootpath / "test-artifacts" / "screenshots"

    def take(page: Page, suffix: str = "", *, title: str | None = None) -> Path:
        name = (title or request.node.name) + (f"-{suffix}" if suffix else "")
        path = folder / (re.sub(r"[^\w.-]+", "-", name).strip("-") + ".png")
        if SCREENSHOTS:
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=path, full_page=True)
        return path

    return take
