"""A body page: its inclusive mandate, and its holders on a date asked with the keyboard (htmx)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, Screenshot

pytestmark = pytest.mark.browser

PREP = "/bodies/third-congress-preparatory-committee/"
MAX_TAB_STOPS = 80


def tab_to(page: Page, selector: str) -> None:
    """Press Tab from the top of the page until the element ``selector`` has the focus."""
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} is not reachable with Tab within {MAX_TAB_STOPS} stops")


def test_mandate_counts_both_ends(page: Page) -> None:
    page.goto(PREP)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Preparatory Committee of the Third Congress"
    )
    expect(page.locator("dl.summary")).to_contain_text(
        "Aug. 20, 2026 (Reiwa 8) – Sept. 3, 2026 (Reiwa 8) (15 days, inclusive)"
    )


def test_holders_on_an_era_date_typed_and_sent_with_the_keyboard(
    page: Page, axe_check: AxeCheck, screenshot: Screenshot
) -> None:
    page.goto(PREP)
    # A mark on the window survives an htmx swap but not a page load.
    page.evaluate("window.notReloaded = true")

    tab_to(page, "#id_on")
    page.keyboard.type("Reiwa 8-08-25")
    with page.expect_response(lambda r: "on=" in r.url) as answer:
        page.keyboard.press("Enter")
    assert answer.value.request.headers.get("hx-request") == "true"

    holders = page.locator("#holders")
    expect(holders.get_by_role("heading", level=2).first).to_have_text(
        "Holders on Aug. 25, 2026 Reiwa 8"
    )
    current = holders.get_by_role("table").first
    expect(current.get_by_role("row").filter(has_text="Tomás Rivera")).to_contain_text("Chair")
    expect(current.get_by_role("row").filter(has_text="Aiko Tanaka")).to_contain_text(
        "information coverage"
    )
    expect(holders).to_contain_text("No earlier holders are recorded.")
    expect(page).to_have_url(re.compile(r"\?on=Reiwa(\+|%20)8-08-25$"))
    assert page.evaluate("window.notReloaded") is True
    axe_check(page)
    screenshot(page)


def test_a_date_that_does_not_exist_is_explained_at_the_field(
    page: Page, axe_check: AxeCheck
) -> None:
    page.goto(PREP)

    tab_to(page, "#id_on")
    page.keyboard.type("Heisei 40")
    page.keyboard.press("Enter")

    field = page.get_by_role("textbox", name="On")
    expect(field).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_on_error")
    expect(error).to_contain_text("Heisei 40 does not exist")
    expect(field).to_have_attribute("aria-describedby", re.compile(r"\bid_on_error\b"))
    expect(field).to_have_css("border-top-color", "rgb(180, 35, 24)")
    expect(field).to_have_value("Heisei 40")
    # htmx swapped the field for one with the same id; the focus stays in it to correct the date.
    expect(field).to_be_focused()
    axe_check(page)
