"""The design system on every page (docs/design.md): on a phone (390×844) and a desktop
(1366×900) no page scrolls sideways, as a whole or in any box inside it; axe-core finds no
serious or critical issue in the light colour scheme, and no contrast issue in the dark one
(which changes colours only); and, with CHAPTERHOUSE_SCREENSHOTS=1, a screenshot of each goes
to test-artifacts/screenshots/. Then the weight of the first page, the phone menu by
keyboard, and the pages in Korean and Japanese.

The pages are those of the visibility matrix's PAGE_ROUTES (tests/access), each at the demo
path test_every_page_accessible gives it, so that a new page is covered here as soon as it is
routed."""

from __future__ import annotations

import gzip
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import Page, Response, expect

from tests.access.test_visibility_matrix import PAGE_ROUTES
from tests.browser.test_every_page_accessible import NOT_PAGES, PAGES, SECRETARIAT, page_path
from tests.browser.test_keyboard_and_focus import tab_stops

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, Login, NewPage, Screenshot, SignIn

pytestmark = pytest.mark.browser

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1366, "height": 900}}
SCREENS = {"phone": PHONE, "desktop": DESKTOP}

# Every page the visibility matrix knows that a person reads, in a stable order.
PAGE_NAMES = sorted(set(PAGE_ROUTES) - NOT_PAGES)

# What scrolls sideways: the page itself, and every box inside it that scrolls or clips its
# content in the inline direction (a wide table in an overflow: auto wrapper counts). Form
# controls scroll their own text, and what is clipped to nothing on purpose (visually hidden
# text, a stacked table's head) is not seen: both are left out.
SIDEWAYS = """() => {
  const found = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > innerWidth) found.push(`the page: ${doc.scrollWidth} > ${innerWidth}`);
  // Inside a box clipped to nothing (the visually hidden helper, a stacked table's head).
  const clippedAway = (el) => {
    for (let a = el; a; a = a.parentElement) {
      const box = a.getBoundingClientRect();
      if (getComputedStyle(a).clipPath !== "none" && box.width <= 1 && box.height <= 1) return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (el.matches("input, textarea, select, option") || clippedAway(el)) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    const clips = ["auto", "scroll", "hidden", "clip"].includes(style.overflowX);
    const name = `${el.tagName.toLowerCase()}.${el.className}`;
    if (clips && el.scrollWidth > el.clientWidth + 1) {
      found.push(`${name}: ${el.scrollWidth} > ${el.clientWidth}`);
    } else if (box.right > innerWidth + 1 || box.left < -1) {
      found.push(`${name} sticks out: ${box.left}..${box.right}`);
    }
  }
  return found;
}"""

FONT_TYPES = ("font/", "application/font", "application/x-font")
FIRST_PAGE_BUDGET = 100 * 1024  # bytes, compressed, with its CSS, JS and icons


def test_every_routed_page_has_a_demo_path() -> None:
    assert set(PAGE_NAMES) == set(PAGES)


# The sweep goes through the pages in batches: each batch loads the demo once and keeps one
# browser context per role, as a person moves from page to page; every page's failures are
# gathered and reported together at the end of its batch.
BATCH = 12
BATCHES = [PAGE_NAMES[i : i + BATCH] for i in range(0, len(PAGE_NAMES), BATCH)]


def check_page(page: Page, name: str, screen: str, axe_check: AxeCheck) -> list[str]:
    """What is wrong with ``page`` on ``screen``, light and dark (an empty list: nothing)."""
    problems = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        sideways = page.evaluate(SIDEWAYS)
        if sideways:
            problems.append(f"{name} scrolls sideways on a {screen} ({scheme}): {sideways}")
        try:
            # The dark scheme changes colours only (tokens.css): contrast is what it can break.
            axe_check(page, rules=None if scheme == "light" else ["color-contrast"])
        except AssertionError as error:
            problems.append(f"{name} on a {screen} ({scheme}): {error}")
    return problems


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("names", BATCHES, ids=[f"{batch[0]}..{batch[-1]}" for batch in BATCHES])
def test_pages_fit_the_screen_and_are_accessible_light_and_dark(
    new_page: NewPage,
    signed_in: SignIn,
    axe_check: AxeCheck,
    screenshot: Screenshot,
    names: list[str],
    screen: str,
) -> None:
    pages: dict[bool, Page] = {}
    problems: list[str] = []
    for name in names:
        as_secretariat = PAGES[name][1]
        page = pages.get(as_secretariat)
        if page is None:
            page = pages[as_secretariat] = new_page(**SCREENS[screen])
            if as_secretariat:
                signed_in(page, SECRETARIAT[0])
        response = page.goto(page_path(name))
        if response is None or response.status != 200:
            problems.append(f"{name}: {response.status if response else 'no response'}")
            continue
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        problems += check_page(page, name, screen, axe_check)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            screenshot(page, scheme, title=f"{name}-{screen}")
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize(
    ("language", "path"),
    [
        ("ko", "/"),
        ("ko", "/bodies/third-congress-preparatory-committee/?on=2026-08-25"),
        ("ja", "/"),
        ("ja", "/bodies/third-congress-preparatory-committee/?on=2026-08-25"),
        ("ja", "/people/aiko-tanaka/"),
        ("zh-hans", "/bodies/"),
        ("ru", "/bodies/coordinating-committee/"),
    ],
    ids=["ko-home", "ko-body", "ja-home", "ja-body", "ja-person", "zh-bodies", "ru-body"],
)
def test_pages_in_other_scripts_fit_and_are_accessible(
    new_page: NewPage,
    axe_check: AxeCheck,
    screenshot: Screenshot,
    language: str,
    path: str,
    screen: str,
) -> None:
    page = new_page(**SCREENS[screen])
    page.goto("/healthz")
    # The language the header's menu would choose (Django's language cookie).
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": page.url}
    page.context.add_cookies([cookie])  # type: ignore[list-item]  # a TypedDict in Playwright
    page.goto(path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert page.evaluate(SIDEWAYS) == [], f"{path} in {language} scrolls sideways ({scheme})"
        axe_check(page)
        screenshot(page, scheme)


def test_the_first_page_weighs_at_most_100_kb_compressed(new_page: NewPage) -> None:
    """Everything the browser fetches for the overview page, each file gzip-compressed at the
    level WhiteNoise uses (its brotli files are smaller still): the page, its stylesheet,
    scripts and icons. Nothing from another site, and no web font."""
    page = new_page(**PHONE)
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/", wait_until="networkidle")
    origin = urlsplit(page.url).netloc

    weights = {}
    for response in responses:
        assert urlsplit(response.url).netloc == origin, f"fetched from elsewhere: {response.url}"
        kind = response.headers.get("content-type", "")
        assert not kind.startswith(FONT_TYPES), f"a web font: {response.url}"
        weights[urlsplit(response.url).path] = len(gzip.compress(response.body(), 9))
    total = sum(weights.values())
    print(f"first page, gzip -9: {total} bytes: {weights}")  # shown with the test report
    assert "/static/chapterhouse/site.css" in " ".join(weights)
    assert any("sprite" in path for path in weights), "the icons were not fetched"
    assert total <= FIRST_PAGE_BUDGET, weights


def test_the_phone_menu_works_by_keyboard(new_page: NewPage, axe_check: AxeCheck) -> None:
    page = new_page(**PHONE)
    page.goto("/")
    menu = page.locator("#site-menu")
    button = page.get_by_role("button", name="Menu")
    # Closed at first: the header is one line, the links are out of the Tab order.
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    header = page.locator("header.site").bounding_box()
    assert header is not None and header["height"] <= 80, header

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the organization's name
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    axe_check(page)
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Organization")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Bodies
    expect(page.get_by_role("heading", level=1)).to_have_text("Bodies")

    # Escape closes it and gives the focus back to the button.
    page.get_by_role("button", name="Menu").press("Space")
    expect(menu).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(page.get_by_role("button", name="Menu")).to_be_focused()


def test_without_javascript_the_menu_is_open_and_the_language_menu_works(
    new_page: NewPage,
) -> None:
    page = new_page(java_script_enabled=False, **PHONE)
    page.goto("/")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.locator("#site-menu").get_by_role("link", name="People")).to_be_visible()
    page.locator("details.lang summary").click()
    page.locator("details.lang").get_by_role("button", name="한국어").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")


def test_the_language_menu_by_keyboard(new_page: NewPage) -> None:
    page = new_page(**DESKTOP)
    page.goto("/bodies/")
    summary = page.locator("details.lang summary")
    summary.focus()
    page.keyboard.press("Enter")
    choices = page.locator("details.lang").get_by_role("button")
    expect(choices.first).to_be_visible()
    page.keyboard.press("Escape")
    expect(choices.first).to_be_hidden()
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # English, then the next language
    page.keyboard.press("Enter")
    expect(page.locator("html")).not_to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{urlsplit(page.url).scheme}://{urlsplit(page.url).netloc}/bodies/")


@pytest.mark.parametrize(
    ("user", "path"),
    [(None, "/"), (SECRETARIAT, "/bodies/coordinating-committee/")],
    ids=["home", "body-secretariat"],
)
def test_on_a_phone_every_tab_stop_is_on_screen_and_shows_its_focus(
    new_page: NewPage, login: Login, user: tuple[str, str] | None, path: str
) -> None:
    """With the phone menu open, Tab reaches every link and control of the page, each with
    its focus ring and on screen."""
    page = new_page(**PHONE)
    if user:
        login(page, *user)
    page.goto(path)
    page.get_by_role("button", name="Menu").click()

    stops = tab_stops(page)

    reached = " ".join(stop["element"] for stop in stops)
    for name in ("Organization", "Responsibilities"):
        assert f">{name}</a>" in reached, name
    assert "<summary" in reached  # the language menu
    hidden = [
        s
        for s in stops
        if s["outlineStyle"] == "none" or s["outlineWidth"] < 2 or not s["onScreen"]
    ]
    assert not hidden, f"focus is not visible on {len(hidden)} Tab stops of {path}: {hidden}"


def test_a_body_page_prints_as_its_record(new_page: NewPage, screenshot: Screenshot) -> None:
    page = new_page(**DESKTOP)
    page.goto("/bodies/third-congress-preparatory-committee/?on=2026-08-25")
    page.emulate_media(media="print")
    for chrome in ("header.site", "footer.site", "nav.breadcrumbs", "#holders form"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#holders table").first).to_be_visible()
    ink = page.locator("h1").evaluate("el => getComputedStyle(el).color")
    assert ink == "rgb(0, 0, 0)"
    screenshot(page, "print")
