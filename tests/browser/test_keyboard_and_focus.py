"""Keyboard use: the skip link comes first and works; every Tab stop shows where the focus is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, Login

pytestmark = pytest.mark.browser

MAX_TAB_STOPS = 120

# What a person sees of the focused element: its outline and whether it is on screen.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    element: el.outerHTML.slice(0, 120),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.left < innerWidth,
  };
}"""


def tab_stops(page: Page) -> list[dict[str, Any]]:
    """Tab through the whole page from the top; the focus state at each stop, in order."""
    stops: list[dict[str, Any]] = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        # Past the last stop the focus leaves the page (or wraps round to the skip link).
        if state is None or (stops and state["element"] == stops[0]["element"]):
            return stops
        stops.append(state)
    pytest.fail(f"more than {MAX_TAB_STOPS} Tab stops on {page.url}")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    page: Page, axe_check: AxeCheck
) -> None:
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    axe_check(page)  # the skip link as it shows when focused

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    # The next stop is the first link of the content, not the header's navigation again.
    expect(
        page.locator("main").get_by_role("link", name="Coordinating Committee").first
    ).to_be_focused()


@pytest.mark.parametrize(
    ("user", "path"),
    [
        (None, "/"),
        (None, "/bodies/third-congress-preparatory-committee/"),
        (("secretariat", "harbor-secretariat"), "/bodies/coordinating-committee/"),
        (("secretariat", "harbor-secretariat"), "/bodies/coordinating-committee/appoint/"),
    ],
    ids=["home", "body", "body-secretariat", "appoint-form"],
)
def test_every_tab_stop_shows_a_focus_outline(
    page: Page,
    login: Login,
    user: tuple[str, str] | None,
    path: str,
) -> None:
    if user:
        login(page, *user)
    page.goto(path)

    stops = tab_stops(page)

    assert len(stops) > 10, stops
    hidden = [
        s
        for s in stops
        if s["outlineStyle"] == "none" or s["outlineWidth"] < 2 or not s["onScreen"]
    ]
    assert not hidden, f"focus is not visible on {len(hidden)} Tab stops of {path}: {hidden}"
