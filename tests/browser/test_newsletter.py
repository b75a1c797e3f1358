"""Subscribing to the newsletter in a browser, on a phone (390 px): the form, the confirmation
mail written to the outbox folder (the embedded default), its link opened, confirmed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from chapterhouse.publishing.newsletter_models import Subscription, SubscriptionState

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, NewPage, Screenshot

pytestmark = pytest.mark.browser

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
HORIZONTAL_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_subscribe_confirm_from_the_outbox(
    new_page: NewPage, axe_check: AxeCheck, screenshot: Screenshot, settings: Any, tmp_path: Path
) -> None:
    outbox = tmp_path / "outbox"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(outbox)
    page = new_page(**PHONE)
    page.goto("/news/")
    page.get_by_role("link", name="Subscribe to the newsletter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscribe to the newsletter")
    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 1, "the subscribe page scrolls sideways"
    page.get_by_label("E-mail").fill("lucia@example.org")
    page.get_by_role("button", name="Subscribe").click()
    expect(page.get_by_text("a message is on its way")).to_be_visible()
    axe_check(page)
    subscription = Subscription.objects.get(email="lucia@example.org")
    assert subscription.state == SubscriptionState.PENDING

    files = list(outbox.glob("*.log"))
    assert len(files) == 1
    written = files[0].read_text()
    assert "To: lucia@example.org" in written
    found = re.search(r"https?://[^/\s]+(/newsletter/confirm/[A-Za-z0-9_-]+/)", written)
    assert found, written
    page.goto(found.group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm the subscription")
    page.get_by_role("button", name="Confirm the subscription").click()
    expect(page.get_by_text("your subscription is confirmed")).to_be_visible()
    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 1
    axe_check(page)
    screenshot(page, "confirmed")
    subscription.refresh_from_db()
    assert subscription.state == SubscriptionState.CONFIRMED
