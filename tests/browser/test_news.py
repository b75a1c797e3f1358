"""The news site in a browser, on a phone (390 px): reading a post, commenting, the
secretariat moderating the comment, and the feedback form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, Login, NewPage, Screenshot

pytestmark = pytest.mark.browser

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
HORIZONTAL_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
TITLE = "Third Congress of HWI Opened"


def test_reading_a_post_and_commenting_on_a_phone(
    new_page: NewPage, login: Login, axe_check: AxeCheck, screenshot: Screenshot
) -> None:
    reader = new_page(**PHONE)
    reader.goto("/news/")
    expect(reader.get_by_role("heading", level=1)).to_have_text("News")
    # The draft of the demo is nowhere on the public list.
    expect(reader.get_by_text("Draft: report of the first session")).to_have_count(0)
    reader.get_by_role("link", name=TITLE).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.get_by_text("Valparaíso, Sept. 1, 2026 (Reiwa 8)")).to_be_visible()
    expect(reader.get_by_role("link", name="News").first).to_be_visible()
    expect(reader.get_by_role("link", name="Third Congress")).to_be_visible()
    share = reader.get_by_role("navigation", name="Share")
    expect(share.get_by_role("link", name="Naver")).to_have_attribute(
        "href",
        f"https://share.naver.com/web/shareView?url={_quoted(reader.url)}&title={_quoted(TITLE)}",
    )
    assert reader.evaluate(HORIZONTAL_OVERFLOW) <= 1, "the post page scrolls sideways"
    axe_check(reader)
    screenshot(reader, "post")

    reader.get_by_label("Name").fill("Lucía from Valparaíso")
    reader.get_by_label("Comment").fill("<b>Felicitaciones</b> from the harbor!")
    reader.get_by_role("button", name="Send the comment").click()
    expect(reader.get_by_role("status")).to_contain_text("once it is approved")
    expect(reader.get_by_text("Felicitaciones")).to_have_count(0)
    screenshot(reader, "sent")

    secretariat = new_page()
    login(secretariat, "secretariat", "harbor-secretariat")
    secretariat.goto("/publishing/comments/")
    comment = secretariat.locator("article", has_text="Lucía from Valparaíso")
    comment.get_by_role("button", name="Approve").click()
    expect(secretariat.locator("article", has_text="Lucía from Valparaíso")).to_have_count(0)

    reader.reload()
    expect(reader.get_by_text("<b>Felicitaciones</b> from the harbor!")).to_be_visible()
    expect(reader.get_by_role("heading", name="2 comments")).to_be_visible()
    reader.get_by_role("link", name="Reply").first.click()
    expect(reader.get_by_text("Your reply to the comment above.")).to_be_visible()


def test_reading_in_japanese_and_the_feedback_form(new_page: NewPage, axe_check: AxeCheck) -> None:
    reader = new_page(**PHONE)
    reader.goto("/news/third-congress-of-hwi-opened/")
    reader.get_by_role("button", name="Menu").click()  # the phone menu holds the languages
    reader.locator("details.lang summary").click()
    reader.locator("details.lang").get_by_role("button", name="日本語").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "港湾労働者インターナショナル第3回大会が開幕"
    )
    reader.goto("/news/search/?q=準備委員会")
    expect(reader.get_by_role("link", name="日本での準備活動")).to_be_visible()

    page = new_page(**PHONE)
    page.goto("/feedback/")
    expect(page.get_by_role("heading", level=1)).to_have_text("To write your feedback")
    axe_check(page)
    page.get_by_label("Name").fill("A reader")
    page.get_by_label("E-mail").fill("reader@example.org")
    page.get_by_label("Your feedback").fill("More news from Japan, please.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status")).to_contain_text("reached the secretariat")


def _quoted(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def test_copy_link_copies_the_address_and_says_so(new_page: NewPage, axe_check: AxeCheck) -> None:
    reader = new_page(permissions=["clipboard-read", "clipboard-write"])
    reader.goto("/news/third-congress-of-hwi-opened/")
    share = reader.get_by_role("navigation", name="Share")
    share.get_by_role("link", name="Copy link").click()
    expect(reader.locator("#share-status")).to_have_text("The link is copied.")
    assert reader.url.endswith("/news/third-congress-of-hwi-opened/")  # no navigation
    assert reader.evaluate("navigator.clipboard.readText()") == reader.url
    axe_check(reader)


def test_without_javascript_copy_link_is_a_plain_link(new_page: NewPage) -> None:
    reader = new_page(java_script_enabled=False)
    reader.goto("/news/third-congress-of-hwi-opened/")
    link = reader.get_by_role("navigation", name="Share").get_by_role("link", name="Copy link")
    expect(link).to_have_attribute("href", reader.url)
