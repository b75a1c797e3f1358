"""Switching the language with the header's menu: the page says so (lang) and keeps working.

Translation catalogues are written elsewhere, so no translated word of the interface is asserted
here; the names are the demo's own, given in Japanese and Korean."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, Screenshot

pytestmark = pytest.mark.browser

PREP = "/bodies/third-congress-preparatory-committee/"


def test_switch_to_japanese_and_keep_working(
    page: Page, axe_check: AxeCheck, screenshot: Screenshot
) -> None:
    page.goto(PREP)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The language menu: a disclosure with one button per language, no separate "Change".
    menu = page.locator("header.site details.lang")
    menu.locator("summary").click()
    menu.get_by_role("button", name="日本語").click()

    # Back on the same page, now in Japanese.
    expect(page).to_have_url(re.compile(rf"{PREP}$"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("details.lang summary")).to_contain_text("日本語")
    # The body is named in Japanese.
    expect(page.get_by_role("heading", level=1)).to_have_text("第3回大会準備委員会")
    axe_check(page)

    # The holders on a date written the Japanese way, still through htmx.
    page.locator("#id_on").fill("令和8年8月25日")
    page.locator("#id_on").press("Enter")
    current = page.locator("#holders").get_by_role("table").first
    expect(current.get_by_role("row").filter(has_text="Tomás Rivera")).to_be_visible()
    expect(current.get_by_role("row").filter(has_text="Aiko Tanaka")).to_contain_text("情報発信")

    # The choice persists: another page, reached by clicking, is in Japanese too.
    page.locator("header.site .brand").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.locator("details.lang summary")).to_contain_text("日本語")
    expect(page.get_by_role("heading", level=1)).to_have_text("港湾労働者インターナショナル")
    # A name without a Japanese translation: the original, in its language, marked.
    original = page.locator(".untranslated", has_text="South Africa")
    expect(original.locator('[lang="en"]')).to_have_text("South Africa")
    expect(original.locator(".untranslated-mark")).to_be_visible()
    axe_check(page)
    screenshot(page)
